import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, Select, Space, Table, Tabs, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { useLocale, useT } from '../../app/i18n';
import { useBreaches, useSlaReport } from './api';

/**
 * The service manager's view of service levels: breaches and compliance. It opens for whoever the
 * API serves these figures to (the `sla.list` ability), not only for administrators.
 */
export function SlaReportPage() {
  const t = useT();
  const breaches = useBreaches();
  const [groupBy, setGroupBy] = useState('level');
  const { locale } = useLocale();
  const [range] = useState(() => ({
    from: dayjs().subtract(90, 'day').startOf('day').toISOString(),
    to: dayjs().add(1, 'day').startOf('day').toISOString(),
  }));
  const report = useSlaReport({ ...range, groupBy });
  // A plain link downloads the file; language and time zone travel as parameters.
  const exportUrl = (path: string, extra: Record<string, string> = {}) =>
    `/api/v1/sla/${path}/export?${new URLSearchParams({
      locale,
      tz: Intl.DateTimeFormat().resolvedOptions().timeZone,
      ...extra,
    })}`;
  const pct = (v: number | null) => (v === null ? '—' : `${v}%`);

  return (
    <Card>
      <Typography.Title level={4}>{t('sla.nav.report')}</Typography.Title>
      <Tabs
        items={[
          {
            key: 'breaches',
            label: t('sla.breaches.title'),
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <Button icon={<DownloadOutlined />} href={exportUrl('breaches')} data-testid="export-breaches">
                  {t('sla.export.csv')}
                </Button>
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
                    { title: t('sla.slas.level'), dataIndex: 'level', render: (l: number) => t(`level.${l}` as never) },
                    {
                      title: t('sla.breaches.dueAt'),
                      dataIndex: 'dueAt',
                      render: (d: string) => dayjs(d).format('YYYY-MM-DD HH:mm'),
                    },
                    { title: t('sla.breaches.reason'), dataIndex: 'reason', render: (r: string) => t(r as never) },
                  ]}
                />
              </Space>
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
                    data-testid="sla-report-group-by"
                    options={['level', 'service', 'organization', 'group', 'month'].map((v) => ({
                      value: v,
                      label: t(`sla.export.by.${v}` as never),
                    }))}
                  />
                  <Button icon={<DownloadOutlined />} href={exportUrl('report', { ...range, groupBy })}>
                    {t('sla.export.csv')}
                  </Button>
                </Space>
                <Table
                  size="small"
                  rowKey={(r) => String(r.key)}
                  pagination={false}
                  data-testid="sla-report"
                  dataSource={report.data ?? []}
                  columns={[
                    // Labels come from the server in the reader's language (a service's English name).
                    { title: t(`sla.export.by.${groupBy}` as never), dataIndex: 'label' },
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
