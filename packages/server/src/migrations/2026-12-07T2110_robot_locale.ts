import { type Kysely, sql } from 'kysely';

/** Each group robot speaks one language, chosen by the admin; robots made before speak Chinese. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('im_robots')
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('zh-CN').check(sql`locale in ('zh-CN', 'en-US')`))
    .execute();
}

export async function down(): Promise<void> {}
