import type { CreateCatalogItem } from '@trellis/core';
import { createItem } from '../modules/catalog/index.js';
import { findUserByEmail, getGroups, loadActor, updateUser } from '../modules/directory/index.js';
import * as requests from '../modules/requests/index.js';
import { createService, listServices } from '../modules/services/index.js';
import { setClock } from '../platform/clock.js';
import type { Tx } from '../platform/context.js';
import type { Trellis } from '../platform/trellis.js';
import { inTransaction } from '../platform/unit-of-work.js';

/** Managers (直属上级) of the demo requesters: team leads who are requesters themselves. */
const MANAGERS: Record<string, string> = {
  'requester@trellis.demo': 'wang.lei@hdmfg.demo',
  'liu.min@hdmfg.demo': 'wang.lei@hdmfg.demo',
  'chen.chen@hdmfg.demo': 'wang.lei@hdmfg.demo',
  'yang.fan@hdmfg.demo': 'wang.lei@hdmfg.demo',
  'huang.li@hdmfg.demo': 'wang.lei@hdmfg.demo',
  'ma.chao@jntrade.demo': 'sun.yue@jntrade.demo',
  'zhu.lin@jntrade.demo': 'sun.yue@jntrade.demo',
  'hu.bin@jntrade.demo': 'sun.yue@jntrade.demo',
};

const yesNo = [
  { value: 'yes', labelZh: '是', labelEn: 'Yes' },
  { value: 'no', labelZh: '否', labelEn: 'No' },
];

/**
 * The demo service catalogue: IMAC and consumables items with realistic forms, approvals and
 * tasks, and a handful of requests in every state, all made through the real use cases.
 */
