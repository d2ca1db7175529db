import { CompiledQuery, type Insertable } from 'kysely';
import type { Db, DialectName } from './database.js';
import type { Database } from './schema.js';

/** Parameters per statement stay well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;
/**
 * Rows per statement: SQLite parses a statement of a thousand rows several times slower per row
 * than one of a hundred (measured: 20,000 rows of 27 columns, 7.5 s in chunks of 1,111 against
 * 1.5–3.9 s in chunks of 50–100, on the loaded 2-core machine).
 */
const MAX_ROWS = 100;

/**
 * Inserts many rows with multi-row INSERT statements compiled by hand. For bulk imports only:
 * Kysely's builder makes a node per value, which at a hundred thousand rows costs more than the
 * database does. Table and column names come from the typed row, never from input; every value is
 * a bound parameter. Every row must have the same keys as the first.
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  dialect: DialectName,
  table: T,
  rows: readonly Insertable<Database[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const perStatement = Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / columns.length)));
  const head = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values `;
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const parameters: unknown[] = new Array(chunk.length * columns.length);
    const tuples: string[] = new Array(chunk.length);
    let p = 0;
    for (let r = 0; r < chunk.length; r++) {
      const row = chunk[r] as Record<string, unknown>;
      const marks: string[] = new Array(columns.length);
      for (let c = 0; c < columns.length; c++) {
        const value = row[columns[c]!];
        parameters[p++] = value === undefined ? null : value;
        marks[c] = dialect === 'postgres' ? `$${p}` : '?';
      }
      tuples[r] = `(${marks.join(', ')})`;
    }
    await db.executeQuery(CompiledQuery.raw(head + tuples.join(', '), parameters));
  }
}
