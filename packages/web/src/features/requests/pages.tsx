import { ArrowLeftOutlined, PlusOutlined, ShoppingOutlined } from '@ant-design/icons';
import { REQUEST_STATES, type ServiceRequestSummary } from '@trellis/core';
import { Badge, Button, Card, Empty, Input, List, Result, Segmented, Select, Space, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useT } from '../../app/i18n';
import { FullPageSpin, useCan, useCurrentSession } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { MyIncidentsPage } from '../portal/MyIncidentsPage';
import { useMyApprovals, useMyTasks, useRequest, useRequestList } from './api';
import { RequestDetail, RequestStateTag } from './components';

const fmt = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');

function RequestPageBody({ back, staffView }: { back: { to: string; label: string }; staffView: boolean }) {
  const t = useT();
  const { id = '' } = useParams();
  const query = useRequest(id);
  usePageTitle(query.data?.number);
  if (query.isPending) return <FullPageSpin />;
  if (query.isError)
    return (
      <Result
        status="404"
        title={query.error.message}
        extra={
          <Link to={back.to}>
            <Button>{t('common.back')}</Button>
          </Link>
        }
      />
    );
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={back.to}>
        <ArrowLeftOutlined /> {back.label}
      </Link>
      <RequestDetail request={query.data} staffView={staffView} />
    </Space>
  );
}

export function PortalRequestPage() {
  const t = useT();
  return <RequestPageBody back={{ to: '/portal?tab=requests', label: t('request.myRecords') }} staffView={false} />;
}

export function ConsoleRequestPage() {
  const t = useT();
  return <RequestPageBody back={{ to: '/console/requests', label: t('request.nav.list') }} staffView />;
}

/** A phone-width list of request summaries. */
function RequestCards({
  rows,
  base,
  loading,
  empty,
}: {
  rows: ServiceRequestSummary[];
  base: string;
  loading: boolean;
  empty: string;
}) {
  const navigate = useNavigate();
  const t = useT();
  return (
    <Card size="small" styles={{ body: { padding: 0 } }}>
      <List<ServiceRequestSummary>
        loading={loading}
        dataSource={rows}
        locale={{ emptyText: <Empty description={empty} /> }}
        renderItem={(item) => (
          <List.Item
            style={{ padding: '12px 16px', cursor: 'pointer' }}
            onClick={() => navigate(`${base}/${encodeURIComponent(item.id)}`)}
            data-testid="my-request"
          >
            <div style={{ width: '100%', minWidth: 0 }}>
              <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                <Typography.Text style={{ fontFamily: 'monospace' }}>{item.number}</Typography.Text>
                <RequestStateTag state={item.state} />
              </Space>
              <div className="trellis-list-item-title">{item.itemName}</div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {item.requester.name} · {t('portal.updatedAt', { time: fmt(item.updatedAt) })}
              </Typography.Text>
            </div>
          </List.Item>
        )}
      />
    </Card>
  );
}

function MyRequestsList() {
  const t = useT();
  const list = useRequestList({ requester: 'me' });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <RequestCards rows={rows} base="/portal/requests" loading={list.isPending} empty={t('request.empty')} />
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}

function ApprovalsList({ base }: { base: string }) {
  const t = useT();
  const approvals = useMyApprovals();
  return (
    <RequestCards
      rows={(approvals.data ?? []).map((a) => a.request)}
      base={base}
      loading={approvals.isPending}
      empty={t('request.approvalsEmpty')}
    />
  );
}

type Tab = 'incidents' | 'requests' | 'approvals';

/** 我的记录: the requester's incidents and service requests, and what waits for their approval. */
export function MyRecordsPage() {
  const t = useT();
  const navigate = useNavigate();
  const initial = new URLSearchParams(window.location.search).get('tab');
  const [tab, setTab] = useState<Tab>(initial === 'requests' || initial === 'approvals' ? initial : 'incidents');
  const approvals = useMyApprovals();
  const waiting = approvals.data?.length ?? 0;
  const changes = useCan('change.create');
  usePageTitle(t('request.myRecords'));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Segmented<Tab>
          value={tab}
          onChange={setTab}
          data-testid="records-tabs"
          options={[
            { value: 'incidents', label: t('request.tab.incidents') },
            { value: 'requests', label: t('request.tab.requests') },
            ...(waiting > 0 || tab === 'approvals'
              ? [
                  {
                    value: 'approvals' as const,
                    label: (
                      <Badge count={waiting} size="small" offset={[8, -2]}>
                        {t('request.tab.approvals')}
                      </Badge>
                    ),
                  },
                ]
              : []),
          ]}
        />
        <Button icon={<ShoppingOutlined />} onClick={() => navigate('/portal/catalog')} data-testid="catalog-button">
          {t('catalog.portal')}
        </Button>
        <Button onClick={() => navigate('/portal/relationship')} data-testid="relationship-button">
          {t('rel.portal.entry')}
        </Button>
        {changes && (
          <Button onClick={() => navigate('/portal/changes')} data-testid="changes-button">
            {t('chg.portal.mine')}
          </Button>
        )}
        <Button onClick={() => navigate('/portal/releases')} data-testid="releases-button">
          {t('rel.portal.nav')}
        </Button>
      </Space>
      {tab === 'incidents' && <MyIncidentsPage />}
      {tab === 'requests' && <MyRequestsList />}
      {tab === 'approvals' && <ApprovalsList base="/portal/requests" />}
    </Space>
  );
}

