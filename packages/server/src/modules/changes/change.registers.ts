import {
  ApprovalLevel,
  ChangeTemplate,
  ChangeWindow,
  CreateApprovalLevel,
  CreateChangeTemplate,
  CreateChangeWindow,
  CreateRiskQuestion,
  RiskQuestion,
  UpdateApprovalLevel,
  UpdateChangeTemplate,
  UpdateChangeWindow,
  UpdateRiskQuestion,
} from '@trellis/core/modules/changes';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import { defineRegister, type RegisterDefinition, registerService } from '../../platform/register.js';

const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));

/** What the change registers share: staff (and portal requesters, for templates) read, admins write. */
const common = {
  tags: ['changes'],
  policy: { resource: 'change', read: 'list', write: 'configure' },
  filters: { active: { column: 'active', parse: (v: string) => (v === 'true' ? 1 : 0) } },
  lifecycle: { archive: { column: 'active', value: 0 } },
  // Bare arrays, as the web's register kit reads them (the next cursor in `x-next-cursor`).
  compat: { listAsArray: true },
} satisfies Partial<RegisterDefinition>;

/** The risk questionnaire: questions with answers scored, each question weighted. */
export const riskQuestionRegister = defineRegister<
  z.infer<typeof RiskQuestion>,
  z.infer<typeof CreateRiskQuestion>,
  z.infer<typeof UpdateRiskQuestion>
>({
  ...common,
  name: 'change_risk_question',
  table: 'change_risk_questions',
  path: '/api/v1/change-risk-questions',
  order: [{ column: 'sort' }],
  search: ['text_zh', 'text_en'],
  schemas: { item: RiskQuestion, create: CreateRiskQuestion, update: UpdateRiskQuestion },
  toApi: (row) => ({
    id: row.id,
    textZh: row.text_zh,
    textEn: row.text_en,
    weight: Number(row.weight),
    answers: JSON.parse(row.answers_json),
    sort: Number(row.sort),
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      text_zh: input.textZh,
      text_en: input.textEn,
      weight: input.weight,
      answers_json: JSON.stringify(input.answers),
      sort: input.sort,
      active: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input) => ({
      text_zh: input.textZh,
      text_en: input.textEn,
      weight: input.weight,
      answers_json: json(input.answers),
      sort: input.sort,
      active: flag(input.active),
      updated_at: nowIso(),
    }),
  },
});

/** Standard changes: pre-approved content, plan, back-out, tasks and a fixed risk; raising one skips assessment and CAB. */
export const templateRegister = defineRegister<
  z.infer<typeof ChangeTemplate>,
  z.infer<typeof CreateChangeTemplate>,
  z.infer<typeof UpdateChangeTemplate>
>({
  ...common,
  name: 'change_template',
  table: 'change_templates',
  path: '/api/v1/change-templates',
  order: [{ column: 'name' }],
  search: ['name'],
  refs: { serviceId: { table: 'services' } },
  schemas: { item: ChangeTemplate, create: CreateChangeTemplate, update: UpdateChangeTemplate },
  toApi: (row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    content: row.content,
    plan: JSON.parse(row.plan_json),
    backoutPlan: row.backout_plan,
    testPlan: row.test_plan,
    tasks: JSON.parse(row.tasks_json),
    riskLevel: row.risk_level,
    serviceId: row.service_id,
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      name: input.name,
      description: input.description,
      content: input.content,
      plan_json: JSON.stringify(input.plan),
      backout_plan: input.backoutPlan,
      test_plan: input.testPlan,
      tasks_json: JSON.stringify(input.tasks),
      risk_level: input.riskLevel,
      service_id: input.serviceId ?? null,
      active: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input) => ({
      name: input.name,
      description: input.description,
      content: input.content,
      plan_json: json(input.plan),
      backout_plan: input.backoutPlan,
      test_plan: input.testPlan,
      tasks_json: json(input.tasks),
      risk_level: input.riskLevel,
      service_id: input.serviceId,
      active: flag(input.active),
      updated_at: nowIso(),
    }),
  },
});

/** Maintenance windows and blackout (freeze) periods, once or recurring, general or per service or CI class. */
export const windowRegister = defineRegister<
  z.infer<typeof ChangeWindow>,
  z.infer<typeof CreateChangeWindow>,
  z.infer<typeof UpdateChangeWindow>
>({
  ...common,
  name: 'change_window',
  table: 'change_windows',
  path: '/api/v1/change-windows',
  order: [{ column: 'starts_at' }],
  search: ['name'],
  filters: {
    ...common.filters,
    kind: { column: 'kind', values: ['maintenance', 'blackout'] },
  },
  refs: { serviceId: { table: 'services' }, ciClassId: { table: 'ci_classes' } },
  schemas: { item: ChangeWindow, create: CreateChangeWindow, update: UpdateChangeWindow },
  toApi: (row) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    serviceId: row.service_id,
    ciClassId: row.ci_class_id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    recurrence: row.recurrence,
    until: row.until,
    reason: row.reason,
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      name: input.name,
      kind: input.kind,
      service_id: input.serviceId ?? null,
      ci_class_id: input.ciClassId ?? null,
      starts_at: new Date(input.startsAt).toISOString(),
      ends_at: new Date(input.endsAt).toISOString(),
      recurrence: input.recurrence,
      until: input.until ? new Date(input.until).toISOString() : null,
      reason: input.reason,
      source: 'manual',
      active: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input) => ({
      name: input.name,
      kind: input.kind,
      service_id: input.serviceId,
      ci_class_id: input.ciClassId,
      starts_at: input.startsAt ? new Date(input.startsAt).toISOString() : undefined,
      ends_at: input.endsAt ? new Date(input.endsAt).toISOString() : undefined,
      recurrence: input.recurrence,
      until: input.until === undefined ? undefined : input.until ? new Date(input.until).toISOString() : null,
      reason: input.reason,
      active: flag(input.active),
      updated_at: nowIso(),
    }),
  },
});

/** Approval levels by risk: each a group of approvers with its rule (any / all / majority). */
export const approvalLevelRegister = defineRegister<
  z.infer<typeof ApprovalLevel>,
  z.infer<typeof CreateApprovalLevel>,
  z.infer<typeof UpdateApprovalLevel>
>({
  ...common,
  name: 'change_approval_level',
  table: 'change_approval_levels',
  path: '/api/v1/change-approval-levels',
  order: [{ column: 'risk_level' }, { column: 'seq' }],
  filters: {
    ...common.filters,
    riskLevel: { column: 'risk_level', values: ['low', 'medium', 'high', 'major'] },
  },
  schemas: { item: ApprovalLevel, create: CreateApprovalLevel, update: UpdateApprovalLevel },
  toApi: (row) => ({
    id: row.id,
    riskLevel: row.risk_level,
    seq: Number(row.seq),
    name: row.name,
    rule: row.rule,
    source: row.source,
    userIds: JSON.parse(row.user_ids_json),
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      risk_level: input.riskLevel,
      seq: input.seq,
      name: input.name,
      rule: input.rule,
      source: input.source,
      user_ids_json: JSON.stringify(input.userIds),
      active: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input) => ({
      seq: input.seq,
      name: input.name,
      rule: input.rule,
      source: input.source,
      user_ids_json: json(input.userIds),
      active: flag(input.active),
      updated_at: nowIso(),
    }),
  },
});

export const riskQuestions = registerService(riskQuestionRegister);
export const changeTemplates = registerService(templateRegister);
export const changeWindows = registerService(windowRegister);
export const approvalLevels = registerService(approvalLevelRegister);
