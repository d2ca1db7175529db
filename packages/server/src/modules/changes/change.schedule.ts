import { type Locale, type MessageKey, translate } from '@trellis/core';
import { CHANGE_TYPES, RISK_LEVELS } from '@trellis/core/modules/changes';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { countIf, type DatasetContext, defineDataset, ratio } from '../../platform/datasets.js';
import type { Db } from '../../platform/db/database.js';
import { toXlsx } from '../../platform/export.js';
import { can } from '../../platform/permissions/registry.js';
import { registerService } from '../../platform/register.js';
import { formatIcsEvents, listDays } from '../calendars/index.js';
import { changeImpact } from '../cmdb/index.js';
import { addWatcher, lockRecord } from '../records/index.js';
import { visibleChanges } from './change.policy.js';
import { windowRegister } from './change.registers.js';
import { changeCiIds, changeSettings } from './change.service.js';
import { changeCalendar } from './change.views.js';

const windows = registerService(windowRegister);

// ---------- the forward schedule of change (FSC) ----------

export async function fscRows(db: Db, actor: Actor, from: string, to: string, locale: Locale) {
  const t = (key: string) => translate(locale, key as MessageKey);
  const { changes } = await changeCalendar(db, actor, { from, to });
  const header = [
    t('change.fsc.number'),
    t('change.fsc.subject'),
    t('change.fsc.type'),
    t('change.fsc.risk'),
    t('change.fsc.state'),
    t('change.fsc.start'),
    t('change.fsc.end'),
    t('change.fsc.services'),
  ];
  const rows = changes.map((c) => [
    c.number,
    c.title,
    CHANGE_TYPES.includes(c.type) ? t(`change.type.${c.type}`) : c.type,
    c.riskLevel && RISK_LEVELS.includes(c.riskLevel) ? t(`change.risk.${c.riskLevel}`) : '',
    t(`change.state.${c.state}`),
    c.start,
    c.end,
    c.services.join(', '),
  ]);
  return { header, rows, changes };
}

export async function fscXlsx(db: Db, actor: Actor, from: string, to: string, locale: Locale) {
  const { header, rows } = await fscRows(db, actor, from, to, locale);
  const title = translate(locale, 'change.fsc.title' as MessageKey);
  return { name: `${title}-${from.slice(0, 10)}.xlsx`, body: await toXlsx(title, header, rows) };
}

export async function fscIcs(db: Db, actor: Actor, from: string, to: string, locale: Locale) {
  const { changes } = await fscRows(db, actor, from, to, locale);
  const title = translate(locale, 'change.fsc.title' as MessageKey);
  return {
    name: `${title}-${from.slice(0, 10)}.ics`,
    body: formatIcsEvents(
      title,
      changes.map((c) => ({
        uid: `${c.id}@trellis`,
        start: c.start,
        end: c.end,
        summary: `${c.number} ${c.title}`,
        description: [
          translate(locale, `change.state.${c.state}` as MessageKey),
          c.riskLevel ? translate(locale, `change.risk.${c.riskLevel}` as MessageKey) : '',
          c.services.join(', '),
        ]
          .filter(Boolean)
          .join(' · '),
      })),
    ),
  };
}

// ---------- blackouts from the holiday calendar ----------

const SHANGHAI_OFFSET = '+08:00';
const DAY = 86_400_000;

/**
 * Blackout periods derived from the holiday calendar: each run of consecutive holidays of the
 * same name (春节, 国庆节…) in the year becomes one blackout, widened by `marginDays` on both
 * sides, in China time. Running it again for the same year creates nothing twice.
 */
export async function blackoutsFromHolidays(
  tx: Tx,
  input: { calendarId: string; year: number; names?: string[]; marginDays: number },
) {
  const days = (await listDays(tx.db, input.calendarId, input.year)).filter(
    (d) => d.kind === 'holiday' && d.name && (!input.names?.length || input.names.some((n) => d.name.includes(n))),
  );
  const runs: { name: string; first: string; last: string }[] = [];
  for (const d of days) {
    const run = runs.at(-1);
    if (run && run.name === d.name && Date.parse(d.date) - Date.parse(run.last) <= DAY) run.last = d.date;
    else runs.push({ name: d.name, first: d.date, last: d.date });
  }
  const created: string[] = [];
  for (const run of runs) {
    const source = `holiday:${input.calendarId}:${run.name}:${run.first}`;
    const exists = await tx.db
      .selectFrom('change_windows')
      .select('id')
      .where('source', '=', source)
      .executeTakeFirst();
    if (exists) continue;
    const start = new Date(Date.parse(`${run.first}T00:00:00${SHANGHAI_OFFSET}`) - input.marginDays * DAY);
    const end = new Date(Date.parse(`${run.last}T00:00:00${SHANGHAI_OFFSET}`) + (1 + input.marginDays) * DAY);
    const window = await windows.create(tx, {
      name: `${run.name} ${input.year}`,
      kind: 'blackout',
      startsAt: start.toISOString(),
      endsAt: end.toISOString(),
      recurrence: 'none',
      reason: run.name,
    });
    const id = (window as { id: string }).id;
    await tx.db.updateTable('change_windows').set({ source }).where('id', '=', id).execute();
    created.push(id);
  }
  return created;
}

// ---------- planned-outage notice ----------

/**
 * Tells the people of the affected services about a scheduled change, once, when its start is
 * within the configured lead time: they are added as watchers and hear the notice through the
 * existing channels (mail, IM robots) as a major update.
 */
