import type { Impact, Urgency } from '@trellis/core';
import { createCategory } from '../modules/categories/index.js';
import {
  createDepartment,
  createGroup,
  createOrganization,
  createUser,
  findUserByEmail,
  loadActor,
} from '../modules/directory/index.js';
import * as incidents from '../modules/incidents/index.js';
import { MODULES } from '../modules/index.js';
import { setClock } from '../platform/clock.js';
import type { Actor } from '../platform/context.js';
import { loadModuleDemos } from '../platform/module.js';
import type { Trellis } from '../platform/trellis.js';
import { inTransaction } from '../platform/unit-of-work.js';
import { loadDemoCatalog } from './demo-catalog.js';
import { loadDemoCmdb } from './demo-cmdb.js';
import { loadConsoleDemo } from './demo-console.js';
import { callbackNoteFor, holdFor, settleDemoDesk } from './demo-desk.js';
import { loadKnowledgeDemo } from './demo-knowledge.js';
import { loadDemoSla } from './demo-sla.js';

export const DEMO_PASSWORD = 'Trellis#2026';

export const DEMO_ACCOUNTS = [
  { email: 'admin@trellis.demo', role: 'admin', name: '系统管理员' },
  { email: 'manager@trellis.demo', role: 'service_manager', name: '王芳' },
  { email: 'agent@trellis.demo', role: 'agent', name: '张伟' },
  { email: 'specialist@trellis.demo', role: 'specialist', name: '赵磊' },
  { email: 'requester@trellis.demo', role: 'requester', name: '李娜' },
] as const;

