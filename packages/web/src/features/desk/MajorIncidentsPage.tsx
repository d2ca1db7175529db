import { FireOutlined } from '@ant-design/icons';
import type { IncidentSummary } from '@trellis/core';
import { Card, Empty, List, Segmented, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';
import { LevelTag, StateTag } from '../../kit/tags';
import { useIncidentList } from '../incidents/api';

/** 重大事件: every major incident in one place, open ones first. */
export function MajorIncidentsPage() {
  const t = useT();
  usePageTitle(t('desk.major.title'));
  const [view, setView] = useState<'open' | 'all'>('open');
  const query = useIncidentList({
    major: 'true',
    ...(view === 'open' ? { state: ['pending', 'in_progress', 'on_hold', 'resolved'] as const } : {}),
  });
  const items: IncidentSummary[] = query.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      title={
        <Space>
          <FireOutlined style={{ color: '#cf1322' }} />
          {t('desk.major.title')}
        </Space>
      }
      extra={
        <Segmented
          value={view}
          onChange={(v) => setView(v as 'open' | 'all')}
          options={[
            { value: 'open', label: t('desk.major.openOnly') },
            { value: 'all', label: t('portal.view.all') },
          ]}
        />
      }
      data-testid="major-page"
    >
      <List
        loading={query.isPending}
        dataSource={items}
        locale={{ emptyText: <Empty description={t('desk.major.empty')} /> }}
        renderItem={(item) => (
          <List.Item data-testid="major-item">
            <List.Item.Meta
              title={
                <Space wrap>
                  <Link to={`/console/incidents/${item.number}`}>{item.number}</Link>
                  <LevelTag level={item.level} />
                  <StateTag state={item.state} />
                  <Typography.Text>{item.title}</Typography.Text>
                </Space>
              }
              description={
                <Space wrap size={4}>
                  <Tag>{item.organization.name}</Tag>
                  {item.group && <Tag>{item.group.name}</Tag>}
                  {item.owner && <span>{item.owner.name}</span>}
                  <Typography.Text type="secondary">{dayjs(item.updatedAt).format('YYYY-MM-DD HH:mm')}</Typography.Text>
                </Space>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
