import { z } from 'zod';
import { defineEvents, type EventsOf, registerEvents } from '../events.js';
import { defineMessages } from '../i18n/index.js';
import { defineMachine } from '../machine.js';
import { Id, Text } from '../schemas/common.js';

/**
 * Release management (发布管理, seed 004 §9.1 and §4.1.4): what the server module `releases` and
 * the web feature `releases` share — the release life cycle and each site's deployment activity
 * as pure machines with their guards, the test gate per release type, schemas, events and words.
 * Nothing here does I/O; the server reads the facts and applies the answers.
 */

// ---------- the release life cycle ----------

/**
 * 草稿 → 计划中 → 构建中 → 测试中 → 验收中 → 待审批 → 部署中 → 验证中 → 评审中 → 已关闭,
 * plus 失败/已回退 (which is reviewed too) and 已取消. Rework loops 验收中 back to 测试中.
 */
export const RELEASE_STATES = [
  'draft',
  'planning',
  'build',
  'testing',
  'acceptance',
  'approval',
  'deployment',
  'verification',
  'review',
  'closed',
  'rolled_back',
  'cancelled',
] as const;
export type ReleaseState = (typeof RELEASE_STATES)[number];

export const OPEN_RELEASE_STATES: readonly ReleaseState[] = RELEASE_STATES.filter(
  (s) => s !== 'closed' && s !== 'cancelled',
);
export const TERMINAL_RELEASE_STATES: readonly ReleaseState[] = ['closed', 'cancelled'];
/** Before deployment: the plan, its changes and its sites may still be edited. */
export const PLANNING_RELEASE_STATES: readonly ReleaseState[] = [
  'draft',
  'planning',
  'build',
  'testing',
  'acceptance',
  'approval',
];

export const RELEASE_TYPES = ['major', 'minor', 'emergency'] as const;
export type ReleaseType = (typeof RELEASE_TYPES)[number];

export const RELEASE_ACTIONS = [
  'plan',
  'build',
  'test',
  'request_acceptance',
  'accept',
  'rework',
  'approve',
  'complete_deployment',
  'roll_back',
  'verify',
  'review',
  'close',
  'cancel',
] as const;
export type ReleaseAction = (typeof RELEASE_ACTIONS)[number];

