import { PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { type IncidentState, type IncidentSummary, LEVELS, OPEN_INCIDENT_STATES } from '@trellis/core';
import { Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { useT } from '../../../app/i18n';
import { useGroups } from '../../../app/reference';
import { useCurrentSession } from '../../../app/session';
import { usePageTitle } from '../../../app/usePageTitle';
import { LevelTag, QueueStateTags } from '../../../kit/tags';
import { useQueueList, useSavedViews } from '../../console/api';
import { BulkBar } from '../../console/components/BulkBar';
import { SavedViewsBar } from '../../console/components/SavedViewsBar';
import { useQueueKeys } from '../../console/hooks/useQueueKeys';
import { pickColumns, toQueueFilters } from '../../console/queue';
import { slaQueueColumn } from '../../sla/SlaCountdown';
import type { IncidentFilters } from '../api';

const TABS = ['pending', 'mine', 'owned', 'open', 'done'] as const;
type QueueTab = (typeof TABS)[number];

const DONE_STATES: IncidentState[] = ['resolved', 'archived', 'cancelled'];

function tabFilters(tab: QueueTab): IncidentFilters {
  switch (tab) {
    case 'pending':
      return { state: ['pending'] };
    case 'mine':
      return { state: OPEN_INCIDENT_STATES, assignee: 'me' };
    case 'owned':
      return { state: OPEN_INCIDENT_STATES, owner: 'me' };
    case 'open':
      return { state: OPEN_INCIDENT_STATES };
    case 'done':
      return { state: DONE_STATES };
  }
}

/** 工作台: the agents' queue, with tabs for the usual views and keyset "load more". */
export function QueuePage() {
  const t = useT();
  const navigate = useNavigate();
  const { abilities } = useCurrentSession();
  const [params, setParams] = useSearchParams();
  const tab = (TABS as readonly string[]).includes(params.get('tab') ?? '')
    ? (params.get('tab') as QueueTab)
    : 'pending';
  const q = params.get('q') ?? '';
  const level = params.get('level') ? Number(params.get('level')) : undefined;
  const groupId = params.get('groupId') ?? undefined;
  const { data: groups } = useGroups();
  usePageTitle(t('queue.title'));

  const filters = useMemo<IncidentFilters>(
    () => ({ ...tabFilters(tab), q: q || undefined, level, groupId }),
    [tab, q, level, groupId],
  );
  const viewId = params.get('view') ?? undefined;
  const view = useSavedViews().data?.find((v) => v.id === viewId);
  const list = useQueueList(viewId ? { view: viewId } : toQueueFilters(filters));
  const rows = (list.data?.pages.flatMap((page) => page.items) ?? []) as IncidentSummary[];
  const [selected, setSelected] = useState<string[]>([]);
  const openRow = useCallback((id: string) => navigate(`/console/incidents/${encodeURIComponent(id)}`), [navigate]);
  const keys = useQueueKeys(rows, selected, setSelected, openRow);

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  const columns: ColumnsType<IncidentSummary> = [
    {
      title: t('incident.number'),
      dataIndex: 'number',
      width: 150,
      fixed: 'left',
      render: (number: string, row) => (
        <Link to={`/console/incidents/${encodeURIComponent(row.id)}`} onClick={(e) => e.stopPropagation()}>
          {number}
        </Link>
      ),
    },
    { title: t('incident.title'), dataIndex: 'title', ellipsis: true, width: 260 },
    {
      title: t('incident.level'),
      dataIndex: 'level',
      width: 80,
      render: (l: number) => <LevelTag level={l} withHint />,
    },
    {
      title: t('incident.state'),
      dataIndex: 'state',
      width: 110,
      render: (_: IncidentState, row) => <QueueStateTags row={row} />,
    },
    { title: t('incident.requester'), dataIndex: ['requester', 'name'], width: 100 },
    { title: t('incident.organization'), dataIndex: ['organization', 'name'], width: 140, ellipsis: true },
    {
      title: t('incident.group'),
      dataIndex: 'group',
      width: 130,
      render: (g: IncidentSummary['group']) => g?.name ?? '—',
    },
    {
      title: t('incident.assignee'),
      dataIndex: 'assignee',
      width: 100,
      render: (a: IncidentSummary['assignee']) => a?.name ?? '—',
    },
    slaQueueColumn(t),
    {
      title: t('incident.createdAt'),
      dataIndex: 'createdAt',
      width: 140,
      render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm'),
    },
  ];

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('queue.title')}</Typography.Title>
        <Space wrap>
          <Button icon={<ReloadOutlined />} onClick={() => list.refetch()} loading={list.isRefetching}>
            {t('common.refresh')}
          </Button>
          {abilities.reportIncident && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/console/new')}>
              {t('logCall.title')}
            </Button>
          )}
        </Space>
      </div>
      <Tabs
        activeKey={viewId ? '' : tab}
        onChange={(key) => update({ tab: key, view: undefined })}
        items={TABS.map((key) => ({ key, label: t(`queue.tab.${key}`) }))}
      />
      <SavedViewsBar current={toQueueFilters(filters)} activeId={viewId} onSelect={(id) => update({ view: id })} />
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          defaultValue={q}
          placeholder={t('queue.search')}
          onSearch={(value) => update({ q: value.trim() || undefined })}
          style={{ width: 260 }}
        />
        <Select
          allowClear
          placeholder={t('incident.level')}
          value={level}
          style={{ width: 120 }}
          onChange={(value?: number) => update({ level: value ? String(value) : undefined })}
          options={LEVELS.map((l) => ({ value: l, label: t(`level.${l}`) }))}
        />
        <Select
          allowClear
          placeholder={t('incident.group')}
          value={groupId}
          style={{ width: 180 }}
          onChange={(value?: string) => update({ groupId: value })}
          options={(groups ?? []).map((g) => ({ value: g.id, label: g.name }))}
        />
      </Space>
      <BulkBar selected={selected} onDone={() => setSelected([])} />
      <Table<IncidentSummary>
        data-testid="queue-table"
        rowKey="id"
        size="middle"
        loading={list.isPending}
        columns={pickColumns(columns, view?.columns)}
        rowSelection={{ selectedRowKeys: selected, onChange: (ids) => setSelected(ids as string[]) }}
        rowClassName={keys.rowClassName}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1200 }}
        onRow={(row) => ({
          onClick: () => navigate(`/console/incidents/${encodeURIComponent(row.id)}`),
          style: { cursor: 'pointer' },
        })}
      />
      {list.isError && <Typography.Text type="danger">{list.error.message}</Typography.Text>}
      {list.hasNextPage && (
        <div style={{ textAlign: 'center', marginTop: 12 }}>
          <Button onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('common.loadMore')}
          </Button>
        </div>
      )}
    </Card>
  );
}
