import { z } from 'zod';
import { defineEvents, type EventsOf, recordEvents, registerEvents } from '../events.js';
import { defineMessages } from '../i18n/index.js';
import { defineMachine } from '../machine.js';
import { CalendarDate, Id, Text } from '../schemas/common.js';

/**
 * Business relationship (客户关系): satisfaction surveys (满意度调查), the complaint register
 * (投诉), customer contracts and service reviews. What the server module `relationship` and the
 * web feature `relationship` share.
 */

// ---- surveys

export const QUESTION_TYPES = ['stars', 'nps', 'single', 'multiple', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const SURVEY_KINDS = ['transactional', 'periodic'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];
/** When a transactional survey goes out: at the requester's sign-off, or when the record is closed. */
export const SURVEY_TRIGGERS = ['confirmed', 'closed'] as const;
export const SURVEYED_KINDS = ['incident', 'request'] as const;
/** The share of answers of 4 or 5 stars the seeds ask for (满意度 ≥ 80%). */
export const SATISFACTION_TARGET = 0.8;
/** A star answer at or below this opens a follow-up. */
export const LOW_SCORE = 2;

const Bilingual = z.object({ zh: Text(300), en: Text(300) });
export const SurveyOption = z.object({ id: z.string().regex(/^[a-z0-9_-]{1,40}$/), label: Bilingual });
export const SurveyQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]{1,40}$/),
    type: z.enum(QUESTION_TYPES),
    required: z.boolean().default(false),
    label: Bilingual,
    options: z.array(SurveyOption).max(20).optional(),
  })
  .refine((q) => !['single', 'multiple'].includes(q.type) || (q.options?.length ?? 0) >= 2, {
    path: ['options'],
    message: 'survey.options_required',
  });
export type SurveyQuestion = z.infer<typeof SurveyQuestion>;

const Questions = z
  .array(SurveyQuestion)
  .min(1)
  .max(30)
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'survey.duplicate_question' });

export const SurveyTrigger = z.object({
  on: z.enum(SURVEY_TRIGGERS).default('closed'),
  kinds: z.array(z.enum(SURVEYED_KINDS)).min(1).default(['incident']),
  serviceIds: z.array(Id).max(200).default([]),
  organizationIds: z.array(Id).max(200).default([]),
});

export const CreateSurvey = z.object({
  name: Text(100),
  kind: z.enum(SURVEY_KINDS),
  questions: Questions,
  trigger: SurveyTrigger.optional(),
  samplePercent: z.number().int().min(1).max(100).default(100),
  cooldownDays: z.number().int().min(0).max(365).default(30),
  linkDays: z.number().int().min(1).max(90).default(14),
  active: z.boolean().default(true),
});
export const UpdateSurvey = z.object({
  name: Text(100).optional(),
  questions: Questions.optional(),
  trigger: SurveyTrigger.optional(),
  samplePercent: z.number().int().min(1).max(100).optional(),
  cooldownDays: z.number().int().min(0).max(365).optional(),
  linkDays: z.number().int().min(1).max(90).optional(),
  active: z.boolean().optional(),
});

export const Survey = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(SURVEY_KINDS),
  isDefault: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  questions: z.array(SurveyQuestion),
  trigger: SurveyTrigger.nullable(),
  samplePercent: z.number().int(),
  cooldownDays: z.number().int(),
  linkDays: z.number().int(),
  invited: z.number().int(),
  answered: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Survey = z.infer<typeof Survey>;

export const SurveyVersion = z.object({
  version: z.number().int(),
  questions: z.array(SurveyQuestion),
  createdAt: z.string(),
  answers: z.number().int(),
});

export const CreateCampaign = z.object({
  name: Text(100),
  organizationIds: z.array(Id).min(1).max(200),
  /** Only these roles of the organisations; empty: every active person. */
  deadline: CalendarDate,
  reminderEveryDays: z.number().int().min(1).max(60).default(7),
});
export const Campaign = z.object({
  id: Id,
  surveyId: Id,
  name: z.string(),
  organizationIds: z.array(Id),
  deadline: z.string(),
  reminderEveryDays: z.number().int(),
  state: z.enum(['open', 'closed']),
  invited: z.number().int(),
  answered: z.number().int(),
  createdAt: z.string(),
});
export type Campaign = z.infer<typeof Campaign>;

