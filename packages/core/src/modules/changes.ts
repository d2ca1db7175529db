import { z } from 'zod';
import { defineEvents, type EventsOf, registerEvents } from '../events.js';
import { defineMessages } from '../i18n/index.js';
import { defineMachine } from '../machine.js';
import { Id, OptionalText, Text } from '../schemas/common.js';

/**
 * Change management (变更管理, MISSION §6): what the server module `changes` and the web feature
 * `changes` share — the life cycle as a pure machine with its guards, risk scoring, the approval
 * tally (any / all / majority), window and conflict arithmetic, schemas, events and words.
 * Nothing here does I/O; the server reads the facts and applies the answers.
 */

// ---------- the life cycle ----------

/**
 * 草稿 → 已提交 → 评估中 → 待审批 → 已批准（已排期）→ 实施中 → 已实施 → 回顾中 → 已关闭,
 * plus 已驳回, 已取消 and 失败/已回退.
 */
export const CHANGE_STATES = [
  'draft',
  'submitted',
  'assessing',
  'pending_approval',
  'scheduled',
  'implementing',
  'implemented',
  'reviewing',
  'closed',
  'rejected',
  'cancelled',
  'failed',
] as const;
export type ChangeState = (typeof CHANGE_STATES)[number];

export const OPEN_CHANGE_STATES: readonly ChangeState[] = [
  'draft',
  'submitted',
  'assessing',
  'pending_approval',
  'scheduled',
  'implementing',
  'implemented',
  'reviewing',
  'failed',
];
export const TERMINAL_CHANGE_STATES: readonly ChangeState[] = ['closed', 'rejected', 'cancelled'];
/**
 * The states in which a change authorises CMDB writes on its affected CIs: only while it is being
 * implemented (issue 13: "a CI write is authorised only when it names a change in 实施中").
 */
export const CI_WRITE_STATES: readonly ChangeState[] = ['implementing'];
/** States whose planned window occupies the calendar (conflicts and the forward schedule). */
export const SCHEDULED_CHANGE_STATES: readonly ChangeState[] = [
  'assessing',
  'pending_approval',
  'scheduled',
  'implementing',
];

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'major'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CHANGE_ACTIONS = [
  'submit',
  'assess',
  'request_approval',
  'approve',
  'reject',
  'start',
  'complete',
  'fail',
  'review',
  'close',
  'cancel',
] as const;
export type ChangeAction = (typeof CHANGE_ACTIONS)[number];

export interface ChangeFacts {
  state: ChangeState;
  type: ChangeType;
  /** A risk level has been assessed (or fixed by the standard template). */
  hasRiskLevel: boolean;
  /** A planned start and end are set. */
  hasPlannedWindow: boolean;
  /** The planned window lies inside a maintenance window and outside every blackout. */
  fitsWindow: boolean;
  /** Now lies within the planned window. */
  nowInPlannedWindow: boolean;
  /** An emergency's reason for going outside the rules is recorded. */
  hasOverrideReason: boolean;
  /** Tasks (work orders) not yet done or cancelled. */
  openTasks: number;
  /** Someone recorded who checked what after implementation. */
  verified: boolean;
  /** The post-implementation review is written. */
  pirDone: boolean;
  /** An emergency implemented before approval whose retrospective approval is not yet given. */
  retrospectivePending: boolean;
  /** A failed change records what was backed out and why. */
  hasBackoutNote: boolean;
}

export type ChangeTransitionError =
  | 'change.illegal_transition'
  | 'change.risk_required'
  | 'change.window_required'
  | 'change.outside_window'
  | 'change.override_reason_required'
  | 'change.tasks_open'
  | 'change.verification_required'
  | 'change.pir_required'
  | 'change.retrospective_approval_required'
  | 'change.backout_note_required';

export type ChangeTransition = { ok: true; state: ChangeState } | { ok: false; code: ChangeTransitionError };

const FROM: Record<ChangeAction, readonly ChangeState[]> = {
  submit: ['draft'],
  assess: ['submitted'],
  request_approval: ['assessing'],
  approve: ['pending_approval'],
  reject: ['pending_approval'],
  // An emergency may be implemented before it is approved (retrospective approval).
  start: ['scheduled', 'submitted', 'assessing', 'pending_approval'],
  complete: ['implementing'],
  fail: ['implementing', 'implemented'],
  review: ['implemented', 'failed'],
  close: ['implemented', 'reviewing'],
  cancel: ['draft', 'submitted', 'assessing', 'pending_approval', 'scheduled'],
};

