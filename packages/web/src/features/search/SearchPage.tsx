import { RECORD_KINDS, type SearchHitItem } from '@trellis/core';
import { Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { type TranslationKey, useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { useSearch } from '../console/api';
import '../console/console.css';

const recordPath = (hit: SearchHitItem) =>
  hit.kind === 'incident'
    ? `/console/incidents/${encodeURIComponent(hit.id)}`
    : `/console/${hit.kind}s/${encodeURIComponent(hit.id)}`;

/** Global search results: every kind of record, best hits first. */
export function SearchPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const kind = params.get('kind') ?? 'all';
  const search = useSearch(q, kind === 'all' ? [] : [kind]);
  usePageTitle(t('console.search.title'));
  const stateLabel = (state: string) => {
    const key = `state.${state}` as TranslationKey;
    const text = t(key);
    return text === key ? state : text;
  };
  return (
    <Card>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Title level={4}>{t('console.search.results', { q })}</Typography.Title>
        <Segmented
          value={kind}
          onChange={(value) => {
            const next = new URLSearchParams(params);
            if (value === 'all') next.delete('kind');
            else next.set('kind', String(value));
            setParams(next, { replace: true });
          }}
          options={[
            { value: 'all', label: t('console.search.all') },
            ...RECORD_KINDS.map((k) => ({ value: k, label: t(`console.kind.${k}`) })),
          ]}
        />
        <List<SearchHitItem>
          data-testid="search-results"
          loading={search.isPending && q.length > 0}
          dataSource={search.data?.items ?? []}
          locale={{ emptyText: <Empty description={t('console.search.none')} /> }}
          renderItem={(hit) => (
            <List.Item key={hit.id} data-testid="search-hit">
              <List.Item.Meta
                title={
                  <Space wrap>
                    <Tag>{t(`console.kind.${hit.kind}`)}</Tag>
                    <Link to={recordPath(hit)}>{hit.number}</Link>
                    <span>{hit.title}</span>
                    <Tag color="default">{stateLabel(hit.state)}</Tag>
                  </Space>
                }
                description={
                  <Space direction="vertical" size={0}>
                    {hit.snippet && <span className="trellis-search-snippet">{hit.snippet}</span>}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {dayjs(hit.updatedAt).format('YYYY-MM-DD HH:mm')}
                    </Typography.Text>
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </Space>
    </Card>
  );
}
