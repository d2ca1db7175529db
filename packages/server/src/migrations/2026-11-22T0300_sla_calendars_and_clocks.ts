import { type Kysely, sql } from 'kysely';

/**
 * Business calendars (working spans, holidays, 调休 make-up days, which years have holiday data),
 * SLA definitions with per-level targets, OLAs, suppliers and underpinning contracts, and the
 * clocks, warnings and breaches measured on every incident and request.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('always', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('week_json', 'text', (c) => c.notNull())
    .addColumn('holiday_region', 'text', (c) => c.check(sql`holiday_region in ('CN')`))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('calendar_days')
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('holiday', 'workday')`))
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('spans_json', 'text')
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('package', 'admin', 'ics', 'json')`))
    .addPrimaryKeyConstraint('calendar_days_pk', ['calendar_id', 'date'])
    .execute();
  await db.schema
    .createTable('calendar_years')
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('calendar_years_pk', ['calendar_id', 'year'])
    .execute();

  await db.schema
    .createTable('slas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pause_states_json', 'text', (c) => c.notNull())
    .addColumn('thresholds_json', 'text', (c) => c.notNull())
    .addColumn('breach_actions_json', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('sla_targets')
    .addColumn('sla_id', 'text', (c) => c.notNull().references('slas.id').onDelete('cascade'))
    .addColumn('level', 'integer', (c) => c.notNull().check(sql`level between 1 and 4`))
    .addColumn('response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id'))
    .addPrimaryKeyConstraint('sla_targets_pk', ['sla_id', 'level'])
    .execute();
  await db.schema
    .createTable('olas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('group_id', 'text', (c) => c.notNull().unique().references('support_groups.id'))
    .addColumn('target_minutes', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('suppliers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('contact', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('underpinning_contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('supplier_id', 'text', (c) => c.notNull().references('suppliers.id'))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('response_minutes', 'integer', (c) => c.notNull())
    .addColumn('resolution_minutes', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sla_clocks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('metric', 'text', (c) => c.notNull().check(sql`metric in ('response', 'resolution', 'ola')`))
    .addColumn('sla_id', 'text', (c) => c.references('slas.id'))
    .addColumn('ola_id', 'text', (c) => c.references('olas.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('target_minutes', 'integer', (c) => c.notNull())
    .addColumn('calendar_id', 'text', (c) => c.notNull().references('calendars.id'))
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('pauses_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('stopped_at', 'text')
    .addColumn('stop_reason', 'text', (c) => c.check(sql`stop_reason in ('met', 'cancelled', 'left_group')`))
    .addColumn('due_at', 'text')
    .addColumn('elapsed_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('warned_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('breached_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_clocks_record_idx').on('sla_clocks').columns(['record_id', 'metric']).execute();
  await db.schema
    .createIndex('sla_clocks_calendar_idx')
    .on('sla_clocks')
    .columns(['calendar_id', 'stopped_at'])
    .execute();
  await sql`create unique index sla_clocks_one_per_metric on sla_clocks (record_id, metric) where metric <> 'ola'`.execute(
    db,
  );
  await db.schema
    .createTable('sla_breaches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('clock_id', 'text', (c) => c.notNull().unique().references('sla_clocks.id'))
    .addColumn('record_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('due_at', 'text', (c) => c.notNull())
    .addColumn('breached_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('organization_id', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('sla_id', 'text')
    .addColumn('fired_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sla_breaches_at_idx').on('sla_breaches').columns(['breached_at']).execute();
  await db.schema
    .createTable('sla_warnings')
    .addColumn('clock_id', 'text', (c) => c.notNull().references('sla_clocks.id'))
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('fired_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sla_warnings_pk', ['clock_id', 'threshold'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'sla_warnings',
    'sla_breaches',
    'sla_clocks',
    'underpinning_contracts',
    'suppliers',
    'olas',
    'sla_targets',
    'slas',
    'calendar_years',
    'calendar_days',
    'calendars',
  ])
    await db.schema.dropTable(table).execute();
}