const TO: Record<ChangeAction, ChangeState> = {
  submit: 'submitted',
  assess: 'assessing',
  request_approval: 'pending_approval',
  approve: 'scheduled',
  reject: 'rejected',
  start: 'implementing',
  complete: 'implemented',
  fail: 'failed',
  review: 'reviewing',
  close: 'closed',
  cancel: 'cancelled',
};

const fail = (code: ChangeTransitionError): ChangeTransition => ({ ok: false, code });

export function nextChangeState(facts: ChangeFacts, action: ChangeAction): ChangeTransition {
  if (!FROM[action].includes(facts.state)) return fail('change.illegal_transition');
  const emergency = facts.type === 'emergency';
  switch (action) {
    case 'submit':
      // A standard change is pre-approved: it goes straight to 已批准（已排期）.
      if (facts.type === 'standard') {
        if (!facts.hasRiskLevel) return fail('change.risk_required');
        if (!facts.hasPlannedWindow) return fail('change.window_required');
        if (!facts.fitsWindow) return fail('change.outside_window');
        return { ok: true, state: 'scheduled' };
      }
      break;
    case 'assess':
      if (facts.type === 'standard') return fail('change.illegal_transition');
      break;
    case 'request_approval':
    case 'approve':
      if (!facts.hasRiskLevel) return fail('change.risk_required');
      if (action === 'request_approval') {
        if (!facts.hasPlannedWindow) return fail('change.window_required');
        if (!facts.fitsWindow && !(emergency && facts.hasOverrideReason))
          return emergency ? fail('change.override_reason_required') : fail('change.outside_window');
      }
      break;
    case 'start':
      if (facts.state !== 'scheduled') {
        // Only an emergency is implemented before approval, and only with its reason recorded.
        if (!emergency) return fail('change.illegal_transition');
        if (!facts.hasOverrideReason) return fail('change.override_reason_required');
        break;
      }
      if (!facts.nowInPlannedWindow) {
        if (!emergency) return fail('change.outside_window');
        if (!facts.hasOverrideReason) return fail('change.override_reason_required');
      }
      break;
    case 'complete':
      if (facts.openTasks > 0) return fail('change.tasks_open');
      break;
    case 'fail':
      if (!facts.hasBackoutNote) return fail('change.backout_note_required');
      break;
    case 'review':
      if (facts.state === 'implemented' && !facts.verified) return fail('change.verification_required');
      break;
    case 'close':
      if (!facts.verified) return fail('change.verification_required');
      if (facts.retrospectivePending) return fail('change.retrospective_approval_required');
      // An emergency (and a failed change, which only closes from review) is always reviewed.
      if ((emergency || facts.state === 'reviewing') && !facts.pirDone) return fail('change.pir_required');
      break;
    default:
      break;
  }
  return { ok: true, state: TO[action] };
}

/** Closing from review needs the PIR; a failed change reaches 已关闭 only through 回顾中. */
export const changeMachine = defineMachine({
  labels: 'change.',
  states: CHANGE_STATES,
  actions: CHANGE_ACTIONS,
  stateOf: (facts: ChangeFacts) => facts.state,
  transition: nextChangeState,
});

// ---------- risk ----------

export interface RiskAnswer {
  /** The question's weight times the chosen answer's score. */
  weight: number;
}

export interface CmdbImpact {
  /** Business services downstream of the affected CIs (and the change's own services). */
  services: number;
  /** People who use or own a CI downstream. */
  users: number;
}

/** Score thresholds: at or above `medium` is 中, at or above `high` is 高, at or above `major` is 重大. */
export const RISK_THRESHOLDS = { medium: 20, high: 45, major: 70 } as const;

/** Points for CMDB impact: 5 per business service (at most 30) and up to 20 for users on a log scale. */
export function impactPoints(impact: CmdbImpact): number {
  const services = Math.min(30, Math.max(0, impact.services) * 5);
  const users = impact.users <= 0 ? 0 : Math.min(20, Math.round(Math.log10(impact.users + 1) * 8));
  return services + users;
}

export function riskLevelOf(
  score: number,
  thresholds: { medium: number; high: number; major: number } = RISK_THRESHOLDS,
) {
  if (score >= thresholds.major) return 'major' as const;
  if (score >= thresholds.high) return 'high' as const;
  if (score >= thresholds.medium) return 'medium' as const;
  return 'low' as const;
}