export async function sendOutageNotices(tx: Tx, now = nowIso()) {
  const settings = await changeSettings(tx.db);
  const horizon = new Date(Date.parse(now) + settings.notice_lead_hours * 3_600_000).toISOString();
  const due = await tx.db
    .selectFrom('work_records')
    .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
    .select(['work_records.id'])
    .where('work_records.kind', '=', 'change')
    .where('work_records.state', '=', 'scheduled')
    .where('change_details.notice_sent_at', 'is', null)
    .where('change_details.planned_start', '<=', horizon)
    .where('change_details.planned_start', '>', now)
    .limit(100)
    .execute();
  for (const { id } of due) {
    const record = await lockRecord(tx, id);
    const d = await tx.db
      .selectFrom('change_details')
      .selectAll()
      .where('record_id', '=', id)
      .executeTakeFirstOrThrow();
    const ciIds = await changeCiIds(tx.db, id);
    const impact = ciIds.length
      ? await changeImpact(tx.db, ciIds, settings.conflict_depth)
      : { userIds: [] as string[] };
    const services = await tx.db
      .selectFrom('change_services')
      .innerJoin('services', 'services.id', 'change_services.service_id')
      .select(['services.name_zh', 'services.owner_id'])
      .where('change_services.change_id', '=', id)
      .execute();
    const people = new Set([...impact.userIds, ...services.map((s) => s.owner_id).filter((x): x is string => !!x)]);
    if (people.size) {
      const users = await tx.db
        .selectFrom('users')
        .select(['id', 'name'])
        .where('id', 'in', [...people])
        .where('active', '=', 1)
        .execute();
      for (const u of users) await addWatcher(tx, record, u);
    }
    const message = translate('zh-CN', 'change.notice.outage' as MessageKey, {
      number: record.number,
      title: record.title,
      start: d.planned_start ?? '',
      end: d.planned_end ?? '',
      services: services.map((s) => s.name_zh).join('、'),
    });
    await tx.db.updateTable('change_details').set({ notice_sent_at: now }).where('record_id', '=', id).execute();
    tx.emit('change.outage_notice', { recordId: id, organizationId: record.organization_id, payload: { message } });
  }
  return due.length;
}

// ---------- measures ----------

/**
 * Change measures for the monthly report: how many changes, the success rate (closed without
 * failure among those finished), the emergency share, how many caused incidents, and the average
 * lead time from raising to implementing; by service, group, risk, type and month.
 */
export const changeMeasures = defineDataset({
  name: 'changes.measures',
  owner: 'changes',
  label: 'change.report.dataset',
  readers: (actor) => can(actor, 'change', 'manage'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('work_records')
      .innerJoin('change_details', 'change_details.record_id', 'work_records.id')
      .leftJoin('services', 'services.id', 'work_records.service_id')
      .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
      .where('work_records.kind', '=', 'change')
      .where(visibleChanges(actor)),
  dimensions: {
    risk: {
      type: 'enum',
      label: 'change.report.dim.risk',
      values: RISK_LEVELS,
      expr: (eb) => eb.ref('change_details.risk_level'),
      valueLabel: (v) => `change.risk.${v}`,
    },
    type: {
      type: 'enum',
      label: 'change.report.dim.type',
      values: CHANGE_TYPES,
      expr: (eb) => eb.ref('change_details.type'),
      valueLabel: (v) => `change.type.${v}`,
    },
    service: {
      type: 'key',
      label: 'change.report.dim.service',
      expr: (eb) => eb.ref('work_records.service_id'),
      display: (eb, locale) => eb.ref(locale === 'zh-CN' ? 'services.name_zh' : 'services.name_en'),
    },
    group: {
      type: 'key',
      label: 'change.report.dim.group',
      expr: (eb) => eb.ref('work_records.group_id'),
      display: (eb) => eb.ref('support_groups.name'),
    },
    month: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'change.report.dim.month',
      expr: (eb) => eb.ref('work_records.created_at'),
    },
  },
  measures: {
    changes: { label: 'change.report.measure.changes', expr: (eb) => eb.fn.countAll() },
    successRate: {
      label: 'change.report.measure.successRate',
      decimals: 3,
      expr: (eb) =>
        ratio(
          countIf(eb, eb.and([eb('work_records.state', '=', 'closed'), eb('change_details.failure_note', '=', '')])),
          countIf(
            eb,
            eb.or([
              eb('work_records.state', '=', 'closed'),
              eb('work_records.state', '=', 'failed'),
              eb('change_details.failure_note', '!=', ''),
            ]),
          ),
        ),
    },
    emergencyShare: {
      label: 'change.report.measure.emergencyShare',
      decimals: 3,
      expr: (eb) => ratio(countIf(eb, eb('change_details.type', '=', 'emergency')), eb.fn.countAll()),
    },
    causingIncidents: {
      label: 'change.report.measure.causingIncidents',
      expr: (eb) =>
        countIf(
          eb,
          eb.exists(
            eb
              .selectFrom('record_links')
              .select('record_links.id')
              .whereRef('record_links.to_id', '=', 'work_records.id')
              .where('record_links.kind', '=', 'caused_by'),
          ),
        ),
    },
    leadHours: {
      label: 'change.report.measure.leadHours',
      decimals: 1,
      expr: (eb) => eb.fn.avg('change_details.lead_hours'),
    },
  },
});
