import type { ExpressionBuilder } from 'kysely';
import { countIf, type DatasetContext, defineDataset, ratio } from '../../platform/datasets.js';
import type { Database } from '../../platform/db/schema.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';

type Clocks = ExpressionBuilder<Database, 'sla_clocks' | 'work_records'>;

/** A clock stopped because its target was met (as opposed to cancelled or still running). */
const done = (eb: Clocks, metric: 'response' | 'resolution') =>
  eb.and([
    eb('sla_clocks.metric', '=', metric),
    eb('sla_clocks.stopped_at', 'is not', null),
    eb('sla_clocks.stop_reason', '=', 'met'),
  ]);
/** Within target: never breached and the business time spent no more than the target. */
const inTarget = (eb: Clocks, metric: 'response' | 'resolution') =>
  eb.and([
    done(eb, metric),
    eb('sla_clocks.breached_at', 'is', null),
    eb('sla_clocks.elapsed_ms', '<=', eb('sla_clocks.target_minutes', '*', eb.lit(60_000))),
  ]);
const meanBusinessMinutes = (eb: Clocks, metric: 'response' | 'resolution') =>
  ratio(eb.fn.avg(eb.case().when(done(eb, metric)).then(eb.ref('sla_clocks.elapsed_ms')).end()), eb.lit(60_000));

/**
 * SLA compliance of records, by when they were created: the same counts, rates and business-time
 * means as GET /api/v1/sla/report (which also gives medians and wall-clock times, so it keeps its
 * own code; a test checks the two agree).
 */
export const slaCompliance = defineDataset({
  name: 'sla.compliance',
  owner: 'sla',
  label: 'reports.dataset.sla.compliance',
  readers: (actor) => can(actor, 'sla', 'list'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('sla_clocks')
      .innerJoin('work_records', 'work_records.id', 'sla_clocks.record_id')
      .leftJoin('services', 'services.id', 'work_records.service_id')
      .leftJoin('organizations', 'organizations.id', 'work_records.organization_id')
      .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
      .where('sla_clocks.metric', 'in', ['response', 'resolution'])
      .where(visibleRecords(actor)),
  dimensions: {
    level: {
      type: 'integer',
      label: 'reports.dim.level',
      expr: (eb) => eb.ref('work_records.level'),
      valueLabel: (level) => `level.${level}`,
    },
    service: {
      type: 'key',
      label: 'reports.dim.service',
      expr: (eb) => eb.ref('work_records.service_id'),
      display: (eb, locale) =>
        locale === 'zh-CN'
          ? eb.ref('services.name_zh')
          : eb.fn.coalesce(
              eb.fn<string | null>('nullif', [eb.ref('services.name_en'), eb.val('')]),
              eb.ref('services.name_zh'),
            ),
    },
    organization: {
      type: 'key',
      label: 'reports.dim.organization',
      expr: (eb) => eb.ref('work_records.organization_id'),
      display: (eb) => eb.ref('organizations.name'),
    },
    group: {
      type: 'key',
      label: 'reports.dim.group',
      expr: (eb) => eb.ref('work_records.group_id'),
      display: (eb) => eb.ref('support_groups.name'),
    },
    created: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'reports.dim.createdMonth',
      expr: (eb) => eb.ref('work_records.created_at'),
    },
  },
  measures: {
    records: {
      label: 'reports.measure.records',
      expr: (eb) => eb.fn.count('sla_clocks.record_id').distinct(),
    },
    responded: { label: 'reports.measure.responded', expr: (eb) => countIf(eb, done(eb, 'response')) },
    respondedInTarget: {
      label: 'reports.measure.respondedInTarget',
      expr: (eb) => countIf(eb, inTarget(eb, 'response')),
    },
    responseRate: {
      label: 'reports.measure.responseRate',
      expr: (eb) => ratio(countIf(eb, inTarget(eb, 'response')), countIf(eb, done(eb, 'response'))),
      decimals: 4,
    },
    resolved: { label: 'reports.measure.resolved', expr: (eb) => countIf(eb, done(eb, 'resolution')) },
    resolvedInTarget: {
      label: 'reports.measure.resolvedInTarget',
      expr: (eb) => countIf(eb, inTarget(eb, 'resolution')),
    },
    resolutionRate: {
      label: 'reports.measure.resolutionRate',
      expr: (eb) => ratio(countIf(eb, inTarget(eb, 'resolution')), countIf(eb, done(eb, 'resolution'))),
      decimals: 4,
    },
    responseBusinessMinutes: {
      label: 'reports.measure.responseBusinessMinutes',
      expr: (eb) => meanBusinessMinutes(eb, 'response'),
      decimals: 1,
    },
    resolutionBusinessMinutes: {
      label: 'reports.measure.resolutionBusinessMinutes',
      expr: (eb) => meanBusinessMinutes(eb, 'resolution'),
      decimals: 1,
    },
  },
});

export const datasets = [slaCompliance];
