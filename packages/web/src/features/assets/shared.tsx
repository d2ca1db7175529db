import { useQuery } from '@tanstack/react-query';
import type { AssetStatus } from '@trellis/core';
import { Select, Tag } from 'antd';
import { useState } from 'react';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';

const STATUS_COLOURS: Record<AssetStatus, string> = {
  ordered: 'default',
  in_stock: 'blue',
  in_use: 'green',
  in_repair: 'orange',
  pending_disposal: 'gold',
  disposed: 'red',
};

export function AssetStatusTag({ status }: { status: AssetStatus }) {
  const t = useT();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="asset-status">
      {t(`asset.status.${status}`)}
    </Tag>
  );
}

/** Searches people by name or e-mail, like the incident user picker, without importing it. */
export function PersonSelect({
  value,
  onChange,
  testId,
}: {
  value?: string;
  onChange?: (v: string) => void;
  testId?: string;
}) {
  const [q, setQ] = useState('');
  const { data } = useQuery({
    queryKey: ['users', 'pick', q],
    queryFn: () => api.get<{ id: string; name: string; email: string }[]>('/users', { q }),
  });
  return (
    <Select
      showSearch
      allowClear
      filterOption={false}
      value={value}
      onChange={onChange}
      onSearch={setQ}
      data-testid={testId}
      options={(data ?? []).slice(0, 30).map((u) => ({ value: u.id, label: `${u.name} <${u.email}>` }))}
    />
  );
}
