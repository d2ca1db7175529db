import { BookOutlined, FireOutlined } from '@ant-design/icons';
import type { Incident } from '@trellis/core';
import { Alert, Button, Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { useT } from '../../../app/i18n';
import { StateTag } from '../../../kit/tags';
import { useRecordTime } from '../deskApi';

const when = (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm');

/**
 * The desk's view of one incident in the console: major flag, merge, children, collaborators,
 * the time log, and the way to turn the record into a knowledge article.
 */
export function DeskPanel({ incident }: { incident: Incident }) {
  const t = useT();
  const { desk } = incident;
  const done = incident.state === 'resolved' || incident.state === 'archived';
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="desk-panel">
      {desk.major && (
        <Alert
          type="error"
          showIcon
          icon={<FireOutlined />}
          data-testid="major-banner"
          message={t('desk.majorTag')}
          description={t('desk.majorSince', { name: desk.major.by?.name ?? '—', time: when(desk.major.at) })}
        />
      )}
      {desk.mergedInto && (
        <Alert
          type="info"
          showIcon
          message={
            <span>
              {t('desk.mergedInto')}{' '}
              <Link to={`/console/incidents/${desk.mergedInto.number}`}>{desk.mergedInto.number}</Link>
            </span>
          }
        />
      )}
      {(desk.children.length > 0 || desk.collaborators.length > 0 || done) && (
        <Card size="small" title={t('desk.panel')}>
          <Descriptions column={1} size="small">
            {desk.children.length > 0 && (
              <Descriptions.Item label={t('desk.children')}>
                <Space direction="vertical" size={2} data-testid="children">
                  {desk.children.map((c) => (
                    <Space key={c.id} size={6} wrap>
                      <Link to={`/console/incidents/${c.number}`}>{c.number}</Link>
                      <Typography.Text ellipsis style={{ maxWidth: 220 }}>
                        {c.title}
                      </Typography.Text>
                      <StateTag state={c.state as Incident['state']} />
                    </Space>
                  ))}
                </Space>
              </Descriptions.Item>
            )}
            {desk.collaborators.length > 0 && (
              <Descriptions.Item label={t('desk.collaborators')}>
                <span data-testid="collaborators">
                  {desk.collaborators.map((c) => (
                    <Tag key={c.id}>{c.name}</Tag>
                  ))}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {done && (
            // The knowledge helper builds this page; it reads the incident to prefill the article.
            <Link to={`/console/knowledge/new?fromIncident=${encodeURIComponent(incident.id)}`}>
              <Button icon={<BookOutlined />} data-testid="make-article">
                {t('desk.makeArticle')}
              </Button>
            </Link>
          )}
        </Card>
      )}
    </Space>
  );
}

/** 工时: the record's time log and totals per person. */
export function TimePanel({ incident }: { incident: Incident }) {
  const t = useT();
  const { data } = useRecordTime(incident.id);
  if (!data || data.entries.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('desk.time')}
      extra={<Typography.Text type="secondary">{t('desk.timeTotal', { minutes: data.totalMinutes })}</Typography.Text>}
      data-testid="time-panel"
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Space wrap>
          {data.perPerson.map((p) => (
            <Tag key={p.user.id} color="blue">
              {p.user.name} · {t('desk.minutesShort', { minutes: p.minutes })}
            </Tag>
          ))}
        </Space>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={data.entries}
          scroll={{ x: 360 }}
          columns={[
            { title: t('desk.timeDate'), dataIndex: 'workDate', width: 110 },
            { title: t('desk.timePerson'), dataIndex: ['user', 'name'], width: 100 },
            { title: t('desk.timeMinutes'), dataIndex: 'minutes', width: 70 },
            { title: t('desk.timeNote'), dataIndex: 'note', render: (note: string | null) => note ?? '' },
          ]}
        />
      </Space>
    </Card>
  );
}