/** The questionnaire's points plus the CMDB's, and the level they give. */
export function scoreRisk(answers: readonly RiskAnswer[], impact: CmdbImpact, thresholds = RISK_THRESHOLDS) {
  const questionnaire = answers.reduce((sum, a) => sum + a.weight, 0);
  const cmdb = impactPoints(impact);
  const score = questionnaire + cmdb;
  return { questionnaire, cmdb, score, level: riskLevelOf(score, thresholds) };
}

// ---------- approvals ----------

export const APPROVAL_RULES = ['any', 'all', 'majority'] as const;
export type ApprovalRule = (typeof APPROVAL_RULES)[number];
export const APPROVER_SOURCES = ['change_managers', 'cab', 'service_owners', 'users'] as const;
export type ApproverSource = (typeof APPROVER_SOURCES)[number];

/**
 * One level's outcome from its votes. `any`: the first approval decides; `all`: every approver;
 * `majority`: more than half. A rejection (which always carries a reason) ends an `any` or `all`
 * round at once; under `majority` the round is rejected once approval can no longer win.
 */
export function tallyLevel(
  rule: ApprovalRule,
  approvers: number,
  approvals: number,
  rejections: number,
): 'pending' | 'approved' | 'rejected' {
  if (approvers <= 0) return 'approved';
  if (rule === 'majority') {
    const needed = Math.floor(approvers / 2) + 1;
    if (approvals >= needed) return 'approved';
    if (approvers - rejections < needed) return 'rejected';
    return 'pending';
  }
  if (rejections > 0) return 'rejected';
  if (rule === 'any') return approvals > 0 ? 'approved' : 'pending';
  return approvals >= approvers ? 'approved' : 'pending';
}

/** The levels a risk calls for when the administrators have configured none (the seed's rule). */
export const DEFAULT_APPROVAL_LEVELS: Record<
  RiskLevel,
  readonly { name: string; rule: ApprovalRule; source: ApproverSource }[]
> = {
  low: [{ name: 'change_manager', rule: 'any', source: 'change_managers' }],
  medium: [{ name: 'cab', rule: 'majority', source: 'cab' }],
  high: [
    { name: 'cab', rule: 'majority', source: 'cab' },
    { name: 'business_owner', rule: 'all', source: 'service_owners' },
  ],
  major: [
    { name: 'cab', rule: 'majority', source: 'cab' },
    { name: 'business_management', rule: 'all', source: 'service_owners' },
    { name: 'it_management', rule: 'any', source: 'change_managers' },
  ],
};

// ---------- windows and conflicts ----------

export const WINDOW_KINDS = ['maintenance', 'blackout'] as const;
export type WindowKind = (typeof WINDOW_KINDS)[number];
export const WINDOW_RECURRENCES = ['none', 'daily', 'weekly', 'monthly'] as const;
export type WindowRecurrence = (typeof WINDOW_RECURRENCES)[number];

export interface WindowDef {
  startsAt: string;
  endsAt: string;
  recurrence: WindowRecurrence;
  /** Repeats stop after this moment (none: for ever). */
  until?: string | null;
}

export interface Interval {
  start: number;
  end: number;
}

const DAY = 86_400_000;

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d.getTime();
}

/** The occurrences of a window that overlap [from, to), in order. */
export function occurrences(window: WindowDef, from: number, to: number): Interval[] {
  const start = Date.parse(window.startsAt);
  const length = Date.parse(window.endsAt) - start;
  if (!(length > 0)) return [];
  const until = window.until ? Date.parse(window.until) : Number.POSITIVE_INFINITY;
  const out: Interval[] = [];
  if (window.recurrence === 'none') {
    if (start < to && start + length > from) out.push({ start, end: start + length });
    return out;
  }
  if (window.recurrence === 'monthly') {
    for (let i = 0, s = start; s < to && s <= until && i < 12_000; i++, s = addMonths(start, i))
      if (s + length > from) out.push({ start: s, end: s + length });
    return out;
  }
  const step = window.recurrence === 'daily' ? DAY : 7 * DAY;
  // Jump to the first occurrence that can overlap instead of walking from the origin.
  const skip = Math.max(0, Math.floor((from - length - start) / step));
  for (let s = start + skip * step; s < to && s <= until; s += step)
    if (s + length > from) out.push({ start: s, end: s + length });
  return out;
}

/** Whether [start, end) lies wholly inside one occurrence of one of the windows. */
export function fitsInside(windows: readonly WindowDef[], start: number, end: number): boolean {
  return windows.some((w) => occurrences(w, start, end).some((o) => o.start <= start && o.end >= end));
}

