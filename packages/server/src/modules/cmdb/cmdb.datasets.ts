import { CI_STATES } from '@trellis/core';
import { countIf, type DatasetContext, defineDataset } from '../../platform/datasets.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleCis } from './cmdb.policy.js';

/**
 * The configuration report's counts (004 §8.1.8): configuration items the reader may see, not
 * cancelled, by class, state and organisation. GET /api/v1/cmdb/report also lists every item
 * with its dependencies, so it keeps its own code; a test checks the counts agree.
 */
export const cmdbConfiguration = defineDataset({
  name: 'cmdb.configuration',
  owner: 'cmdb',
  label: 'reports.dataset.cmdb.configuration',
  readers: (actor) => can(actor, 'cmdb', 'read'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('cis')
      .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
      .leftJoin('organizations', 'organizations.id', 'cis.organization_id')
      .where(visibleCis(actor))
      .where('cis.state', '!=', 'cancelled'),
  dimensions: {
    class: {
      type: 'key',
      label: 'reports.dim.ciClass',
      expr: (eb) => eb.ref('k.code'),
      display: (eb, locale) => eb.ref(locale === 'zh-CN' ? 'k.name_zh' : 'k.name_en'),
    },
    state: {
      type: 'enum',
      label: 'reports.dim.ciState',
      values: CI_STATES,
      expr: (eb) => eb.ref('cis.state'),
      valueLabel: (state) => `cmdb.state.${state}`,
    },
    organization: {
      type: 'key',
      label: 'reports.dim.organization',
      expr: (eb) => eb.ref('cis.organization_id'),
      display: (eb) => eb.ref('organizations.name'),
    },
    created: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'reports.dim.createdMonth',
      expr: (eb) => eb.ref('cis.created_at'),
    },
  },
  measures: {
    cis: { label: 'reports.measure.cis', expr: (eb) => eb.fn.countAll() },
    unauthorized: {
      label: 'reports.measure.unauthorized',
      expr: (eb) => countIf(eb, eb('cis.unauthorized', '=', 1)),
    },
  },
});

export const datasets = [cmdbConfiguration];
