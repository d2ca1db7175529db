import { type Kysely, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/** Customer contracts (客户合同) and service reviews (服务评审) of the business relationship module. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customer_contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('services_json', 'text', (c) => c.notNull())
    .addColumn('report_cycle', 'text', (c) =>
      c.notNull().check(oneOf('report_cycle', ['monthly', 'quarterly', 'annual'])),
    )
    .addColumn('contacts_json', 'text', (c) => c.notNull())
    .addColumn('value', 'real')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('renewal_on', 'text')
    .addColumn('renewal_reminder_days', 'integer', (c) => c.notNull())
    .addColumn('reminded_for', 'text')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_contracts_org').on('customer_contracts').column('organization_id').execute();

  await db.schema
    .createTable('service_reviews')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_on', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull().check(oneOf('cycle', ['monthly', 'quarterly'])))
    .addColumn('attendees_json', 'text', (c) => c.notNull())
    .addColumn('agenda', 'text', (c) => c.notNull())
    .addColumn('minutes', 'text', (c) => c.notNull())
    .addColumn('decisions', 'text', (c) => c.notNull())
    .addColumn('actions_json', 'text', (c) => c.notNull())
    .addColumn('change_requests_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['scheduled', 'held', 'closed'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('service_reviews_org').on('service_reviews').column('organization_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('service_reviews').execute();
  await db.schema.dropTable('customer_contracts').execute();
}