/** Whether [start, end) touches an occurrence of any of the windows. */
export function overlapsAny(windows: readonly WindowDef[], start: number, end: number): boolean {
  return windows.some((w) => occurrences(w, start, end).length > 0);
}

export const CONFLICT_KINDS = ['same_ci', 'dependent_ci', 'same_service', 'blackout', 'outside_window'] as const;
export type ConflictKind = (typeof CONFLICT_KINDS)[number];

// ---------- schemas ----------

const Iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date and time');
const PlanStep = z.object({ title: Text(200), detail: z.string().trim().max(4000).default('') });
const TaskTemplate = z.object({ title: Text(200), groupId: Id.nullish() });

const RfcFields = {
  title: Text(200),
  description: z.string().trim().max(20_000).default(''),
  purpose: z.string().trim().max(4000).default(''),
  content: z.string().trim().max(20_000).default(''),
  reason: z.string().trim().max(4000).default(''),
  plan: z.array(PlanStep).max(100).default([]),
  backoutPlan: z.string().trim().max(20_000).default(''),
  testPlan: z.string().trim().max(20_000).default(''),
  serviceIds: z.array(Id).max(50).default([]),
  ciIds: z.array(Id).max(500).default([]),
  plannedStart: Iso.nullish(),
  plannedEnd: Iso.nullish(),
  estimatedCost: z.number().min(0).max(1e12).nullish(),
  estimatedEffortHours: z.number().min(0).max(1e6).nullish(),
  initiatorDepartment: OptionalText(200),
  groupId: Id.nullish(),
  assigneeId: Id.nullish(),
  /** Records the change serves: incidents, problems, known errors (problems), other changes. */
  linkedRecordIds: z.array(Id).max(100).default([]),
  /** Supplier contracts and continuity plans it serves, by reference. */
  references: z.array(Text(200)).max(50).default([]),
};

const windowOrder = {
  check: (c: { plannedStart?: string | null; plannedEnd?: string | null }) =>
    !c.plannedStart || !c.plannedEnd || Date.parse(c.plannedEnd) > Date.parse(c.plannedStart),
  issue: { path: ['plannedEnd'], message: 'change.end_before_start' },
};

export const CreateChange = z
  .object({
    ...RfcFields,
    type: z.enum(CHANGE_TYPES).default('normal'),
    templateId: Id.nullish(),
    problemActionId: Id.nullish(),
    /** An emergency's reason for bypassing the normal route. */
    overrideReason: OptionalText(2000),
  })
  .refine(windowOrder.check, windowOrder.issue);
export type CreateChange = z.infer<typeof CreateChange>;

export const UpdateChange = z
  .object({
    title: RfcFields.title.optional(),
    description: z.string().trim().max(20_000).optional(),
    purpose: z.string().trim().max(4000).optional(),
    content: z.string().trim().max(20_000).optional(),
    reason: z.string().trim().max(4000).optional(),
    plan: z.array(PlanStep).max(100).optional(),
    backoutPlan: z.string().trim().max(20_000).optional(),
    testPlan: z.string().trim().max(20_000).optional(),
    serviceIds: z.array(Id).max(50).optional(),
    ciIds: z.array(Id).max(500).optional(),
    plannedStart: Iso.nullish(),
    plannedEnd: Iso.nullish(),
    estimatedCost: z.number().min(0).max(1e12).nullish(),
    estimatedEffortHours: z.number().min(0).max(1e6).nullish(),
    initiatorDepartment: OptionalText(200),
    groupId: Id.nullish(),
    assigneeId: Id.nullish(),
    overrideReason: OptionalText(2000),
  })
  .refine(windowOrder.check, windowOrder.issue);
export type UpdateChange = z.infer<typeof UpdateChange>;

export const AssessChange = z.object({
  answers: z
    .array(z.object({ questionId: Id, answer: z.number().int().min(0).max(20) }))
    .max(100)
    .default([]),
  necessity: z.string().trim().max(4000).default(''),
  feasibility: z.string().trim().max(4000).default(''),
});
export type AssessChange = z.infer<typeof AssessChange>;

export const VoteOnChange = z
  .object({
    vote: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(4000).default(''),
    conditions: z.string().trim().max(4000).default(''),
  })
  .refine((v) => v.vote === 'approve' || v.reason.length > 0, { path: ['reason'], message: 'change.reason_required' });

