import { nowMs, setClock } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { DemoContext } from '../../platform/module.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { calendarNames, STANDARD_CALENDAR_NAMES } from '../calendars/index.js';
import { ciIdsByName } from '../cmdb/index.js';
import { findUserByEmail, loadActor, setCapabilities } from '../directory/index.js';
import { changeTemplates, changeWindows, riskQuestions } from './change.registers.js';
import { blackoutsFromHolidays } from './change.schedule.js';
import {
  assessRisk,
  castVote,
  closeChange,
  completeImplementation,
  createChange,
  requestApproval,
  startAssessment,
  startImplementation,
  startReview,
  submitChange,
  verifyChange,
  writeReview,
} from './change.service.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The Saturday (UTC) `weeks` weeks from the current one, at 14:00Z = 22:00 China time. */
function saturdayNight(weeks: number, now = nowMs()): number {
  const d = new Date(now);
  const base = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) + ((6 - d.getUTCDay() + 7) % 7) * DAY;
  return base + weeks * 7 * DAY + 14 * HOUR;
}

/**
 * Demo changes in several states on the demo CMDB: one closed after its review, one approved and
 * scheduled into next weekend's window, one awaiting the CAB (in conflict with the scheduled one
 * through the ERP servers), an emergency being implemented ahead of its retrospective approval,
 * a standard change, and a customer's draft RFC. The weekly maintenance window, the Spring
 * Festival and National Day blackouts, the risk questionnaire and the change roles come with them.
 */
