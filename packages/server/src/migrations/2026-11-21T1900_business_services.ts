import type { Kysely } from 'kysely';

/** Business services, and the service a category and a work record belong to. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('services')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('categories')
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .execute();
  await db.schema
    .alterTable('work_records')
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .execute();
  await db.schema.createIndex('work_records_service_idx').on('work_records').columns(['service_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('work_records_service_idx').execute();
  await db.schema.alterTable('work_records').dropColumn('service_id').execute();
  await db.schema.alterTable('categories').dropColumn('service_id').execute();
  await db.schema.dropTable('services').execute();
}
