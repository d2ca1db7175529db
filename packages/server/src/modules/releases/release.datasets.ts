import { RELEASE_TYPES } from '@trellis/core/modules/releases';
import { sql } from 'kysely';
import { countIf, type DatasetContext, defineDataset, ratio } from '../../platform/datasets.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleReleases } from './release.policy.js';

/**
 * Release review figures (§4.1.4): how many releases succeeded, how many were rolled back, and how
 * many incidents each caused (confirmed in its review, or linked to it as caused by it).
 */
export const releaseMeasures = defineDataset({
  name: 'releases.measures',
  owner: 'releases',
  label: 'release.report.dataset',
  readers: (actor) => can(actor, 'release', 'create'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('work_records')
      .innerJoin('release_details', 'release_details.record_id', 'work_records.id')
      .where('work_records.kind', '=', 'release')
      .where('work_records.state', '!=', 'cancelled')
      .where(visibleReleases(actor)),
  dimensions: {
    type: {
      type: 'enum',
      label: 'release.report.dim.type',
      values: RELEASE_TYPES,
      expr: (eb) => eb.ref('release_details.type'),
      valueLabel: (v) => `release.type.${v}`,
    },
    outcome: {
      type: 'enum',
      label: 'release.report.dim.outcome',
      values: ['success', 'rolled_back', 'open'] as const,
      expr: () => sql<string>`coalesce(release_details.outcome, 'open')`,
      valueLabel: (v) => `release.outcome.${v}`,
    },
    month: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'release.report.dim.month',
      expr: (eb) => eb.ref('work_records.created_at'),
    },
  },
  measures: {
    releases: { label: 'release.report.measure.releases', expr: (eb) => eb.fn.countAll() },
    successRate: {
      label: 'release.report.measure.successRate',
      decimals: 3,
      expr: (eb) =>
        ratio(
          countIf(eb, eb('release_details.outcome', '=', 'success')),
          countIf(eb, eb('release_details.outcome', 'is not', null)),
        ),
    },
    rolledBackShare: {
      label: 'release.report.measure.rolledBackShare',
      decimals: 3,
      expr: (eb) =>
        ratio(
          countIf(eb, eb('release_details.outcome', '=', 'rolled_back')),
          countIf(eb, eb('release_details.outcome', 'is not', null)),
        ),
    },
    incidentsPerRelease: {
      label: 'release.report.measure.incidentsPerRelease',
      decimals: 2,
      expr: (eb) =>
        ratio(
          eb.fn.sum(
            eb
              .selectFrom('record_links')
              .select((s) => s.fn.countAll().as('n'))
              .whereRef('record_links.to_id', '=', 'work_records.id')
              .where('record_links.kind', '=', 'caused_by'),
          ),
          countIf(eb, eb('release_details.outcome', 'is not', null)),
        ),
    },
  },
});
