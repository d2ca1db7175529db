import {
  assignLicence,
  createStockItem,
  decideDisposal,
  insertAsset,
  moveStock,
  operateAsset,
  setReorderLevel,
} from '../modules/assets/index.js';
import { addRelation, createCi, linkRecordToCi, moveCi, updateCi } from '../modules/cmdb/index.js';
import { loadActor } from '../modules/directory/index.js';
import type { Tx } from '../platform/context.js';
import type { Trellis } from '../platform/trellis.js';
import { inTransaction } from '../platform/unit-of-work.js';

/**
 * A small CMDB and asset register for the demo customers: the initial load (no actor, the
 * 初始化表单) plus a few later changes by staff, one of them without a change record.
 */
export async function loadDemoCmdb(trellis: Trellis): Promise<void> {
  const services = { db: trellis.database.db, dialect: trellis.database.dialect, bus: trellis.bus };
  const { db } = services;
  const org = async (code: string) =>
    (await db.selectFrom('organizations').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  const user = async (email: string) =>
    db.selectFrom('users').select(['id', 'organization_id']).where('email', '=', email).executeTakeFirst();
  const classes = new Map(
    (await db.selectFrom('ci_classes').select(['id', 'code']).execute()).map((c) => [c.code, c.id]),
  );
  const provider = await org('YUNFAN');
  const hd = await org('HDMFG');
  const jn = await org('JNTRADE');
  const requester = await user('requester@trellis.demo');
  const specialist = await user('specialist@trellis.demo');
  const manager = await user('manager@trellis.demo');
  const restockItem = (
    await db.selectFrom('catalog_items').select('id').where('name_zh', '=', '备件耗材补货').executeTakeFirstOrThrow()
  ).id;
  const customers = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'requester')
    .where('organization_id', '=', hd)
    .orderBy('name')
    .limit(6)
    .execute();

  const ci = await inTransaction(services, null, async (tx) => {
    const make = (classCode: string, name: string, organizationId: string, extra: Record<string, unknown> = {}) =>
      createCi({
        tx,
        input: { classId: classes.get(classCode)!, name, organizationId, state: 'in_use', attributes: {}, ...extra },
      });
    const rel = (
      from: string,
      type: 'depends_on' | 'runs_on' | 'hosted_in' | 'connected_to' | 'part_of' | 'uses',
      to: string,
    ) => addRelation({ tx, ciId: from, input: { type, targetId: to } });
    const hq = await make('location', '华东制造 总部机房', hd, {
      attributes: { address: '苏州工业园区星湖街 88 号', floor: 'B1 机房' },
    });
    const office = await make('location', '华东制造 3 楼办公区', hd, {
      attributes: { address: '苏州工业园区星湖街 88 号', floor: '3F' },
    });
    const jnRoom = await make('location', '江南商贸 杭州机房', jn, {
      attributes: { address: '杭州市西湖区文三路 200 号', floor: '5F 机房' },
    });
    const store = await make('location', '云帆 备件库房', provider, {
      attributes: { address: '上海市徐汇区漕溪北路 18 号', floor: '2F' },
    });
    const erp = await make('business_service', 'ERP 生产管理服务', hd, {
      ownerId: manager?.id,
      attributes: { criticality: '高', service_hours: '7×24' },
    });
    const mail = await make('business_service', '企业邮件服务', hd, {
      ownerId: manager?.id,
      attributes: { criticality: '中', service_hours: '5×8' },
    });
    const pos = await make('business_service', '门店收银服务', jn, {
      ownerId: manager?.id,
      attributes: { criticality: '高', service_hours: '7×24' },
    });
    const erpApp = await make('application', '金蝶 K/3 Cloud', hd, {
      ownerId: specialist?.id,
      userIds: customers.map((c) => c.id),
      attributes: { version: '8.1', vendor: '金蝶' },
    });
    const mailApp = await make('application', 'Exchange 邮件系统', hd, {
      attributes: { version: '2019 CU14', vendor: 'Microsoft' },
    });
    const posApp = await make('application', '门店 POS 系统', jn, { attributes: { version: '5.2', vendor: '银豹' } });
    const erpDb = await make('database', 'ERP 数据库', hd, {
      locationId: hq,
      attributes: { engine: 'SQL Server', version: '2019', port: 1433 },
    });
    const posDb = await make('database', 'POS 数据库', jn, {
      locationId: jnRoom,
      attributes: { engine: 'MySQL', version: '8.0', port: 3306 },
    });
    const host1 = await make('server', '华东-虚拟化主机-01', hd, {
      locationId: hq,
      attributes: {
        hostname: 'hd-esx-01',
        ip: '10.10.1.11',
        os: 'VMware ESXi 7.0',
        cpu: 48,
        memory_gb: 512,
        model: 'Dell R750',
        serial: 'CN7R750A01',
      },
    });
    const host2 = await make('server', '华东-虚拟化主机-02', hd, {
      locationId: hq,
      attributes: {
        hostname: 'hd-esx-02',
        ip: '10.10.1.12',
        os: 'VMware ESXi 7.0',
        cpu: 48,
        memory_gb: 512,
        model: 'Dell R750',
        serial: 'CN7R750A02',
      },
    });
    const vmErp = await make('virtual_machine', 'ERP 应用服务器', hd, {
      locationId: hq,
      attributes: { hostname: 'hd-erp-app', ip: '10.10.2.21', os: 'Windows Server 2019', cpu: 16, memory_gb: 64 },
    });
    const vmDb = await make('virtual_machine', 'ERP 数据库服务器', hd, {
      locationId: hq,
      attributes: { hostname: 'hd-erp-db', ip: '10.10.2.22', os: 'Windows Server 2019', cpu: 16, memory_gb: 128 },
    });
    const vmMail = await make('virtual_machine', '邮件服务器', hd, {
      locationId: hq,
      attributes: { hostname: 'hd-mail-01', ip: '10.10.2.30', os: 'Windows Server 2019', cpu: 8, memory_gb: 32 },
    });
    const posSrv = await make('server', '江南-POS 服务器', jn, {
      locationId: jnRoom,
      attributes: {
        hostname: 'jn-pos-01',
        ip: '172.16.1.10',
        os: 'CentOS 7.9',
        cpu: 32,
        memory_gb: 128,
        model: '华为 2288H V5',
        serial: '2102311TYBN0K8000123',
      },
    });
    const storage = await make('storage', '华东-存储阵列', hd, {
      locationId: hq,
      attributes: { model: '华为 OceanStor 5310', serial: '2102353GJR10N5000088', capacity_tb: 120 },
    });
    const core = await make('network_device', '华东-核心交换机', hd, {
      locationId: hq,
      attributes: { model: '华为 S7706', serial: '2102113089P0K1000011', device_type: '交换机', ip: '10.10.0.1' },
    });
    const access3 = await make('network_device', '华东-3 楼接入交换机', hd, {
      locationId: office,
      attributes: { model: '华为 S5735', serial: '2102113089P0K1000207', device_type: '交换机', ip: '10.10.0.31' },
    });
    const fw = await make('network_device', '华东-出口防火墙', hd, {
      locationId: hq,
      attributes: { model: '深信服 AF-1000', serial: 'SF1000A2026001', device_type: '防火墙', ip: '10.10.0.254' },
    });
    const printer = await make('printer', '3 楼财务部打印机', hd, {
      locationId: office,
      attributes: { model: 'HP LaserJet M404dn', serial: 'PHBQB12345', ip: '10.10.3.50' },
    });
    const pc = await make('pc', '财务部-李娜 台式机', hd, {
      locationId: office,
      ownerId: requester?.id,
      userIds: requester ? [requester.id] : [],
      attributes: { model: '联想 启天 M437', serial: 'PC0A1B2C', hostname: 'HD-FIN-PC01', os: 'Windows 11 专业版' },
    });
    const laptop = await make('laptop', '销售部 笔记本', hd, {
      locationId: office,
      attributes: { model: 'ThinkPad T14', serial: 'PF3XYZ01', hostname: 'HD-SAL-NB01', os: 'Windows 11 专业版' },
    });
    const office365 = await make('software', 'WPS Office 专业版', hd, {
      attributes: { version: '2023', vendor: '金山办公' },
    });
    await make('licence', 'WPS 专业版 批量许可', hd, {
      attributes: { licence_key: 'WPS-HD-2026-0001', seats: 50, expires: '2027-06-30' },
    });
    await make('server', '江南-备份服务器', jn, {
      state: 'ordered',
      locationId: jnRoom,
      attributes: { hostname: 'jn-bak-01', os: 'Rocky Linux 9' },
    });

    await rel(erp, 'depends_on', erpApp);
    await rel(mail, 'depends_on', mailApp);
    await rel(pos, 'depends_on', posApp);
    await rel(erpApp, 'runs_on', vmErp);
    await rel(erpApp, 'uses', erpDb);
    await rel(erpDb, 'runs_on', vmDb);
    await rel(mailApp, 'runs_on', vmMail);
    await rel(posApp, 'runs_on', posSrv);
    await rel(posApp, 'uses', posDb);
    await rel(posDb, 'runs_on', posSrv);
    for (const vm of [vmErp, vmMail]) await rel(vm, 'hosted_in', host1);
    await rel(vmDb, 'hosted_in', host2);
    for (const h of [host1, host2]) {
      await rel(h, 'connected_to', core);
      await rel(h, 'uses', storage);
    }
    await rel(core, 'connected_to', fw);
    await rel(access3, 'connected_to', core);
    for (const d of [printer, pc, laptop]) await rel(d, 'connected_to', access3);
    await rel(office365, 'part_of', pc);
    return { hd, office, store, pc, laptop, printer, access3, host1, vmErp };
  });

  // Later changes by staff: one through an incident, one without any change record (flagged).
  const as = async (email: string) => {
    const u = await user(email);
    return u ? loadActor(db, u.id) : null;
  };
  const specialistActor = await as('specialist@trellis.demo');
  const agentActor = await as('agent@trellis.demo');
  const managerActor = await as('manager@trellis.demo');
  if (!specialistActor || !agentActor || !managerActor || !requester) return;
  const openIncidents = await db
    .selectFrom('work_records')
    .select(['id', 'title'])
    .where('kind', '=', 'incident')
    .where('organization_id', '=', hd)
    .where('state', 'in', ['pending', 'in_progress'])
    .orderBy('created_at', 'desc')
    .limit(6)
    .execute();
  await inTransaction(services, specialistActor, async (tx) => {
    const targets = [ci.pc, ci.access3, ci.printer, ci.vmErp, ci.laptop, ci.host1];
    for (const [i, incident] of openIncidents.entries())
      await linkRecordToCi(tx, incident.id, targets[i % targets.length]!);
    await updateCi({ tx, ciId: ci.vmErp, input: { attributes: { memory_gb: 96 }, recordId: openIncidents[0]?.id } });
    await moveCi({ tx, ciId: ci.laptop, input: { state: 'changing' } });
  });

  await inTransaction(services, agentActor, async (tx: Tx) => {
    const register = (tag: string, name: string, extra: Record<string, unknown>) =>
      insertAsset(
        tx,
        { tag, class: 'equipment', name, organizationId: ci.hd, locationId: ci.office, ...extra } as never,
        { status: 'in_stock' },
      );
    const a1 = await register('HD-IT-2026-0001', '联想 启天 M437 台式机', {
      model: '启天 M437',
      serialNumber: 'PC0A1B2C',
      macAddresses: ['3C:52:82:1A:2B:01'],
      licenceKey: 'W11P-OEM-0001',
      purchaseDate: '2026-02-10',
      purchasePrice: 4899,
      supplier: '联想（北京）有限公司',
      orderNumber: 'PO-2026-0012',
      warrantyUntil: '2029-02-09',
      ciId: ci.pc,
    });
    await operateAsset({
      tx,
      assetId: a1.id,
      input: { type: 'issue', toHolderId: requester.id, signedOff: true, note: '新员工入职领用' },
    });
    const a2 = await register('HD-IT-2026-0002', 'ThinkPad T14 笔记本', {
      model: 'T14 Gen 4',
      serialNumber: 'PF3XYZ01',
      macAddresses: ['8C:8C:AA:10:20:30', 'F4:26:79:11:22:33'],
      licenceKey: 'W11P-OEM-0002',
      purchaseDate: '2026-03-01',
      purchasePrice: 7299,
      supplier: '联想（北京）有限公司',
      warrantyUntil: '2029-02-28',
      ciId: ci.laptop,
    });
    await operateAsset({ tx, assetId: a2.id, input: { type: 'issue', toHolderId: requester.id, note: '出差使用' } });
    await register('HD-IT-2026-0003', 'HP LaserJet M404dn 打印机', {
      model: 'M404dn',
      serialNumber: 'PHBQB12345',
      macAddresses: ['A0:8C:FD:12:34:56'],
      purchaseDate: '2025-11-20',
      purchasePrice: 2399,
      supplier: '惠普贸易（上海）',
      warrantyUntil: '2026-11-19',
      ciId: ci.printer,
    });
    const old = await register('HD-IT-2019-0107', '戴尔 OptiPlex 7060 台式机', {
      model: 'OptiPlex 7060',
      serialNumber: 'DL7060X9',
      purchaseDate: '2019-05-06',
      purchasePrice: 5200,
      warrantyUntil: '2022-05-05',
    });
    await operateAsset({ tx, assetId: old.id, input: { type: 'dispose', note: '超过使用年限，主板故障' } });
    const wps = await insertAsset(
      tx,
      {
        tag: 'HD-SW-WPS-2026',
        class: 'software',
        name: 'WPS Office 专业版',
        licenceKey: 'WPS-HD-2026-0001',
        seats: 50,
        organizationId: ci.hd,
        purchaseDate: '2026-01-01',
        purchasePrice: 15000,
        supplier: '金山办公',
      },
      { status: 'in_use' },
    );
    await assignLicence({ tx, assetId: wps.id, input: { userId: requester.id } });
    await assignLicence({ tx, assetId: wps.id, input: { deviceId: a1.id } });
    const toner = await createStockItem({
      tx,
      input: { code: 'TONER-HP-59A', name: 'HP 59A 硒鼓', kind: 'consumable', unit: '个' },
    });
    await moveStock({ tx, itemId: toner, input: { locationId: ci.store, kind: 'restock', quantity: 12 } });
    await setReorderLevel({
      tx,
      itemId: toner,
      input: { locationId: ci.store, reorderLevel: 4, restockItemId: restockItem },
    });
    await moveStock({
      tx,
      itemId: toner,
      input: { locationId: ci.store, kind: 'issue', quantity: 8, toUserId: requester.id },
    });
    const mouse = await createStockItem({
      tx,
      input: { code: 'SPARE-MOUSE', name: '罗技 USB 鼠标', kind: 'part', unit: '个' },
    });
    await moveStock({ tx, itemId: mouse, input: { locationId: ci.store, kind: 'restock', quantity: 30 } });
    await setReorderLevel({
      tx,
      itemId: mouse,
      input: { locationId: ci.store, reorderLevel: 5, restockItemId: restockItem },
    });
    // Another old machine: asked for by the agent, approved by the manager below.
    const older = await register('HD-IT-2018-0033', '联想 扬天 台式机', {
      model: 'M4000s',
      serialNumber: 'LX4000S33',
      purchaseDate: '2018-03-01',
      warrantyUntil: '2021-02-28',
    });
    await operateAsset({ tx, assetId: older.id, input: { type: 'dispose', note: '硬盘损坏，已无维修价值' } });
    return older.id;
  }).then((olderId) =>
    inTransaction(services, managerActor, (tx) =>
      decideDisposal({ tx, actor: managerActor, assetId: olderId, approve: true }),
    ),
  );
}