export async function loadChangeDemo(ctx: DemoContext): Promise<void> {
  const email = async (address: string) => (await findUserByEmail(ctx.db, address))?.id;
  const managerId = await email('manager@trellis.demo');
  const specialistId = await email('specialist@trellis.demo');
  const agentId = await email('agent@trellis.demo');
  const requesterId = await email('requester@trellis.demo');
  if (!managerId || !specialistId || !agentId || !requesterId) return;
  const cis = await ciIdsByName(ctx.db, ['ERP 数据库服务器', 'ERP 应用服务器', '邮件服务器']);
  const as = async <T>(userId: string, work: (tx: Tx) => Promise<T>) =>
    inTransaction(ctx, await loadActor(ctx.db, userId), work);

  const { question } = await ctx.asAdmin(async (tx) => {
    await setCapabilities(tx, managerId, ['change_manager', 'cab_member']);
    await setCapabilities(tx, specialistId, ['cab_member']);
    await setCapabilities(tx, agentId, ['cab_member']);
    const question = (await riskQuestions.create(tx, {
      textZh: '是否涉及生产数据或核心业务？',
      textEn: 'Does it touch production data or core business?',
      weight: 1,
      answers: [
        { labelZh: '否', labelEn: 'No', score: 0 },
        { labelZh: '间接涉及', labelEn: 'Indirectly', score: 15 },
        { labelZh: '直接涉及', labelEn: 'Directly', score: 30 },
      ],
      sort: 1,
    })) as { id: string };
    await riskQuestions.create(tx, {
      textZh: '是否做过回退演练？',
      textEn: 'Has the back-out been rehearsed?',
      weight: 1,
      answers: [
        { labelZh: '已演练', labelEn: 'Rehearsed', score: 0 },
        { labelZh: '未演练', labelEn: 'Not rehearsed', score: 10 },
      ],
      sort: 2,
    });
    await changeTemplates.create(tx, {
      name: '应用服务器例行重启',
      description: '按标准步骤重启应用服务器以释放资源',
      content: '通知用户 → 停止应用服务 → 重启服务器 → 启动并验证',
      plan: [
        { title: '通知用户', detail: '提前 1 小时在公告栏发布' },
        { title: '重启', detail: '按运维手册第 3 章执行' },
        { title: '验证', detail: '登录 ERP 检查主要功能' },
      ],
      backoutPlan: '如无法启动，切换到备用服务器',
      testPlan: '登录并打开销售订单',
      tasks: [{ title: '执行重启' }, { title: '业务验证' }],
      riskLevel: 'low',
    });
    // Saturday 22:00 to Sunday 06:00, China time, every week.
    await changeWindows.create(tx, {
      name: '周末维护窗口',
      kind: 'maintenance',
      startsAt: new Date(saturdayNight(-8)).toISOString(),
      endsAt: new Date(saturdayNight(-8) + 8 * HOUR).toISOString(),
      recurrence: 'weekly',
      reason: '',
    });
    const office = [...(await calendarNames(tx.db))].find(([, name]) => name === STANDARD_CALENDAR_NAMES.office)?.[0];
    const year = new Date(nowMs()).getUTCFullYear();
    if (office)
      for (const y of [year, year + 1])
        await blackoutsFromHolidays(tx, { calendarId: office, year: y, names: ['春节', '国庆'], marginDays: 1 });
    return { question };
  });

  const erpDb = cis.get('ERP 数据库服务器');
  const erpApp = cis.get('ERP 应用服务器');
  const mail = cis.get('邮件服务器');
  const base = {
    description: '',
    purpose: '',
    content: '',
    reason: '',
    plan: [] as { title: string; detail: string }[],
    backoutPlan: '',
    testPlan: '',
    serviceIds: [] as string[],
    ciIds: [] as string[],
    linkedRecordIds: [] as string[],
    references: [] as string[],
    type: 'normal' as const,
  };

  // 1. Done last weekend: approved by the CAB, implemented, verified, reviewed and closed.
  const lastWeekend = saturdayNight(-1);
  const restore = setClock(() => lastWeekend - 4 * DAY);
  try {
    const done = await as(specialistId, (tx) =>
      createChange({
        tx,
        input: {
          ...base,
          title: 'ERP 数据库补丁升级',
          purpose: '修复数据库安全漏洞',
          content: '安装厂商发布的累积补丁',
          reason: '厂商安全公告',
          plan: [
            { title: '全量备份', detail: '' },
            { title: '安装补丁', detail: '' },
            { title: '重启并验证', detail: '' },
          ],
          backoutPlan: '卸载补丁并从备份恢复',
          testPlan: '核对补丁版本，执行销售订单冒烟测试',
          ciIds: erpDb ? [erpDb] : [],
          plannedStart: new Date(lastWeekend + HOUR).toISOString(),
          plannedEnd: new Date(lastWeekend + 3 * HOUR).toISOString(),
          assigneeId: specialistId,
        },
      }),
    );
    await as(specialistId, (tx) => submitChange({ tx, changeId: done.id }));
    await as(managerId, (tx) => startAssessment({ tx, changeId: done.id }));
    await as(managerId, (tx) =>
      assessRisk({
        tx,
        changeId: done.id,
        input: {
          answers: [{ questionId: question.id, answer: 2 }],
          necessity: '安全合规要求',
          feasibility: '已在测试环境验证',
        },
      }),
    );
    await as(managerId, (tx) => requestApproval({ tx, changeId: done.id }));
    for (const voter of [managerId, specialistId, agentId])
      await as(voter, (tx) => castVote({ tx, changeId: done.id, vote: 'approve', reason: '', conditions: '' })).catch(
        () => null,
      );
    setClock(() => lastWeekend + HOUR + 5 * 60_000);
    await as(specialistId, (tx) => startImplementation({ tx, changeId: done.id }));
    setClock(() => lastWeekend + 2 * HOUR);
    await as(specialistId, (tx) => completeImplementation({ tx, changeId: done.id, note: '补丁安装成功' }));
    await as(specialistId, (tx) => verifyChange({ tx, changeId: done.id, note: '补丁版本正确，业务功能正常' }));
    setClock(() => lastWeekend + 2 * DAY);
    await as(managerId, (tx) => startReview({ tx, changeId: done.id }));
    await as(managerId, (tx) =>
      writeReview({
        tx,
        changeId: done.id,
        input: {
          objectivesMet: true,
          lessons: '备份耗时超出预期，下次提前开始',
          followUps: ['优化备份脚本'],
          incidentIds: [],
        },
      }),
    );
    await as(managerId, (tx) => closeChange({ tx, changeId: done.id }));
  } finally {
    restore();
  }

  // 2. Approved and scheduled into next weekend's window (low risk: the change manager approves).
  const next = saturdayNight(1);
  const scheduled = await as(specialistId, (tx) =>
    createChange({
      tx,
      input: {
        ...base,
        title: 'ERP 数据库扩容',
        purpose: '数据库存储空间不足',
        content: '为数据库服务器增加 500 GB 存储',
        backoutPlan: '撤销扩容，恢复原存储配置',
        ciIds: erpDb ? [erpDb] : [],
        plannedStart: new Date(next + HOUR).toISOString(),
        plannedEnd: new Date(next + 4 * HOUR).toISOString(),
        assigneeId: specialistId,
      },
    }),
  );
  await as(specialistId, (tx) => submitChange({ tx, changeId: scheduled.id }));
  await as(managerId, (tx) => startAssessment({ tx, changeId: scheduled.id }));
  await as(managerId, (tx) =>
    assessRisk({
      tx,
      changeId: scheduled.id,
      input: { answers: [{ questionId: question.id, answer: 0 }], necessity: '', feasibility: '' },
    }),
  );
  const scheduledRisk = await as(managerId, (tx) => requestApproval({ tx, changeId: scheduled.id }));
  for (const voter of [managerId, specialistId, agentId])
    await as(voter, (tx) =>
      castVote({ tx, changeId: scheduledRisk.id, vote: 'approve', reason: '', conditions: '' }),
    ).catch(() => null);

  // 3. Awaiting the CAB, in conflict with the one above through the ERP servers.
  const pending = await as(specialistId, (tx) =>
    createChange({
      tx,
      input: {
        ...base,
        title: 'ERP 应用服务器升级中间件',
        purpose: '中间件版本停止支持',
        backoutPlan: '回滚到旧版本中间件',
        ciIds: erpApp ? [erpApp] : [],
        plannedStart: new Date(next + 2 * HOUR).toISOString(),
        plannedEnd: new Date(next + 3 * HOUR).toISOString(),
      },
    }),
  );
  await as(specialistId, (tx) => submitChange({ tx, changeId: pending.id }));
  await as(managerId, (tx) => startAssessment({ tx, changeId: pending.id }));
  await as(managerId, (tx) =>
    assessRisk({
      tx,
      changeId: pending.id,
      input: { answers: [{ questionId: question.id, answer: 2 }], necessity: '', feasibility: '' },
    }),
  );
  await as(managerId, (tx) => requestApproval({ tx, changeId: pending.id })).catch(() => null);

  // 4. An emergency being implemented now, ahead of its retrospective approval.
  const emergency = await as(specialistId, (tx) =>
    createChange({
      tx,
      input: {
        ...base,
        type: 'emergency',
        title: '紧急修复邮件服务器证书',
        purpose: '证书过期导致邮件无法收发',
        backoutPlan: '恢复旧证书',
        overrideReason: '全公司邮件中断',
        ciIds: mail ? [mail] : [],
        plannedStart: new Date(nowMs()).toISOString(),
        plannedEnd: new Date(nowMs() + 2 * HOUR).toISOString(),
        assigneeId: specialistId,
      },
    }),
  );
  await as(specialistId, (tx) => submitChange({ tx, changeId: emergency.id }));
  await as(specialistId, (tx) => startImplementation({ tx, changeId: emergency.id })).catch(() => null);

  // 5. A customer's draft RFC from the portal.
  await as(requesterId, (tx) =>
    createChange({ tx, input: { ...base, title: '申请开通 ERP 新模块', purpose: '财务部需要使用资产模块' } }),
  );
}
