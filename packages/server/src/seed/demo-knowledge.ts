import { loadActor } from '../modules/directory/index.js';
import { createArticle } from '../modules/knowledge/index.js';
import { transitionArticle } from '../modules/knowledge/knowledge.service.js';
import {
  addProblemAction,
  createProblem,
  publishKnownError,
  runDetection,
  transitionProblem,
  updateProblem,
  updateProblemAction,
} from '../modules/problems/index.js';
import type { Tx } from '../platform/context.js';
import type { Trellis } from '../platform/trellis.js';
import { inTransaction } from '../platform/unit-of-work.js';

/** [title, body, category, tags, audience]: the desk's everyday answers, mostly in Chinese. */
const ARTICLES: [string, string, string | null, string[], 'requesters' | 'agents'][] = [
  [
    '打印机卡纸怎么处理',
    '<h2>现象</h2><p>打印机面板提示“卡纸”，打印任务停止。</p><h2>处理步骤</h2><ol><li>关闭打印机电源，打开前盖。</li><li>顺着走纸方向轻轻取出卡住的纸张，不要撕扯。</li><li>检查纸盒中的纸张是否受潮、是否超过装纸线。</li><li>合上前盖，开机后重新打印。</li></ol><p>如果每天卡纸多次，请报告事件，我们会检查搓纸轮。</p>',
    '打印机',
    ['打印机', '卡纸'],
    'requesters',
  ],
  [
    '打印机无法打印：清空打印队列',
    '<h2>现象</h2><p>任务一直显示“正在打印”或“错误”，打印机没有反应。</p><h2>处理步骤</h2><ol><li>打开“设置 → 蓝牙和其他设备 → 打印机”，选择打印机，打开队列。</li><li>取消全部文档。</li><li>仍然无效时，服务台可远程重启 Print Spooler 服务。</li></ol>',
    '打印机',
    ['打印机', '打印队列'],
    'requesters',
  ],
  [
    'VPN 连不上怎么办',
    '<h2>先自查</h2><ul><li>确认本机能正常上网。</li><li>VPN 客户端提示“证书过期”时，请报告事件申请重新签发证书。</li><li>提示“连接超时”时，在客户端中切换到备用接入点（上海 / 北京）。</li></ul><h2>仍无法连接</h2><p>请在门户报告事件，并附上客户端的错误截图。</p>',
    'VPN',
    ['VPN', '远程办公'],
    'requesters',
  ],
  [
    '邮箱已满，无法接收邮件',
    '<h2>现象</h2><p>Outlook 提示邮箱已满，外部邮件被退回。</p><h2>处理步骤</h2><ol><li>清空“已删除邮件”和“垃圾邮件”文件夹。</li><li>将大附件另存到网盘后删除邮件。</li><li>启用在线存档（需服务台开通）。</li></ol>',
    '邮箱容量',
    ['邮箱', 'Outlook'],
    'requesters',
  ],
  [
    '邮件发送失败：检查 SMTP 设置',
    '<p>手机或第三方客户端无法发信时，发送服务器应为 smtp.example.com，端口 <strong>587</strong>，加密方式 STARTTLS。</p>',
    '收发邮件',
    ['邮箱', 'SMTP'],
    'requesters',
  ],
  [
    '域账号被锁定如何解锁',
    '<h2>原因</h2><p>连续 5 次输错密码，域账号会被锁定 30 分钟；手机上保存的旧密码也会不断尝试登录。</p><h2>处理</h2><ol><li>等待 30 分钟自动解锁，或致电服务台核实身份后立即解锁。</li><li>解锁后请同步修改手机邮箱、Wi-Fi 中保存的密码。</li></ol>',
    '密码重置',
    ['账号锁定', '密码'],
    'requesters',
  ],
  [
    '忘记密码：自助重置',
    '<p>在门户登录页点击“忘记密码”，使用手机验证码重置。新密码至少 10 位，包含大小写字母和数字，不能与最近 5 次相同。</p>',
    '密码重置',
    ['密码', '账号'],
    'requesters',
  ],
  [
    'Wi-Fi 经常掉线',
    '<h2>自查</h2><ul><li>“忘记网络”后重新连接 Corp-WiFi。</li><li>更新无线网卡驱动。</li><li>会议室人多时请优先使用有线网络。</li></ul><p>同一区域多人掉线请报告事件，二线网络组会检查 AP 信道。</p>',
    '无线网络',
    ['Wi-Fi', '无线网络'],
    'requesters',
  ],
  [
    '投影仪连接笔记本没有信号',
    '<ol><li>确认投影仪信号源选择 HDMI。</li><li>笔记本按 Win+P 选择“复制”。</li><li>更换 HDMI 转接头再试。</li></ol>',
    '外设',
    ['投影仪', '会议室'],
    'requesters',
  ],
  [
    '电脑蓝屏反复重启：显卡驱动回退',
    '<h2>适用</h2><p>系统更新后出现蓝屏，错误代码与显卡驱动有关。</p><h2>步骤（服务台人员）</h2><ol><li>进入安全模式。</li><li>在设备管理器中回退显卡驱动。</li><li>暂停系统更新 7 天并上报二线。</li></ol>',
    '操作系统',
    ['蓝屏', '驱动'],
    'agents',
  ],
  [
    'ERP 登录失败的排查清单',
    '<ol><li>确认是否全员无法登录（查看监控告警）。</li><li>检查应用服务器连接池使用率。</li><li>连接池耗尽时按应急手册重启应用服务，并通知二线应用支持。</li></ol>',
    '业务系统',
    ['ERP', '检查清单'],
    'agents',
  ],
  [
    'VPN cannot connect',
    '<p>Check that the internet works, then switch the VPN client to the backup gateway. If the client reports an expired certificate, report an incident to have it reissued.</p>',
    'VPN',
    ['VPN'],
    'requesters',
  ],
  [
    'Outlook cannot receive mail',
    '<p>If Outlook says the mailbox is full, empty Deleted Items and Junk, and move large attachments to the network drive. Ask the desk to enable the online archive.</p>',
    '邮箱容量',
    ['Outlook', 'mail'],
    'requesters',
  ],
  [
    'Reset a forgotten password',
    '<p>Use “Forgot password” on the portal sign-in page and confirm with the code sent to your phone.</p>',
    '密码重置',
    ['password'],
    'requesters',
  ],
];

