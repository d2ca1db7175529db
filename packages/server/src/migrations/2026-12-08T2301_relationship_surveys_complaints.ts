import { type Kysely, sql } from 'kysely';

const oneOf = (column: string, values: string[]) =>
  sql`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;

/**
 * Business relationship: surveys with their versions, invitations-with-answers (one row per person
 * asked), the answers per question, periodic campaigns; complaint details and corrective actions;
 * customer managers (a customer-side capability). The default transactional survey is created here,
 * its first question the sign-off rating the desk already asks for.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('surveys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(oneOf('kind', ['transactional', 'periodic'])))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('trigger_json', 'text')
    .addColumn('sample_percent', 'integer', (c) => c.notNull().check(sql`sample_percent between 1 and 100`))
    .addColumn('cooldown_days', 'integer', (c) => c.notNull())
    .addColumn('link_days', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_versions')
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('questions_json', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_versions_pk', ['survey_id', 'version'])
    .execute();

  await db.schema
    .createTable('survey_campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_ids_json', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('reminder_every_days', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().check(oneOf('state', ['open', 'closed'])))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('survey_responses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survey_id', 'text', (c) => c.notNull().references('surveys.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.references('survey_campaigns.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('service_id', 'text')
    .addColumn('technician_id', 'text')
    .addColumn('group_id', 'text')
    .addColumn('state', 'text', (c) =>
      c.notNull().check(oneOf('state', ['signoff', 'invited', 'answered', 'expired', 'skipped'])),
    )
    .addColumn('invited_at', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('reminders', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminded_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answered_via', 'text')
    .addColumn('score', 'integer')
    .addColumn('followup_state', 'text', (c) => c.check(oneOf('followup_state', ['open', 'closed'])))
    .addColumn('followup_owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('followup_note', 'text')
    .addColumn('complaint_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('survey_responses_person')
    .on('survey_responses')
    .columns(['person_id', 'invited_at'])
    .execute();
  await db.schema
    .createIndex('survey_responses_survey')
    .on('survey_responses')
    .columns(['survey_id', 'state'])
    .execute();
  await db.schema
    .createIndex('survey_responses_record')
    .on('survey_responses')
    .columns(['survey_id', 'record_id'])
    .unique()
    .where(sql.ref('record_id'), 'is not', null)
    .execute();
  await db.schema.createIndex('survey_responses_campaign').on('survey_responses').column('campaign_id').execute();

  await db.schema
    .createTable('survey_answers')
    .addColumn('response_id', 'text', (c) => c.notNull().references('survey_responses.id'))
    .addColumn('question_id', 'text', (c) => c.notNull())
    .addColumn('question_type', 'text', (c) => c.notNull())
    .addColumn('value_number', 'integer')
    .addColumn('value_text', 'text')
    .addColumn('answered_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('survey_answers_pk', ['response_id', 'question_id'])
    .execute();

  await db.schema
    .createTable('relationship_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('complaint_details')
    .addColumn('record_id', 'text', (c) => c.primaryKey().references('work_records.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('about', 'text', (c) => c.notNull())
    .addColumn('about_record_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('about_service_id', 'text')
    .addColumn('about_person_id', 'text', (c) => c.references('users.id'))
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull().check(oneOf('severity', ['low', 'medium', 'high'])))
    .addColumn('expectation', 'text', (c) => c.notNull())
    .addColumn('investigation', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text', (c) => c.notNull())
    .addColumn('problem_id', 'text', (c) => c.references('work_records.id'))
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('accepted', 'integer')
    .addColumn('shared_with_subject', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('survey_response_id', 'text')
    .addColumn('escalation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('acknowledge_due_at', 'text')
    .addColumn('respond_due_at', 'text')
    .addColumn('close_due_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('responded_at', 'text')
    .addColumn('breached_at', 'text')
    .addColumn('hours_to_close', 'real')
    .execute();

  await db.schema
    .createTable('complaint_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('complaint_id', 'text', (c) => c.notNull().references('work_records.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(oneOf('status', ['open', 'done', 'cancelled'])))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema.createIndex('complaint_actions_complaint').on('complaint_actions').column('complaint_id').execute();

  await db.schema
    .createTable('customer_managers')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  const now = new Date().toISOString();
  const id = '00000000-0000-7000-8000-00000000516e';
  await db
    .insertInto('surveys')
    .values({
      id,
      name: '服务满意度回访 / Service satisfaction follow-up',
      kind: 'transactional',
      is_default: 1,
      active: 1,
      version: 1,
      trigger_json: JSON.stringify({
        on: 'closed',
        kinds: ['incident', 'request'],
        serviceIds: [],
        organizationIds: [],
      }),
      sample_percent: 100,
      cooldown_days: 0,
      link_days: 14,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .insertInto('survey_versions')
    .values({
      survey_id: id,
      version: 1,
      questions_json: JSON.stringify([
        {
          id: 'rating',
          type: 'stars',
          required: true,
          label: { zh: '您对本次服务的总体评价', en: 'How would you rate the service overall?' },
        },
        {
          id: 'recommend',
          type: 'nps',
          required: false,
          label: {
            zh: '您有多大可能向同事推荐我们的服务?',
            en: 'How likely are you to recommend our service to a colleague?',
          },
        },
        {
          id: 'comment',
          type: 'text',
          required: false,
          label: { zh: '您还有什么意见或建议?', en: 'Anything else you would like to tell us?' },
        },
      ]),
      created_by: null,
      created_at: now,
    })
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'customer_managers',
    'complaint_actions',
    'complaint_details',
    'relationship_settings',
    'survey_answers',
    'survey_responses',
    'survey_campaigns',
    'survey_versions',
    'surveys',
  ])
    await db.schema.dropTable(table).execute();
}
