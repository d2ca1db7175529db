import { type Kysely, PostgresAdapter, sql } from 'kysely';

/**
 * Complaints (投诉, CMP numbers) are a record kind on the shared core: `work_records.kind` accepts
 * 'complaint'. PostgreSQL swaps the check constraint. SQLite cannot alter a CHECK and refuses to
 * edit its schema table (defensive mode), so the table is rebuilt as SQLite documents ("making other
 * kinds of table schema changes"): a copy with the wider check, the rows, the indexes and triggers
 * again, foreign keys off for the swap and checked before commit. Rows and ids are kept as they are.
 */
const KINDS_BEFORE = "'incident', 'request', 'problem', 'change', 'release'";
const KINDS_AFTER = "'incident', 'request', 'problem', 'change', 'release', 'complaint'";

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table work_records drop constraint if exists work_records_kind_check`.execute(db);
    await sql`alter table work_records add constraint work_records_kind_check check (kind in (${sql.raw(KINDS_AFTER)}))`.execute(
      db,
    );
    return;
  }
  const table = await sql<{
    sql: string;
  }>`select sql from sqlite_master where type = 'table' and name = 'work_records'`.execute(db);
  const createSql = table.rows[0]?.sql;
  if (!createSql || createSql.includes("'complaint'")) return;
  if (!createSql.includes(KINDS_BEFORE)) throw new Error('work_records: the kind check is not the expected one');
  const dependents = await sql<{ sql: string }>`
    select sql from sqlite_master
    where tbl_name = 'work_records' and type in ('index', 'trigger') and sql is not null`.execute(db);
  const rebuilt = createSql
    .replace(KINDS_BEFORE, KINDS_AFTER)
    .replace(/^CREATE TABLE\s+("?)work_records\1/i, 'CREATE TABLE work_records__rebuilt');
  await sql`pragma foreign_keys = off`.execute(db);
  try {
    await sql`begin`.execute(db);
    try {
      await sql.raw(rebuilt).execute(db);
      await sql`insert into work_records__rebuilt select * from work_records`.execute(db);
      await sql`pragma legacy_alter_table = on`.execute(db);
      await sql`drop table work_records`.execute(db);
      await sql`alter table work_records__rebuilt rename to work_records`.execute(db);
      await sql`pragma legacy_alter_table = off`.execute(db);
      for (const dependent of dependents.rows) await sql.raw(dependent.sql).execute(db);
      const broken = await sql`pragma foreign_key_check`.execute(db);
      if (broken.rows.length) throw new Error(`work_records rebuild broke ${broken.rows.length} references`);
      await sql`commit`.execute(db);
    } catch (error) {
      await sql`rollback`.execute(db);
      throw error;
    }
  } finally {
    await sql`pragma foreign_keys = on`.execute(db);
  }
}

export async function down(): Promise<void> {
  // Narrowing the check again would fail on any complaint; the wider check is harmless.
}
