import { WarningOutlined } from '@ant-design/icons';
import type { SlaClock } from '@trellis/core';
import { Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { type Translate, useT } from '../../app/i18n';
import { formatMinutes } from '../../kit/duration';
import { useRecordSla } from './api';

export { formatMinutes };

/** Green while under 75 %, orange to 90 %, red beyond and when breached; grey when paused or done. */
export function countdownColor(clock: SlaClock): string {
  if (clock.state === 'breached') return 'red';
  if (clock.state === 'met' || clock.state === 'cancelled') return 'default';
  if (clock.state === 'paused') return 'blue';
  if (clock.percent >= 90) return 'red';
  if (clock.percent >= 75) return 'orange';
  return 'green';
}

function label(t: Translate, clock: SlaClock): string {
  if (clock.state === 'met' || clock.state === 'cancelled' || clock.state === 'paused')
    return t(`sla.state.${clock.state}`);
  return clock.remainingMinutes >= 0
    ? t('sla.remaining', { time: formatMinutes(clock.remainingMinutes) })
    : t('sla.overdue', { time: formatMinutes(clock.remainingMinutes) });
}

/** "due date assumes no holidays in 2027": the clock ran through a year whose holidays nobody published. */
export function holidayGap(t: Translate, clocks: SlaClock[]): string | null {
  const years = [...new Set(clocks.flatMap((c) => c.missingHolidayYears ?? []))].sort();
  return years.length ? t('calendar.assumes_no_holidays', { years: years.join(', ') }) : null;
}

function HolidayGapIcon({ text }: { text: string }) {
  return (
    <Tooltip title={text}>
      <WarningOutlined
        style={{ color: '#d48806', marginInlineStart: 4 }}
        aria-label={text}
        role="img"
        data-testid="sla-holiday-gap"
      />
    </Tooltip>
  );
}

export function ClockTag({ clock }: { clock: SlaClock }) {
  const t = useT();
  return (
    <Tooltip
      title={`${t(`sla.metric.${clock.metric}`)} · ${t('sla.due')} ${clock.dueAt ? dayjs(clock.dueAt).format('YYYY-MM-DD HH:mm') : '—'} · ${clock.calendarName}`}
    >
      <Tag color={countdownColor(clock)} data-testid={`sla-${clock.metric}`}>
        {t(`sla.metric.${clock.metric}`)} {label(t, clock)}
      </Tag>
    </Tooltip>
  );
}

/** The queue cell: the clock that matters now (response until answered, then resolution). */
export function SlaCell({ recordId }: { recordId: string }) {
  const t = useT();
  const { data } = useRecordSla(recordId);
  const clocks = (data?.clocks ?? []).filter((c) => c.metric !== 'ola');
  const current =
    clocks.find((c) => c.state === 'running' || c.state === 'paused') ?? clocks.find((c) => c.state === 'breached');
  const gap = holidayGap(t, clocks);
  if (!current) return gap ? <HolidayGapIcon text={gap} /> : <span>—</span>;
  return (
    <span style={{ whiteSpace: 'nowrap' }}>
      <ClockTag clock={current} />
      {gap && <HolidayGapIcon text={gap} />}
    </span>
  );
}

export const slaQueueColumn = (t: Translate) => ({
  title: t('sla.column'),
  dataIndex: 'id',
  key: 'sla',
  width: 150,
  render: (id: string) => <SlaCell recordId={id} />,
});

export function SlaClocks({ recordId }: { recordId: string }) {
  const t = useT();
  const { data } = useRecordSla(recordId);
  if (!data?.clocks.length) return <span>{t('sla.none')}</span>;
  return (
    <Space direction="vertical" size={4}>
      {data.clocks.map((c) => (
        <Space key={c.id} size={4} wrap>
          <ClockTag clock={c} />
          <span>
            {t('sla.due')} {c.dueAt ? dayjs(c.dueAt).format('MM-DD HH:mm') : '—'}
          </span>
          {c.missingHolidayYears?.length > 0 && (
            <Typography.Text type="warning" data-testid="sla-holiday-gap">
              <WarningOutlined /> {holidayGap(t, [c])}
            </Typography.Text>
          )}
        </Space>
      ))}
    </Space>
  );
}