/** 我的审批 in the console. */
export function ConsoleApprovalsPage() {
  const t = useT();
  usePageTitle(t('request.nav.approvals'));
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4}>{t('request.nav.approvals')}</Typography.Title>
      <ApprovalsList base="/console/requests" />
    </Space>
  );
}

/** Open fulfilment tasks of my support groups. */
export function MyTasksPage() {
  const t = useT();
  const navigate = useNavigate();
  const tasks = useMyTasks();
  usePageTitle(t('request.nav.tasks'));
  return (
    <Card>
      <Typography.Title level={4}>{t('request.nav.tasks')}</Typography.Title>
      <Table
        rowKey="id"
        loading={tasks.isPending}
        dataSource={tasks.data ?? []}
        locale={{ emptyText: t('request.tasksEmpty') }}
        scroll={{ x: 800 }}
        onRow={(row) => ({
          onClick: () => navigate(`/console/requests/${row.request.id}`),
          style: { cursor: 'pointer' },
        })}
        columns={[
          {
            title: t('request.number'),
            key: 'n',
            render: (_, r) => <span style={{ fontFamily: 'monospace' }}>{r.request.number}</span>,
          },
          { title: t('request.item'), key: 'i', render: (_, r) => r.request.itemName },
          { title: t('catalog.task.titleZh'), dataIndex: 'title' },
          { title: t('catalog.task.group'), key: 'g', render: (_, r) => r.group.name },
          {
            title: t('request.requester'),
            key: 'r',
            render: (_, r) => `${r.request.requester.name} · ${r.request.organization.name}`,
          },
        ]}
      />
    </Card>
  );
}

/** All service requests the agent may see, filtered by state. */
export function RequestListPage() {
  const t = useT();
  const navigate = useNavigate();
  const { abilities } = useCurrentSession();
  const [state, setState] = useState<string | undefined>('awaiting_approval,in_fulfilment,delivered');
  const [q, setQ] = useState('');
  const list = useRequestList({ state, q: q || undefined });
  const rows = list.data?.pages.flatMap((p) => p.items) ?? [];
  usePageTitle(t('request.nav.list'));
  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('request.nav.list')}</Typography.Title>
        {abilities.useConsole && (
          <Button icon={<PlusOutlined />} onClick={() => navigate('/portal/catalog')}>
            {t('catalog.portal')}
          </Button>
        )}
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select
          style={{ minWidth: 220 }}
          value={state ?? ''}
          onChange={(v) => setState(v || undefined)}
          options={[
            { value: 'awaiting_approval,in_fulfilment,delivered', label: t('portal.view.open') },
            { value: '', label: t('request.filter.all') },
            ...REQUEST_STATES.map((s) => ({ value: s, label: t(`request.state.${s}`) })),
          ]}
        />
        <Input.Search allowClear placeholder={t('common.search')} onSearch={setQ} style={{ width: 240 }} />
      </Space>
      <Table<ServiceRequestSummary>
        rowKey="id"
        loading={list.isPending}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 800 }}
        onRow={(row) => ({ onClick: () => navigate(`/console/requests/${row.id}`), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('request.number'),
            dataIndex: 'number',
            render: (n: string) => <span style={{ fontFamily: 'monospace' }}>{n}</span>,
          },
          { title: t('request.item'), dataIndex: 'itemName' },
          { title: t('request.state'), dataIndex: 'state', render: (s) => <RequestStateTag state={s} /> },
          { title: t('request.requester'), key: 'r', render: (_, r) => r.requester.name },
          { title: t('request.organization'), key: 'o', render: (_, r) => r.organization.name },
          { title: t('request.createdAt'), dataIndex: 'createdAt', render: fmt },
        ]}
      />
      {list.hasNextPage && (
        <Button block style={{ marginTop: 12 }} onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Card>
  );
}
