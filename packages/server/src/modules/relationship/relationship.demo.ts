import type { DemoContext } from '../../platform/module.js';
import { createComplaint, transitionComplaint, updateComplaint } from './complaint.service.js';
import { customerContracts, serviceReviews } from './relationship.registers.js';
import { createSurvey } from './survey.service.js';

/**
 * The demo's relationship story: an annual customer survey ready to send, and two complaints of
 * a customer, one closed with its response accepted, one just received. The sign-off ratings of the
 * demo's incidents reach the default survey through its subscriber as they are confirmed.
 */
export async function loadRelationshipDemo(ctx: DemoContext): Promise<void> {
  await ctx.asAdmin((tx) =>
    createSurvey({
      tx,
      input: {
        name: '年度客户满意度调查',
        kind: 'periodic',
        samplePercent: 100,
        cooldownDays: 0,
        linkDays: 30,
        active: true,
        questions: [
          {
            id: 'overall',
            type: 'stars',
            required: true,
            label: { zh: '您对我们全年服务的总体满意度', en: 'Overall satisfaction with our service this year' },
          },
          {
            id: 'recommend',
            type: 'nps',
            required: true,
            label: { zh: '您向同事推荐我们的可能性', en: 'How likely are you to recommend us?' },
          },
          {
            id: 'best',
            type: 'multiple',
            required: false,
            label: { zh: '哪些方面做得好?', en: 'What did we do well?' },
            options: [
              { id: 'speed', label: { zh: '响应速度', en: 'Speed' } },
              { id: 'attitude', label: { zh: '服务态度', en: 'Attitude' } },
              { id: 'skill', label: { zh: '技术能力', en: 'Skill' } },
            ],
          },
          { id: 'comment', type: 'text', required: false, label: { zh: '意见和建议', en: 'Comments and suggestions' } },
        ],
      },
    }),
  );
  const requester = await ctx.db
    .selectFrom('users')
    .innerJoin('organizations', 'organizations.id', 'users.organization_id')
    .select(['users.id', 'users.organization_id'])
    .where('users.role', '=', 'requester')
    .where('organizations.kind', '=', 'customer')
    .where('users.active', '=', 1)
    .orderBy('users.created_at')
    .executeTakeFirst();
  if (!requester) return;
  await ctx.asAdmin(async (tx) => {
    const first = await createComplaint({
      tx,
      input: {
        title: '打印机报修三天无人处理',
        description: '财务部打印机报修后三天没有工程师联系,影响月结。',
        complainantId: requester.id,
        source: 'phone',
        about: 'provider',
        category: 'slow_response',
        severity: 'high',
        expectation: '尽快修复并说明原因',
      },
    });
    await transitionComplaint({ tx, id: first.id, action: 'acknowledge' });
    await updateComplaint({
      tx,
      id: first.id,
      input: {
        investigation: '工单被误分派到网络组,在队列中滞留。',
        rootCause: '分类规则把“打印”归入网络类',
        response: '已修复打印机,并修正了分类规则;对延误深表歉意。',
      },
    });
    await transitionComplaint({ tx, id: first.id, action: 'respond' });
    await transitionComplaint({ tx, id: first.id, action: 'close', accepted: true });
    await createComplaint({
      tx,
      input: {
        title: '同一故障一个月内第三次出现',
        description: 'VPN 每周都会断开,每次只是重启解决。',
        complainantId: requester.id,
        source: 'email',
        about: 'provider',
        category: 'repeated_failure',
        severity: 'medium',
        expectation: '找到根本原因',
      },
    });
  });
  const year = new Date().getUTCFullYear();
  const renewal = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
  const services = await ctx.db.selectFrom('services').select('id').orderBy('created_at').limit(3).execute();
  await ctx.asAdmin(async (tx) => {
    await customerContracts.create(tx, {
      number: `HT-${year}-001`,
      organizationId: requester.organization_id,
      name: 'IT 运维外包服务合同',
      startsOn: `${year}-01-01`,
      endsOn: `${year}-12-31`,
      services: services.map((s) => ({ serviceId: s.id, slaId: null })),
      reportCycle: 'monthly',
      contacts: ['客户方:信息部 王经理', '服务方:服务经理'],
      value: 1_200_000,
      currency: 'CNY',
      renewalOn: renewal,
      renewalReminderDays: 60,
    });
    await serviceReviews.create(tx, {
      organizationId: requester.organization_id,
      title: '季度服务评审',
      scheduledOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      cycle: 'quarterly',
      attendees: ['信息部 王经理', '服务经理'],
      agenda: '',
    });
  });
}