export const ChangeNote = z.object({ note: z.string().trim().max(4000).default('') });
export const FailChange = z.object({ note: Text(4000) });
export const VerifyChange = z.object({ note: Text(4000) });
export const ChangeReview = z.object({
  objectivesMet: z.boolean(),
  lessons: z.string().trim().max(8000).default(''),
  followUps: z.array(Text(500)).max(50).default([]),
  /** Incidents the reviewer confirms were caused by the change (from the candidates). */
  incidentIds: z.array(Id).max(200).default([]),
});

export const CreateChangeTask = z.object({
  title: Text(200),
  description: z.string().trim().max(4000).default(''),
  assigneeId: Id.nullish(),
  groupId: Id.nullish(),
});
export const UpdateChangeTask = z.object({
  state: z.enum(['open', 'in_progress', 'done', 'cancelled']).optional(),
  note: z.string().trim().max(4000).optional(),
  assigneeId: Id.nullish(),
});

export const RiskQuestion = z.object({
  id: Id,
  textZh: z.string(),
  textEn: z.string(),
  weight: z.number(),
  answers: z.array(z.object({ labelZh: z.string(), labelEn: z.string(), score: z.number() })),
  sort: z.number().int(),
  active: z.boolean(),
});
const RiskAnswers = z
  .array(z.object({ labelZh: Text(200), labelEn: Text(200), score: z.number().min(0).max(100) }))
  .min(1)
  .max(20);
export const CreateRiskQuestion = z.object({
  textZh: Text(500),
  textEn: Text(500),
  weight: z.number().min(0).max(10).default(1),
  answers: RiskAnswers,
  sort: z.number().int().min(0).max(10_000).default(0),
});
export const UpdateRiskQuestion = CreateRiskQuestion.partial().extend({ active: z.boolean().optional() });

export const ChangeTemplate = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  content: z.string(),
  plan: z.array(z.object({ title: z.string(), detail: z.string() })),
  backoutPlan: z.string(),
  testPlan: z.string(),
  tasks: z.array(z.object({ title: z.string(), groupId: z.string().nullish() })),
  riskLevel: z.enum(RISK_LEVELS),
  serviceId: Id.nullable(),
  active: z.boolean(),
});
export const CreateChangeTemplate = z.object({
  name: Text(200),
  description: z.string().trim().max(4000).default(''),
  content: z.string().trim().max(20_000).default(''),
  plan: z.array(PlanStep).max(100).default([]),
  backoutPlan: Text(20_000),
  testPlan: z.string().trim().max(20_000).default(''),
  tasks: z.array(TaskTemplate).max(50).default([]),
  riskLevel: z.enum(RISK_LEVELS).default('low'),
  serviceId: Id.nullish(),
});
export const UpdateChangeTemplate = CreateChangeTemplate.partial().extend({ active: z.boolean().optional() });

export const ChangeWindow = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(WINDOW_KINDS),
  serviceId: Id.nullable(),
  ciClassId: Id.nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  recurrence: z.enum(WINDOW_RECURRENCES),
  until: z.string().nullable(),
  reason: z.string(),
  active: z.boolean(),
});
const windowFields = {
  name: Text(200),
  kind: z.enum(WINDOW_KINDS),
  serviceId: Id.nullish(),
  ciClassId: Id.nullish(),
  startsAt: Iso,
  endsAt: Iso,
  recurrence: z.enum(WINDOW_RECURRENCES).default('none'),
  until: Iso.nullish(),
  reason: z.string().trim().max(2000).default(''),
};
const windowIssue = {
  check: (w: { startsAt?: string; endsAt?: string }) =>
    !w.startsAt || !w.endsAt || Date.parse(w.endsAt) > Date.parse(w.startsAt),
  issue: { path: ['endsAt'], message: 'change.end_before_start' },
};
export const CreateChangeWindow = z.object(windowFields).refine(windowIssue.check, windowIssue.issue);
export const UpdateChangeWindow = z
  .object(windowFields)
  .partial()
  .extend({ active: z.boolean().optional() })
  .refine(windowIssue.check, windowIssue.issue);

export const ApprovalLevel = z.object({
  id: Id,
  riskLevel: z.enum(RISK_LEVELS),
  seq: z.number().int(),
  name: z.string(),
  rule: z.enum(APPROVAL_RULES),
  source: z.enum(APPROVER_SOURCES),
  userIds: z.array(Id),
  active: z.boolean(),
});
export const CreateApprovalLevel = z
  .object({
    riskLevel: z.enum(RISK_LEVELS),
    seq: z.number().int().min(0).max(100).default(0),
    name: Text(200),
    rule: z.enum(APPROVAL_RULES),
    source: z.enum(APPROVER_SOURCES),
    userIds: z.array(Id).max(100).default([]),
  })
  .refine((l) => l.source !== 'users' || l.userIds.length > 0, {
    path: ['userIds'],
    message: 'change.approvers_required',
  });