export async function loadDemoCatalog(trellis: Trellis): Promise<void> {
  const services = { db: trellis.database.db, dialect: trellis.database.dialect, bus: trellis.bus };
  const { db } = services;
  const userId = async (email: string) => (await findUserByEmail(db, email))!.id;
  const admin = (await loadActor(db, await userId('admin@trellis.demo')))!;
  const groups = new Map((await getGroups(db)).map((g) => [g.name, g.id]));
  const group = (name: string) => groups.get(name)!;
  const serviceManager = await userId('manager@trellis.demo');
  const appsOwner = await userId('sun.li@trellis.demo');

  // Looked up before the transaction: SQLite has one connection, which the transaction holds.
  const provider = (
    await db.selectFrom('organizations').select('id').where('kind', '=', 'provider').executeTakeFirstOrThrow()
  ).id;
  const managers: [string, string][] = [];
  for (const [email, manager] of Object.entries(MANAGERS)) managers.push([await userId(email), await userId(manager)]);
  const items = await inTransaction(services, admin, async (tx) => {
    for (const [user, manager] of managers) await updateUser({ tx, userId: user, input: { managerId: manager } });
    // Another seed may already have made these services; reuse them by code.
    const existing = await listServices(tx.db, admin);
    const service = async (code: string, nameZh: string, nameEn: string, ownerId: string, sort: number) =>
      existing.find((s) => s.code === code)?.id ??
      (await createService({ tx, input: { code, nameZh, nameEn, ownerId, sort, description: '' } })).id;
    const imac = await service('IMAC', '办公设备 IMAC', 'Office equipment (IMAC)', serviceManager, 10);
    const access = await service('ACCESS', '账号与权限', 'Accounts and access', appsOwner, 20);
    const software = await service('SOFTWARE', '软件服务', 'Software', appsOwner, 30);
    const consumables = await service('CONSUMABLES', '耗材', 'Consumables', serviceManager, 40);
    const make = (input: Omit<CreateCatalogItem, 'organizationIds'> & { organizationIds?: string[] }) =>
      createItem({ tx, input: { organizationIds: [], ...input } });

    const newPc = await make({
      serviceId: imac,
      nameZh: '新电脑申领',
      nameEn: 'New PC',
      descriptionZh: '新员工入职或旧电脑到期更换，申领标准办公电脑。',
      descriptionEn: 'A standard office computer for a new starter or to replace an old one.',
      icon: 'laptop',
      sort: 10,
      form: [
        {
          key: 'reason',
          type: 'choice',
          labelZh: '申领原因',
          labelEn: 'Reason',
          required: true,
          options: [
            { value: 'new_hire', labelZh: '新员工入职', labelEn: 'New starter' },
            { value: 'replacement', labelZh: '旧电脑更换', labelEn: 'Replacement' },
          ],
        },
        {
          key: 'old_asset',
          type: 'asset',
          labelZh: '旧电脑资产编号',
          labelEn: 'Old PC asset tag',
          helpZh: '贴在电脑底部的资产标签，如 PC-2021-0042',
          helpEn: 'The asset label under the computer, e.g. PC-2021-0042',
          required: true,
          when: { field: 'reason', values: ['replacement'] },
        },
        {
          key: 'model',
          type: 'choice',
          labelZh: '机型',
          labelEn: 'Model',
          required: true,
          options: [
            { value: 'laptop', labelZh: '标准办公笔记本', labelEn: 'Standard laptop' },
            { value: 'desktop', labelZh: '标准台式机', labelEn: 'Standard desktop' },
            { value: 'workstation', labelZh: '高性能工作站', labelEn: 'Workstation' },
          ],
        },
        {
          key: 'spec',
          type: 'text',
          multiline: true,
          labelZh: '配置需求说明',
          labelEn: 'Specification needed',
          required: true,
          when: { field: 'model', values: ['workstation'] },
        },
        { key: 'user', type: 'user', labelZh: '使用人', labelEn: 'User', required: true },
        { key: 'needed_by', type: 'date', labelZh: '需要日期', labelEn: 'Needed by', required: true },
        { key: 'approval_doc', type: 'attachment', labelZh: '相关附件', labelEn: 'Supporting file', required: false },
      ],
      approvals: [
        { mode: 'all', approvers: [{ type: 'manager' }] },
        { mode: 'all', approvers: [{ type: 'service_owner' }] },
      ],
      stages: [
        {
          tasks: [
            {
              titleZh: '备机、安装系统与常用软件',
              titleEn: 'Prepare the PC with OS and standard software',
              groupId: group('一线服务台'),
            },
          ],
        },
        {
          tasks: [
            {
              titleZh: '入域、网络配置并送达用户',
              titleEn: 'Join the domain, configure the network and hand over',
              groupId: group('二线网络与系统'),
            },
          ],
        },
      ],
    });
    const account = await make({
      serviceId: access,
      nameZh: '账号开通',
      nameEn: 'Account request',
      descriptionZh: '开通域账号、邮箱、ERP 或 VPN 账号。',
      descriptionEn: 'A domain, mail, ERP or VPN account.',
      icon: 'user',
      sort: 10,
      form: [
        {
          key: 'kind',
          type: 'choice',
          labelZh: '账号类型',
          labelEn: 'Account type',
          required: true,
          options: [
            { value: 'ad', labelZh: '域账号', labelEn: 'Domain account' },
            { value: 'mail', labelZh: '企业邮箱', labelEn: 'Mailbox' },
            { value: 'erp', labelZh: 'ERP 账号', labelEn: 'ERP account' },
            { value: 'vpn', labelZh: 'VPN 账号', labelEn: 'VPN account' },
          ],
        },
        { key: 'user', type: 'user', labelZh: '使用人', labelEn: 'User', required: true },
        {
          key: 'erp_role',
          type: 'text',
          labelZh: 'ERP 角色',
          labelEn: 'ERP role',
          required: true,
          when: { field: 'kind', values: ['erp'] },
        },
        { key: 'start', type: 'date', labelZh: '启用日期', labelEn: 'Start date', required: false },
      ],
      approvals: [{ mode: 'all', approvers: [{ type: 'manager' }] }],
      stages: [
        {
          tasks: [
            {
              titleZh: '创建账号并分配权限',
              titleEn: 'Create the account and grant access',
              groupId: group('二线应用支持'),
            },
          ],
        },
        {
          tasks: [
            {
              titleZh: '通知用户并指导首次登录',
              titleEn: 'Tell the user and guide the first sign-in',
              groupId: group('一线服务台'),
            },
          ],
        },
      ],
    });
    const softwareItem = await make({
      serviceId: software,
      nameZh: '软件安装',
      nameEn: 'Software installation',
      descriptionZh: '安装正版软件；需要许可证的由服务负责人或上级批准。',
      descriptionEn: 'Install licensed software; licences are approved by the service owner or your manager.',
      icon: 'appstore',
      sort: 10,
      form: [
        { key: 'software', type: 'text', labelZh: '软件名称及版本', labelEn: 'Software and version', required: true },
        { key: 'pc', type: 'asset', labelZh: '电脑资产编号', labelEn: 'PC asset tag', required: true },
        {
          key: 'licence',
          type: 'choice',
          labelZh: '需要购买许可证',
          labelEn: 'Licence needed',
          required: true,
          options: yesNo,
        },
        {
          key: 'seats',
          type: 'number',
          labelZh: '许可证数量',
          labelEn: 'Licences',
          required: true,
          min: 1,
          max: 50,
          when: { field: 'licence', values: ['yes'] },
        },
      ],
      approvals: [{ mode: 'any', approvers: [{ type: 'manager' }, { type: 'service_owner' }] }],
      stages: [
        {
          tasks: [
            { titleZh: '远程安装并激活', titleEn: 'Install remotely and activate', groupId: group('二线应用支持') },
          ],
        },
      ],
    });
    const move = await make({
      serviceId: imac,
      nameZh: '办公室搬迁',
      nameEn: 'Office move',
      descriptionZh: '部门或个人工位搬迁：拆机、网络点位、装机与测试。',
      descriptionEn: 'Moving desks: unplug, network points, set up and test.',
      icon: 'car',
      sort: 20,
      form: [
        { key: 'date', type: 'date', labelZh: '搬迁日期', labelEn: 'Moving date', required: true },
        { key: 'from', type: 'text', labelZh: '原位置', labelEn: 'From', required: true },
        { key: 'to', type: 'text', labelZh: '新位置', labelEn: 'To', required: true },
        { key: 'people', type: 'number', labelZh: '涉及人数', labelEn: 'People', required: true, min: 1, max: 500 },
        {
          key: 'network',
          type: 'choice',
          labelZh: '需要新增网络点位',
          labelEn: 'New network points',
          required: true,
          options: yesNo,
        },
        {
          key: 'points',
          type: 'number',
          labelZh: '新增点位数量',
          labelEn: 'Number of points',
          required: true,
          min: 1,
          max: 200,
          when: { field: 'network', values: ['yes'] },
        },
        { key: 'plan', type: 'attachment', labelZh: '座位图', labelEn: 'Seating plan', required: false },
      ],
      approvals: [
        { mode: 'all', approvers: [{ type: 'manager' }] },
        { mode: 'all', approvers: [{ type: 'service_owner' }] },
      ],
      stages: [
        {
          tasks: [
            { titleZh: '拆机、打包与标记', titleEn: 'Unplug, pack and label', groupId: group('一线服务台') },
            { titleZh: '新位置网络点位准备', titleEn: 'Prepare network points', groupId: group('二线网络与系统') },
          ],
        },
        { tasks: [{ titleZh: '装机与测试', titleEn: 'Set up and test', groupId: group('一线服务台') }] },
      ],
    });
    const toner = await make({
      serviceId: consumables,
      nameZh: '硒鼓/墨粉更换',
      nameEn: 'Toner replacement',
      descriptionZh: '打印机硒鼓或墨粉用尽，上门更换。',
      descriptionEn: 'A printer has run out of toner; we replace it on site.',
      icon: 'printer',
      sort: 10,
      form: [
        { key: 'printer', type: 'text', labelZh: '打印机型号', labelEn: 'Printer model', required: true },
        { key: 'location', type: 'text', labelZh: '打印机位置', labelEn: 'Printer location', required: true },
        {
          key: 'colour',
          type: 'choice',
          labelZh: '颜色',
          labelEn: 'Colour',
          required: true,
          options: [
            { value: 'black', labelZh: '黑色', labelEn: 'Black' },
            { value: 'colour', labelZh: '彩色全套', labelEn: 'Full colour set' },
          ],
        },
        { key: 'qty', type: 'number', labelZh: '数量', labelEn: 'Quantity', required: true, min: 1, max: 10 },
      ],
      approvals: [],
      stages: [
        {
          tasks: [
            { titleZh: '上门更换并打印测试页', titleEn: 'Replace and print a test page', groupId: group('一线服务台') },
          ],
        },
      ],
    });
    // The desk's own item: restock requests are raised on it when a spare falls to its threshold.
    await make({
      serviceId: consumables,
      nameZh: '备件耗材补货',
      nameEn: 'Restock spares and consumables',
      descriptionZh: '库存降到补货阈值时由系统发起：采购并入库。',
      descriptionEn: 'Raised by the system when stock falls to its reorder level: buy and put in stock.',
      icon: 'tool',
      sort: 90,
      organizationIds: [provider],
      form: [],
      approvals: [],
      stages: [{ tasks: [{ titleZh: '采购并入库', titleEn: 'Buy and put in stock', groupId: group('一线服务台') }] }],
    });
    return { newPc, account, softwareItem, move, toner };
  });

  // A few requests in every state, a day or two apart, ending now.
  const realNow = Date.now();
  let at = realNow - 6 * 86_400_000;
  const restore = setClock(() => at);
  try {
    const as = async <T>(email: string, work: (tx: Tx) => Promise<T>) => {
      at += 2 * 3_600_000;
      const actor = (await loadActor(db, await userId(email)))!;
      return inTransaction(services, actor, work);
    };
    const submit = (email: string, itemId: string, answers: Record<string, unknown>) =>
      as(email, (tx) => requests.submitRequest({ tx, input: { itemId, answers }, maxBytes: 1_048_576 }));
    const tasksOf = async (id: string) =>
      db
        .selectFrom('request_tasks')
        .select(['id', 'state'])
        .where('record_id', '=', id)
        .orderBy('stage')
        .orderBy('seq')
        .execute();
    const completeAll = async (id: string, email: string) => {
      for (const task of (await tasksOf(id)).filter((t) => t.state === 'open'))
        await as(email, (tx) => requests.completeTask({ tx, requestId: id, taskId: task.id, note: '已完成' }));
    };
    const lina = await userId('requester@trellis.demo');

    // Closed: software installed and accepted.
    const sw = await submit('chen.chen@hdmfg.demo', items.softwareItem.id, {
      software: 'Adobe Acrobat Pro 2024',
      pc: 'PC-2023-0318',
      licence: 'yes',
      seats: 1,
    });
    await as('wang.lei@hdmfg.demo', (tx) => requests.approveRequest({ tx, requestId: sw.id, comment: '同意' }));
    await completeAll(sw.id, 'sun.li@trellis.demo');
    await as('chen.chen@hdmfg.demo', (tx) => requests.acceptRequest({ tx, requestId: sw.id, comment: '已可正常使用' }));

    // Delivered, waiting for 李娜's acceptance.
    const toner = await submit('requester@trellis.demo', items.toner.id, {
      printer: 'HP LaserJet M404dn',
      location: '财务部 3 楼东侧',
      colour: 'black',
      qty: 2,
    });
    await completeAll(toner.id, 'agent@trellis.demo');

    // In fulfilment: account approved, the application team is on it.
    const liuMin = await userId('liu.min@hdmfg.demo');
    const acc = await submit('liu.min@hdmfg.demo', items.account.id, {
      kind: 'erp',
      user: liuMin,
      erp_role: '应付会计',
    });
    await as('wang.lei@hdmfg.demo', (tx) => requests.approveRequest({ tx, requestId: acc.id }));

    // Rejected by the manager.
    const huBin = await userId('hu.bin@jntrade.demo');
    const pcRejected = await submit('hu.bin@jntrade.demo', items.newPc.id, {
      reason: 'replacement',
      old_asset: 'PC-2022-0107',
      model: 'workstation',
      spec: '需要 64 GB 内存用于视频剪辑',
      user: huBin,
      needed_by: new Date(realNow + 14 * 86_400_000).toISOString().slice(0, 10),
    });
    await as('sun.yue@jntrade.demo', (tx) =>
      requests.rejectRequest({ tx, requestId: pcRejected.id, comment: '现有电脑尚在保修期内，可先升级内存' }),
    );

    // Office move waiting for the service owner (step 2).
    const mv = await submit('ma.chao@jntrade.demo', items.move.id, {
      date: new Date(realNow + 10 * 86_400_000).toISOString().slice(0, 10),
      from: '物流部 2 楼',
      to: '物流部 5 楼 501',
      people: 12,
      network: 'yes',
      points: 14,
    });
    await as('sun.yue@jntrade.demo', (tx) => requests.approveRequest({ tx, requestId: mv.id, comment: '同意搬迁' }));

    // Cancelled by the requester.
    const cancelled = await submit('yang.fan@hdmfg.demo', items.toner.id, {
      printer: 'Canon iR-ADV C3530',
      location: '生产部办公室',
      colour: 'colour',
      qty: 1,
    });
    await as('yang.fan@hdmfg.demo', (tx) =>
      requests.cancelRequest({ tx, requestId: cancelled.id, reason: '已从库存领到' }),
    );

    // 李娜's new PC, waiting for her manager 王磊.
    at = realNow - 3_600_000;
    await submit('requester@trellis.demo', items.newPc.id, {
      reason: 'replacement',
      old_asset: 'PC-2020-0815',
      model: 'laptop',
      user: lina,
      needed_by: new Date(realNow + 7 * 86_400_000).toISOString().slice(0, 10),
    });
  } finally {
    restore();
  }
}