export const TEST_ENVIRONMENTS = ['staging', 'production'] as const;
export type TestEnvironment = (typeof TEST_ENVIRONMENTS)[number];
export const TEST_RESULTS = ['pass', 'fail'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

/**
 * The test records a release type asks for before it may go to acceptance and to approval
 * (§9.1.1 "发布测试记录需跟踪", §9.1.3): a major upgrade is verified in the simulation (staging)
 * environment; a minor release needs at least one passed test anywhere; an emergency release may
 * deploy on its acceptance alone and be tested in production afterwards.
 */
export const REQUIRED_TESTS: Record<ReleaseType, { staging: number; any: number }> = {
  major: { staging: 1, any: 1 },
  minor: { staging: 0, any: 1 },
  emergency: { staging: 0, any: 0 },
};

export interface TestTally {
  passedStaging: number;
  passed: number;
  /** Test cases whose latest record failed (a failure is cleared by a later pass of the same case). */
  failing: number;
}

export interface SiteTally {
  pending: number;
  inProgress: number;
  done: number;
  failed: number;
  rolledBack: number;
}

export interface ReleaseFacts {
  state: ReleaseState;
  type: ReleaseType;
  /** Changes grouped into the release. */
  changes: number;
  /** Grouped changes not (yet) approved: a release cannot deploy while one is not. */
  unapprovedChanges: number;
  /** The plan's essentials: release date, deliverables and how it is backed out (§9.1.2). */
  planComplete: boolean;
  tests: TestTally;
  sites: SiteTally;
  /** The acceptance (验收) was given by the service owner or a customer representative. */
  accepted: boolean;
  /** What was backed out, where and why (§9.1.5). */
  hasBackoutReport: boolean;
  /** Someone recorded the verification after deployment (§9.1.4). */
  verified: boolean;
  /** The release review (expected against actual, §4.1.4) is written. */
  reviewDone: boolean;
}

export type ReleaseTransitionError =
  | 'release.illegal_transition'
  | 'release.changes_required'
  | 'release.plan_incomplete'
  | 'release.tests_required'
  | 'release.tests_failing'
  | 'release.acceptance_required'
  | 'release.changes_not_approved'
  | 'release.sites_required'
  | 'release.sites_open'
  | 'release.site_not_rolled_back'
  | 'release.no_site_succeeded'
  | 'release.backout_report_required'
  | 'release.verification_required'
  | 'release.review_required';

export type ReleaseTransition = { ok: true; state: ReleaseState } | { ok: false; code: ReleaseTransitionError };

const FROM: Record<ReleaseAction, readonly ReleaseState[]> = {
  plan: ['draft'],
  build: ['planning'],
  test: ['build'],
  request_acceptance: ['testing'],
  accept: ['acceptance'],
  rework: ['acceptance', 'approval'],
  approve: ['approval'],
  complete_deployment: ['deployment'],
  roll_back: ['deployment', 'verification'],
  verify: ['verification'],
  review: ['rolled_back'],
  close: ['review'],
  cancel: ['draft', 'planning', 'build', 'testing', 'acceptance', 'approval'],
};

const TO: Record<ReleaseAction, ReleaseState> = {
  plan: 'planning',
  build: 'build',
  test: 'testing',
  request_acceptance: 'acceptance',
  accept: 'approval',
  rework: 'testing',
  approve: 'deployment',
  complete_deployment: 'verification',
  roll_back: 'rolled_back',
  verify: 'review',
  review: 'review',
  close: 'closed',
  cancel: 'cancelled',
};

const fail = (code: ReleaseTransitionError): ReleaseTransition => ({ ok: false, code });

/** Whether the test records satisfy what the release type asks for (null: they do). */
export function testGate(type: ReleaseType, tests: TestTally): ReleaseTransitionError | null {
  // A failing case says more than a missing one: it is named first.
  if (tests.failing > 0) return 'release.tests_failing';
  const need = REQUIRED_TESTS[type];
  if (tests.passedStaging < need.staging || tests.passed < need.any) return 'release.tests_required';
  return null;
}

export function nextReleaseState(facts: ReleaseFacts, action: ReleaseAction): ReleaseTransition {
  if (!FROM[action].includes(facts.state)) return fail('release.illegal_transition');
  switch (action) {
    case 'build':
      if (facts.changes === 0) return fail('release.changes_required');
      if (!facts.planComplete) return fail('release.plan_incomplete');
      break;
    case 'request_acceptance': {
      const gate = testGate(facts.type, facts.tests);
      if (gate) return fail(gate);
      break;
    }
    case 'accept':
      if (!facts.accepted) return fail('release.acceptance_required');
      break;
    case 'approve': {
      if (facts.changes === 0) return fail('release.changes_required');
      if (facts.unapprovedChanges > 0) return fail('release.changes_not_approved');
      const gate = testGate(facts.type, facts.tests);
      if (gate) return fail(gate);
      if (!facts.accepted) return fail('release.acceptance_required');
      if (siteCount(facts.sites) === 0) return fail('release.sites_required');
      break;
    }
    case 'complete_deployment':
      if (facts.sites.pending + facts.sites.inProgress > 0) return fail('release.sites_open');
      if (facts.sites.failed > 0) return fail('release.site_not_rolled_back');
      if (facts.sites.done === 0) return fail('release.no_site_succeeded');
      break;
    case 'roll_back':
      if (!facts.hasBackoutReport) return fail('release.backout_report_required');
      break;
    case 'verify':
      if (!facts.verified) return fail('release.verification_required');
      break;
    case 'close':
      if (!facts.reviewDone) return fail('release.review_required');
      break;
    default:
      break;
  }
  return { ok: true, state: TO[action] };
}

export const siteCount = (s: SiteTally) => s.pending + s.inProgress + s.done + s.failed + s.rolledBack;

export const releaseMachine = defineMachine({
  labels: 'release.',
  states: RELEASE_STATES,
  actions: RELEASE_ACTIONS,
  stateOf: (facts: ReleaseFacts) => facts.state,
  transition: nextReleaseState,
});

// ---------- deployment activities per site ----------

export const SITE_STATES = ['pending', 'in_progress', 'done', 'failed', 'rolled_back'] as const;
export type SiteState = (typeof SITE_STATES)[number];
export const SITE_ACTIONS = ['start', 'complete', 'fail', 'roll_back'] as const;
export type SiteAction = (typeof SITE_ACTIONS)[number];

export interface SiteFacts {
  state: SiteState;
  /** The release is being deployed. */
  releaseDeploying: boolean;
  /** Now lies within the activity's window (or the release is an emergency). */
  nowInWindow: boolean;
  /** The step carries its note (a failure or a back-out says what happened). */
  hasNote: boolean;
}

export type SiteTransitionError =
  | 'release.site_illegal_transition'
  | 'release.not_deploying'
  | 'release.site_outside_window'
  | 'release.site_note_required';

export type SiteTransition = { ok: true; state: SiteState } | { ok: false; code: SiteTransitionError };

const SITE_FROM: Record<SiteAction, readonly SiteState[]> = {
  start: ['pending'],
  complete: ['in_progress'],
  fail: ['in_progress'],
  // A failed site is backed out; a site that went live may be backed out when the release is.
  roll_back: ['failed', 'done', 'in_progress'],
};
const SITE_TO: Record<SiteAction, SiteState> = {
  start: 'in_progress',
  complete: 'done',
  fail: 'failed',
  roll_back: 'rolled_back',
};

export function nextSiteState(facts: SiteFacts, action: SiteAction): SiteTransition {
  if (!SITE_FROM[action].includes(facts.state)) return { ok: false, code: 'release.site_illegal_transition' };
  if (!facts.releaseDeploying) return { ok: false, code: 'release.not_deploying' };
  if (action === 'start' && !facts.nowInWindow) return { ok: false, code: 'release.site_outside_window' };
  if ((action === 'fail' || action === 'roll_back') && !facts.hasNote)
    return { ok: false, code: 'release.site_note_required' };
  return { ok: true, state: SITE_TO[action] };
}

export const siteMachine = defineMachine({
  labels: 'release.site.',
  states: SITE_STATES,
  actions: SITE_ACTIONS,
  stateOf: (facts: SiteFacts) => facts.state,
  transition: nextSiteState,
});

// ---------- schemas ----------

const Iso = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date and time');
const Long = (max = 20_000) => z.string().trim().max(max).default('');
const LongPatch = (max = 20_000) => z.string().trim().max(max).optional();

/**
 * The release plan (《发布计划》, §9.1.2), one structured field per item of the seed; deployment
 * activities per site, the changes, problems and known errors are kept beside it.
 */
const planShape = <T extends z.ZodType>(text: () => T) => ({
  /** 发布日期和交付描述 */
  releaseDate: Iso.nullish(),
  deliverables: text(),
  /** 如发布失败，可以被撤销或修复的方式 */
  backoutPlan: text(),
  /** 验证和验收流程 */
  verificationPlan: text(),
  /** 对客户和服务支持人员的交流、准备、备案和培训 */
  communication: text(),
  training: text(),
  /** 采购、存储、分发、联系、接受和销毁商品的后勤工作和流程 */
  logistics: text(),
  /** 确保服务级别所需的支持资源 */
  supportResources: text(),
  /** 可能对发布测试和实施造成影响的相关变更和风险 */
  risks: text(),
  /** 与相关人员、客户代表安排的更新、评审会议 */
  reviewMeetings: text(),
  /** 重大升级的仿真环境验证 (§9.1.3): where and how it is rehearsed. */
  stagingPlan: text(),
  /** 安装指南 (§9.1.3) */
  installationGuide: text(),
});
export const ReleasePlan = z.object(planShape(() => Long()));
/** A plan edit: only the fields sent change (no defaults, or an edit would blank the rest). */
export const ReleasePlanPatch = z.object(planShape(() => LongPatch()));
export type ReleasePlan = z.infer<typeof ReleasePlan>;
export const PLAN_FIELDS = Object.keys(ReleasePlan.shape) as (keyof ReleasePlan)[];

/** A CI the release puts a new version on (and, optionally, into a new state), under one of its changes. */
const CiTarget = z.object({
  ciId: Id,
  /** The version the CI carries after the release (its `version` attribute). */
  version: Text(100),
  state: z.enum(['in_use', 'testing', 'changing']).nullish(),
  /** The grouped change that authorises the write; absent: the first grouped change listing the CI. */
  changeId: Id.nullish(),
  /** The library entry deployed on this CI (software CIs link to it). */
  dslItemId: Id.nullish(),
});

export const CreateRelease = z.object({
  title: Text(200),
  description: Long(),
  type: z.enum(RELEASE_TYPES).default('minor'),
  version: Text(100),
  serviceIds: z.array(Id).max(50).default([]),
  changeIds: z.array(Id).max(200).default([]),
  /** Problems and known errors the release closes (§9.1.2). */
  problemIds: z.array(Id).max(200).default([]),
  dslItemIds: z.array(Id).max(200).default([]),
  /** The customer organisation whose representatives accept it (absent: the provider's own). */
  organizationId: Id.nullish(),
  customerRepIds: z.array(Id).max(50).default([]),
  assigneeId: Id.nullish(),
  groupId: Id.nullish(),
  plan: ReleasePlanPatch.default({}),
});
export type CreateRelease = z.infer<typeof CreateRelease>;

export const UpdateRelease = z.object({
  title: Text(200).optional(),
  description: LongPatch(),
  type: z.enum(RELEASE_TYPES).optional(),
  version: Text(100).optional(),
  serviceIds: z.array(Id).max(50).optional(),
  changeIds: z.array(Id).max(200).optional(),
  problemIds: z.array(Id).max(200).optional(),
  dslItemIds: z.array(Id).max(200).optional(),
  customerRepIds: z.array(Id).max(50).optional(),
  assigneeId: Id.nullish(),
  groupId: Id.nullish(),
  plan: ReleasePlanPatch.optional(),
  ciTargets: z.array(CiTarget).max(500).optional(),
});
export type UpdateRelease = z.infer<typeof UpdateRelease>;

const windowOrder = {
  check: (w: { windowStart?: string | null; windowEnd?: string | null }) =>
    !w.windowStart || !w.windowEnd || Date.parse(w.windowEnd) > Date.parse(w.windowStart),
  issue: { path: ['windowEnd'], message: 'release.end_before_start' },
};

/** A deployment activity at one site (a location CI): who, when, what. */
export const CreateSite = z
  .object({
    locationId: Id,
    ownerId: Id,
    windowStart: Iso,
    windowEnd: Iso,
    activities: Long(8000),
  })
  .refine(windowOrder.check, windowOrder.issue);
export const UpdateSite = z
  .object({
    ownerId: Id.optional(),
    windowStart: Iso.optional(),
    windowEnd: Iso.optional(),
    activities: LongPatch(8000),
  })
  .refine(windowOrder.check, windowOrder.issue);
export const SiteStep = z.object({ action: z.enum(SITE_ACTIONS), note: Long(4000) });

export const KnownErrorFound = z.object({
  title: Text(200),
  description: Text(8000),
  workaround: Text(8000),
});

export const CreateTestRecord = z.object({
  testCase: Text(200),
  expected: Text(4000),
  actual: Text(4000),
  environment: z.enum(TEST_ENVIRONMENTS),
  result: z.enum(TEST_RESULTS),
  /** Absent: the person recording it. */
  testerId: Id.nullish(),
  /** Known errors found in this test: each becomes a known error (a problem) linked to the release. */
  knownErrors: z.array(KnownErrorFound).max(20).default([]),
});

export const AcceptRelease = z.object({
  decision: z.enum(['accept', 'rework']),
  conditions: Long(4000),
  note: Long(4000),
});

export const ReleaseNote = z.object({ note: Long(4000) });
export const BackoutReport = z.object({ report: Text(8000) });
export const VerifyRelease = z.object({ note: Text(4000) });

export const ReleaseReview = z.object({
  expected: Text(8000),
  actual: Text(8000),
  objectivesMet: z.boolean(),
  lessons: Long(8000),
  /** Incidents the reviewer confirms were caused by the release (from the candidates). */
  incidentIds: z.array(Id).max(200).default([]),
});

export const RaiseFollowUp = z.object({
  kind: z.enum(['problem', 'change']),
  title: Text(200),
  description: Text(8000),
});

export const ReleaseListQuery = z.object({
  state: z.enum(RELEASE_STATES).optional(),
  type: z.enum(RELEASE_TYPES).optional(),
  q: z.string().trim().max(200).optional(),
  /** Releases awaiting the caller's acceptance (the portal's list). */
  awaitingMe: z.coerce.boolean().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const ReleaseCalendarQuery = z
  .object({ from: Iso, to: Iso })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'release.end_before_start' })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, {
    path: ['to'],
    message: 'release.range_too_long',
  });

