import { hostname } from 'node:os';
import { sql } from 'kysely';
import { isoPlus, nowIso } from './clock.js';
import type { Db, DialectName } from './db/database.js';
import { lockSkippingLocked } from './db/dialect.js';
import { newId } from './ids.js';

export type JobHandler = (payload: Record<string, unknown>, job: { id: string; attempts: number }) => Promise<void>;

export interface EnqueueOptions {
  type: string;
  payload?: Record<string, unknown>;
  runAt?: string;
  /** At most one queued or running job per key; a second enqueue is a no-op. */
  uniqueKey?: string;
  maxAttempts?: number;
}

/** Enqueue inside the caller's transaction, so the job exists if and only if the change does. */
export async function enqueueJob(db: Db, options: EnqueueOptions): Promise<void> {
  const now = nowIso();
  await db
    .insertInto('jobs')
    .values({
      id: newId(),
      type: options.type,
      payload: JSON.stringify(options.payload ?? {}),
      run_at: options.runAt ?? now,
      state: 'queued',
      attempts: 0,
      max_attempts: options.maxAttempts ?? 5,
      locked_by: null,
      locked_until: null,
      last_error: null,
      unique_key: options.uniqueKey ?? null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('unique_key').doNothing())
    .execute();
}

/**
 * Keyed jobs: a timer that must exist at most once per subject (an SLA clock's next threshold)
 * is a queued job with a unique key. These move, cancel and add such jobs in bulk, inside the
 * caller's transaction, so callers never write the jobs table themselves.
 */
export interface KeyedJob {
  uniqueKey: string;
  type: string;
  payload: Record<string, unknown>;
  runAt: string;
  maxAttempts?: number;
}

/** Adds the jobs whose key is free; returns the keys that were added. */
export async function enqueueKeyedJobs(db: Db, jobs: readonly KeyedJob[]): Promise<Set<string>> {
  const added = new Set<string>();
  const now = nowIso();
  for (let i = 0; i < jobs.length; i += 500) {
    const rows = await db
      .insertInto('jobs')
      .values(
        jobs.slice(i, i + 500).map((job) => ({
          id: newId(),
          type: job.type,
          payload: JSON.stringify(job.payload),
          run_at: job.runAt,
          state: 'queued' as const,
          attempts: 0,
          max_attempts: job.maxAttempts ?? 5,
          locked_by: null,
          locked_until: null,
          last_error: null,
          unique_key: job.uniqueKey,
          created_at: now,
          updated_at: now,
        })),
      )
      .onConflict((oc) => oc.column('unique_key').doNothing())
      .returning('unique_key')
      .execute();
    for (const row of rows) if (row.unique_key) added.add(row.unique_key);
  }
  return added;
}

/** The queued (not running) jobs under these keys. */
export async function queuedJobsByKey(
  db: Db,
  keys: readonly string[],
): Promise<{ uniqueKey: string; payload: Record<string, unknown>; runAt: string }[]> {
  if (!keys.length) return [];
  const rows = await db
    .selectFrom('jobs')
    .select(['unique_key', 'payload', 'run_at'])
    .where('unique_key', 'in', [...keys])
    .where('state', '=', 'queued')
    .execute();
  return rows.map((r) => ({ uniqueKey: r.unique_key!, payload: JSON.parse(r.payload), runAt: r.run_at }));
}

/** Cancels the queued jobs under these keys (a running one finishes). */
export async function cancelQueuedJobs(db: Db, keys: readonly string[]): Promise<void> {
  if (!keys.length) return;
  await db
    .deleteFrom('jobs')
    .where('unique_key', 'in', [...keys])
    .where('state', '=', 'queued')
    .execute();
}

/** Moves queued jobs to new times, one statement per 500; returns the keys that were moved. */
export async function rescheduleQueuedJobs(
  db: Db,
  moves: readonly { uniqueKey: string; runAt: string }[],
): Promise<Set<string>> {
  const moved = new Set<string>();
  const now = nowIso();
  for (let i = 0; i < moves.length; i += 500) {
    const rows = moves.slice(i, i + 500).map((m) => sql`(${m.uniqueKey}, ${m.runAt})`);
    const result = await sql<{ unique_key: string }>`
      update jobs set run_at = v.column2, updated_at = ${now}
        from (values ${sql.join(rows)}) as v
       where jobs.unique_key = v.column1 and jobs.state = 'queued'
      returning jobs.unique_key`.execute(db);
    for (const r of result.rows) moved.add(r.unique_key);
  }
  return moved;
}

const LEASE_MS = 5 * 60_000;

/**
 * A durable job runner over the `jobs` table. Jobs that fell due while no process ran are
 * simply due now; a job whose runner died is taken again when its lease runs out.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler>();
  private readonly recurring = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  readonly workerId = `${hostname()}:${process.pid}:${newId().slice(-6)}`;

  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
    private readonly log: { error: (obj: unknown, msg?: string) => void } = console,
  ) {}

  register(type: string, handler: JobHandler): void {
    this.handlers.set(type, handler);
  }

  /** A job that re-queues itself every `everyMs` after it runs. */
  async every(type: string, everyMs: number, handler: JobHandler): Promise<void> {
    this.register(type, handler);
    this.recurring.set(type, everyMs);
    await enqueueJob(this.db, { type, uniqueKey: `recurring:${type}`, maxAttempts: 1_000_000 });
  }

  start(pollMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runDue()
        .catch((err) => this.log.error({ err }, 'job runner tick failed'))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, pollMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Claims due jobs (exclusively across processes) and runs them; returns how many ran. */
  async runDue(batch = 20): Promise<number> {
    const claimed = await this.claim(batch);
    for (const job of claimed) await this.execute(job);
    return claimed.length;
  }

  private async claim(batch: number) {
    const types = [...this.handlers.keys()];
    if (types.length === 0) return [];
    const now = nowIso();
    return this.db.transaction().execute(async (trx) => {
      const due = await lockSkippingLocked(
        this.dialect,
        trx
          .selectFrom('jobs')
          .select(['id', 'type', 'payload', 'attempts', 'max_attempts', 'unique_key'])
          .where('type', 'in', types)
          .where((eb) =>
            eb.or([
              eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
              eb.and([eb('state', '=', 'running'), eb('locked_until', '<', now)]),
            ]),
          )
          .orderBy('run_at')
          .limit(batch),
      ).execute();
      if (due.length === 0) return [];
      await trx
        .updateTable('jobs')
        .set((eb) => ({
          state: 'running',
          locked_by: this.workerId,
          locked_until: isoPlus(now, LEASE_MS),
          attempts: eb('attempts', '+', 1),
          updated_at: now,
        }))
        .where(
          'id',
          'in',
          due.map((j) => j.id),
        )
        .execute();
      return due.map((j) => ({ ...j, attempts: j.attempts + 1 }));
    });
  }

  private async execute(job: { id: string; type: string; payload: string; attempts: number; max_attempts: number }) {
    const handler = this.handlers.get(job.type);
    if (!handler) return;
    const every = this.recurring.get(job.type);
    try {
      await handler(JSON.parse(job.payload) as Record<string, unknown>, { id: job.id, attempts: job.attempts });
      // A job that is over (done, or failed for good) frees its unique key for the next enqueue.
      const now = nowIso();
      await this.db
        .updateTable('jobs')
        .set(
          every !== undefined
            ? {
                state: 'queued',
                run_at: isoPlus(now, every),
                attempts: 0,
                locked_by: null,
                locked_until: null,
                updated_at: now,
              }
            : { state: 'done', locked_by: null, locked_until: null, unique_key: null, updated_at: now },
        )
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .execute();
    } catch (err) {
      const now = nowIso();
      const retry = job.attempts < job.max_attempts;
      // Exponential backoff: 10 s, 20 s, 40 s … capped at an hour.
      const delay = Math.min(10_000 * 2 ** (job.attempts - 1), 3_600_000);
      await this.db
        .updateTable('jobs')
        .set({
          state: retry ? 'queued' : 'failed',
          run_at: retry ? isoPlus(now, every ?? delay) : now,
          last_error: String(err instanceof Error ? (err.stack ?? err.message) : err).slice(0, 4000),
          locked_by: null,
          locked_until: null,
          ...(retry ? {} : { unique_key: null }),
          updated_at: now,
        })
        .where('id', '=', job.id)
        // A runner whose lease ran out no longer owns the job; the runner that took it over does.
        .where('locked_by', '=', this.workerId)
        .execute();
      this.log.error({ err, jobId: job.id, type: job.type }, 'job failed');
    }
  }
}
