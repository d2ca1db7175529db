import pg from 'pg';

export type TestDialect = 'sqlite' | 'postgres';

/** Where the test PostgreSQL lives; each run creates databases of its own in it. */
export const PG_ADMIN_URL = process.env.TRELLIS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let reachable: Promise<boolean> | null = null;

export function postgresReachable(): Promise<boolean> {
  reachable ??= (async () => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => {});
    }
  })();
  return reachable;
}

/**
 * The dialects this run covers. CI must have PostgreSQL; a developer machine without it
 * is told so plainly and runs the SQLite half.
 */
export async function dialectsUnderTest(): Promise<TestDialect[]> {
  if (await postgresReachable()) return ['sqlite', 'postgres'];
  const message = `PostgreSQL is not reachable at ${PG_ADMIN_URL}: the PostgreSQL half of the API suite cannot run.`;
  if (process.env.CI) throw new Error(`${message} CI requires it.`);
  console.warn(`\n*** ${message} Set TRELLIS_TEST_PG_URL or start PostgreSQL. ***\n`);
  // The missing half shows in the report as skipped, not as a shorter green run.
  if (process.env.VITEST) {
    const { describe, it } = await import('vitest');
    describe.skipIf(true)('[postgres]', () => it('needs PostgreSQL', () => {}));
  }
  return ['sqlite'];
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty PostgreSQL database; drop() removes it. */
export async function createPostgresDatabase(
  prefix = 'trellis_test',
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  return {
    url: withDatabase(PG_ADMIN_URL, name),
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