// ---------- the definitive software library (最终软件库) ----------

export const DslItem = z.object({
  id: Id,
  name: z.string(),
  version: z.string(),
  checksum: z.string(),
  licence: z.string(),
  location: z.string(),
  vendor: z.string(),
  notes: z.string(),
  active: z.boolean(),
});
export type DslItem = z.infer<typeof DslItem>;
const Checksum = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(sha256:)?[0-9a-f]{64}$/, 'release.checksum_format');
export const CreateDslItem = z.object({
  name: Text(200),
  version: Text(100),
  checksum: Checksum,
  licence: Text(200),
  location: Text(1000),
  vendor: z.string().trim().max(200).default(''),
  notes: z.string().trim().max(4000).default(''),
});
export const UpdateDslItem = CreateDslItem.partial().extend({ active: z.boolean().optional() });
export const LinkDslCis = z.object({ ciIds: z.array(Id).max(500) });

export const RELEASE_CAPABILITIES = ['release_manager'] as const;
export const SetReleaseManager = z.object({ releaseManager: z.boolean() });

// ---------- events ----------

const changed = z.record(z.string(), z.unknown());
export const releaseEvents = defineEvents({
  'release.planned': changed,
  'release.build_started': changed,
  'release.testing_started': changed,
  'release.acceptance_requested': changed,
  'release.accepted': changed,
  'release.reworked': changed,
  'release.approved': changed,
  'release.deployed': changed,
  'release.rolled_back': changed,
  'release.verified': changed,
  'release.review_started': changed,
  'release.reviewed': changed,
  'release.closed': changed,
  'release.cancelled': changed,
  'release.tested': z.object({ testId: Id, result: z.string() }),
  'release.site_changed': z.object({ siteId: Id, state: z.string() }),
  ...registerEvents('dsl_item'),
});

