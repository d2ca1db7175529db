import { type Kysely, sql } from 'kysely';

/** A person's manager (for approvals), and the service catalogue items under business services. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('manager_id', 'text', (c) => c.references('users.id'))
    .execute();

  await db.schema
    .createTable('catalog_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('description_zh', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('description_en', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('icon', 'text', (c) => c.notNull().defaultTo('appstore'))
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1).check(sql`active in (0, 1)`))
    // The form, approval steps and task stages are one definition, copied onto each request at submission.
    .addColumn('form_json', 'text', (c) => c.notNull())
    .addColumn('approvals_json', 'text', (c) => c.notNull())
    .addColumn('stages_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('catalog_items_service_idx')
    .on('catalog_items')
    .columns(['service_id', 'sort'])
    .execute();

  await db.schema
    .createTable('catalog_item_organizations')
    .addColumn('item_id', 'text', (c) => c.notNull().references('catalog_items.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addPrimaryKeyConstraint('catalog_item_organizations_pk', ['item_id', 'organization_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('catalog_item_organizations').execute();
  await db.schema.dropTable('catalog_items').execute();
  await db.schema.alterTable('users').dropColumn('manager_id').execute();
}
