import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { Ci } from '@trellis/core';
import { Button, Card, List, Select, Space, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../app/api';
import { useReportError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useCis } from './api';

/** 受影响的配置项 on a record page: the generic record↔CI link, for any kind of work record. */
export function AffectedCisPanel({ recordId }: { recordId: string }) {
  const t = useT();
  const report = useReportError();
  const client = useQueryClient();
  const key = ['record-cis', recordId];
  const { data } = useQuery({ queryKey: key, queryFn: () => api.get<Ci[]>(`/records/${recordId}/cis`) });
  const { data: assets } = useQuery({
    queryKey: ['record-assets', recordId],
    queryFn: () => api.get<{ id: string; tag: string; name: string }[]>(`/records/${recordId}/assets`),
  });
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState<string>();
  const { data: found } = useCis({ q });
  const save = async (promise: Promise<Ci[]>) => {
    try {
      client.setQueryData(key, await promise);
      setPicked(undefined);
    } catch (e) {
      report(e);
    }
  };
  return (
    <Card size="small" title={t('cmdb.panel.title')} data-testid="affected-cis">
      <List<Ci>
        size="small"
        dataSource={data ?? []}
        locale={{ emptyText: t('cmdb.panel.empty') }}
        renderItem={(ci) => (
          <List.Item
            actions={[
              <Button
                key="x"
                size="small"
                type="link"
                onClick={() => save(api.delete<Ci[]>(`/records/${recordId}/cis/${ci.id}`))}
              >
                {t('cmdb.panel.remove')}
              </Button>,
            ]}
          >
            <Link to={`/console/cmdb/cis/${ci.id}`}>{ci.code}</Link> {ci.name}
          </List.Item>
        )}
      />
      {(assets ?? []).map((a) => (
        <Tag key={a.id} style={{ marginTop: 4 }}>
          <Link to={`/console/assets/${a.id}`}>{a.tag}</Link> {a.name}
        </Tag>
      ))}
      <Space.Compact style={{ width: '100%', marginTop: 8 }}>
        <Select
          showSearch
          filterOption={false}
          onSearch={setQ}
          value={picked}
          onChange={setPicked}
          placeholder={t('cmdb.search')}
          style={{ width: '100%' }}
          options={(found?.items ?? []).slice(0, 30).map((c) => ({ value: c.id, label: `${c.code} ${c.name}` }))}
        />
        <Button disabled={!picked} onClick={() => save(api.post<Ci[]>(`/records/${recordId}/cis`, { ciId: picked }))}>
          {t('cmdb.panel.add')}
        </Button>
      </Space.Compact>
    </Card>
  );
}
