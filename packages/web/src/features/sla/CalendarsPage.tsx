import {
  Alert,
  App,
  Button,
  Card,
  Dropdown,
  Input,
  Modal,
  Calendar as MonthView,
  Select,
  Space,
  Tag,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { type TranslationKey, useT } from '../../app/i18n';
import { useCalendarDays, useCalendarEdit, useCalendars } from './api';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Calendars with a month view of holidays (休) and make-up workdays (班); admins change a day from its menu. */
export function CalendarsPage() {
  const t = useT();
  const { message } = App.useApp();
  const calendars = useCalendars();
  const [selected, setSelected] = useState<string>();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const [importing, setImporting] = useState(false);
  const [content, setContent] = useState('');
  const current = calendars.data?.find((c) => c.id === selected) ?? calendars.data?.[0];
  const days = useCalendarDays(current?.id, month.year());
  const edit = useCalendarEdit(current?.id);
  const byDate = new Map((days.data ?? []).map((d) => [d.date, d]));

  const setDay = (date: string, kind: 'holiday' | 'workday' | null) =>
    edit.putDays.mutate(kind ? { days: [{ date, kind, name: byDate.get(date)?.name ?? '' }] } : { remove: [date] });

  return (
    <Card>
      <div className="trellis-page-title">
        <Typography.Title level={4}>{t('sla.calendars.title')}</Typography.Title>
        <Space wrap>
          <Select
            style={{ minWidth: 180 }}
            value={current?.id}
            onChange={setSelected}
            options={(calendars.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
          />
          <Button onClick={() => setImporting(true)} disabled={!current}>
            {t('sla.calendars.import')}
          </Button>
        </Space>
      </div>
      {current && current.missingYears.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('sla.calendars.missing', { years: current.missingYears.join(', ') })}
        />
      )}
      {current && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Space wrap>
            <span>
              {t('sla.calendars.timeZone')}: {current.timeZone}
            </span>
            {current.always && <Tag color="purple">{t('sla.calendars.always')}</Tag>}
            {current.recomputing && (
              <Tag color="processing" data-testid="calendar-recomputing">
                {t('sla.calendars.recomputing')}
              </Tag>
            )}
            <span>
              {t('sla.calendars.years')}: {current.coveredYears.join(', ') || '—'}
            </span>
          </Space>
          {!current.always && (
            <span data-testid="calendar-week-hours">
              {t('sla.calendars.weekHours')}:{' '}
              {current.week
                .map((spans, d) =>
                  spans.length
                    ? `${t(`sla.weekday.${d}` as TranslationKey)} ${spans.map(([s, e]) => `${hhmm(s)}–${hhmm(e)}`).join(', ')}`
                    : '',
                )
                .filter(Boolean)
                .join(t('sla.separator'))}
            </span>
          )}
          <MonthView
            value={month}
            onPanelChange={(value) => setMonth(value)}
            onSelect={(value) => setMonth(value)}
            fullscreen={false}
            // The whole cell (day number and 休/班 tag) opens the menu, so a plain day can be clicked too.
            fullCellRender={(value, info) => {
              if (info.type !== 'date') return info.originNode;
              const date = value.format('YYYY-MM-DD');
              const day = byDate.get(date);
              return (
                <Dropdown
                  trigger={['contextMenu', 'click']}
                  menu={{
                    items: [
                      { key: 'holiday', label: t('sla.calendars.setHoliday') },
                      { key: 'workday', label: t('sla.calendars.setWorkday') },
                      { key: 'clear', label: t('sla.calendars.clear') },
                    ],
                    onClick: ({ key }) => setDay(date, key === 'clear' ? null : (key as 'holiday' | 'workday')),
                  }}
                >
                  <div className="ant-picker-cell-inner" data-testid={`day-${date}`} title={day?.name}>
                    <div>{value.date()}</div>
                    <div style={{ minHeight: 22 }}>
                      {day && (
                        <Tag color={day.kind === 'holiday' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
                          {day.kind === 'holiday' ? t('sla.calendars.holiday') : t('sla.calendars.workday')}
                        </Tag>
                      )}
                    </div>
                  </div>
                </Dropdown>
              );
            }}
          />
        </Space>
      )}
      <Modal
        open={importing}
        title={t('sla.calendars.import')}
        onCancel={() => setImporting(false)}
        confirmLoading={edit.importDays.isPending}
        onOk={() =>
          edit.importDays.mutate(
            { format: content.trim().startsWith('BEGIN:VCALENDAR') ? 'ics' : 'json', content },
            {
              onSuccess: (r) => {
                message.success(t('sla.calendars.imported', { count: r.imported }));
                setImporting(false);
                setContent('');
              },
              onError: (e) => message.error(e.message),
            },
          )
        }
      >
        <Typography.Paragraph type="secondary">{t('sla.calendars.importHint')}</Typography.Paragraph>
        <Input.TextArea rows={10} value={content} onChange={(e) => setContent(e.target.value)} />
      </Modal>
    </Card>
  );
}
