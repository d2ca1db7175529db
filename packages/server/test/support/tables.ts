import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/platform/db/database.js';

/**
 * Every row of every table, as JSON text, keyed by table: what the attack suites compare to see
 * whether anything changed (tenancy) or came back exactly (backup and restore).
 */
export async function snapshotRows(
  database: Pick<DatabaseHandle, 'db' | 'dialect'>,
  exclude: string[] = [],
): Promise<Map<string, string[]>> {
  const { db, dialect } = database;
  const tables = (await db.introspection.getTables())
    .map((t) => t.name)
    .filter((name) => !name.startsWith('kysely_') && !exclude.includes(name));
  const out = new Map<string, string[]>(tables.map((t) => [t, []]));
  if (dialect === 'postgres') {
    // One round trip for the whole database: the tenancy matrix takes one per round.
    const union = tables.map((t) => `select '${t}' as t, row_to_json(x)::text as r from "${t}" x`).join(' union all ');
    const { rows } = await sql<{ t: string; r: string }>`${sql.raw(union)}`.execute(db);
    for (const row of rows) out.get(row.t)!.push(row.r);
  } else {
    for (const table of tables) {
      // biome-ignore lint/suspicious/noExplicitAny: every table, whatever its row type
      const rows = await (db as any).selectFrom(table).selectAll().execute();
      out.set(
        table,
        rows.map((r: unknown) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? String(v) : v))),
      );
    }
  }
  // Row order is the database's business; the comparison is of sets of rows.
  for (const rows of out.values()) rows.sort();
  return out;
}