export const UpdateApprovalLevel = z.object({
  seq: z.number().int().min(0).max(100).optional(),
  name: Text(200).optional(),
  rule: z.enum(APPROVAL_RULES).optional(),
  source: z.enum(APPROVER_SOURCES).optional(),
  userIds: z.array(Id).max(100).optional(),
  active: z.boolean().optional(),
});

export const ChangeListQuery = z.object({
  state: z.enum(CHANGE_STATES).optional(),
  type: z.enum(CHANGE_TYPES).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
  serviceId: Id.optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const CalendarQuery = z
  .object({
    from: Iso,
    to: Iso,
    serviceId: Id.optional(),
    ciId: Id.optional(),
    groupId: Id.optional(),
    riskLevel: z.enum(RISK_LEVELS).optional(),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'change.end_before_start' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * DAY, {
    path: ['to'],
    message: 'change.range_too_long',
  });

export const CreateCabMeeting = z.object({
  title: Text(200),
  startsAt: Iso,
  /** Changes on the agenda; absent: every change awaiting the CAB. */
  changeIds: z.array(Id).max(200).optional(),
});
export const CabDecision = z.object({
  changeId: Id,
  /** Absent: the votes decide by the CAB level's rule. `deferred`: discussed, no votes cast. */
  decision: z.enum(['deferred']).optional(),
  conditions: z.string().trim().max(4000).default(''),
  votes: z
    .array(
      z.object({ voterId: Id, vote: z.enum(['approve', 'reject']), reason: z.string().trim().max(2000).default('') }),
    )
    .max(100)
    .default([]),
});
export const CabMinutes = z.object({ minutes: z.string().trim().max(50_000) });

export const ChangeSettings = z.object({
  conflictDepth: z.number().int().min(0).max(6),
  noticeLeadHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30),
  pirIncidentDays: z.number().int().min(0).max(90),
});
export const UpdateChangeSettings = ChangeSettings.partial();

export const SetCapabilities = z.object({
  capabilities: z.array(z.enum(['change_manager', 'cab_member'])).max(10),
});
export const CHANGE_CAPABILITIES = ['change_manager', 'cab_member'] as const;
export type ChangeCapability = (typeof CHANGE_CAPABILITIES)[number];

// ---------- events ----------

const changed = z.record(z.string(), z.unknown());
export const changeEvents = defineEvents({
  'change.submitted': changed,
  'change.assessed': changed,
  'change.approval_requested': z.object({ approvalId: Id, approverId: Id, step: z.number().int() }),
  'change.vote_cast': z.object({ approvalId: Id, voterId: Id, vote: z.string() }),
  'change.approved': changed,
  'change.rejected': changed,
  'change.implementation_started': changed,
  'change.implemented': changed,
  'change.failed': changed,
  'change.verified': changed,
  'change.review_started': changed,
  'change.reviewed': changed,
  'change.closed': changed,
  'change.cancelled': changed,
  'change.outage_notice': z.object({ message: z.string() }),
  ...registerEvents('change_risk_question'),
  ...registerEvents('change_template'),
  ...registerEvents('change_window'),
  ...registerEvents('change_approval_level'),
});

declare module '../events.js' {
  interface ModuleEvents extends EventsOf<typeof changeEvents> {}
}

// ---------- words ----------

export const changeMessages = defineMessages({
  'zh-CN': {
    'change.state.draft': '草稿',
    'change.state.submitted': '已提交',
    'change.state.assessing': '评估中',
    'change.state.pending_approval': '待审批',
    'change.state.scheduled': '已批准（已排期）',
    'change.state.implementing': '实施中',
    'change.state.implemented': '已实施',
    'change.state.reviewing': '回顾中',
    'change.state.closed': '已关闭',
    'change.state.rejected': '已驳回',
    'change.state.cancelled': '已取消',
    'change.state.failed': '失败/已回退',
    'change.action.submit': '提交',
    'change.action.assess': '开始评估',
    'change.action.request_approval': '提交审批',
    'change.action.approve': '批准',
    'change.action.reject': '驳回',
    'change.action.start': '开始实施',
    'change.action.complete': '实施完成',
    'change.action.fail': '标记失败并回退',
    'change.action.review': '开始实施后回顾',
    'change.action.close': '关闭',
    'change.action.cancel': '取消',
    'change.type.standard': '标准变更',
    'change.type.normal': '一般变更',
    'change.type.emergency': '紧急变更',
    'change.risk.low': '低',
    'change.risk.medium': '中',
    'change.risk.high': '高',
    'change.risk.major': '重大',
    'change.conflict.same_ci': '与变更 {number} 涉及同一配置项 {ci}',
    'change.conflict.dependent_ci': '与变更 {number} 的配置项 {ci} 存在依赖关系（{depth} 层）',
    'change.conflict.same_service': '与变更 {number} 涉及同一服务 {service}',
    'change.conflict.blackout': '计划时间落在封网期“{window}”内',
    'change.conflict.outside_window': '计划时间不在任何维护窗口内',
    'change.illegal_transition': '变更当前状态为“{state}”，不能执行“{action}”',
    'change.risk_required': '请先完成风险评估，确定风险等级',
    'change.window_required': '请先填写计划开始和结束时间',
    'change.outside_window': '计划时间必须在维护窗口内且避开封网期',
    'change.override_reason_required': '紧急变更越过常规流程时必须填写原因',
    'change.tasks_open': '还有未完成的实施任务',
    'change.verification_required': '请先记录实施后的验证',
    'change.pir_required': '失败或紧急变更关闭前必须完成实施后回顾',
    'change.retrospective_approval_required': '紧急变更须先完成补充审批',
    'change.backout_note_required': '请说明回退了什么以及原因',
    'change.reason_required': '驳回时必须填写原因',
    'change.end_before_start': '结束时间必须晚于开始时间',
    'change.range_too_long': '时间范围过长',
    'change.approvers_required': '请至少指定一名审批人',
    'change.not_an_approver': '您不是本轮审批人，或已投过票',
    'change.no_approvers': '风险等级“{risk}”的审批级别“{level}”没有审批人',
    'change.template_inactive': '标准变更模板已停用',
    'change.task_closed': '该任务已结束',
    'change.not_reviewing': '只有回顾中的变更可以填写实施后回顾',
    'change.not_verifiable': '只有已实施、失败回退或回顾中的变更可以验证',
    'change.not_on_agenda': '该变更不在本次 CAB 会议议程中',
    'change.meeting_closed': 'CAB 会议已结束',
    'change.not_editable': '变更提交审批后不能再修改申请内容',
    'change.problem_action_unknown': '找不到该问题的纠正措施',
    'change.fsc.title': '变更排期表',
    'change.fsc.number': '编号',
    'change.fsc.subject': '标题',
    'change.fsc.type': '类型',
    'change.fsc.risk': '风险',
    'change.fsc.state': '状态',
    'change.fsc.start': '计划开始',
    'change.fsc.end': '计划结束',
    'change.fsc.services': '服务',
    'change.minutes.title': 'CAB 会议纪要',
    'change.minutes.decision': '决定',
    'change.minutes.conditions': '条件',
    'change.minutes.votes': '投票',
    'change.decision.approved': '批准',
    'change.decision.rejected': '驳回',
    'change.decision.deferred': '暂缓',
    'change.report.dataset': '变更统计',
    'change.report.dim.risk': '风险等级',
    'change.report.dim.type': '变更类型',
    'change.report.dim.month': '月份',
    'change.report.dim.service': '服务',
    'change.report.dim.group': '支持组',
    'change.report.measure.changes': '变更数',
    'change.report.measure.successRate': '变更成功率',
    'change.report.measure.emergencyShare': '紧急变更占比',
    'change.report.measure.causingIncidents': '引发事件的变更数',
    'change.report.measure.leadHours': '平均前置时间（小时）',
    'change.notice.outage': '计划停机通知：变更 {number}“{title}”将于 {start} 至 {end} 实施，受影响服务：{services}',
  },
  'en-US': {
    'change.state.draft': 'Draft',
    'change.state.submitted': 'Submitted',
    'change.state.assessing': 'Assessing',
    'change.state.pending_approval': 'Awaiting approval',
    'change.state.scheduled': 'Approved (scheduled)',
    'change.state.implementing': 'Implementing',
    'change.state.implemented': 'Implemented',
    'change.state.reviewing': 'In review',
    'change.state.closed': 'Closed',
    'change.state.rejected': 'Rejected',
    'change.state.cancelled': 'Cancelled',
    'change.state.failed': 'Failed / backed out',
    'change.action.submit': 'Submit',
    'change.action.assess': 'Start assessment',
    'change.action.request_approval': 'Request approval',
    'change.action.approve': 'Approve',
    'change.action.reject': 'Reject',
    'change.action.start': 'Start implementation',
    'change.action.complete': 'Mark implemented',
    'change.action.fail': 'Mark failed and backed out',
    'change.action.review': 'Start post-implementation review',
    'change.action.close': 'Close',
    'change.action.cancel': 'Cancel',
    'change.type.standard': 'Standard change',
    'change.type.normal': 'Normal change',
    'change.type.emergency': 'Emergency change',
    'change.risk.low': 'Low',
    'change.risk.medium': 'Medium',
    'change.risk.high': 'High',
    'change.risk.major': 'Major',
    'change.conflict.same_ci': 'Change {number} touches the same CI {ci}',
    'change.conflict.dependent_ci': 'Change {number} touches {ci}, related through the CMDB ({depth} levels)',
    'change.conflict.same_service': 'Change {number} touches the same service {service}',
    'change.conflict.blackout': 'The planned time falls in the blackout “{window}”',
    'change.conflict.outside_window': 'The planned time is not inside any maintenance window',
    'change.illegal_transition': 'The change is “{state}”; “{action}” is not possible',
    'change.risk_required': 'Assess the risk first: the change has no risk level',
    'change.window_required': 'Set the planned start and end first',
    'change.outside_window': 'The planned time must lie inside a maintenance window and outside blackouts',
    'change.override_reason_required': 'An emergency change going outside the rules needs a recorded reason',
    'change.tasks_open': 'Some implementation tasks are still open',
    'change.verification_required': 'Record the verification after implementation first',
    'change.pir_required': 'A failed or emergency change is closed only after its post-implementation review',
    'change.retrospective_approval_required': 'The emergency change still needs its retrospective approval',
    'change.backout_note_required': 'Say what was backed out and why',
    'change.reason_required': 'A rejection needs a reason',
    'change.end_before_start': 'The end must be after the start',
    'change.range_too_long': 'The range is too long',
    'change.approvers_required': 'Name at least one approver',
    'change.not_an_approver': 'You are not an approver of this round, or you have already voted',
    'change.no_approvers': 'Approval level “{level}” for risk “{risk}” has no approvers',
    'change.template_inactive': 'The standard change template is archived',
    'change.task_closed': 'The task is already finished',
    'change.not_reviewing': 'Only a change in review takes its post-implementation review',
    'change.not_verifiable': 'Only an implemented, backed-out or in-review change can be verified',
    'change.not_on_agenda': 'The change is not on this CAB meeting’s agenda',
    'change.meeting_closed': 'The CAB meeting is closed',
    'change.not_editable': 'The request cannot be edited once approval has been requested',
    'change.problem_action_unknown': 'No such corrective action of a problem',
    'change.fsc.title': 'Forward schedule of change',
    'change.fsc.number': 'Number',
    'change.fsc.subject': 'Title',
    'change.fsc.type': 'Type',
    'change.fsc.risk': 'Risk',
    'change.fsc.state': 'State',
    'change.fsc.start': 'Planned start',
    'change.fsc.end': 'Planned end',
    'change.fsc.services': 'Services',
    'change.minutes.title': 'CAB minutes',
    'change.minutes.decision': 'Decision',
    'change.minutes.conditions': 'Conditions',
    'change.minutes.votes': 'Votes',
    'change.decision.approved': 'Approved',
    'change.decision.rejected': 'Rejected',
    'change.decision.deferred': 'Deferred',
    'change.report.dataset': 'Changes',
    'change.report.dim.risk': 'Risk level',
    'change.report.dim.type': 'Change type',
    'change.report.dim.month': 'Month',
    'change.report.dim.service': 'Service',
    'change.report.dim.group': 'Support group',
    'change.report.measure.changes': 'Changes',
    'change.report.measure.successRate': 'Change success rate',
    'change.report.measure.emergencyShare': 'Emergency share',
    'change.report.measure.causingIncidents': 'Changes causing incidents',
    'change.report.measure.leadHours': 'Average lead time (hours)',
    'change.notice.outage':
      'Planned outage: change {number} “{title}” will be carried out from {start} to {end}; services affected: {services}',
  },
});

declare module '../i18n/index.js' {
  interface ModuleMessages {
    changes: (typeof changeMessages)['zh-CN'];
  }
}
