import { type Locale, type MessageKey, type SlaReportQuery, translate } from '@trellis/core';
import type { z } from 'zod';
import type { Actor } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { toCsv } from '../../platform/export.js';
import { listBreaches, slaReport } from './sla.service.js';

/**
 * CSV exports of the breach list and the compliance report (written by the shared export helper):
 * headers and fixed words in the reader's language; times in the reader's time zone.
 */

function localTime(iso: string | null, timeZone: string): string {
  if (!iso) return '';
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

async function names(db: Db, locale: Locale) {
  const [orgs, services, groups] = await Promise.all([
    db.selectFrom('organizations').select(['id', 'name']).execute(),
    db.selectFrom('services').select(['id', 'name_zh', 'name_en']).execute(),
    db.selectFrom('support_groups').select(['id', 'name']).execute(),
  ]);
  return {
    org: new Map(orgs.map((o) => [o.id, o.name])),
    service: new Map(services.map((s) => [s.id, locale === 'zh-CN' ? s.name_zh : s.name_en || s.name_zh])),
    group: new Map(groups.map((g) => [g.id, g.name])),
  };
}

export async function breachesCsv(
  db: Db,
  actor: Actor,
  q: { from?: string; to?: string; locale: Locale; timeZone: string },
): Promise<string> {
  const t = (key: string) => translate(q.locale, key as MessageKey);
  const breaches = await listBreaches(db, actor, q, 50_000);
  const n = await names(db, q.locale);
  const zone = ` (${q.timeZone})`;
  return toCsv(
    [
      t('sla.export.record'),
      t('sla.export.title'),
      t('sla.export.metric'),
      t('sla.export.level'),
      t('sla.export.organization'),
      t('sla.export.service'),
      t('sla.export.group'),
      t('sla.export.dueAt') + zone,
      t('sla.export.reason'),
    ],
    breaches.map((b) => [
      b.recordNumber,
      b.recordTitle,
      t(`sla.metric.${b.metric}`),
      t(`level.${b.level}`),
      n.org.get(b.organizationId) ?? '',
      b.serviceId ? (n.service.get(b.serviceId) ?? '') : '',
      b.groupId ? (n.group.get(b.groupId) ?? '') : '',
      localTime(b.dueAt, q.timeZone),
      t(b.reason),
    ]),
  );
}

export async function reportCsv(
  db: Db,
  actor: Actor,
  q: z.infer<typeof SlaReportQuery> & { locale: Locale },
): Promise<string> {
  const t = (key: string) => translate(q.locale, key as MessageKey);
  const rows = await slaReport(db, actor, q, q.locale);
  return toCsv(
    [
      t(`sla.export.by.${q.groupBy}`),
      t('sla.export.records'),
      t('sla.export.responded'),
      t('sla.export.respondedInTarget'),
      t('sla.export.responsePercent'),
      t('sla.export.resolved'),
      t('sla.export.resolvedInTarget'),
      t('sla.export.resolutionPercent'),
      t('sla.export.responseBusinessMean'),
      t('sla.export.responseBusinessMedian'),
      t('sla.export.responseWallMean'),
      t('sla.export.responseWallMedian'),
      t('sla.export.resolutionBusinessMean'),
      t('sla.export.resolutionBusinessMedian'),
      t('sla.export.resolutionWallMean'),
      t('sla.export.resolutionWallMedian'),
    ],
    rows.map((r) => [
      r.label,
      r.records,
      r.responded,
      r.respondedInTarget,
      r.responsePercent,
      r.resolved,
      r.resolvedInTarget,
      r.resolutionPercent,
      r.responseBusinessMinutes.mean,
      r.responseBusinessMinutes.median,
      r.responseWallMinutes.mean,
      r.responseWallMinutes.median,
      r.resolutionBusinessMinutes.mean,
      r.resolutionBusinessMinutes.median,
      r.resolutionWallMinutes.mean,
      r.resolutionWallMinutes.median,
    ]),
  );
}
