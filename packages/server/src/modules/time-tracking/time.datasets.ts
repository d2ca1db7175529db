import { type DatasetContext, defineDataset } from '../../platform/datasets.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';

/**
 * Time spent (工时) on the records the reader may see. GET /api/v1/time-entries/summary is this
 * dataset grouped by person.
 */
export const timeEntries = defineDataset({
  name: 'time.entries',
  owner: 'time-tracking',
  label: 'reports.dataset.time.entries',
  // Time is the desk's own bookkeeping; requesters do not see it.
  readers: (actor) => can(actor, 'time', 'read'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('time_entries')
      .innerJoin('work_records', 'work_records.id', 'time_entries.record_id')
      .innerJoin('users', 'users.id', 'time_entries.user_id')
      .leftJoin('organizations', 'organizations.id', 'work_records.organization_id')
      .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
      .where(visibleRecords(actor)),
  dimensions: {
    person: {
      type: 'key',
      label: 'reports.dim.person',
      expr: (eb) => eb.ref('time_entries.user_id'),
      display: (eb) => eb.ref('users.name'),
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
    workDate: {
      type: 'time',
      precision: 'date',
      grain: 'day',
      label: 'reports.dim.workDate',
      expr: (eb) => eb.ref('time_entries.work_date'),
    },
    workMonth: {
      type: 'time',
      precision: 'date',
      grain: 'month',
      label: 'reports.dim.workMonth',
      expr: (eb) => eb.ref('time_entries.work_date'),
    },
  },
  measures: {
    minutes: { label: 'reports.measure.minutes', expr: (eb) => eb.fn.sum('time_entries.minutes') },
    records: {
      label: 'reports.measure.records',
      expr: (eb) => eb.fn.count('time_entries.record_id').distinct(),
    },
    entries: { label: 'reports.measure.entries', expr: (eb) => eb.fn.countAll() },
  },
});

export const datasets = [timeEntries];
