import { type Kysely, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

const STATUSES = ['ordered', 'in_stock', 'in_use', 'in_repair', 'pending_disposal', 'disposed'];

/** IT assets (003 §2): register, operations with sign-off, licences, spares and consumables stock. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tag', 'text', (c) => c.notNull().unique())
    .addColumn('class', 'text', (c) => c.notNull().check(oneOf('class', ['software', 'equipment', 'consumable'])))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('serial_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('mac_addresses', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('licence_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('seats', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('purchase_date', 'text')
    .addColumn('purchase_price', 'double precision')
    .addColumn('supplier', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('order_number', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('warranty_until', 'text')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('location_id', 'text', (c) => c.references('cis.id'))
    .addColumn('holder_id', 'text', (c) => c.references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', STATUSES)))
    .addColumn('ci_id', 'text', (c) => c.references('cis.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('assets_holder_idx').on('assets').columns(['holder_id']).execute();
  await db.schema.createIndex('assets_org_idx').on('assets').columns(['organization_id', 'class']).execute();
  await db.schema
    .createTable('asset_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
    .addColumn('type', 'text', (c) =>
      c.notNull().check(oneOf('type', ['receive', 'issue', 'return', 'transfer', 'repair', 'repaired', 'dispose'])),
    )
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['done', 'pending_approval', 'rejected'])))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('from_holder_id', 'text', (c) => c.references('users.id'))
    .addColumn('to_holder_id', 'text', (c) => c.references('users.id'))
    .addColumn('from_location_id', 'text', (c) => c.references('cis.id'))
    .addColumn('to_location_id', 'text', (c) => c.references('cis.id'))
    .addColumn('from_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('to_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('signed_by', 'text', (c) => c.references('users.id'))
    .addColumn('signed_at', 'text')
    .addColumn('approved_by', 'text', (c) => c.references('users.id'))
    .addColumn('approved_at', 'text')
    .execute();
  await db.schema
    .createIndex('asset_operations_asset_idx')
    .on('asset_operations')
    .columns(['asset_id', 'at'])
    .execute();
  await db.schema
    .createTable('licence_assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('device_id', 'text', (c) => c.references('assets.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('licence_assignments_asset_idx')
    .on('licence_assignments')
    .columns(['asset_id'])
    .execute();
  await db.schema
    .createTable('stock_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['part', 'consumable'])))
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('stock_levels')
    .addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('quantity', 'integer', (c) => c.notNull().defaultTo(0).check(sql`quantity >= 0`))
    .addColumn('reorder_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('alert_record_id', 'text', (c) => c.references('work_records.id'))
    .addPrimaryKeyConstraint('stock_levels_pk', ['item_id', 'location_id'])
    .execute();
  await db.schema
    .createTable('stock_movements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('stock_items.id'))
    .addColumn('location_id', 'text', (c) => c.notNull().references('cis.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['issue', 'restock'])))
    .addColumn('quantity', 'integer', (c) => c.notNull())
    .addColumn('to_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('actor_id', 'text', (c) => c.references('users.id'))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('record_assets')
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('asset_id', 'text', (c) => c.notNull().references('assets.id'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('record_assets_pk', ['record_id', 'asset_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'record_assets',
    'stock_movements',
    'stock_levels',
    'stock_items',
    'licence_assignments',
    'asset_operations',
    'assets',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
