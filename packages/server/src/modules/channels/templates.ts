import { type Locale, NOTIFICATION_EVENTS, type NotificationEvent } from '@trellis/core';
import { nowIso } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';

type Template = { subject: string; body: string };

/** Shipped wording; an admin's edit in notification_templates takes precedence. */
export const DEFAULT_TEMPLATES: Record<NotificationEvent, Record<Locale, Template>> = {
  acknowledgement: {
    'zh-CN': {
      subject: '[{{number}}] 已受理:{{title}}',
      body: '{{requester}},您好:\n\n您的请求已由 IT 服务台受理,编号 {{number}}。\n标题:{{title}}\n\n直接回复本邮件即可补充信息,请保留主题中的编号。\n查看进度:{{url}}\n\nIT 服务台',
    },
    'en-US': {
      subject: '[{{number}}] Received: {{title}}',
      body: 'Hello {{requester}},\n\nThe IT service desk has received your request as {{number}}.\nTitle: {{title}}\n\nReply to this mail to add information; please keep the number in the subject.\nTrack it: {{url}}\n\nIT service desk',
    },
  },
  assigned: {
    'zh-CN': {
      subject: '[{{number}}] 已指派给您:{{title}}',
      body: '{{assignee}},您好:\n\n事件 {{number}} 已指派给您(支持组:{{group}})。\n级别:{{level}}\n标题:{{title}}\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] Assigned to you: {{title}}',
      body: 'Hello {{assignee}},\n\nIncident {{number}} has been assigned to you (group: {{group}}).\nLevel: {{level}}\nTitle: {{title}}\n\n{{url}}',
    },
  },
  comment: {
    'zh-CN': {
      subject: '[{{number}}] 新的回复:{{title}}',
      body: '{{author}} 在 {{number}} 中回复:\n\n{{comment}}\n\n直接回复本邮件即可继续沟通。\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] New reply: {{title}}',
      body: '{{author}} replied on {{number}}:\n\n{{comment}}\n\nReply to this mail to continue.\n{{url}}',
    },
  },
  state_changed: {
    'zh-CN': {
      subject: '[{{number}}] 状态变为「{{state}}」:{{title}}',
      body: '事件 {{number}} 的状态已变为「{{state}}」。\n{{note}}\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] Now {{state}}: {{title}}',
      body: 'Incident {{number}} is now {{state}}.\n{{note}}\n\n{{url}}',
    },
  },
  confirmation_request: {
    'zh-CN': {
      subject: '[{{number}}] 请确认处理结果:{{title}}',
      body: '{{requester}},您好:\n\n事件 {{number}} 已处理完成。\n解决方案:{{solution}}\n\n请登录确认并评价服务:{{url}}\n如问题仍未解决,直接回复本邮件即可。',
    },
    'en-US': {
      subject: '[{{number}}] Please confirm the resolution: {{title}}',
      body: 'Hello {{requester}},\n\nIncident {{number}} has been resolved.\nSolution: {{solution}}\n\nPlease confirm and rate the service: {{url}}\nIf the problem remains, just reply to this mail.',
    },
  },
  sla_warning: {
    'zh-CN': {
      subject: '[{{number}}] SLA 预警:{{metric}} 将于 {{dueAt}} 到期',
      body: '事件 {{number}}「{{title}}」的{{metric}}时限即将到期(已用 {{threshold}}%,到期时间 {{dueAt}})。\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] SLA warning: {{metric}} due {{dueAt}}',
      body: 'The {{metric}} target of incident {{number}} "{{title}}" is close to its limit ({{threshold}}% used, due {{dueAt}}).\n\n{{url}}',
    },
  },
  sla_breached: {
    'zh-CN': {
      subject: '[{{number}}] SLA 已违约:{{metric}}',
      body: '事件 {{number}}「{{title}}」的{{metric}}时限已于 {{dueAt}} 到期,已违约。\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] SLA breached: {{metric}}',
      body: 'The {{metric}} target of incident {{number}} "{{title}}" was due {{dueAt}} and is breached.\n\n{{url}}',
    },
  },
  survey: {
    'zh-CN': {
      subject: '[{{number}}] 满意度调查:{{title}}',
      body: '{{requester}},您好:\n\n请花一分钟评价本次服务({{number}}):{{url}}\n\n感谢您的反馈!',
    },
    'en-US': {
      subject: '[{{number}}] How did we do? {{title}}',
      body: 'Hello {{requester}},\n\nPlease take a minute to rate the service on {{number}}: {{url}}\n\nThank you!',
    },
  },
  major_update: {
    'zh-CN': {
      subject: '[{{number}}] 重大事件进展:{{title}}',
      body: '重大事件 {{number}}「{{title}}」最新进展:\n\n{{message}}\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] Major incident update: {{title}}',
      body: 'Latest on major incident {{number}} "{{title}}":\n\n{{message}}\n\n{{url}}',
    },
  },
  approval_requested: {
    'zh-CN': {
      subject: '[{{number}}] 待您审批:{{title}}',
      body: '{{approver}},您好:\n\n{{requester}} 提交的服务请求 {{number}}「{{title}}」等待您审批(第 {{step}} 步)。\n\n请登录处理:{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] Awaiting your approval: {{title}}',
      body: 'Hello {{approver}},\n\nService request {{number}} "{{title}}" from {{requester}} awaits your approval (step {{step}}).\n\nReview it: {{url}}',
    },
  },
  task_assigned: {
    'zh-CN': {
      subject: '[{{number}}] 新的履行任务:{{task}}',
      body: '服务请求 {{number}}「{{title}}」的履行任务「{{task}}」已分派给支持组 {{group}}。\n申请人:{{requester}}\n\n{{url}}',
    },
    'en-US': {
      subject: '[{{number}}] New fulfilment task: {{task}}',
      body: 'Fulfilment task "{{task}}" of service request {{number}} "{{title}}" is assigned to group {{group}}.\nRequester: {{requester}}\n\n{{url}}',
    },
  },
};

