import { PlusOutlined } from '@ant-design/icons';
import type { IncidentSummary } from '@trellis/core';
import { Button, Card, Empty, List, Segmented, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { useCurrentSession } from '../../app/session';
import { usePageTitle } from '../../app/usePageTitle';
import { QueueStateTags } from '../../kit/tags';
import { useIncidentList } from '../incidents/api';
import { PortalKnowledgeSearch } from '../knowledge/components/PortalKnowledgeSearch';

type View = 'open' | 'all';

/** 我的事件: the requester's own records, newest first, as a list that fits a phone. */
export function MyIncidentsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { abilities } = useCurrentSession();
  const [view, setView] = useState<View>('open');
  usePageTitle(t('portal.myIncidents'));
  const list = useIncidentList({
    requester: 'me',
    ...(view === 'open' ? { state: ['pending', 'in_progress', 'on_hold', 'resolved'] } : {}),
  });
  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('portal.myIncidents')}</Typography.Title>
        {abilities.reportIncident && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => navigate('/portal/new')}
            data-testid="report-button"
          >
            {t('portal.report')}
          </Button>
        )}
      </div>
      <PortalKnowledgeSearch />
      <Segmented<View>
        value={view}
        onChange={setView}
        options={[
          { value: 'open', label: t('portal.view.open') },
          { value: 'all', label: t('portal.view.all') },
        ]}
      />
      <Card size="small" styles={{ body: { padding: 0 } }}>
        <List<IncidentSummary>
          data-testid="my-incidents"
          loading={list.isPending}
          dataSource={rows}
          locale={{ emptyText: <Empty description={t('portal.empty')} /> }}
          renderItem={(item) => (
            <List.Item
              style={{ padding: '12px 16px', cursor: 'pointer' }}
              onClick={() => navigate(`/portal/incidents/${encodeURIComponent(item.id)}`)}
              data-testid="my-incident"
            >
              <div style={{ width: '100%', minWidth: 0 }}>
                <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
                  <Link
                    to={`/portal/incidents/${encodeURIComponent(item.id)}`}
                    onClick={(e) => e.stopPropagation()}
                    style={{ fontFamily: 'monospace' }}
                  >
                    {item.number}
                  </Link>
                  <QueueStateTags row={item} />
                </Space>
                <div className="trellis-list-item-title">{item.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('portal.updatedAt', { time: dayjs(item.updatedAt).format('YYYY-MM-DD HH:mm') })}
                </Typography.Text>
              </div>
            </List.Item>
          )}
        />
      </Card>
      {list.hasNextPage && (
        <Button block onClick={() => list.fetchNextPage()} loading={list.isFetchingNextPage}>
          {t('common.loadMore')}
        </Button>
      )}
    </Space>
  );
}
