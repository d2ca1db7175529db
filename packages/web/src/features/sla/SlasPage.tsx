import { Card, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useT } from '../../app/i18n';
import { useBreaches, useCalendars, useSlaReport, useSlas } from './api';
import { formatMinutes } from './SlaCountdown';

/** SLA definitions, the breach list and the compliance figures. */
export function SlasPage() {
  const t = useT();
  const slas = useSlas();
  const calendars = useCalendars();
  const breaches = useBreaches();
  const [groupBy, setGroupBy] = useState('level');
  const report = useSlaReport({
    from: dayjs().subtract(90, 'day').startOf('day').toISOString(),
    to: dayjs().add(1, 'day').startOf('day').toISOString(),
    groupBy,
  });
  const calendarName = (id: string) => calendars.data?.find((c) => c.id === id)?.name ?? id;
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

  return (
    <Card>
      <Typography.Title level={4}>{t('sla.slas.title')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'slas',
            label: t('sla.slas.title'),
            children: (slas.data ?? []).map((sla) => (
              <Card
                key={sla.id}
                size="small"
                style={{ marginBottom: 12 }}
                title={
                  <Space>
                    {sla.name}
                    {sla.isDefault && <Tag>{t('sla.slas.default')}</Tag>}
                  </Space>
                }
              >
                <Table
                  size="small"
                  pagination={false}
                  rowKey="level"
                  dataSource={sla.targets}
                  columns={[
                    { title: t('sla.slas.level'), dataIndex: 'level', render: (l: number) => t(`level.${l}` as never) },
                    { title: t('sla.slas.response'), dataIndex: 'responseMinutes', render: formatMinutes },
                    { title: t('sla.slas.resolution'), dataIndex: 'resolutionMinutes', render: formatMinutes },
                    { title: t('sla.slas.calendar'), dataIndex: 'calendarId', render: calendarName },
                  ]}
                />
                <Space wrap style={{ marginTop: 8 }}>
                  <span>
                    {t('sla.slas.pause')}:{' '}
                    {Object.entries(sla.pauseStates)
                      .map(([k, v]) => `${k}: ${v.join(', ')}`)
                      .join('；')}
                  </span>
                  <span>
                    {t('sla.slas.thresholds')}: {sla.thresholds.map((x) => `${x}%`).join(', ')}
                  </span>
                  <span>
                    {t('sla.slas.actions')}: {sla.breachActions.join(', ')}
                  </span>
                </Space>
              </Card>
            )),
          },
          {
            key: 'breaches',
            label: t('sla.breaches.title'),
            children: (
              <Table
                size="small"
                rowKey="id"
                dataSource={breaches.data ?? []}
                columns={[
                  {
                    title: t('sla.breaches.record'),
                    dataIndex: 'recordNumber',
                    render: (n: string, b) => <Link to={`/console/incidents/${b.recordId}`}>{n}</Link>,
                  },
                  { title: t('incident.title'), dataIndex: 'recordTitle', ellipsis: true },
                  {
                    title: t('sla.breaches.metric'),
                    dataIndex: 'metric',
                    render: (m: string) => t(`sla.metric.${m}` as never),
                  },
                  { title: t('sla.slas.level'), dataIndex: 'level' },
                  {
                    title: t('sla.breaches.dueAt'),
                    dataIndex: 'dueAt',
                    render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm'),
                  },
                  { title: t('sla.breaches.reason'), dataIndex: 'reason', render: (r: string) => t(r as never) },
                ]}
              />
            ),
          },
          {
            key: 'report',
            label: t('sla.report.title'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Space>
                  {t('sla.report.groupBy')}
                  <Select
                    value={groupBy}
                    onChange={setGroupBy}
                    style={{ width: 160 }}
                    options={['level', 'service', 'organization', 'group', 'month'].map((v) => ({
                      value: v,
                      label: v,
                    }))}
                  />
                </Space>
                <Table
                  size="small"
                  rowKey={(r) => String(r.key)}
                  pagination={false}
                  dataSource={report.data ?? []}
                  columns={[
                    { title: t('sla.report.groupBy'), dataIndex: 'label' },
                    { title: t('sla.report.records'), dataIndex: 'records' },
                    { title: t('sla.report.responsePct'), dataIndex: 'responsePercent', render: pct },
                    { title: t('sla.report.resolutionPct'), dataIndex: 'resolutionPercent', render: pct },
                    { title: t('sla.report.meanBusiness'), dataIndex: ['resolutionBusinessMinutes', 'mean'] },
                    { title: t('sla.report.medianWall'), dataIndex: ['resolutionWallMinutes', 'median'] },
                  ]}
                />
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
