import { useQuery } from '@tanstack/react-query';
import type { TimeSummary } from '@trellis/core';
import { Card, DatePicker, Segmented, Space, Statistic, Table } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api } from '../../app/api';
import { useT } from '../../app/i18n';
import { usePageTitle } from '../../app/usePageTitle';

/** 工时统计: minutes per person over the records the reader may see, for a date range. */
export function TimeSummaryPage() {
  const t = useT();
  usePageTitle(t('desk.timeSummary.title'));
  const [range, setRange] = useState<[Dayjs, Dayjs]>([dayjs().startOf('month'), dayjs()]);
  const [who, setWho] = useState<'me' | 'team'>('me');
  const from = range[0].format('YYYY-MM-DD');
  const to = range[1].format('YYYY-MM-DD');
  const query = useQuery({
    queryKey: ['time-summary', from, to, who],
    queryFn: () => api.get<TimeSummary>('/time-entries/summary', { from, to, userId: who === 'me' ? 'me' : undefined }),
  });
  return (
    <Card
      title={t('desk.timeSummary.title')}
      extra={
        <Space wrap>
          <Segmented
            value={who}
            onChange={(v) => setWho(v as 'me' | 'team')}
            options={[
              { value: 'me', label: t('desk.timeSummary.me') },
              { value: 'team', label: t('desk.timeSummary.team') },
            ]}
          />
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Space>
      }
      data-testid="time-summary"
    >
      <Statistic
        title={t('desk.timeSummary.total')}
        value={query.data?.totalMinutes ?? 0}
        suffix={t('desk.timeMinutes')}
      />
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey={(r) => r.user.id}
        loading={query.isPending}
        pagination={false}
        dataSource={query.data?.perPerson ?? []}
        columns={[
          { title: t('desk.timePerson'), dataIndex: ['user', 'name'] },
          { title: t('desk.timeMinutes'), dataIndex: 'minutes', width: 120 },
          { title: t('desk.timeSummary.records'), dataIndex: 'records', width: 120 },
        ]}
      />
    </Card>
  );
}