/** A deterministic generator, so every demo database tells the same story. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const CATEGORY_TREE: [string, string, [string, string][]][] = [
  [
    '硬件',
    'Hardware',
    [
      ['PC 故障', 'PC fault'],
      ['打印机', 'Printer'],
      ['外设', 'Peripherals'],
    ],
  ],
  [
    '软件',
    'Software',
    [
      ['操作系统', 'Operating system'],
      ['办公软件', 'Office software'],
      ['业务系统', 'Business system'],
    ],
  ],
  [
    '网络',
    'Network',
    [
      ['网络中断', 'Network outage'],
      ['无线网络', 'Wi-Fi'],
      ['VPN', 'VPN'],
    ],
  ],
  [
    '邮件',
    'E-mail',
    [
      ['收发邮件', 'Sending and receiving'],
      ['邮箱容量', 'Mailbox quota'],
    ],
  ],
  [
    '账号与权限',
    'Accounts and access',
    [
      ['密码重置', 'Password reset'],
      ['权限申请', 'Access request'],
    ],
  ],
  [
    '信息安全',
    'Security',
    [
      ['病毒', 'Virus'],
      ['可疑邮件', 'Phishing'],
    ],
  ],
  [
    '耗材',
    'Consumables',
    [
      ['硒鼓墨盒', 'Toner and ink'],
      ['办公配件', 'Accessories'],
    ],
  ],
];

/** [title, description, category path, impact, urgency, cause, solution] — from the seeds' examples. */
const SCENARIOS: [string, string, string, Impact, Urgency, string, string][] = [
  [
    '电脑无法开机',
    '按下电源键后电脑没有任何反应，指示灯不亮，今天无法工作。',
    'PC 故障',
    1,
    1,
    '电源适配器损坏',
    '更换电源适配器后开机正常',
  ],
  [
    '电脑蓝屏反复重启',
    '开机后几分钟就蓝屏，错误代码 0x0000007E，重启后仍然出现。',
    '操作系统',
    1,
    2,
    '显卡驱动与系统更新冲突',
    '回滚显卡驱动并暂停该更新，运行正常',
  ],
  [
    '整个楼层网络中断',
    '三楼所有电脑都无法访问内网和互联网，影响整个部门办公。',
    '网络中断',
    1,
    1,
    '接入交换机电源模块故障',
    '更换交换机电源模块，网络恢复',
  ],
  [
    '邮件无法发送',
    'Outlook 发送邮件时一直停留在发件箱，提示服务器连接失败。',
    '收发邮件',
    2,
    2,
    '邮件客户端 SMTP 端口配置错误',
    '修正 SMTP 端口为 587 并启用 TLS',
  ],
  [
    'ERP 系统无法登录',
    '登录 ERP 时提示“服务不可用”，财务月结工作受阻。',
    '业务系统',
    2,
    1,
    'ERP 应用服务器连接池耗尽',
    '重启应用服务并调整连接池上限',
  ],
  [
    '电脑中病毒弹窗',
    '电脑不停弹出广告窗口，杀毒软件提示发现木马。',
    '病毒',
    2,
    2,
    '下载的安装包携带木马',
    '隔离并清除木马，全盘扫描并更新病毒库',
  ],
  [
    '打印机无法打印',
    '部门共享打印机打印任务一直排队，无法出纸。',
    '打印机',
    3,
    3,
    '打印后台服务卡死',
    '清空打印队列并重启打印后台服务',
  ],
  ['办公电话没有拨号音', '座机拿起听筒没有拨号音，无法外呼。', '外设', 3, 3, '电话线接口松动', '重新插接并更换电话线'],
  [
    '业务系统访问缓慢',
    'OA 系统打开页面需要十几秒，审批流程很慢。',
    '业务系统',
    3,
    2,
    '数据库统计信息过期导致慢查询',
    '更新统计信息并重建索引',
  ],
  [
    '无线网络经常掉线',
    '会议室的 Wi-Fi 每隔几分钟就断开一次。',
    '无线网络',
    3,
    3,
    'AP 信道干扰',
    '调整 AP 信道与发射功率',
  ],
  [
    'VPN 连接失败',
    '出差在外无法连接公司 VPN，提示证书错误。',
    'VPN',
    3,
    2,
    '客户端证书过期',
    '重新签发并安装客户端证书',
  ],
  [
    '申请更换鼠标',
    '鼠标左键失灵，申请更换一个新鼠标。',
    '办公配件',
    4,
    4,
    '鼠标微动开关老化',
    '从备件库领用新鼠标并更换',
  ],
  ['硒鼓需要更换', '财务部打印机提示硒鼓不足，打印发淡。', '硒鼓墨盒', 4, 3, '硒鼓耗尽', '更换新硒鼓，登记耗材领用'],
  [
    'Excel 数据透视表使用指导',
    '需要指导如何用数据透视表做月度汇总。',
    '办公软件',
    4,
    4,
    '用户操作咨询',
    '远程演示数据透视表操作并发送操作指引',
  ],
  [
    '忘记域账号密码',
    '休假回来忘记了电脑登录密码，账号被锁定。',
    '密码重置',
    3,
    2,
    '密码过期且多次输错被锁定',
    '核实身份后解锁账号并重置密码',
  ],
  [
    '申请共享文件夹权限',
    '需要访问销售部共享盘的合同目录。',
    '权限申请',
    4,
    3,
    '新增访问需求',
    '经部门经理审批后开通只读权限',
  ],
  ['邮箱容量已满', '邮箱提示已满，无法接收新邮件。', '邮箱容量', 3, 2, '邮箱配额不足', '归档历史邮件并扩大邮箱配额'],
  [
    '收到可疑钓鱼邮件',
    '收到冒充财务总监的邮件要求转账，已点开链接。',
    '可疑邮件',
    2,
    1,
    '钓鱼邮件，用户点击了链接',
    '重置密码、拦截发件域并提醒全员',
  ],
  [
    '新员工电脑安装软件',
    '新同事入职需要安装办公软件和打印机驱动。',
    '办公软件',
    4,
    3,
    '新员工入职配置',
    '按标准镜像安装软件并配置打印机',
  ],
  ['投影仪无法显示', '会议室投影仪连接笔记本后没有信号。', '外设', 3, 2, 'HDMI 转接头损坏', '更换转接头后显示正常'],
];

const CUSTOMERS = [
  {
    code: 'HDMFG',
    name: '华东制造有限公司',
    departments: [
      ['财务部', true],
      ['生产部', false],
      ['人力资源部', false],
      ['信息部', true],
    ] as [string, boolean][],
    people: ['李娜', '王磊', '刘敏', '陈晨', '杨帆', '黄丽', '周杰', '吴霞', '徐涛'],
  },
  {
    code: 'JNTRADE',
    name: '江南商贸集团',
    departments: [
      ['销售部', false],
      ['物流部', false],
      ['行政部', true],
    ] as [string, boolean][],
    people: ['孙悦', '马超', '朱琳', '胡斌', '郭静', '何平', '林娜'],
  },
];

const PINYIN: Record<string, string> = {
  李娜: 'requester',
  王磊: 'wang.lei',
  刘敏: 'liu.min',
  陈晨: 'chen.chen',
  杨帆: 'yang.fan',
  黄丽: 'huang.li',
  周杰: 'zhou.jie',
  吴霞: 'wu.xia',
  徐涛: 'xu.tao',
  孙悦: 'sun.yue',
  马超: 'ma.chao',
  朱琳: 'zhu.lin',
  胡斌: 'hu.bin',
  郭静: 'guo.jing',
  何平: 'he.ping',
  林娜: 'lin.na',
};

