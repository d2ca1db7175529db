import { type Kysely, sql } from 'kysely';

/**
 * Change management (issue 13): the RFC beside the core record, its CIs and services, tasks,
 * approval rounds and votes, the risk questionnaire, standard templates, maintenance and blackout
 * windows, approval levels by risk, CAB meetings, settings; and the people's capabilities
 * (change manager, CAB member) granted alongside their role.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('capabilities', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('change_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('type', 'text', (c) => c.notNull().check(sql`type in ('standard', 'normal', 'emergency')`))
    .addColumn('template_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plan_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('backout_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('test_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('planned_start', 'text')
    .addColumn('planned_end', 'text')
    .addColumn('actual_start', 'text')
    .addColumn('actual_end', 'text')
    .addColumn('lead_hours', 'real')
    .addColumn('estimated_cost', 'real')
    .addColumn('estimated_effort_hours', 'real')
    .addColumn('initiator_kind', 'text', (c) => c.notNull().check(sql`initiator_kind in ('internal', 'customer')`))
    .addColumn('initiator_department', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('references_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('risk_score', 'integer')
    .addColumn('risk_level', 'text', (c) => c.check(sql`risk_level in ('low', 'medium', 'high', 'major')`))
    .addColumn('assessment_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('override_reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('retrospective', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approval_round', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('approved_at', 'text')
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text', (c) => c.references('users.id'))
    .addColumn('verification_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('outcome_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('failure_note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pir_json', 'text')
    .addColumn('pir_done_at', 'text')
    .addColumn('problem_action_id', 'text')
    .addColumn('notice_sent_at', 'text')
    .execute();
  await db.schema
    .createIndex('change_details_planned_idx')
    .on('change_details')
    .columns(['planned_start', 'planned_end'])
    .execute();

  await db.schema
    .createTable('change_cis')
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('ci_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_cis_pk', ['change_id', 'ci_id'])
    .execute();
  await db.schema.createIndex('change_cis_ci_idx').on('change_cis').columns(['ci_id', 'change_id']).execute();
  await db.schema
    .createTable('change_services')
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('service_id', 'text', (c) => c.notNull().references('services.id'))
    .addPrimaryKeyConstraint('change_services_pk', ['change_id', 'service_id'])
    .execute();
  await db.schema
    .createIndex('change_services_service_idx')
    .on('change_services')
    .columns(['service_id', 'change_id'])
    .execute();

  await db.schema
    .createTable('change_tasks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('assignee_id', 'text', (c) => c.references('users.id'))
    .addColumn('group_id', 'text', (c) => c.references('support_groups.id'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('open', 'in_progress', 'done', 'cancelled')`))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('started_at', 'text')
    .addColumn('completed_at', 'text')
    .addColumn('completed_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_tasks_change_idx').on('change_tasks').columns(['change_id', 'seq']).execute();

  await db.schema
    .createTable('change_approvals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ('any', 'all', 'majority')`))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('approver_ids_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c.notNull().check(sql`state in ('waiting', 'pending', 'approved', 'rejected', 'cancelled')`),
    )
    .addColumn('decided_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('change_approvals_change_idx').on('change_approvals').columns(['change_id']).execute();
  await db.schema
    .createTable('change_votes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('approval_id', 'text', (c) => c.notNull().references('change_approvals.id'))
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('voter_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('vote', 'text', (c) => c.notNull().check(sql`vote in ('approve', 'reject')`))
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('meeting_id', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addUniqueConstraint('change_votes_once', ['approval_id', 'voter_id'])
    .execute();

  await db.schema
    .createTable('change_risk_questions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('text_zh', 'text', (c) => c.notNull())
    .addColumn('text_en', 'text', (c) => c.notNull())
    .addColumn('weight', 'real', (c) => c.notNull().defaultTo(1))
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('plan_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('backout_plan', 'text', (c) => c.notNull())
    .addColumn('test_plan', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('tasks_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('risk_level', 'text', (c) => c.notNull().check(sql`risk_level in ('low', 'medium', 'high', 'major')`))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('maintenance', 'blackout')`))
    .addColumn('service_id', 'text', (c) => c.references('services.id'))
    .addColumn('ci_class_id', 'text')
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('ends_at', 'text', (c) => c.notNull())
    .addColumn('recurrence', 'text', (c) =>
      c.notNull().check(sql`recurrence in ('none', 'daily', 'weekly', 'monthly')`),
    )
    .addColumn('until', 'text')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('manual'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_approval_levels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('risk_level', 'text', (c) => c.notNull().check(sql`risk_level in ('low', 'medium', 'high', 'major')`))
    .addColumn('seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull().check(sql`rule in ('any', 'all', 'majority')`))
    .addColumn('source', 'text', (c) =>
      c.notNull().check(sql`source in ('change_managers', 'cab', 'service_owners', 'users')`),
    )
    .addColumn('user_ids_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('change_cab_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('planned', 'closed')`))
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('change_cab_items')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('change_cab_meetings.id'))
    .addColumn('change_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('approved', 'rejected', 'deferred')`))
    .addColumn('conditions', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('votes_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addPrimaryKeyConstraint('change_cab_items_pk', ['meeting_id', 'change_id'])
    .execute();

  await db.schema
    .createTable('change_settings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('conflict_depth', 'integer', (c) => c.notNull())
    .addColumn('notice_lead_hours', 'integer', (c) => c.notNull())
    .addColumn('pir_incident_days', 'integer', (c) => c.notNull())
    .execute();
  await db
    .insertInto('change_settings')
    .values({ id: 'default', conflict_depth: 3, notice_lead_hours: 48, pir_incident_days: 7 })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'change_settings',
    'change_cab_items',
    'change_cab_meetings',
    'change_approval_levels',
    'change_windows',
    'change_templates',
    'change_risk_questions',
    'change_votes',
    'change_approvals',
    'change_tasks',
    'change_services',
    'change_cis',
    'change_details',
  ])
    await db.schema.dropTable(table).execute();
  await db.schema.alterTable('users').dropColumn('capabilities').execute();
}
