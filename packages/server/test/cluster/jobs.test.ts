import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/platform/clock.js';
import { type DatabaseHandle, openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { enqueueJob, JobRunner } from '../../src/platform/jobs.js';
import { createPostgresDatabase, dialectsUnderTest, type TestDialect } from '../support/databases.js';

const quiet = { error: () => {} };

interface TestDatabase {
  url?: string;
  open(poolSize?: number): DatabaseHandle;
  drop(): Promise<void>;
}

/** A migrated, empty database; open() may be called again for a second, independent pool. */
async function createDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-jobs-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase() : null;
  const open = (poolSize?: number) => openDatabase({ databaseUrl: pgDb?.url, dataDir, poolSize });
  const first = open(2);
  await migrateToLatest(first.db);
  await first.close();
  return {
    url: pgDb?.url,
    open,
    async drop() {
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const jobRow = (handle: DatabaseHandle, type: string) =>
  handle.db.selectFrom('jobs').selectAll().where('type', '=', type).executeTakeFirstOrThrow();

for (const dialect of await dialectsUnderTest()) {
  describe(`durable jobs [${dialect}]`, () => {
    let database: TestDatabase;
    let handle: DatabaseHandle;
    let restoreClock: (() => void) | null = null;

    beforeAll(async () => {
      database = await createDatabase(dialect);
      handle = database.open();
    });
    afterEach(() => {
      restoreClock?.();
      restoreClock = null;
    });
    afterAll(async () => {
      await handle?.close();
      await database?.drop();
    });

    const runner = () => new JobRunner(handle.db, handle.dialect, quiet);

    it('runs a job that fell due while no runner was running, once, when a runner starts', async () => {
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      await enqueueJob(handle.db, { type: 'a.overdue', payload: { ticket: 'INC-1' }, runAt: hourAgo });
      await enqueueJob(handle.db, {
        type: 'a.overdue',
        payload: { ticket: 'later' },
        runAt: new Date(Date.now() + 3_600_000).toISOString(),
      });

      const seen: { payload: Record<string, unknown>; attempts: number }[] = [];
      const jobs = runner();
      jobs.register('a.overdue', async (payload, job) => {
        seen.push({ payload, attempts: job.attempts });
      });

      expect(await jobs.runDue()).toBe(1);
      expect(seen).toEqual([{ payload: { ticket: 'INC-1' }, attempts: 1 }]);
      expect(await jobs.runDue()).toBe(0);
      expect(await runner().runDue()).toBe(0);
      expect(seen).toHaveLength(1);

      const rows = await handle.db
        .selectFrom('jobs')
        .select(['state', 'attempts', 'locked_by', 'payload'])
        .where('type', '=', 'a.overdue')
        .orderBy('run_at')
        .execute();
      expect(rows.map((r) => [r.state, r.attempts])).toEqual([
        ['done', 1],
        ['queued', 0],
      ]);
      expect(rows[0]!.locked_by).toBeNull();
    });

    it('the polling runner picks an overdue job up by itself once started', async () => {
      await enqueueJob(handle.db, { type: 'a.polled', runAt: new Date(Date.now() - 60_000).toISOString() });
      const jobs = runner();
      let ran = 0;
      jobs.register('a.polled', async () => {
        ran++;
      });
      jobs.start(50);
      try {
        await expect.poll(async () => (await jobRow(handle, 'a.polled')).state, { timeout: 5_000 }).toBe('done');
      } finally {
        await jobs.stop();
      }
      expect(ran).toBe(1);
    });

    it('retries a failing job with exponential backoff and marks it failed after max_attempts', async () => {
      let now = Date.parse('2026-03-01T08:00:00.000Z');
      restoreClock = setClock(() => now);
      await enqueueJob(handle.db, { type: 'b.flaky', maxAttempts: 3 });

      const attempts: number[] = [];
      const jobs = runner();
      jobs.register('b.flaky', async (_payload, job) => {
        attempts.push(job.attempts);
        throw new Error(`mail server said no (attempt ${job.attempts})`);
      });

      // Attempt 1 fails: back to the queue for 10 s.
      expect(await jobs.runDue()).toBe(1);
      let row = await jobRow(handle, 'b.flaky');
      expect(row).toMatchObject({ state: 'queued', attempts: 1, locked_by: null, locked_until: null });
      expect(Date.parse(row.run_at) - now).toBe(10_000);
      expect(row.last_error).toContain('mail server said no (attempt 1)');

      // Not before the backoff has elapsed.
      now += 9_999;
      expect(await jobs.runDue()).toBe(0);

      // Attempt 2 fails: 20 s.
      now += 1;
      expect(await jobs.runDue()).toBe(1);
      row = await jobRow(handle, 'b.flaky');
      expect(row).toMatchObject({ state: 'queued', attempts: 2 });
      expect(Date.parse(row.run_at) - now).toBe(20_000);
      expect(row.last_error).toContain('attempt 2');

      now += 19_999;
      expect(await jobs.runDue()).toBe(0);

      // Attempt 3 is the last one allowed.
      now += 1;
      expect(await jobs.runDue()).toBe(1);
      row = await jobRow(handle, 'b.flaky');
      expect(row).toMatchObject({ state: 'failed', attempts: 3, locked_by: null, locked_until: null });
      expect(row.last_error).toContain('mail server said no (attempt 3)');

      // A failed job stays failed, however long one waits.
      now += 86_400_000;
      expect(await jobs.runDue()).toBe(0);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('a job that succeeds on a retry ends done, keeping the earlier error for the record', async () => {
      let now = Date.parse('2026-03-02T08:00:00.000Z');
      restoreClock = setClock(() => now);
      await enqueueJob(handle.db, { type: 'b.recovers', maxAttempts: 5 });
      const jobs = runner();
      jobs.register('b.recovers', async (_payload, job) => {
        if (job.attempts === 1) throw new Error('temporary');
      });
      expect(await jobs.runDue()).toBe(1);
      now += 10_000;
      expect(await jobs.runDue()).toBe(1);
      const row = await jobRow(handle, 'b.recovers');
      expect(row).toMatchObject({ state: 'done', attempts: 2 });
      expect(row.last_error).toContain('temporary');
    });

    it('uniqueKey keeps a second enqueue of a queued job from creating another', async () => {
      await enqueueJob(handle.db, { type: 'c.unique', uniqueKey: 'sla:INC-7', payload: { n: 1 } });
      await enqueueJob(handle.db, { type: 'c.unique', uniqueKey: 'sla:INC-7', payload: { n: 2 } });
      await enqueueJob(handle.db, { type: 'c.unique', uniqueKey: 'sla:INC-8', payload: { n: 3 } });
      await enqueueJob(handle.db, { type: 'c.unique', payload: { n: 4 } });
      await enqueueJob(handle.db, { type: 'c.unique', payload: { n: 5 } });

      const ran: unknown[] = [];
      const jobs = runner();
      jobs.register('c.unique', async (payload) => {
        ran.push(payload.n);
      });
      expect(await jobs.runDue()).toBe(4);
      expect(await jobs.runDue()).toBe(0);
      expect(ran.sort()).toEqual([1, 3, 4, 5]);
      const rows = await handle.db.selectFrom('jobs').select('id').where('type', '=', 'c.unique').execute();
      expect(rows).toHaveLength(4);
    });

    it('uniqueKey dedupes only while queued or running: the key is free again once the job is over', async () => {
      const ran: unknown[] = [];
      const jobs = runner();
      jobs.register('c.again', async (payload) => {
        ran.push(payload.n);
        if (payload.n === 'fails') throw new Error('no');
      });

      await enqueueJob(handle.db, { type: 'c.again', uniqueKey: 'reminder:INC-9', payload: { n: 'first' } });
      expect(await jobs.runDue()).toBe(1);
      await enqueueJob(handle.db, { type: 'c.again', uniqueKey: 'reminder:INC-9', payload: { n: 'second' } });
      expect(await jobs.runDue()).toBe(1);

      await enqueueJob(handle.db, {
        type: 'c.again',
        uniqueKey: 'reminder:INC-9',
        payload: { n: 'fails' },
        maxAttempts: 1,
      });
      expect(await jobs.runDue()).toBe(1);
      await enqueueJob(handle.db, { type: 'c.again', uniqueKey: 'reminder:INC-9', payload: { n: 'after failure' } });
      expect(await jobs.runDue()).toBe(1);

      expect(ran).toEqual(['first', 'second', 'fails', 'after failure']);
      const states = await handle.db
        .selectFrom('jobs')
        .select('state')
        .where('type', '=', 'c.again')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      expect(states.map((s) => s.state).sort()).toEqual(['done', 'done', 'done', 'failed']);
    });

    it('takes again a job whose runner died, once its lease has run out', async () => {
      const now = Date.now();
      await enqueueJob(handle.db, { type: 'd.orphan', payload: { which: 'expired' } });
      await enqueueJob(handle.db, { type: 'd.orphan', payload: { which: 'leased' } });
      const expired = new Date(now - 1_000).toISOString();
      const leased = new Date(now + 60_000).toISOString();
      for (const [which, lockedUntil] of [
        ['expired', expired],
        ['leased', leased],
      ] as const) {
        await handle.db
          .updateTable('jobs')
          .set({ state: 'running', attempts: 1, locked_by: 'dead-host:4242:abcdef', locked_until: lockedUntil })
          .where('type', '=', 'd.orphan')
          .where('payload', '=', JSON.stringify({ which }))
          .execute();
      }

      const ran: { which: unknown; attempts: number }[] = [];
      const jobs = runner();
      jobs.register('d.orphan', async (payload, job) => {
        ran.push({ which: payload.which, attempts: job.attempts });
      });
      expect(await jobs.runDue()).toBe(1);
      expect(ran).toEqual([{ which: 'expired', attempts: 2 }]);
      expect(await jobs.runDue()).toBe(0);

      const rows = await handle.db
        .selectFrom('jobs')
        .select(['payload', 'state', 'locked_by'])
        .where('type', '=', 'd.orphan')
        .execute();
      const byWhich = Object.fromEntries(rows.map((r) => [JSON.parse(r.payload).which, r]));
      expect(byWhich.expired).toMatchObject({ state: 'done', locked_by: null });
      // A job still within its lease belongs to the runner holding it.
      expect(byWhich.leased).toMatchObject({ state: 'running', locked_by: 'dead-host:4242:abcdef' });
    });

    it('a runner that lost its lease cannot undo the work of the runner that took the job over', async () => {
      let now = Date.parse('2026-03-03T08:00:00.000Z');
      restoreClock = setClock(() => now);
      await enqueueJob(handle.db, { type: 'd.slow', maxAttempts: 5 });

      const deferred = () => {
        let resolve!: () => void;
        let reject!: (err: Error) => void;
        const promise = new Promise<void>((res, rej) => {
          resolve = res;
          reject = rej;
        });
        return { promise, resolve, reject };
      };
      const slow = deferred();
      const healthy = deferred();
      const started: string[] = [];
      const stale = runner();
      const successor = runner();
      stale.register('d.slow', async () => {
        started.push('stale');
        await slow.promise;
      });
      successor.register('d.slow', async () => {
        started.push('successor');
        await healthy.promise;
      });

      const staleRun = stale.runDue();
      await expect.poll(() => started).toEqual(['stale']);
      // The stale runner hangs past its five-minute lease; another runner takes the job over.
      now += 6 * 60_000;
      const successorRun = successor.runDue();
      await expect.poll(() => started).toEqual(['stale', 'successor']);

      slow.reject(new Error('stale runner gave up'));
      await staleRun;
      healthy.resolve();
      expect(await successorRun).toBe(1);

      expect(await jobRow(handle, 'd.slow')).toMatchObject({ state: 'done', attempts: 2 });
      now += 3_600_000;
      expect(await runner().runDue()).toBe(0);
      expect(started).toEqual(['stale', 'successor']);
    });

    if (dialect === 'postgres') {
      it('two runners on two connection pools share 200 jobs so that each runs exactly once', async () => {
        const TOTAL = 200;
        const poolA = database.open(4);
        const poolB = database.open(4);
        try {
          for (let i = 0; i < TOTAL; i += 50) {
            await Promise.all(
              Array.from({ length: Math.min(50, TOTAL - i) }, (_, k) =>
                enqueueJob(handle.db, { type: 'e.shared', payload: { n: i + k } }),
              ),
            );
          }
          const runs: { jobId: string; worker: string; n: unknown }[] = [];
          const runners = [poolA, poolB].map((pool) => new JobRunner(pool.db, pool.dialect, quiet));
          for (const jobs of runners) {
            jobs.register('e.shared', async (payload, job) => {
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
              runs.push({ jobId: job.id, worker: jobs.workerId, n: payload.n });
            });
          }
          expect(runners[0]!.workerId).not.toBe(runners[1]!.workerId);

          const remaining = async () =>
            Number(
              (
                await handle.db
                  .selectFrom('jobs')
                  .select((eb) => eb.fn.countAll().as('n'))
                  .where('type', '=', 'e.shared')
                  .where('state', '!=', 'done')
                  .executeTakeFirstOrThrow()
              ).n,
            );
          const deadline = Date.now() + 45_000;
          const drain = async (jobs: JobRunner) => {
            while (Date.now() < deadline) {
              if ((await jobs.runDue(5)) === 0 && (await remaining()) === 0) return;
            }
          };
          await Promise.all(runners.map(drain));

          expect(await remaining()).toBe(0);
          const perJob = new Map<string, number>();
          for (const run of runs) perJob.set(run.jobId, (perJob.get(run.jobId) ?? 0) + 1);
          expect([...perJob.values()].filter((count) => count !== 1)).toEqual([]);
          expect(perJob.size).toBe(TOTAL);
          expect(new Set(runs.map((r) => r.n)).size).toBe(TOTAL);
          expect(runs).toHaveLength(TOTAL);
          // Both runners did share the work; otherwise this proved nothing about concurrency.
          const perWorker = runners.map((jobs) => runs.filter((r) => r.worker === jobs.workerId).length);
          expect(Math.min(...perWorker)).toBeGreaterThan(0);

          const rows = await handle.db
            .selectFrom('jobs')
            .select(['state', 'attempts'])
            .where('type', '=', 'e.shared')
            .execute();
          expect(rows).toHaveLength(TOTAL);
          expect(rows.every((r) => r.state === 'done' && r.attempts === 1)).toBe(true);
        } finally {
          await poolA.close();
          await poolB.close();
        }
      });
    }
  });
}