export const TEMPLATE_VARIABLES = [
  'number',
  'title',
  'state',
  'level',
  'requester',
  'assignee',
  'group',
  'author',
  'comment',
  'note',
  'solution',
  'metric',
  'threshold',
  'dueAt',
  'message',
  'approver',
  'step',
  'task',
  'url',
] as const;

export type TemplateVars = Partial<Record<(typeof TEMPLATE_VARIABLES)[number], string>>;

/** {{name}} placeholders; unknown names stay visible so a typo shows in the preview. */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text.replace(/\{\{\s*([a-zA-Z]+)\s*\}\}/g, (whole, name: string) =>
    name in vars ? (vars[name as keyof TemplateVars] ?? '') : whole,
  );
}

export async function loadTemplate(db: Db, event: NotificationEvent, locale: Locale): Promise<Template> {
  const row = await db
    .selectFrom('notification_templates')
    .select(['subject', 'body'])
    .where('event', '=', event)
    .where('locale', '=', locale)
    .executeTakeFirst();
  return row ?? DEFAULT_TEMPLATES[event][locale];
}

export async function listTemplates(db: Db) {
  const rows = await db.selectFrom('notification_templates').selectAll().execute();
  return NOTIFICATION_EVENTS.flatMap((event) =>
    (['zh-CN', 'en-US'] as const).map((locale) => {
      const custom = rows.find((r) => r.event === event && r.locale === locale);
      return {
        event,
        locale,
        subject: custom?.subject ?? DEFAULT_TEMPLATES[event][locale].subject,
        body: custom?.body ?? DEFAULT_TEMPLATES[event][locale].body,
        customized: Boolean(custom),
      };
    }),
  );
}

export async function saveTemplate(
  db: Db,
  input: { event: NotificationEvent; locale: Locale; subject: string; body: string } | null,
  reset?: { event: NotificationEvent; locale: Locale },
) {
  if (reset) {
    await db
      .deleteFrom('notification_templates')
      .where('event', '=', reset.event)
      .where('locale', '=', reset.locale)
      .execute();
    return;
  }
  if (!input) return;
  const now = nowIso();
  await db
    .insertInto('notification_templates')
    .values({ ...input, updated_at: now })
    .onConflict((oc) =>
      oc.columns(['event', 'locale']).doUpdateSet({ subject: input.subject, body: input.body, updated_at: now }),
    )
    .execute();
}