/** Demo knowledge articles and problems, built through the real use cases after the incidents. */
export async function loadKnowledgeDemo(trellis: Trellis): Promise<void> {
  const services = { db: trellis.database.db, dialect: trellis.database.dialect, bus: trellis.bus };
  const { db } = services;
  const userId = async (email: string) =>
    (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const agent = (await loadActor(db, await userId('agent@trellis.demo')))!;
  const manager = (await loadActor(db, await userId('manager@trellis.demo')))!;
  const specialist = (await loadActor(db, await userId('specialist@trellis.demo')))!;
  const categories = await db.selectFrom('categories').select(['id', 'name_zh']).execute();
  const category = (name: string | null) => categories.find((c) => c.name_zh === name)?.id ?? null;
  const as = <T>(actor: typeof agent, work: (tx: Tx) => Promise<T>) => inTransaction(services, actor, work);

  const pastReview = new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10);
  const nextReview = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
  for (const [index, [title, body, cat, tags, audience]] of ARTICLES.entries()) {
    const article = await as(agent, (tx) =>
      createArticle({
        tx,
        input: {
          title,
          body,
          categoryId: category(cat),
          tags,
          audience,
          reviewDate: index % 5 === 4 ? pastReview : nextReview,
        },
      }),
    );
    if (index === ARTICLES.length - 1) continue; // one stays a draft
    await as(agent, (tx) => transitionArticle({ tx, articleId: article.id, action: 'submit' }));
    if (index === ARTICLES.length - 2) continue; // one waits for review
    await as(manager, (tx) => transitionArticle({ tx, articleId: article.id, action: 'approve' }));
  }

  const incidentsLike = async (title: string, limit: number) =>
    (
      await db
        .selectFrom('work_records')
        .select('id')
        .where('kind', '=', 'incident')
        .where('title', '=', title)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute()
    ).map((r) => r.id);

  const printerIncidents = await incidentsLike('打印机无法打印', 6);
  const vpnIncidents = await incidentsLike('VPN 连接失败', 5);
  const erpIncidents = await incidentsLike('ERP 系统无法登录', 4);

  // A known error with its workaround published, a permanent fix under way.
  const printer = await as(specialist, (tx) =>
    createProblem({
      tx,
      input: {
        title: '打印后台服务频繁卡死',
        description: '多个部门反复报告打印机无法打印，重启打印后台服务后恢复，数日后再次发生。',
        categoryId: category('打印机'),
        impact: 3,
        urgency: 2,
        incidentIds: printerIncidents,
      },
    }),
  );
  await as(specialist, (tx) => transitionProblem({ tx, problemId: printer.id, action: 'analyse' }));
  await as(specialist, (tx) =>
    updateProblem({
      tx,
      problemId: printer.id,
      input: {
        workaround: '远程清空打印队列并重启 Print Spooler 服务，通常 5 分钟内恢复。',
        rca: {
          whys: [
            { question: '为什么打印机无法打印？', answer: '打印后台服务（Spooler）卡死' },
            { question: '为什么 Spooler 卡死？', answer: '加载第三方打印驱动时崩溃' },
            { question: '为什么会加载该驱动？', answer: '新员工镜像中带有旧版通用驱动' },
          ],
          fishbone: [
            { category: 'technology', cause: '旧版通用打印驱动存在缺陷' },
            { category: 'process', cause: '装机镜像未经变更评审即更新' },
            { category: 'supplier', cause: '厂商新版驱动未及时发布' },
          ],
          rootCause: '装机镜像中的旧版通用打印驱动导致 Spooler 崩溃',
          conclusion: '更新装机镜像中的打印驱动，并把镜像更新纳入变更管理。',
        },
      },
    }),
  );
  await as(specialist, (tx) => transitionProblem({ tx, problemId: printer.id, action: 'declare_known_error' }));
  await as(specialist, (tx) => publishKnownError({ tx, problemId: printer.id, locale: 'zh-CN' }));
  await as(specialist, (tx) =>
    addProblemAction({
      tx,
      problemId: printer.id,
      input: {
        kind: 'corrective',
        title: '更新装机镜像中的打印驱动',
        ownerId: specialist.id,
        dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
        changeRef: 'CHG-2026-000001',
      },
    }),
  );

  // A fixed problem waiting for its effectiveness check.
  const vpn = await as(specialist, (tx) =>
    createProblem({
      tx,
      input: {
        title: 'VPN 客户端证书批量过期',
        description: '同一批签发的客户端证书集中过期，导致大量 VPN 连接失败。',
        categoryId: category('VPN'),
        impact: 2,
        urgency: 2,
        incidentIds: vpnIncidents,
      },
    }),
  );
  await as(specialist, (tx) => transitionProblem({ tx, problemId: vpn.id, action: 'analyse' }));
  await as(specialist, (tx) =>
    updateProblem({
      tx,
      problemId: vpn.id,
      input: {
        verifyAfterDays: 30,
        rca: {
          whys: [
            { question: '为什么 VPN 连接失败？', answer: '客户端证书过期' },
            { question: '为什么证书同时过期？', answer: '首批证书统一签发，有效期相同' },
          ],
          fishbone: [{ category: 'management', cause: '证书到期没有提醒' }],
          rootCause: '证书没有到期监控',
          conclusion: '启用证书到期提前 30 天提醒，并分批续签。',
        },
      },
    }),
  );
  await as(specialist, (tx) => transitionProblem({ tx, problemId: vpn.id, action: 'start_fix' }));
  const action = await as(specialist, async (tx) => {
    await addProblemAction({
      tx,
      problemId: vpn.id,
      input: { kind: 'preventive', title: '配置证书到期监控告警', ownerId: specialist.id, dueDate: pastReview },
    });
    return tx.db.selectFrom('problem_actions').select('id').where('problem_id', '=', vpn.id).executeTakeFirstOrThrow();
  });
  await as(specialist, (tx) =>
    updateProblemAction({ tx, problemId: vpn.id, actionId: action.id, input: { status: 'done' } }),
  );
  await as(specialist, (tx) => transitionProblem({ tx, problemId: vpn.id, action: 'resolve' }));

  // Just opened, under analysis.
  const erp = await as(manager, (tx) =>
    createProblem({
      tx,
      input: {
        title: 'ERP 应用连接池多次耗尽',
        description: '月底结账期间 ERP 多次无法登录。',
        categoryId: category('业务系统'),
        incidentIds: erpIncidents,
      },
    }),
  );
  await as(manager, (tx) => transitionProblem({ tx, problemId: erp.id, action: 'analyse' }));

  await inTransaction(services, null, (tx) => runDetection(tx));
}
