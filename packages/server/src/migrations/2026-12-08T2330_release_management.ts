import { type Kysely, sql } from 'kysely';

/**
 * Release management (issue 14): the release beside the core record (type, version, the §9.1.2
 * plan, acceptance, back-out report, verification, review, what its success produced), the changes,
 * problems, services, library entries and customer representatives it names, deployment activities
 * per site, test records, and the definitive software library (最终软件库) with its software CIs.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('release_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('major', 'minor', 'emergency')`))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('plan_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('release_date', 'text')
    .addColumn('ci_targets_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_by', 'text', (c) => c.references('users.id'))
    .addColumn('acceptance_conditions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('acceptance_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('rework_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deployed_at', 'text')
    .addColumn('backout_report', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .addColumn('verification_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('outcome', 'text', (c) => c.check(sql`outcome in ('success', 'rolled_back')`))
    .addColumn('baseline_id', 'text')
    .addColumn('notes_article_id', 'text')
    .addColumn('success_log_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('review_json', 'text')
    .addColumn('review_done_at', 'text')
    .addColumn('review_incidents', 'integer')
    .execute();
  await db.schema.createIndex('release_details_date_idx').on('release_details').columns(['release_date']).execute();

  for (const [table, column, ref] of [
    ['release_changes', 'change_id', 'work_records.id'],
    ['release_services', 'service_id', 'services.id'],
    ['release_customer_reps', 'user_id', 'users.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('release_id', 'text', (c) => c.notNull().references('work_records.id'))
      .addColumn(column, 'text', (c) => c.notNull().references(ref))
      .addPrimaryKeyConstraint(`${table}_pk`, ['release_id', column])
      .execute();
    await db.schema.createIndex(`${table}_rev_idx`).on(table).columns([column, 'release_id']).execute();
  }
  await db.schema
    .createTable('release_problems')
    .addColumn('release_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('problem_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('closes', 'found')`))
    .addColumn('test_id', 'text')
    .addPrimaryKeyConstraint('release_problems_pk', ['release_id', 'problem_id'])
    .execute();

  await db.schema
    .createTable('release_sites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('window_start', 'text', (c) => c.notNull())
    .addColumn('window_end', 'text', (c) => c.notNull())
    .addColumn('activities', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('pending', 'in_progress', 'done', 'failed', 'rolled_back')`),
    )
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('release_sites_location_unique', ['release_id', 'location_id'])
    .execute();
  await db.schema.createIndex('release_sites_window_idx').on('release_sites').columns(['window_start']).execute();

  await db.schema
    .createTable('release_tests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('release_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('test_case', 'text', (c) => c.notNull())
    .addColumn('expected', 'text', (c) => c.notNull())
    .addColumn('actual', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull().check(sql`environment in ('staging', 'production')`))
    .addColumn('result', 'text', (c) => c.notNull().check(sql`result in ('pass', 'fail')`))
    .addColumn('tester_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('attachment_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('release_tests_release_idx').on('release_tests').columns(['release_id', 'at']).execute();

  await db.schema
    .createTable('dsl_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('checksum', 'text', (c) => c.notNull())
    .addColumn('licence', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('vendor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('dsl_items_name_version_unique', ['name', 'version'])
    .execute();
  await db.schema
    .createTable('release_dsl_items')
    .addColumn('release_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('dsl_item_id', 'text', (c) => c.notNull().references('dsl_items.id'))
    .addPrimaryKeyConstraint('release_dsl_items_pk', ['release_id', 'dsl_item_id'])
    .execute();
  await db.schema
    .createTable('dsl_item_cis')
    .addColumn('dsl_item_id', 'text', (c) => c.notNull().references('dsl_items.id'))
    .addColumn('ci_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dsl_item_cis_pk', ['dsl_item_id', 'ci_id'])
    .execute();
  await db.schema.createIndex('dsl_item_cis_ci_idx').on('dsl_item_cis').columns(['ci_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'dsl_item_cis',
    'release_dsl_items',
    'dsl_items',
    'release_tests',
    'release_sites',
    'release_problems',
    'release_customer_reps',
    'release_services',
    'release_changes',
    'release_details',
  ])
    await db.schema.dropTable(table).execute();
}