declare module '../events.js' {
  interface ModuleEvents extends EventsOf<typeof releaseEvents> {}
}

// ---------- words ----------

export const releaseMessages = defineMessages({
  'zh-CN': {
    'release.state.draft': '草稿',
    'release.state.planning': '计划中',
    'release.state.build': '构建中',
    'release.state.testing': '测试中',
    'release.state.acceptance': '验收中',
    'release.state.approval': '待审批',
    'release.state.deployment': '部署中',
    'release.state.verification': '验证中',
    'release.state.review': '评审中',
    'release.state.closed': '已关闭',
    'release.state.rolled_back': '失败/已回退',
    'release.state.cancelled': '已取消',
    'release.action.plan': '开始计划',
    'release.action.build': '开始构建',
    'release.action.test': '开始测试',
    'release.action.request_acceptance': '提交验收',
    'release.action.accept': '验收通过',
    'release.action.rework': '返工（退回测试）',
    'release.action.approve': '批准上线',
    'release.action.complete_deployment': '部署完成',
    'release.action.roll_back': '回退发布',
    'release.action.verify': '验证通过',
    'release.action.review': '开始发布评审',
    'release.action.close': '关闭',
    'release.action.cancel': '取消',
    'release.type.major': '重大发布',
    'release.type.minor': '一般发布',
    'release.type.emergency': '紧急发布',
    'release.site.state.pending': '待实施',
    'release.site.state.in_progress': '实施中',
    'release.site.state.done': '已完成',
    'release.site.state.failed': '失败',
    'release.site.state.rolled_back': '已回退',
    'release.site.action.start': '开始实施',
    'release.site.action.complete': '标记完成',
    'release.site.action.fail': '标记失败',
    'release.site.action.roll_back': '回退',
    'release.env.staging': '仿真环境',
    'release.env.production': '生产环境',
    'release.result.pass': '通过',
    'release.result.fail': '不通过',
    'release.plan.releaseDate': '发布日期',
    'release.plan.deliverables': '交付描述',
    'release.plan.backoutPlan': '撤销/修复方式',
    'release.plan.verificationPlan': '验证和验收流程',
    'release.plan.communication': '对客户和支持人员的沟通',
    'release.plan.training': '准备、备案和培训',
    'release.plan.logistics': '后勤（采购、存储、分发、接收、销毁）',
    'release.plan.supportResources': '确保服务级别的支持资源',
    'release.plan.risks': '相关变更和风险',
    'release.plan.reviewMeetings': '与相关人员、客户代表的评审会议',
    'release.plan.stagingPlan': '仿真环境验证',
    'release.plan.installationGuide': '安装指南',
    'release.illegal_transition': '发布当前状态为“{state}”，不能执行“{action}”',
    'release.changes_required': '发布至少要包含一个变更',
    'release.plan_incomplete': '请先填写发布计划的发布日期、交付描述和撤销方式',
    'release.tests_required': '该发布类型要求的测试记录尚未齐备（重大发布须在仿真环境测试通过）',
    'release.tests_failing': '还有未通过的测试用例',
    'release.acceptance_required': '尚未由服务负责人或客户代表验收',
    'release.changes_not_approved': '发布包含的变更尚未全部批准',
    'release.sites_required': '请先为每个实施地点制订部署活动',
    'release.sites_open': '还有实施地点未完成',
    'release.site_not_rolled_back': '失败的实施地点须先回退',
    'release.no_site_succeeded': '没有成功的实施地点，请回退发布',
    'release.backout_report_required': '请填写回退报告：回退了什么、在哪里、为什么',
    'release.verification_required': '请先记录上线验证',
    'release.review_required': '关闭前须完成发布评审',
    'release.site_illegal_transition': '实施地点当前状态为“{state}”，不能执行“{action}”',
    'release.not_deploying': '只有部署中的发布可以实施',
    'release.site_outside_window': '当前不在该地点的实施窗口内',
    'release.site_note_required': '请说明失败或回退的情况',
    'release.end_before_start': '结束时间必须晚于开始时间',
    'release.range_too_long': '时间范围过长',
    'release.not_editable': '发布进入部署后不能再修改计划',
    'release.change_unknown': '找不到变更 {ref}',
    'release.ci_not_in_change': '配置项 {ci} 不在发布包含的变更中，无法授权更新',
    'release.not_a_location': '实施地点必须是“位置”类配置项',
    'release.ci_no_version': '配置项 {ci} 的类别没有“版本”属性',
    'release.window_blocked': '实施窗口不在维护窗口内或落在封网期“{window}”内',
    'release.not_acceptor': '只有服务负责人、客户代表或发布经理可以验收',
    'release.not_reviewing': '只有评审中的发布可以填写发布评审',
    'release.not_failed': '只有失败或回退的发布可以发起问题或变更',
    'release.checksum_format': '校验和须为 64 位十六进制 SHA-256',
    'release.dsl_duplicate': '最终软件库中已有该软件的此版本',
    'release.not_software': '只有“软件”类配置项可以关联最终软件库',
    'release.notes.title': '发布说明：{number} {title}（{version}）',
    'release.notes.notice': '发布通告',
    'release.notes.changes': '变更内容',
    'release.notes.known_errors': '已知错误及临时解决办法',
    'release.notes.cis': '已更新的配置项',
    'release.notes.none': '无',
    'release.report.dataset': '发布统计',
    'release.report.dim.type': '发布类型',
    'release.report.dim.month': '月份',
    'release.report.dim.outcome': '结果',
    'release.report.measure.releases': '发布数',
    'release.report.measure.successRate': '发布成功率',
    'release.report.measure.rolledBackShare': '回退占比',
    'release.report.measure.incidentsPerRelease': '每次发布引发的事件数',
    'release.outcome.success': '成功',
    'release.outcome.rolled_back': '已回退',
    'release.outcome.open': '进行中',
  },
  'en-US': {
    'release.state.draft': 'Draft',
    'release.state.planning': 'Planning',
    'release.state.build': 'Build',
    'release.state.testing': 'Testing',
    'release.state.acceptance': 'Acceptance',
    'release.state.approval': 'Awaiting approval',
    'release.state.deployment': 'Deploying',
    'release.state.verification': 'Verifying',
    'release.state.review': 'In review',
    'release.state.closed': 'Closed',
    'release.state.rolled_back': 'Failed / rolled back',
    'release.state.cancelled': 'Cancelled',
    'release.action.plan': 'Start planning',
    'release.action.build': 'Start build',
    'release.action.test': 'Start testing',
    'release.action.request_acceptance': 'Request acceptance',
    'release.action.accept': 'Accept',
    'release.action.rework': 'Rework (back to testing)',
    'release.action.approve': 'Approve deployment',
    'release.action.complete_deployment': 'Deployment complete',
    'release.action.roll_back': 'Roll back the release',
    'release.action.verify': 'Verified',
    'release.action.review': 'Start the release review',
    'release.action.close': 'Close',
    'release.action.cancel': 'Cancel',
    'release.type.major': 'Major release',
    'release.type.minor': 'Minor release',
    'release.type.emergency': 'Emergency release',
    'release.site.state.pending': 'Pending',
    'release.site.state.in_progress': 'In progress',
    'release.site.state.done': 'Done',
    'release.site.state.failed': 'Failed',
    'release.site.state.rolled_back': 'Rolled back',
    'release.site.action.start': 'Start',
    'release.site.action.complete': 'Mark done',
    'release.site.action.fail': 'Mark failed',
    'release.site.action.roll_back': 'Roll back',
    'release.env.staging': 'Staging',
    'release.env.production': 'Production',
    'release.result.pass': 'Pass',
    'release.result.fail': 'Fail',
    'release.plan.releaseDate': 'Release date',
    'release.plan.deliverables': 'Deliverables',
    'release.plan.backoutPlan': 'Back-out or repair',
    'release.plan.verificationPlan': 'Verification and acceptance',
    'release.plan.communication': 'Communication to customers and support staff',
    'release.plan.training': 'Preparation, documentation and training',
    'release.plan.logistics': 'Logistics (procure, store, distribute, receive, dispose)',
    'release.plan.supportResources': 'Support resources for the service levels',
    'release.plan.risks': 'Related changes and risks',
    'release.plan.reviewMeetings': 'Review meetings with stakeholders and customer representatives',
    'release.plan.stagingPlan': 'Staging (simulation) verification',
    'release.plan.installationGuide': 'Installation guide',
    'release.illegal_transition': 'The release is “{state}”; “{action}” is not possible',
    'release.changes_required': 'A release groups at least one change',
    'release.plan_incomplete': 'Fill in the plan’s release date, deliverables and back-out first',
    'release.tests_required':
      'The test records this release type asks for are missing (a major release passes in staging)',
    'release.tests_failing': 'Some test cases have not passed',
    'release.acceptance_required': 'Not yet accepted by the service owner or a customer representative',
    'release.changes_not_approved': 'Not every change in the release is approved',
    'release.sites_required': 'Plan a deployment activity for each site first',
    'release.sites_open': 'Some sites are not finished',
    'release.site_not_rolled_back': 'Roll back the failed sites first',
    'release.no_site_succeeded': 'No site succeeded: roll the release back',
    'release.backout_report_required': 'Write the back-out report: what was backed out, where and why',
    'release.verification_required': 'Record the verification after deployment first',
    'release.review_required': 'Write the release review before closing',
    'release.site_illegal_transition': 'The site is “{state}”; “{action}” is not possible',
    'release.not_deploying': 'Only a release being deployed is carried out at its sites',
    'release.site_outside_window': 'Now is outside this site’s deployment window',
    'release.site_note_required': 'Say what failed or what was backed out',
    'release.end_before_start': 'The end must be after the start',
    'release.range_too_long': 'The range is too long',
    'release.not_editable': 'The plan cannot be edited once deployment has begun',
    'release.change_unknown': 'No change {ref}',
    'release.ci_not_in_change':
      'CI {ci} is not listed by a change in the release, so its update would not be authorised',
    'release.not_a_location': 'A site must be a CI of the class “location”',
    'release.ci_no_version': 'The class of CI {ci} has no “version” attribute',
    'release.window_blocked': 'The window is outside the maintenance windows or falls in the blackout “{window}”',
    'release.not_acceptor': 'Only the service owner, a customer representative or a release manager accepts a release',
    'release.not_reviewing': 'Only a release in review takes its review',
    'release.not_failed': 'Only a failed or rolled-back release raises a follow-up problem or change',
    'release.checksum_format': 'The checksum must be a 64-digit hexadecimal SHA-256',
    'release.dsl_duplicate': 'The library already holds this version of the software',
    'release.not_software': 'Only CIs of the class “software” link to the definitive software library',
    'release.notes.title': 'Release notes: {number} {title} ({version})',
    'release.notes.notice': 'Release notice',
    'release.notes.changes': 'What changed',
    'release.notes.known_errors': 'Known errors and workarounds',
    'release.notes.cis': 'Configuration items updated',
    'release.notes.none': 'None',
    'release.report.dataset': 'Releases',
    'release.report.dim.type': 'Release type',
    'release.report.dim.month': 'Month',
    'release.report.dim.outcome': 'Outcome',
    'release.report.measure.releases': 'Releases',
    'release.report.measure.successRate': 'Release success rate',
    'release.report.measure.rolledBackShare': 'Rolled-back share',
    'release.report.measure.incidentsPerRelease': 'Incidents per release',
    'release.outcome.success': 'Succeeded',
    'release.outcome.rolled_back': 'Rolled back',
    'release.outcome.open': 'In progress',
  },
});

declare module '../i18n/index.js' {
  interface ModuleMessages {
    releases: (typeof releaseMessages)['zh-CN'];
  }
}