export const AnswerValue = z.union([z.number(), z.string().max(4000), z.array(z.string().max(40)).max(20)]);
export const SubmitAnswers = z.object({ answers: z.record(z.string().max(40), AnswerValue) });
export type SubmitAnswers = z.infer<typeof SubmitAnswers>;

/** What the answer page shows: the survey in the version the person was invited to, and what is already answered. */
export const SurveyForm = z.object({
  responseId: Id,
  surveyName: z.string(),
  version: z.number().int(),
  questions: z.array(SurveyQuestion),
  record: z.object({ number: z.string(), title: z.string() }).nullable(),
  prefilled: z.record(z.string(), AnswerValue),
  expiresAt: z.string().nullable(),
  answered: z.boolean(),
});
export type SurveyForm = z.infer<typeof SurveyForm>;

export const PendingSurvey = z.object({
  responseId: Id,
  surveyName: z.string(),
  record: z.object({ number: z.string(), title: z.string() }).nullable(),
  invitedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const RESULT_DIMENSIONS = ['service', 'technician', 'team', 'organization', 'month'] as const;
export const ResultsQuery = z.object({
  by: z.enum(RESULT_DIMENSIONS).optional(),
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
});
const QuestionResult = z.object({
  questionId: z.string(),
  type: z.enum(QUESTION_TYPES),
  label: Bilingual,
  count: z.number().int(),
  average: z.number().nullable(),
  /** Value → count, for stars, NPS and choices. */
  distribution: z.record(z.string(), z.number().int()),
  /** Stars: the share of 4 and 5. */
  satisfiedShare: z.number().nullable(),
  /** NPS: % promoters − % detractors, −100…100. */
  nps: z.number().nullable(),
});
export const SurveyResults = z.object({
  invited: z.number().int(),
  answered: z.number().int(),
  responseRate: z.number().nullable(),
  target: z.number(),
  satisfiedShare: z.number().nullable(),
  questions: z.array(QuestionResult),
  groups: z.array(
    z.object({
      key: z.string().nullable(),
      label: z.string(),
      answered: z.number().int(),
      average: z.number().nullable(),
      satisfiedShare: z.number().nullable(),
    }),
  ),
  comments: z.array(
    z.object({
      responseId: Id,
      questionId: z.string(),
      text: z.string(),
      at: z.string(),
      person: z.string(),
      record: z.string().nullable(),
    }),
  ),
});
export type SurveyResults = z.infer<typeof SurveyResults>;

export const SurveyFollowup = z.object({
  id: Id,
  surveyName: z.string(),
  person: z.object({ id: Id, name: z.string() }),
  organization: z.object({ id: Id, name: z.string() }),
  record: z.object({ id: Id, number: z.string(), title: z.string() }).nullable(),
  score: z.number().nullable(),
  comment: z.string().nullable(),
  owner: z.object({ id: Id, name: z.string() }).nullable(),
  state: z.enum(['open', 'closed']),
  note: z.string().nullable(),
  complaint: z.object({ id: Id, number: z.string() }).nullable(),
  answeredAt: z.string().nullable(),
});
export type SurveyFollowup = z.infer<typeof SurveyFollowup>;

// ---- complaints

export const COMPLAINT_STATES = ['new', 'acknowledged', 'investigating', 'responded', 'closed', 'withdrawn'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];
export const OPEN_COMPLAINT_STATES: readonly ComplaintState[] = ['new', 'acknowledged', 'investigating', 'responded'];
export const COMPLAINT_ACTIONS = [
  'acknowledge',
  'investigate',
  'respond',
  'reject_response',
  'close',
  'withdraw',
] as const;
export type ComplaintAction = (typeof COMPLAINT_ACTIONS)[number];
export const COMPLAINT_CATEGORIES = [
  'slow_response',
  'attitude',
  'fix_quality',
  'repeated_failure',
  'billing',
  'communication',
  'other',
] as const;
export const COMPLAINT_SEVERITIES = ['low', 'medium', 'high'] as const;
export const COMPLAINT_SOURCES = ['portal', 'email', 'phone', 'survey', 'review'] as const;
export const COMPLAINT_ABOUT = ['record', 'service', 'person', 'provider'] as const;

export interface ComplaintFacts {
  state: ComplaintState;
  hasResponse: boolean;
  openActions: number;
}
export type ComplaintTransition =
  | { ok: true; state: ComplaintState }
  | {
      ok: false;
      code: 'complaint.illegal_transition' | 'complaint.response_required' | 'complaint.actions_open';
    };

const COMPLAINT_FROM: Record<ComplaintAction, readonly ComplaintState[]> = {
  acknowledge: ['new'],
  investigate: ['acknowledged'],
  respond: ['acknowledged', 'investigating'],
  reject_response: ['responded'],
  close: ['responded'],
  withdraw: ['new', 'acknowledged', 'investigating', 'responded'],
};
const COMPLAINT_TO: Record<ComplaintAction, ComplaintState> = {
  acknowledge: 'acknowledged',
  investigate: 'investigating',
  respond: 'responded',
  reject_response: 'investigating',
  close: 'closed',
  withdraw: 'withdrawn',
};

/** 投诉受理流程: received → acknowledged → investigated → answered → closed once the actions are done. */
export const complaintMachine = defineMachine({
  labels: 'complaint.',
  states: COMPLAINT_STATES,
  actions: COMPLAINT_ACTIONS,
  stateOf: (facts: ComplaintFacts) => facts.state,
  transition: (facts: ComplaintFacts, action: ComplaintAction): ComplaintTransition => {
    if (!COMPLAINT_FROM[action].includes(facts.state)) return { ok: false, code: 'complaint.illegal_transition' };
    if (action === 'respond' && !facts.hasResponse) return { ok: false, code: 'complaint.response_required' };
    if (action === 'close' && facts.openActions > 0) return { ok: false, code: 'complaint.actions_open' };
    return { ok: true, state: COMPLAINT_TO[action] };
  },
});

export const CreateComplaint = z.object({
  title: Text(200),
  description: Text(10_000),
  organizationId: Id.optional(),
  complainantId: Id.optional(),
  source: z.enum(COMPLAINT_SOURCES).default('portal'),
  about: z.enum(COMPLAINT_ABOUT).default('provider'),
  aboutRecord: z.string().max(64).optional(),
  aboutServiceId: Id.optional(),
  aboutPersonId: Id.optional(),
  category: z.enum(COMPLAINT_CATEGORIES).default('other'),
  severity: z.enum(COMPLAINT_SEVERITIES).default('medium'),
  expectation: z.string().trim().max(2000).default(''),
});
export type CreateComplaint = z.infer<typeof CreateComplaint>;

export const UpdateComplaint = z.object({
  category: z.enum(COMPLAINT_CATEGORIES).optional(),
  severity: z.enum(COMPLAINT_SEVERITIES).optional(),
  assigneeId: Id.nullable().optional(),
  investigation: z.string().trim().max(20_000).optional(),
  rootCause: z.string().trim().max(5_000).optional(),
  problem: z.string().max(64).nullable().optional(),
  response: z.string().trim().max(10_000).optional(),
  sharedWithSubject: z.boolean().optional(),
});

export const ComplaintTransitionInput = z.object({
  note: z.string().trim().max(4000).optional(),
  /** At close: whether the complainant accepted the response. */
  accepted: z.boolean().optional(),
});

export const ComplaintActionInput = z.object({
  title: Text(300),
  ownerId: Id,
  dueDate: CalendarDate,
});
export const UpdateComplaintAction = z.object({
  title: Text(300).optional(),
  ownerId: Id.optional(),
  dueDate: CalendarDate.optional(),
  status: z.enum(['open', 'done', 'cancelled']).optional(),
});

const Ref = z.object({ id: Id, name: z.string() });
export const ComplaintSummary = z.object({
  id: Id,
  number: z.string(),
  title: z.string(),
  state: z.enum(COMPLAINT_STATES),
  category: z.enum(COMPLAINT_CATEGORIES),
  severity: z.enum(COMPLAINT_SEVERITIES),
  source: z.enum(COMPLAINT_SOURCES),
  organization: Ref,
  complainant: Ref,
  assignee: Ref.nullable(),
  escalation: z.number().int(),
  acknowledgeDueAt: z.string().nullable(),
  respondDueAt: z.string().nullable(),
  closeDueAt: z.string().nullable(),
  breached: z.boolean(),
  createdAt: z.string(),
  closedAt: z.string().nullable(),
});
export type ComplaintSummary = z.infer<typeof ComplaintSummary>;

export const Complaint = ComplaintSummary.extend({
  description: z.string(),
  about: z.enum(COMPLAINT_ABOUT),
  aboutRecord: z.object({ id: Id, number: z.string(), title: z.string() }).nullable(),
  aboutService: Ref.nullable(),
  aboutPerson: Ref.nullable(),
  expectation: z.string(),
  investigation: z.string(),
  rootCause: z.string(),
  problem: z.object({ id: Id, number: z.string(), title: z.string() }).nullable(),
  response: z.string(),
  accepted: z.boolean().nullable(),
  sharedWithSubject: z.boolean(),
  acknowledgedAt: z.string().nullable(),
  respondedAt: z.string().nullable(),
  actions: z.array(
    z.object({
      id: Id,
      title: z.string(),
      owner: Ref,
      dueDate: z.string(),
      status: z.enum(['open', 'done', 'cancelled']),
      completedAt: z.string().nullable(),
    }),
  ),
  timeline: z.array(
    z.object({
      id: Id,
      at: z.string(),
      type: z.string(),
      actor: z.string().nullable(),
      body: z.string().nullable(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
  allowedActions: z.array(z.enum(COMPLAINT_ACTIONS)),
  canManage: z.boolean(),
});
export type Complaint = z.infer<typeof Complaint>;

export const ComplaintListQuery = z.object({
  state: z.enum(['open', 'closed', 'all']).default('open'),
  organizationId: Id.optional(),
});

/** Complaint targets in hours, per severity: acknowledge, respond, close (the complaint SLA). */
export const ComplaintTargets = z.object({
  low: z.object({
    acknowledgeHours: z.number().positive(),
    respondHours: z.number().positive(),
    closeHours: z.number().positive(),
  }),
  medium: z.object({
    acknowledgeHours: z.number().positive(),
    respondHours: z.number().positive(),
    closeHours: z.number().positive(),
  }),
  high: z.object({
    acknowledgeHours: z.number().positive(),
    respondHours: z.number().positive(),
    closeHours: z.number().positive(),
  }),
});
export type ComplaintTargets = z.infer<typeof ComplaintTargets>;
export const DEFAULT_COMPLAINT_TARGETS: ComplaintTargets = {
  low: { acknowledgeHours: 24, respondHours: 72, closeHours: 240 },
  medium: { acknowledgeHours: 8, respondHours: 48, closeHours: 168 },
  high: { acknowledgeHours: 2, respondHours: 24, closeHours: 72 },
};

export const ComplaintFromFollowup = z.object({
  title: Text(200).optional(),
  category: z.enum(COMPLAINT_CATEGORIES).default('other'),
  severity: z.enum(COMPLAINT_SEVERITIES).default('medium'),
});

// ---- customer managers

export const CustomerManager = z.object({ userId: Id, name: z.string(), organization: Ref });
export const GrantCustomerManager = z.object({ userId: Id });

// ---- customer contracts and service reviews (registers)

export const REPORT_CYCLES = ['monthly', 'quarterly', 'annual'] as const;
const ContractService = z.object({ serviceId: Id, slaId: Id.nullable().default(null) });
const ContractFields = z.object({
  number: Text(40),
  organizationId: Id,
  name: Text(200),
  startsOn: CalendarDate,
  endsOn: CalendarDate,
  services: z.array(ContractService).max(100).default([]),
  reportCycle: z.enum(REPORT_CYCLES).default('monthly'),
  contacts: z.array(z.string().trim().min(1).max(200)).max(20).default([]),
  value: z.number().min(0).max(1e12).nullable().default(null),
  currency: z.string().trim().min(3).max(3).default('CNY'),
  renewalOn: CalendarDate.nullable().default(null),
  renewalReminderDays: z.number().int().min(0).max(365).default(60),
});
const periodInOrder = {
  check: (c: { startsOn?: string; endsOn?: string }) => !c.startsOn || !c.endsOn || c.endsOn >= c.startsOn,
  issue: { path: ['endsOn'], message: 'contract.period_reversed' },
};
export const CreateCustomerContract = ContractFields.refine(periodInOrder.check, periodInOrder.issue);
export const UpdateCustomerContract = z
  .object({
    number: Text(40).optional(),
    name: Text(200).optional(),
    startsOn: CalendarDate.optional(),
    endsOn: CalendarDate.optional(),
    services: z.array(ContractService).max(100).optional(),
    reportCycle: z.enum(REPORT_CYCLES).optional(),
    contacts: z.array(z.string().trim().min(1).max(200)).max(20).optional(),
    value: z.number().min(0).max(1e12).nullable().optional(),
    currency: z.string().trim().min(3).max(3).optional(),
    renewalOn: CalendarDate.nullable().optional(),
    renewalReminderDays: z.number().int().min(0).max(365).optional(),
    active: z.boolean().optional(),
  })
  .refine(periodInOrder.check, periodInOrder.issue);
export const CustomerContract = z.object({
  id: Id,
  number: z.string(),
  organizationId: Id,
  name: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  services: z.array(z.object({ serviceId: Id, slaId: Id.nullable() })),
  reportCycle: z.enum(REPORT_CYCLES),
  contacts: z.array(z.string()),
  value: z.number().nullable(),
  currency: z.string(),
  renewalOn: z.string().nullable(),
  renewalReminderDays: z.number().int(),
  /** The renewal date is within the reminder period (or past) and the contract is active. */
  renewalDue: z.boolean(),
  active: z.boolean(),
});
export type CustomerContract = z.infer<typeof CustomerContract>;

export const REVIEW_STATES = ['scheduled', 'held', 'closed'] as const;
const ReviewAction = z.object({
  id: z.string().max(40).optional(),
  title: Text(300),
  owner: z.string().trim().max(100).default(''),
  dueDate: CalendarDate.nullable().default(null),
  done: z.boolean().default(false),
});
const ChangeRequest = z.object({
  id: z.string().max(40).optional(),
  kind: z.enum(['scope', 'sla']),
  description: Text(2000),
  status: z.enum(['proposed', 'approved', 'rejected']).default('proposed'),
});
export const CreateServiceReview = z.object({
  organizationId: Id,
  title: Text(200),
  scheduledOn: CalendarDate,
  cycle: z.enum(['monthly', 'quarterly']).default('quarterly'),
  attendees: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  /** Empty: prefilled from the customer's figures of the last cycle. */
  agenda: z.string().trim().max(20_000).default(''),
});
export const UpdateServiceReview = z.object({
  title: Text(200).optional(),
  scheduledOn: CalendarDate.optional(),
  attendees: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  agenda: z.string().trim().max(20_000).optional(),
  minutes: z.string().trim().max(50_000).optional(),
  decisions: z.string().trim().max(20_000).optional(),
  actions: z.array(ReviewAction).max(100).optional(),
  changeRequests: z.array(ChangeRequest).max(50).optional(),
  state: z.enum(REVIEW_STATES).optional(),
});
export const ServiceReview = z.object({
  id: Id,
  organizationId: Id,
  title: z.string(),
  scheduledOn: z.string(),
  cycle: z.enum(['monthly', 'quarterly']),
  attendees: z.array(z.string()),
  agenda: z.string(),
  minutes: z.string(),
  decisions: z.string(),
  actions: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      owner: z.string(),
      dueDate: z.string().nullable(),
      done: z.boolean(),
    }),
  ),
  changeRequests: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['scope', 'sla']),
      description: z.string(),
      status: z.enum(['proposed', 'approved', 'rejected']),
    }),
  ),
  state: z.enum(REVIEW_STATES),
});
export type ServiceReview = z.infer<typeof ServiceReview>;

