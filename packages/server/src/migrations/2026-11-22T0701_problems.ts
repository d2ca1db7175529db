import { type Kysely, sql } from 'kysely';

/** Problem details (RCA, known error, verification), corrective/preventive actions, detected candidates. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('problem_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('agent', 'detected')`))
    .addColumn('rca_json', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('workaround', 'text')
    .addColumn('known_error_at', 'text')
    .addColumn('known_error_article_id', 'text')
    .addColumn('verify_after_days', 'integer', (c) => c.notNull().defaultTo(30))
    .addColumn('verify_at', 'text')
    .addColumn('verification', 'text', (c) => c.check(sql`verification in ('pending', 'effective', 'recurred')`))
    .addColumn('verified_at', 'text')
    .addColumn('verification_note', 'text')
    .execute();
  await db.schema
    .createTable('problem_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('problem_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('corrective', 'preventive')`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'in_progress', 'done', 'cancelled')`))
    .addColumn('change_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('problem_actions_problem_idx').on('problem_actions').columns(['problem_id']).execute();
  await db.schema
    .createTable('problem_candidates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('fingerprint', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'accepted', 'dismissed')`))
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('incident_ids_json', 'text', (c) => c.notNull())
    .addColumn('evidence_json', 'text', (c) => c.notNull())
    .addColumn('problem_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('decided_by', 'text', (c) => c.references('users.id'))
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['problem_candidates', 'problem_actions', 'problem_details'])
    await db.schema.dropTable(table).execute();
}
