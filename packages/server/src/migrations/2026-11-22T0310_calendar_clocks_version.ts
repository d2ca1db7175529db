import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * The calendar version the open clocks were last recomputed for. A calendar edit bumps `version`
 * and queues the recompute as a job; while `clocks_version < version` the admin page says so.
 * Also: a 7×24 clock open for 25 days has more elapsed milliseconds than PostgreSQL's `integer`
 * holds, so the column becomes `bigint` there (SQLite integers are 64-bit already).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('calendars')
    .addColumn('clocks_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update calendars set clocks_version = version`.execute(db);
  // The recompute walks a calendar's open clocks in id order; without this it sorts them all per chunk.
  await sql`create index sla_clocks_open_by_calendar on sla_clocks (calendar_id, id) where stopped_at is null`.execute(
    db,
  );
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table sla_clocks alter column elapsed_ms type bigint`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('sla_clocks_open_by_calendar').execute();
  await db.schema.alterTable('calendars').dropColumn('clocks_version').execute();
}