// ---- events and words

const ref = z.object({}).catchall(z.unknown());
const changes = z.record(z.string(), z.unknown());

export const relationshipEvents = defineEvents({
  'survey.created': z.object({ surveyId: Id }),
  'survey.versioned': z.object({ surveyId: Id, version: z.number().int() }),
  'survey.invited': z.object({ responseId: Id, surveyId: Id, personId: Id }),
  'survey.answered': z.object({ responseId: Id, surveyId: Id, low: z.boolean() }),
  'survey.campaign_started': z.object({ campaignId: Id, invited: z.number().int() }),
  ...recordEvents('complaint'),
  'complaint.acknowledged': changes,
  'complaint.investigating': changes,
  'complaint.responded': changes,
  'complaint.response_rejected': changes,
  'complaint.closed': changes,
  'complaint.withdrawn': changes,
  'complaint.escalated': ref,
  ...registerEvents('customer_contract'),
  ...registerEvents('service_review'),
  'customer_contract.renewal_due': z.object({ id: Id, renewalOn: z.string() }),
});

declare module '../events.js' {
  interface ModuleEvents extends EventsOf<typeof relationshipEvents> {}
}

export const relationshipMessages = defineMessages({
  'zh-CN': {
    'survey.options_required': '单选和多选题至少需要两个选项',
    'survey.duplicate_question': '题目编号重复',
    'survey.not_found': '调查不存在',
    'survey.link_invalid': '调查链接无效',
    'survey.link_expired': '调查链接已过期',
    'survey.link_used': '该调查已提交,感谢您的反馈',
    'survey.answer_required': '请回答必答题:{question}',
    'survey.answer_invalid': '答案不符合题目要求:{question}',
    'survey.not_periodic': '只有定期调查可以发起调查活动',
    'survey.followup_closed': '该回访已处理',
    'survey.default_required': '默认调查的第一题必须是星级评分',
    'complaint.illegal_transition': '投诉处于「{state}」状态,不能执行「{action}」',
    'complaint.response_required': '请先填写给投诉人的答复',
    'complaint.actions_open': '还有未完成的纠正措施',
    'complaint.state.new': '新建',
    'complaint.state.acknowledged': '已受理',
    'complaint.state.investigating': '调查中',
    'complaint.state.responded': '已答复',
    'complaint.state.closed': '已关闭',
    'complaint.state.withdrawn': '已撤回',
    'complaint.action.acknowledge': '受理',
    'complaint.action.investigate': '开始调查',
    'complaint.action.respond': '答复',
    'complaint.action.reject_response': '投诉人不接受答复',
    'complaint.action.close': '关闭',
    'complaint.action.withdraw': '撤回',
    'relationship.dataset.surveys': '满意度调查结果',
    'relationship.dataset.complaints': '投诉统计',
    'relationship.dim.survey': '调查',
    'relationship.dim.question': '题目',
    'relationship.dim.service': '服务',
    'relationship.dim.technician': '技术人员',
    'relationship.dim.team': '支持组',
    'relationship.dim.organization': '客户',
    'relationship.dim.month': '月份',
    'relationship.dim.category': '类别',
    'relationship.dim.severity': '严重程度',
    'relationship.dim.state': '状态',
    'relationship.dim.complainant': '投诉人',
    'relationship.measure.answers': '答复数',
    'relationship.measure.average': '平均分',
    'relationship.measure.satisfied': '满意率(≥4)',
    'relationship.measure.nps': 'NPS',
    'relationship.measure.complaints': '投诉数',
    'relationship.measure.closed': '已关闭',
    'relationship.measure.hoursToClose': '平均关闭时长(小时)',
    'relationship.measure.breached': '超时',
    'relationship.default_survey': '服务满意度回访',
    'relationship.q.rating': '您对本次服务的总体评价',
    'relationship.q.comment': '您还有什么意见或建议?',
    'console.kind.complaint': '投诉',
    'contract.period_reversed': '合同结束日期不能早于开始日期',
    'review.actions_open': '评审还有未完成的行动项,不能关闭',
  },
  'en-US': {
    'survey.options_required': 'Single and multiple choice questions need at least two options',
    'survey.duplicate_question': 'Two questions have the same id',
    'survey.not_found': 'Survey not found',
    'survey.link_invalid': 'This survey link is not valid',
    'survey.link_expired': 'This survey link has expired',
    'survey.link_used': 'This survey has already been answered — thank you',
    'survey.answer_required': 'Please answer the required question: {question}',
    'survey.answer_invalid': 'This answer does not fit the question: {question}',
    'survey.not_periodic': 'Only periodic surveys are sent as campaigns',
    'survey.followup_closed': 'This follow-up has already been handled',
    'survey.default_required': 'The first question of the default survey must be a star rating',
    'complaint.illegal_transition': 'A complaint in state "{state}" cannot be "{action}"',
    'complaint.response_required': 'Write the response to the complainant first',
    'complaint.actions_open': 'Corrective actions are still open',
    'complaint.state.new': 'New',
    'complaint.state.acknowledged': 'Acknowledged',
    'complaint.state.investigating': 'Investigating',
    'complaint.state.responded': 'Responded',
    'complaint.state.closed': 'Closed',
    'complaint.state.withdrawn': 'Withdrawn',
    'complaint.action.acknowledge': 'Acknowledge',
    'complaint.action.investigate': 'Investigate',
    'complaint.action.respond': 'Respond',
    'complaint.action.reject_response': 'Response not accepted',
    'complaint.action.close': 'Close',
    'complaint.action.withdraw': 'Withdraw',
    'relationship.dataset.surveys': 'Satisfaction survey results',
    'relationship.dataset.complaints': 'Complaint statistics',
    'relationship.dim.survey': 'Survey',
    'relationship.dim.question': 'Question',
    'relationship.dim.service': 'Service',
    'relationship.dim.technician': 'Technician',
    'relationship.dim.team': 'Team',
    'relationship.dim.organization': 'Customer',
    'relationship.dim.month': 'Month',
    'relationship.dim.category': 'Category',
    'relationship.dim.severity': 'Severity',
    'relationship.dim.state': 'State',
    'relationship.dim.complainant': 'Complainant',
    'relationship.measure.answers': 'Answers',
    'relationship.measure.average': 'Average',
    'relationship.measure.satisfied': 'Satisfied (≥4)',
    'relationship.measure.nps': 'NPS',
    'relationship.measure.complaints': 'Complaints',
    'relationship.measure.closed': 'Closed',
    'relationship.measure.hoursToClose': 'Mean hours to close',
    'relationship.measure.breached': 'Overdue',
    'relationship.default_survey': 'Service satisfaction follow-up',
    'relationship.q.rating': 'How would you rate the service overall?',
    'relationship.q.comment': 'Anything else you would like to tell us?',
    'console.kind.complaint': 'Complaint',
    'contract.period_reversed': 'The contract cannot end before it starts',
    'review.actions_open': 'The review still has open action items and cannot be closed',
  },
});

declare module '../i18n/index.js' {
  interface ModuleMessages {
    relationship: (typeof relationshipMessages)['zh-CN'];
  }
}
