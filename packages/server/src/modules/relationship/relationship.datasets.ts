import { COMPLAINT_CATEGORIES, COMPLAINT_SEVERITIES, COMPLAINT_STATES } from '@trellis/core/modules/relationship';
import { countIf, type DatasetContext, defineDataset, ratio } from '../../platform/datasets.js';
import { can } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';

/** Survey answers (one row per answered response): averages and the ≥ 4 share by service, technician, team, customer, month. */
export const surveyDataset = defineDataset({
  name: 'relationship.surveys',
  owner: 'relationship',
  label: 'relationship.dataset.surveys',
  readers: (actor) => can(actor, 'survey', 'results'),
  query: ({ db }: DatasetContext) =>
    db
      .selectFrom('survey_responses')
      .innerJoin('surveys', 'surveys.id', 'survey_responses.survey_id')
      .leftJoin('services', 'services.id', 'survey_responses.service_id')
      .leftJoin('organizations', 'organizations.id', 'survey_responses.organization_id')
      .leftJoin('support_groups', 'support_groups.id', 'survey_responses.group_id')
      .leftJoin('users as technician', 'technician.id', 'survey_responses.technician_id')
      .where('survey_responses.state', '=', 'answered'),
  dimensions: {
    survey: {
      type: 'key',
      label: 'relationship.dim.survey',
      expr: (eb) => eb.ref('survey_responses.survey_id'),
      display: (eb) => eb.ref('surveys.name'),
    },
    service: {
      type: 'key',
      label: 'relationship.dim.service',
      expr: (eb) => eb.ref('survey_responses.service_id'),
      display: (eb, locale) =>
        locale === 'zh-CN'
          ? eb.ref('services.name_zh')
          : eb.fn.coalesce(
              eb.fn<string | null>('nullif', [eb.ref('services.name_en'), eb.val('')]),
              eb.ref('services.name_zh'),
            ),
    },
    technician: {
      type: 'key',
      label: 'relationship.dim.technician',
      expr: (eb) => eb.ref('survey_responses.technician_id'),
      display: (eb) => eb.ref('technician.name'),
    },
    team: {
      type: 'key',
      label: 'relationship.dim.team',
      expr: (eb) => eb.ref('survey_responses.group_id'),
      display: (eb) => eb.ref('support_groups.name'),
    },
    organization: {
      type: 'key',
      label: 'relationship.dim.organization',
      expr: (eb) => eb.ref('survey_responses.organization_id'),
      display: (eb) => eb.ref('organizations.name'),
    },
    month: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'relationship.dim.month',
      expr: (eb) => eb.ref('survey_responses.answered_at'),
    },
  },
  measures: {
    answers: { label: 'relationship.measure.answers', expr: (eb) => eb.fn.count('survey_responses.id') },
    average: {
      label: 'relationship.measure.average',
      expr: (eb) => eb.fn.avg('survey_responses.score'),
      decimals: 2,
    },
    satisfied: {
      label: 'relationship.measure.satisfied',
      expr: (eb) => ratio(countIf(eb, eb('survey_responses.score', '>=', 4)), eb.fn.count('survey_responses.score')),
      decimals: 4,
    },
  },
});

/** Complaints: counts, closed, mean hours to close and overdue by category, severity, service, customer, team, complainant, month. */
export const complaintDataset = defineDataset({
  name: 'relationship.complaints',
  owner: 'relationship',
  label: 'relationship.dataset.complaints',
  readers: (actor) => can(actor, 'complaint', 'log'),
  query: ({ db, actor }: DatasetContext) =>
    db
      .selectFrom('work_records')
      .innerJoin('complaint_details', 'complaint_details.record_id', 'work_records.id')
      .leftJoin('services', 'services.id', 'work_records.service_id')
      .leftJoin('organizations', 'organizations.id', 'work_records.organization_id')
      .leftJoin('support_groups', 'support_groups.id', 'work_records.group_id')
      .leftJoin('users as complainant', 'complainant.id', 'work_records.requester_id')
      .where('work_records.kind', '=', 'complaint')
      .where(visibleRecords(actor)),
  dimensions: {
    category: {
      type: 'enum',
      label: 'relationship.dim.category',
      values: COMPLAINT_CATEGORIES,
      expr: (eb) => eb.ref('complaint_details.category'),
    },
    severity: {
      type: 'enum',
      label: 'relationship.dim.severity',
      values: COMPLAINT_SEVERITIES,
      expr: (eb) => eb.ref('complaint_details.severity'),
    },
    state: {
      type: 'enum',
      label: 'relationship.dim.state',
      values: COMPLAINT_STATES,
      expr: (eb) => eb.ref('work_records.state'),
      valueLabel: (v) => `complaint.state.${v}`,
    },
    service: {
      type: 'key',
      label: 'relationship.dim.service',
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
      label: 'relationship.dim.organization',
      expr: (eb) => eb.ref('work_records.organization_id'),
      display: (eb) => eb.ref('organizations.name'),
    },
    team: {
      type: 'key',
      label: 'relationship.dim.team',
      expr: (eb) => eb.ref('work_records.group_id'),
      display: (eb) => eb.ref('support_groups.name'),
    },
    complainant: {
      type: 'key',
      label: 'relationship.dim.complainant',
      expr: (eb) => eb.ref('work_records.requester_id'),
      display: (eb) => eb.ref('complainant.name'),
    },
    month: {
      type: 'time',
      precision: 'timestamp',
      grain: 'month',
      label: 'relationship.dim.month',
      expr: (eb) => eb.ref('work_records.created_at'),
    },
  },
  measures: {
    complaints: { label: 'relationship.measure.complaints', expr: (eb) => eb.fn.count('work_records.id') },
    closed: {
      label: 'relationship.measure.closed',
      expr: (eb) => countIf(eb, eb('work_records.state', '=', 'closed')),
    },
    hoursToClose: {
      label: 'relationship.measure.hoursToClose',
      expr: (eb) => eb.fn.avg('complaint_details.hours_to_close'),
      decimals: 1,
    },
    breached: {
      label: 'relationship.measure.breached',
      expr: (eb) => countIf(eb, eb('complaint_details.breached_at', 'is not', null)),
    },
  },
});

export const datasets = [surveyDataset, complaintDataset];
