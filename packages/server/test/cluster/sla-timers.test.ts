import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrellis } from '../../src/app.js';
import { businessCalendar, STANDARD_CALENDAR_NAMES } from '../../src/modules/calendars/index.js';
import { createOrganization, createUser } from '../../src/modules/directory/index.js';
import { armTimer } from '../../src/modules/sla/sla.clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { newId } from '../../src/platform/ids.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { createPostgresDatabase, dialectsUnderTest } from '../support/databases.js';

/**
 * SLA timers are durable jobs: two server processes on one PostgreSQL fire 1,000 breach timers,
 * each exactly once — half of them fell due while neither process was running.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = ['--import', 'tsx', 'packages/server/src/cli.ts'];
const TIMERS = 1_000;
const run = promisify(execFile);

function serverEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('TRELLIS_') && !['DATABASE_URL', 'PORT', 'HOST'].includes(key),
    ),
  );
  return { ...env, ...extra };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const hasPostgres = (await dialectsUnderTest()).includes('postgres');

// Without PostgreSQL this says skipped; CI never skips it (dialectsUnderTest throws there).
describe.skipIf(!hasPostgres)('SLA timers across two processes', () => {
  const children: ChildProcess[] = [];
  const outputs: string[] = [];
  const killOnExit = () => {
    for (const c of children) c.kill('SIGKILL');
  };
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;

  beforeAll(async () => {
    process.once('exit', killOnExit);
    database = await createPostgresDatabase('trellis_sla_cluster');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-sla-cluster-'));
    const env = serverEnv({
      DATABASE_URL: database.url,
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_DEMO_DATA: 'off',
      TRELLIS_LOG_LEVEL: 'warn',
      TRELLIS_JOB_POLL_MS: '50',
    });
    await run(process.execPath, [...CLI, 'migrate'], { cwd: ROOT, env });

    // While no process runs: 1,000 open incidents whose 7×24 response clocks fall due, half already past.
    const trellis = await createTrellis(loadConfig({ ...env, TRELLIS_LOG_LEVEL: 'silent' }));
    try {
      const { db, dialect } = trellis.database;
      const always = (
        await db
          .selectFrom('calendars')
          .select('id')
          .where('name', '=', STANDARD_CALENDAR_NAMES.always)
          .executeTakeFirstOrThrow()
      ).id;
      const cal = await businessCalendar(db, always);
      const { orgId, userId } = await inTransaction({ db, dialect, bus: trellis.bus }, null, async (tx) => {
        const org = await createOrganization({ tx, input: { kind: 'customer', code: 'TIMERS', name: '定时客户' } });
        const user = await createUser({
          tx,
          input: {
            email: 'r@timers.test',
            name: 'r',
            role: 'requester',
            organizationId: org.id,
            locale: 'zh-CN',
            password: 'quiet-meadow-5519',
          },
        });
        return { orgId: org.id, userId: user.id };
      });
      const now = Date.now();
      for (let i = 0; i < TIMERS; i++) {
        const id = newId();
        // 10-minute target; started 11–60 min ago (overdue) or 9 min 55 s ago minus a little (due in seconds).
        const started = i % 2 ? now - (11 + (i % 50)) * 60_000 : now - 10 * 60_000 + 3_000 + (i % 5) * 1000;
        const at = new Date(started).toISOString();
        await db
          .insertInto('work_records')
          .values({
            id,
            kind: 'incident',
            number: `T-${i}`,
            organization_id: orgId,
            department_id: null,
            title: 't',
            description: 'd',
            state: 'pending',
            impact: 1,
            urgency: 1,
            level: 1,
            category_id: null,
            service_id: null,
            channel: 'portal',
            affected_scope: null,
            contact: null,
            requester_id: userId,
            owner_id: null,
            assignee_id: null,
            group_id: null,
            created_by: null,
            created_at: at,
            updated_at: at,
            resolved_at: null,
            closed_at: null,
            version: 1,
          })
          .execute();
        const clock = {
          id: newId(),
          record_id: id,
          metric: 'response' as const,
          sla_id: null,
          ola_id: null,
          group_id: null,
          level: 1,
          target_minutes: 10,
          calendar_id: always,
          started_at: at,
          pauses_json: '[]',
          stopped_at: null,
          stop_reason: null,
          due_at: new Date(started + 10 * 60_000).toISOString(),
          elapsed_ms: 0,
          // Only the breach is left to fire.
          warned_json: '[75,90]',
          breached_at: null,
          created_at: at,
          updated_at: at,
        };
        await db.insertInto('sla_clocks').values(clock).execute();
        await armTimer(db, clock, cal, [75, 90]);
      }
    } finally {
      await trellis.close();
    }

    const ports = [await freePort(), await freePort()];
    while (ports[1] === ports[0]) ports[1] = await freePort();
    for (const [i, port] of ports.entries()) {
      const child = spawn(process.execPath, [...CLI, 'start'], {
        cwd: ROOT,
        env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      outputs[i] = '';
      const keep = (chunk: Buffer) => {
        outputs[i] = (outputs[i] + chunk.toString()).slice(-20_000);
      };
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      children.push(child);
    }
  });

  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    process.off('exit', killOnExit);
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`fires ${TIMERS} breach timers exactly once across both processes, including those due while both were down`, {
    timeout: 180_000,
  }, async () => {
    const { db, close } = openDatabase({ databaseUrl: database.url, dataDir, poolSize: 2 });
    try {
      const deadline = Date.now() + 90_000;
      let breaches = 0;
      while (Date.now() < deadline) {
        breaches = Number(
          (
            await db
              .selectFrom('sla_breaches')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
        if (breaches >= TIMERS) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(breaches, outputs.join('\n---\n')).toBe(TIMERS);
      // Give a second-firing, if there were one, the chance to show itself.
      await new Promise((r) => setTimeout(r, 1_000));
      const jobs = await db
        .selectFrom('jobs')
        .select(['state', 'attempts', 'locked_by'])
        .where('type', '=', 'sla.timer')
        .execute();
      expect(jobs).toHaveLength(TIMERS);
      // Each timer was claimed once (a second claim would count a second attempt) and finished.
      expect(jobs.every((j) => j.state === 'done' && j.attempts === 1)).toBe(true);
      const rows = await db.selectFrom('sla_breaches').select(['clock_id', 'fired_by']).execute();
      expect(new Set(rows.map((r) => r.clock_id)).size).toBe(TIMERS);
      // Both processes took part.
      expect(new Set(rows.map((r) => r.fired_by)).size).toBe(2);
      const timeline = await db
        .selectFrom('record_timeline')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('type', 'like', 'sla_breached%')
        .executeTakeFirstOrThrow();
      expect(Number(timeline.n)).toBe(TIMERS);
    } finally {
      await close();
    }
  });
});
