import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** A UUIDv7 made here, since migrations never import app code. */
function uuid7(at: number, seq: number): string {
  const b = randomBytes(16);
  b.writeUIntBE(at, 0, 6);
  b[6] = 0x70 | (seq >> 8);
  b[7] = seq & 0xff;
  b[8] = 0x80 | (b[8]! & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

type Attr = [key: string, zh: string, en: string, type: string, flags?: string, options?: string[]];
const a = ([key, nameZh, nameEn, type, flags = '', options]: Attr) => ({
  key,
  nameZh,
  nameEn,
  type,
  ...(flags.includes('r') ? { required: true } : {}),
  ...(flags.includes('u') ? { unique: true } : {}),
  ...(options ? { options } : {}),
});
const host: Attr[] = [
  ['hostname', '主机名', 'Host name', 'text', 'u'],
  ['ip', 'IP 地址', 'IP address', 'text', 'u'],
  ['os', '操作系统', 'Operating system', 'text'],
  ['cpu', 'CPU 核数', 'CPU cores', 'number'],
  ['memory_gb', '内存 (GB)', 'Memory (GB)', 'number'],
];
const device: Attr[] = [
  ['model', '型号', 'Model', 'text'],
  ['serial', '出厂编号', 'Serial number', 'text', 'u'],
];

/** The starter set of the issue; admins add their own classes beside it. */
const STARTER: [code: string, zh: string, en: string, isService: boolean, attrs: Attr[]][] = [
  [
    'business_service',
    '业务服务',
    'Business service',
    true,
    [
      ['criticality', '重要程度', 'Criticality', 'enum', 'r', ['高', '中', '低']],
      ['service_hours', '服务时间', 'Service hours', 'text'],
    ],
  ],
  [
    'application',
    '应用系统',
    'Application',
    false,
    [
      ['version', '版本', 'Version', 'text'],
      ['vendor', '厂商', 'Vendor', 'text'],
      ['url', '访问地址', 'URL', 'text'],
    ],
  ],
  [
    'database',
    '数据库',
    'Database',
    false,
    [
      ['engine', '数据库类型', 'Engine', 'enum', 'r', ['MySQL', 'PostgreSQL', 'Oracle', 'SQL Server', '达梦', '其他']],
      ['version', '版本', 'Version', 'text'],
      ['port', '端口', 'Port', 'number'],
    ],
  ],
  ['server', '服务器', 'Server', false, [...host, ...device]],
  ['virtual_machine', '虚拟机', 'Virtual machine', false, host],
  [
    'pc',
    '台式电脑',
    'PC',
    false,
    [...device, ['hostname', '计算机名', 'Computer name', 'text'], ['os', '操作系统', 'Operating system', 'text']],
  ],
  [
    'laptop',
    '笔记本电脑',
    'Laptop',
    false,
    [...device, ['hostname', '计算机名', 'Computer name', 'text'], ['os', '操作系统', 'Operating system', 'text']],
  ],
  ['printer', '打印机', 'Printer', false, [...device, ['ip', 'IP 地址', 'IP address', 'text']]],
  [
    'network_device',
    '网络设备',
    'Network device',
    false,
    [
      ...device,
      ['device_type', '设备类型', 'Device type', 'enum', 'r', ['交换机', '路由器', '防火墙', '无线 AP']],
      ['ip', '管理 IP', 'Management IP', 'text', 'u'],
    ],
  ],
  ['storage', '存储设备', 'Storage', false, [...device, ['capacity_tb', '容量 (TB)', 'Capacity (TB)', 'number']]],
  [
    'software',
    '软件',
    'Software',
    false,
    [
      ['version', '版本', 'Version', 'text'],
      ['vendor', '厂商', 'Vendor', 'text'],
    ],
  ],
  [
    'licence',
    '许可证',
    'Licence',
    false,
    [
      ['licence_key', '许可证密钥', 'Licence key', 'text', 'u'],
      ['seats', '授权数量', 'Seats', 'number', 'r'],
      ['expires', '到期日', 'Expires', 'date'],
    ],
  ],
  [
    'location',
    '位置',
    'Location',
    false,
    [
      ['address', '地址', 'Address', 'text'],
      ['floor', '楼层/机房', 'Floor / room', 'text'],
    ],
  ],
];

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ci_classes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('attributes_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('is_service', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('builtin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cis')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('class_id', 'text', (c) => c.notNull().references('ci_classes.id'))
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('location_id', 'text', (c) => c.references('cis.id'))
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .check(oneOf('state', ['ordered', 'received', 'testing', 'in_use', 'changing', 'removed', 'cancelled'])),
    )
    .addColumn('attributes_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unauthorized', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cis_class_idx').on('cis').columns(['class_id', 'name']).execute();
  await db.schema.createIndex('cis_org_idx').on('cis').columns(['organization_id']).execute();
  await db.schema.createIndex('cis_location_idx').on('cis').columns(['location_id']).execute();
  await db.schema
    .createTable('ci_users')
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addPrimaryKeyConstraint('ci_users_pk', ['ci_id', 'user_id'])
    .execute();
  // Unique attributes are enforced by the database, on both dialects, without JSON indexes.
  await db.schema
    .createTable('ci_unique_values')
    .addColumn('class_id', 'text', (c) => c.notNull().references('ci_classes.id'))
    .addColumn('attr_key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addPrimaryKeyConstraint('ci_unique_values_pk', ['class_id', 'attr_key', 'value'])
    .execute();
  await db.schema.createIndex('ci_unique_values_ci_idx').on('ci_unique_values').columns(['ci_id']).execute();
  await db.schema
    .createTable('ci_relations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) =>
      c.notNull().check(oneOf('type', ['depends_on', 'runs_on', 'hosted_in', 'connected_to', 'part_of', 'uses'])),
    )
    .addColumn('source_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('target_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('ci_relations_unique', ['source_id', 'target_id', 'type'])
    .execute();
  await db.schema
    .createIndex('ci_relations_target_idx')
    .on('ci_relations')
    .columns(['target_id', 'source_id'])
    .execute();
  await db.schema
    .createTable('ci_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('before_json', 'text', (c) => c.notNull())
    .addColumn('after_json', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('change_ref', 'text')
    .addColumn('unauthorized', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('ci_versions_unique', ['ci_id', 'version'])
    .execute();
  await db.schema.createIndex('ci_versions_at_idx').on('ci_versions').columns(['at']).execute();
  await db.schema
    .createTable('ci_baselines')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ci_baseline_items')
    .addColumn('baseline_id', 'text', (c) => c.notNull().references('ci_baselines.id'))
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot_json', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ci_baseline_items_pk', ['baseline_id', 'ci_id'])
    .execute();
  await db.schema
    .createTable('ci_audits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['open', 'closed'])))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('record_id', 'text', (c) => c.references('work_records.id'))
    .execute();
  await db.schema
    .createTable('ci_audit_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('audit_id', 'text', (c) => c.notNull().references('ci_audits.id'))
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('recorded_json', 'text', (c) => c.notNull())
    .addColumn('observed_json', 'text')
    .addColumn('result', 'text', (c) =>
      c.notNull().check(oneOf('result', ['pending', 'match', 'discrepancy', 'corrected'])),
    )
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('checked_by', 'text', (c) => c.references('users.id'))
    .addColumn('checked_at', 'text')
    .execute();
  await db.schema.createIndex('ci_audit_items_audit_idx').on('ci_audit_items').columns(['audit_id']).execute();
  // The generic record↔CI link: incidents and requests today, problems and changes later.
  await db.schema
    .createTable('record_cis')
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('ci_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_cis_pk', ['record_id', 'ci_id'])
    .execute();
  await db.schema.createIndex('record_cis_ci_idx').on('record_cis').columns(['ci_id']).execute();

  const now = new Date();
  await db
    .insertInto('ci_classes')
    .values(
      STARTER.map(([code, nameZh, nameEn, isService, attrs], i) => ({
        id: uuid7(now.getTime(), i),
        code,
        name_zh: nameZh,
        name_en: nameEn,
        attributes_json: JSON.stringify(attrs.map(a)),
        is_service: isService ? 1 : 0,
        builtin: 1,
        active: 1,
        created_at: now.toISOString(),
      })),
    )
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'record_cis',
    'ci_audit_items',
    'ci_audits',
    'ci_baseline_items',
    'ci_baselines',
    'ci_versions',
    'ci_relations',
    'ci_unique_values',
    'ci_users',
    'cis',
    'ci_classes',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