const RATING_COMMENTS = ['处理很及时，谢谢！', '工程师很耐心', '问题已解决', '响应有点慢，但解决了', '非常专业', ''];
const AGENT_NOTES = ['已远程连接用户电脑排查', '已电话联系用户确认现象', '现场查看，正在排查', '已收集日志，继续分析'];
const INTERNAL_NOTES = ['疑似与上周变更有关，需二线确认', '同类问题本月第三次，建议提交问题管理', '已联系厂商获取备件'];

export async function loadDemoData(trellis: Trellis): Promise<void> {
  const services = { db: trellis.database.db, dialect: trellis.database.dialect, bus: trellis.bus };
  const { db } = services;
  const rng = random(20261121);
  const realNow = Date.now();
  const restoreClock = setClock(() => realNow - 91 * 86_400_000);

  try {
    const ids = await inTransaction(services, null, async (tx) => {
      const provider = await createOrganization({
        tx,
        input: { kind: 'provider', code: 'YUNFAN', name: '云帆 IT 服务有限公司' },
      });
      const customers = [];
      for (const c of CUSTOMERS) {
        const org = await createOrganization({ tx, input: { kind: 'customer', code: c.code, name: c.name } });
        const departments = [];
        for (const [name, shareRecords] of c.departments) {
          departments.push(await createDepartment({ tx, organizationId: org.id, input: { name, shareRecords } }));
        }
        customers.push({ org, departments, people: c.people });
      }
      const serviceDesk = await createDepartment({
        tx,
        organizationId: provider.id,
        input: { name: '服务台', shareRecords: false },
      });
      const techDept = await createDepartment({
        tx,
        organizationId: provider.id,
        input: { name: '技术支持部', shareRecords: false },
      });

      const staff = async (
        email: string,
        name: string,
        role: 'admin' | 'service_manager' | 'agent' | 'specialist',
        departmentId: string,
        locale: 'zh-CN' | 'en-US' = 'zh-CN',
      ) =>
        (
          await createUser({
            tx,
            input: {
              email,
              name,
              role,
              organizationId: provider.id,
              departmentId,
              locale,
              password: DEMO_PASSWORD,
              phone: `021-6${String(rng.int(1000000, 9999999))}`,
            },
          })
        ).id;

      const admin = await staff('admin@trellis.demo', '系统管理员', 'admin', techDept.id);
      const manager = await staff('manager@trellis.demo', '王芳', 'service_manager', serviceDesk.id);
      const agents = [
        await staff('agent@trellis.demo', '张伟', 'agent', serviceDesk.id),
        await staff('liu.yang@trellis.demo', '刘洋', 'agent', serviceDesk.id),
        await staff('chen.jing@trellis.demo', '陈静', 'agent', serviceDesk.id),
        await staff('david.li@trellis.demo', 'David Li', 'agent', serviceDesk.id, 'en-US'),
      ];
      const network = [
        await staff('specialist@trellis.demo', '赵磊', 'specialist', techDept.id),
        await staff('wu.gang@trellis.demo', '吴刚', 'specialist', techDept.id),
      ];
      const apps = [
        await staff('sun.li@trellis.demo', '孙丽', 'specialist', techDept.id),
        await staff('zheng.jie@trellis.demo', '郑洁', 'specialist', techDept.id),
      ];
      const vendor = [await staff('zhou.qiang@trellis.demo', '周强', 'specialist', techDept.id)];

      const served = customers.map((c) => c.org.id);
      const tier1 = await createGroup({
        tx,
        input: {
          name: '一线服务台',
          tier: 1,
          description: '统一受理所有渠道的请求，首问负责',
          managerId: manager,
          memberIds: [...agents, manager],
          servedOrganizationIds: served,
        },
      });
      const tier2Net = await createGroup({
        tx,
        input: {
          name: '二线网络与系统',
          tier: 2,
          description: '网络、服务器、操作系统与安全',
          managerId: manager,
          memberIds: network,
          servedOrganizationIds: served,
        },
      });
      const tier2App = await createGroup({
        tx,
        input: {
          name: '二线应用支持',
          tier: 2,
          description: '业务系统、邮件与办公软件',
          managerId: manager,
          memberIds: apps,
          servedOrganizationIds: served,
        },
      });
      const tier3 = await createGroup({
        tx,
        input: {
          name: '三线厂商与专家',
          tier: 3,
          description: '原厂支持与专家',
          managerId: manager,
          memberIds: vendor,
          servedOrganizationIds: served,
        },
      });

      const categories = new Map<string, string>();
      let sort = 0;
      for (const [zh, en, children] of CATEGORY_TREE) {
        const parent = await createCategory({ tx, input: { nameZh: zh, nameEn: en, sort: sort++ } });
        for (const [czh, cen] of children) {
          categories.set(
            czh,
            (await createCategory({ tx, input: { parentId: parent.id, nameZh: czh, nameEn: cen, sort: sort++ } })).id,
          );
        }
      }

      const requesters: string[] = [];
      for (const c of customers) {
        for (const [i, name] of c.people.entries()) {
          const department = c.departments[i % c.departments.length]!;
          const email = `${PINYIN[name] ?? `user${requesters.length}`}@${PINYIN[name] === 'requester' ? 'trellis.demo' : `${c.org.code.toLowerCase()}.demo`}`;
          requesters.push(
            (
              await createUser({
                tx,
                input: {
                  email,
                  name,
                  role: 'requester',
                  organizationId: c.org.id,
                  departmentId: department.id,
                  locale: 'zh-CN',
                  password: DEMO_PASSWORD,
                  phone: `138${String(rng.int(10000000, 99999999))}`,
                },
              })
            ).id,
          );
        }
      }
      return {
        admin,
        manager,
        agents,
        network,
        apps,
        vendor,
        tier1,
        tier2Net,
        tier2App,
        tier3,
        categories,
        requesters,
      };
    });
    await loadDemoSla(services, { tier1: ids.tier1.id, tier3: ids.tier3.id });

    const actors = new Map<string, Actor>();
    const as = async (userId: string) => {
      let actor = actors.get(userId);
      if (!actor) {
        actor = (await loadActor(db, userId))!;
        actors.set(userId, actor);
      }
      return actor;
    };
    let at = 0;
    setClock(() => at);
    const step = async <T>(
      userId: string,
      when: number,
      work: (tx: Parameters<Parameters<typeof inTransaction>[2]>[0]) => Promise<T>,
    ) => {
      at = Math.min(when, realNow - 1000);
      return inTransaction(services, await as(userId), work);
    };

    const COUNT = 300;
    const starts = Array.from({ length: COUNT }, () => {
      const day = rng.int(0, 89);
      const base = new Date(realNow - day * 86_400_000);
      // Mostly Beijing office hours (UTC+8): 08:30–18:00, i.e. 00:30–10:00 UTC.
      base.setUTCHours(rng.int(0, 9), rng.int(0, 59), rng.int(0, 59), 0);
      return Math.min(base.getTime(), realNow - rng.int(5, 120) * 60_000);
    }).sort((a, b) => a - b);

    for (const [n, start] of starts.entries()) {
      const [title, description, categoryName, impact, urgency, cause, solution] = rng.pick(SCENARIOS);
      const requester = ids.requesters[n % 7 === 0 ? 0 : rng.int(0, ids.requesters.length - 1)]!;
      const ageDays = (realNow - start) / 86_400_000;
      const agent = rng.pick(ids.agents);
      const byPhone = rng.chance(0.3);
      let t = start;
      const advance = (ms: number) => {
        t += ms;
        return t;
      };
      const record = await step(byPhone ? agent : requester, t, (tx) =>
        incidents.reportIncident({
          tx,
          input: {
            title,
            description,
            urgency,
            affectedScope: rng.pick(['仅本人', '本部门', '整个楼层', '全公司']),
            contact: `分机 ${rng.int(1000, 8999)}`,
            requesterId: byPhone ? requester : undefined,
            channel: byPhone ? 'phone' : 'portal',
          },
        }),
      );
      const id = record.id;
      // The final state follows age: old records are closed, today's are still in the queue.
      const roll = rng.next();
      const target =
        ageDays > 10
          ? roll < 0.04
            ? 'cancelled'
            : roll < 0.12
              ? 'resolved'
              : 'archived'
          : ageDays > 3
            ? roll < 0.1
              ? 'in_progress'
              : roll < 0.2
                ? 'on_hold'
                : roll < 0.55
                  ? 'resolved'
                  : roll < 0.6
                    ? 'cancelled'
                    : 'archived'
            : roll < 0.35
              ? 'pending'
              : roll < 0.7
                ? 'in_progress'
                : roll < 0.8
                  ? 'on_hold'
                  : 'resolved';
      if (target === 'pending') continue;
      if (target === 'cancelled' && rng.chance(0.5)) {
        await step(requester, advance(rng.int(5, 60) * 60_000), (tx) =>
          incidents.cancelIncident({ tx, incidentId: id, reason: '问题已自行恢复，不再需要处理' }),
        );
        continue;
      }
      await step(agent, advance(rng.int(3, 45) * 60_000), (tx) => incidents.takeIncident({ tx, incidentId: id }));
      await step(agent, advance(rng.int(1, 5) * 60_000), (tx) =>
        incidents.classifyIncident({
          tx,
          incidentId: id,
          categoryId: ids.categories.get(categoryName),
          impact,
          urgency,
        }),
      );
      await step(agent, advance(rng.int(2, 30) * 60_000), (tx) =>
        incidents.commentOnIncident({ tx, incidentId: id, body: rng.pick(AGENT_NOTES), visibility: 'public' }),
      );
      let worker = agent;
      if (impact <= 2 || rng.chance(0.25)) {
        const apps = ['业务系统', '收发邮件', '邮箱容量', '办公软件'].includes(categoryName);
        const group = apps ? ids.tier2App : ids.tier2Net;
        worker = rng.pick(group.memberIds);
        await step(agent, advance(rng.int(5, 40) * 60_000), (tx) =>
          incidents.assignIncident({
            tx,
            incidentId: id,
            groupId: group.id,
            assigneeId: worker,
            note: '升级至二线支持处理',
          }),
        );
        if (rng.chance(0.4)) {
          await step(worker, advance(rng.int(10, 90) * 60_000), (tx) =>
            incidents.commentOnIncident({ tx, incidentId: id, body: rng.pick(INTERNAL_NOTES), visibility: 'internal' }),
          );
        }
      }
      if (target === 'cancelled') {
        await step(worker, advance(rng.int(30, 240) * 60_000), (tx) =>
          incidents.cancelIncident({ tx, incidentId: id, reason: '重复报告，已合并处理' }),
        );
        continue;
      }
      if (target === 'on_hold' || rng.chance(0.1)) {
        await step(worker, advance(rng.int(10, 120) * 60_000), (tx) =>
          incidents.holdIncident({
            tx,
            incidentId: id,
            ...holdFor(rng.pick(['等待用户提供信息', '等待供应商备件', '等待变更窗口'])),
          }),
        );
        if (target === 'on_hold') continue;
        await step(worker, advance(rng.int(60, 1440) * 60_000), (tx) =>
          incidents.resumeIncident({ tx, incidentId: id }),
        );
      }
      if (target === 'in_progress') continue;
      const hours = impact === 1 ? rng.int(1, 4) : impact === 2 ? rng.int(2, 10) : rng.int(3, 40);
      await step(worker, advance(hours * 3_600_000), (tx) =>
        incidents.resolveIncident({ tx, incidentId: id, cause, solution, timeSpentMinutes: Math.min(hours * 20, 480) }),
      );
      if (target === 'resolved') continue;
      if (rng.chance(0.05)) {
        await step(requester, advance(rng.int(1, 8) * 3_600_000), (tx) =>
          incidents.reopenIncident({ tx, incidentId: id, reason: '问题再次出现' }),
        );
        await step(worker, advance(rng.int(1, 8) * 3_600_000), (tx) =>
          incidents.resolveIncident({
            tx,
            incidentId: id,
            cause,
            solution: `${solution}；已彻底处理`,
            timeSpentMinutes: Math.min(hours * 25, 600),
          }),
        );
      }
      const rating = rng.chance(0.75) ? rng.int(4, 5) : rng.chance(0.7) ? 3 : rng.int(1, 2);
      await step(requester, advance(rng.int(1, 24) * 3_600_000), (tx) =>
        incidents.confirmIncident({ tx, incidentId: id, rating, comment: rng.pick(RATING_COMMENTS) || undefined }),
      );
      await step(agent, advance(rng.int(1, 30) * 3_600_000), (tx) =>
        incidents.archiveIncident({ tx, incidentId: id, callbackNote: callbackNoteFor(rating) }),
      );
    }
    await loadConsoleDemo(services, ids);
  } finally {
    restoreClock();
  }
  await loadDemoCatalog(trellis);
  await loadDemoCmdb(trellis);
  await loadKnowledgeDemo(trellis);
  await settleDemoDesk(services);
  const admin = await findUserByEmail(db, DEMO_ACCOUNTS[0].email);
  const adminActor = admin ? await loadActor(db, admin.id) : null;
  await loadModuleDemos(
    {
      ...services,
      config: trellis.config,
      jobs: trellis.jobs,
      asAdmin: async (work) => inTransaction(services, adminActor, work),
    },
    MODULES,
  );
}
