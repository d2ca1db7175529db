import {
  INCIDENT_STATES,
  type IncidentState,
  type MessageKey,
  type MessageParams,
  type TimelineEntry,
} from '@trellis/core';
import { Rate, Space, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import { type Translate, useLocale } from '../app/i18n';
import { categoryPath, useCategories } from '../app/reference';

const isState = (value: unknown): value is IncidentState => INCIDENT_STATES.includes(value as IncidentState);

/** A value from `data` as text: a string, a reference `{ name }`, or a list of them. */
export function asText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(asText).filter(Boolean).join('、');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.name === 'string') return record.name;
    if (typeof record.number === 'string') return record.number;
    const parts = ['group', 'assignee', 'user', 'record']
      .map((key) => asText(record[key]))
      .filter((part) => part.length > 0);
    if (parts.length > 0) return parts.join(' / ');
    return JSON.stringify(value);
  }
  return String(value);
}

const CLASSIFIED_FIELDS = ['category', 'level', 'impact', 'urgency', 'group', 'assignee'] as const;
type ClassifiedField = (typeof CLASSIFIED_FIELDS)[number];

type NameOf = (field: string, value: unknown) => string | null;

function fieldValue(t: Translate, nameOf: NameOf, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  const named = nameOf(field, value);
  if (named) return named;
  const n = typeof value === 'number' ? value : Number.NaN;
  if (field === 'level' && n >= 1 && n <= 4) return t(`level.${n as 1 | 2 | 3 | 4}`);
  if (field === 'impact' && n >= 1 && n <= 4) return t(`impact.${n as 1 | 2 | 3 | 4}`);
  if (field === 'urgency' && n >= 1 && n <= 4) return t(`urgency.${n as 1 | 2 | 3 | 4}`);
  if (field === 'state' && isState(value)) return t(`state.${value}`);
  return asText(value);
}

function sentence(t: Translate, entry: TimelineEntry): string {
  const data = entry.data ?? {};
  const params: MessageParams = {
    actor: entry.actor?.name ?? t('system.actor'),
    target: asText(data.target ?? data.user ?? data.record ?? data.number ?? ''),
    name: asText(data.name ?? data.filename ?? ''),
    from: isState(data.from) ? t(`state.${data.from}`) : asText(data.from),
    to: isState(data.to) ? t(`state.${data.to}`) : asText(data.to),
  };
  if (entry.type === 'linked' && typeof data.kind === 'string') {
    const kindKey = `link.${data.kind}` as MessageKey;
    const kind = t(kindKey);
    if (kind !== kindKey) params.target = `${kind} ${params.target}`;
  }
  if (typeof data.confirmAt === 'string') params.target = dayjs(data.confirmAt).format('YYYY-MM-DD HH:mm');
  const key = `timeline.${entry.type}` as MessageKey;
  const text = t(key, params);
  return text === key ? `${params.actor} · ${entry.type}` : text;
}

function details(t: Translate, nameOf: NameOf, entry: TimelineEntry): ReactNode[] {
  const data = entry.data ?? {};
  const out: ReactNode[] = [];
  if (entry.type === 'classified' && data.changes && typeof data.changes === 'object') {
    for (const [field, change] of Object.entries(data.changes as Record<string, unknown>)) {
      const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
      const label = CLASSIFIED_FIELDS.includes(field as ClassifiedField)
        ? t(`timeline.field.${field as ClassifiedField}`)
        : field;
      out.push(
        <div key={`c-${field}`}>
          {label}: {fieldValue(t, nameOf, field, from)} → {fieldValue(t, nameOf, field, to)}
        </div>,
      );
    }
  }
  if (entry.type === 'resolved') {
    if (data.cause) out.push(<div key="cause">{`${t('incident.cause')}: ${asText(data.cause)}`}</div>);
    if (data.solution) out.push(<div key="solution">{`${t('incident.solution')}: ${asText(data.solution)}`}</div>);
  }
  if (entry.type === 'confirmed' && typeof data.rating === 'number') {
    out.push(<Rate key="rating" disabled value={data.rating} style={{ fontSize: 14 }} />);
    if (data.comment) out.push(<div key="rc">{asText(data.comment)}</div>);
  }
  if (entry.type === 'assigned' && data.note) out.push(<div key="note">{asText(data.note)}</div>);
  const isTier = (v: unknown): v is 1 | 2 | 3 => v === 1 || v === 2 || v === 3;
  if ((entry.type === 'transferred' || entry.type === 'auto_escalated') && isTier(data.toTier)) {
    const from = isTier(data.fromTier) ? t(`tier.${data.fromTier}`) : '—';
    out.push(
      <div key="tiers" data-testid="tier-path">
        <Tag color="geekblue">{t('desk.tierPath', { from, to: t(`tier.${data.toTier}`) })}</Tag>
        {data.fromGroup ? `${asText(data.fromGroup)} → ${asText(data.target)}` : null}
      </div>,
    );
  }
  if (entry.type === 'held' && typeof data.kind === 'string') {
    const kindKey = `hold.${data.kind}` as MessageKey;
    out.push(<Tag key="kind">{t(kindKey)}</Tag>);
  }
  if (entry.type === 'resolved' && typeof data.timeSpentMinutes === 'number' && data.timeSpentMinutes > 0)
    out.push(<div key="time">{`${t('desk.timeSpent')}: ${data.timeSpentMinutes}`}</div>);
  if (entry.type === 'time_logged' && typeof data.minutes === 'number')
    out.push(<div key="minutes">{t('desk.minutes', { minutes: data.minutes })}</div>);
  if (entry.type === 'archived' && data.callbackNote)
    out.push(<div key="callback">{`${t('desk.callback')}: ${asText(data.callbackNote)}`}</div>);
  if (entry.type === 'comment' && typeof data.copiedFrom === 'string')
    out.push(<Tag key="copied">{data.copiedFrom}</Tag>);
  if (!entry.body && data.reason) out.push(<div key="reason">{asText(data.reason)}</div>);
  if (entry.body) out.push(<div key="body">{entry.body}</div>);
  return out;
}

export function RecordTimeline({ entries }: { entries: TimelineEntry[] }) {
  const { t, locale } = useLocale();
  const { data: categories } = useCategories();
  // Changes name categories by id; show their names in the reader's language.
  const nameOf: NameOf = (field, value) =>
    (field === 'category' || field === 'categoryId') && typeof value === 'string'
      ? categoryPath(categories ?? [], value, locale)
      : null;
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Timeline
      data-testid="timeline"
      items={sorted.map((entry) => {
        const internal = entry.visibility === 'internal';
        const extra = details(t, nameOf, entry);
        return {
          key: entry.id,
          color: internal
            ? 'orange'
            : entry.type === 'major_update' || entry.type === 'major_flagged'
              ? 'red'
              : entry.type === 'resolved' || entry.type === 'confirmed' || entry.type === 'auto_confirmed'
                ? 'green'
                : 'blue',
          children: (
            <div
              className={internal ? 'trellis-timeline-internal' : undefined}
              data-testid="timeline-entry"
              data-type={entry.type}
              data-visibility={entry.visibility}
            >
              <Space size={6} wrap>
                <Typography.Text strong={entry.type === 'comment'}>{sentence(t, entry)}</Typography.Text>
                {internal && <Tag color="orange">{t('timeline.internal')}</Tag>}
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {dayjs(entry.at).format('YYYY-MM-DD HH:mm')}
                </Typography.Text>
              </Space>
              {extra.length > 0 && <div className="trellis-body-text">{extra}</div>}
            </div>
          ),
        };
      })}
    />
  );
}
