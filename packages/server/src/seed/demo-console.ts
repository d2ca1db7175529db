import { cannedReplies } from '../modules/console/canned-reply.register.js';
import { createTemplate } from '../modules/console/console.service.js';
import { createView } from '../modules/console/saved-view.register.js';
import { loadActor } from '../modules/directory/index.js';
import { reindexWorkRecords } from '../modules/search/index.js';
import type { Db, DialectName } from '../platform/db/database.js';
import type { EventBus } from '../platform/events.js';
import { inTransaction } from '../platform/unit-of-work.js';

/** Console demo data: shared canned replies, incident templates, a team view; then a fresh search index. */
export async function loadConsoleDemo(
  services: { db: Db; dialect: DialectName; bus: EventBus },
  ids: { manager: string; agents: string[]; tier1: { id: string }; categories: Map<string, string> },
): Promise<void> {
  const manager = (await loadActor(services.db, ids.manager))!;
  const agent = (await loadActor(services.db, ids.agents[0]!))!;
  await inTransaction(services, manager, async (tx) => {
    for (const [title, body] of [
      ['已受理', '{requester} 您好，您的事件 {number}「{title}」已受理，{agent} 正在处理，请保持电话畅通。'],
      ['需要更多信息', '{requester} 您好，为尽快处理 {number}，请补充：出现问题的时间、截图及电脑资产编号。'],
      ['远程协助', '{requester} 您好，我是服务台 {agent}，稍后将通过远程协助连接您的电脑，请确认是否方便。'],
      ['已解决待确认', '{requester} 您好，{number} 已处理完毕，请在门户中确认并评价，谢谢！'],
      ['Acknowledged (EN)', 'Hello {requester}, we have received {number} "{title}". {agent} is working on it.'],
    ] as const) {
      await cannedReplies.create(tx, { title, body, shared: true });
    }
    for (const [name, title, description, category, impact, urgency] of [
      ['打印机卡纸', '打印机卡纸', '打印机位置：\n卡纸提示：\n是否已尝试取出纸张：', '打印机', 4, 3],
      ['VPN 连接失败', 'VPN 无法连接', '所在地点：\nVPN 客户端版本：\n错误提示：', 'VPN', 3, 2],
      ['邮箱无法收信', '邮箱无法收取邮件', '邮箱地址：\n开始时间：\n是否能发送：', '收发邮件', 3, 2],
      ['电脑无法开机', '电脑无法开机', '资产编号：\n指示灯状态：\n最近是否移动或断电：', 'PC 故障', 2, 1],
      ['密码重置', '域账号密码重置', '账号：\n身份核实方式：', '操作系统', 4, 2],
    ] as const) {
      await createTemplate({
        tx,
        input: {
          name,
          title,
          description,
          categoryId: ids.categories.get(category) ?? null,
          impact,
          urgency,
          active: true,
          sort: 0,
        },
      });
    }
    await createView({
      tx,
      input: {
        name: '一线待处理（一、二级）',
        groupId: ids.tier1.id,
        filters: { state: ['pending', 'in_progress'], level: [1, 2] },
        columns: ['number', 'title', 'level', 'state', 'requester', 'organization', 'assignee', 'createdAt'],
        sort: 0,
      },
    });
  });
  await inTransaction(services, agent, (tx) =>
    createView({
      tx,
      input: {
        name: '我的挂起',
        filters: { state: ['on_hold'], assignee: 'me' },
        columns: [],
        sort: 1,
      },
    }),
  );
  await reindexWorkRecords(services);
}
