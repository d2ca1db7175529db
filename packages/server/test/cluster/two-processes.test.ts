import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseRecordNumber } from '@trellis/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrellis } from '../../src/app.js';
import { createOrganization, createUser } from '../../src/modules/directory/index.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { bootstrap } from '../../src/seed/bootstrap.js';
import { createPostgresDatabase, dialectsUnderTest } from '../support/databases.js';

/**
 * The scaled deployment for real: two separate server processes, started by the CLI, on one
 * PostgreSQL database, taking concurrent HTTP writes. Numbers must come out gapless and unique.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = ['--import', 'tsx', 'packages/server/src/cli.ts'];
const TOTAL = 2_000;
const CONCURRENCY_PER_PROCESS = 25;
const ADMIN = { email: 'ops-admin@cluster.test', password: 'cluster-admin-pass-1' };
const RIVAL_EMAIL = 'rival-admin@cluster.test';
const RACES = 20;

const run = promisify(execFile);

/** The environment a server process sees: ours, minus any Trellis settings of the developer's shell. */
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

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}

function startServer(port: number, env: NodeJS.ProcessEnv): ServerProcess {
  const child = spawn(process.execPath, [...CLI, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, url: `http://127.0.0.1:${port}`, output: () => output };
}

async function waitReady(server: ServerProcess, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      throw new Error(`server on ${server.url} exited early (${server.child.exitCode}):\n${server.output()}`);
    }
    try {
      const response = await fetch(`${server.url}/readyz`);
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`server on ${server.url} not ready after ${timeoutMs} ms:\n${server.output()}`);
}

async function stopServer(server: ServerProcess): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

const hasPostgres = (await dialectsUnderTest()).includes('postgres');

// Without PostgreSQL this says skipped; CI never skips it (dialectsUnderTest throws there).
describe.skipIf(!hasPostgres)('two server processes on one PostgreSQL', () => {
  const servers: ServerProcess[] = [];
  const killOnExit = () => {
    for (const server of servers) server.child.kill('SIGKILL');
  };
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let token: string;
  /** A second administrator's token: two people racing for the same incident through different processes. */
  let rivalToken: string;
  let requesterId: string;
  let customerId: string;

  beforeAll(async () => {
    process.once('exit', killOnExit);
    database = await createPostgresDatabase('trellis_cluster');
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-cluster-'));
    const env = serverEnv({
      DATABASE_URL: database.url,
      TRELLIS_DATA_DIR: dataDir,
      TRELLIS_DEMO_DATA: 'off',
      TRELLIS_LOG_LEVEL: 'warn',
    });

    // Schema through the CLI, as an operator would before rolling out app processes.
    const migrated = await run(process.execPath, [...CLI, 'migrate'], { cwd: ROOT, env });
    expect(migrated.stdout).toContain('applied:');

    // First-run bootstrap names the administrator; a customer and its requester come from the directory service.
    const trellis = await createTrellis(
      loadConfig({
        ...env,
        TRELLIS_LOG_LEVEL: 'silent',
        TRELLIS_ADMIN_EMAIL: ADMIN.email,
        TRELLIS_ADMIN_PASSWORD: ADMIN.password,
      }),
    );
    try {
      expect((await bootstrap(trellis, { demo: 'off' })).admin).toBe(ADMIN.email);
      const { db, dialect } = trellis.database;
      const made = await inTransaction({ db, dialect, bus: trellis.bus }, null, async (tx) => {
        const customer = await createOrganization({
          tx,
          input: { kind: 'customer', code: 'LOADCO', name: '压测客户' },
        });
        const requester = await createUser({
          tx,
          input: {
            email: 'caller@loadco.test',
            name: '报告人',
            role: 'requester',
            organizationId: customer.id,
            locale: 'zh-CN',
            password: 'ember-lantern-731',
          },
        });
        const provider = await tx.db
          .selectFrom('organizations')
          .select('id')
          .where('kind', '=', 'provider')
          .executeTakeFirstOrThrow();
        await createUser({
          tx,
          input: {
            email: RIVAL_EMAIL,
            name: '李强',
            role: 'admin',
            organizationId: provider.id,
            locale: 'zh-CN',
            password: 'copper-harbour-482',
          },
        });
        return { customerId: customer.id, requesterId: requester.id };
      });
      ({ customerId, requesterId } = made);
    } finally {
      await trellis.close();
    }

    const created = await run(process.execPath, [...CLI, 'token', 'create', '--email', ADMIN.email, '--name', 'load'], {
      cwd: ROOT,
      env,
    });
    token = created.stdout.trim().split('\n').at(-1)!.trim();
    expect(token).toMatch(/^trl_/);
    const rival = await run(process.execPath, [...CLI, 'token', 'create', '--email', RIVAL_EMAIL, '--name', 'rival'], {
      cwd: ROOT,
      env,
    });
    rivalToken = rival.stdout.trim().split('\n').at(-1)!.trim();
    expect(rivalToken).toMatch(/^trl_/);

    const ports = [await freePort(), await freePort()];
    while (ports[1] === ports[0]) ports[1] = await freePort();
    for (const port of ports) servers.push(startServer(port, { ...env, PORT: String(port), HOST: '127.0.0.1' }));
    await Promise.all(servers.map((server) => waitReady(server)));
  });

  afterAll(async () => {
    await Promise.all(servers.map(stopServer));
    process.off('exit', killOnExit);
    await database?.drop();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it(`numbers ${TOTAL} incidents created concurrently through both processes without a gap or a duplicate`, async () => {
    type Outcome = {
      index: number;
      server: number;
      status: number;
      number?: string;
      organization?: string;
      body?: string;
    };
    const outcomes: Outcome[] = [];
    const post = async (index: number, server: number) => {
      const response = await fetch(`${servers[server]!.url}/api/v1/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          title: `并发报障 #${index}`,
          description: `第 ${index} 个请求，经进程 ${server}`,
          requesterId,
          impact: (index % 4) + 1,
          urgency: ((index >> 2) % 4) + 1,
        }),
      });
      const text = await response.text();
      if (response.status !== 201) {
        outcomes.push({ index, server, status: response.status, body: text.slice(0, 500) });
        return;
      }
      const incident = JSON.parse(text) as { number: string; organization: { id: string } };
      outcomes.push({ index, server, status: 201, number: incident.number, organization: incident.organization.id });
    };

    // Request i goes to process i % 2; each process gets its own pool of concurrent clients.
    await Promise.all(
      servers.map(async (_, server) => {
        const mine = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => i % servers.length === server);
        let next = 0;
        const client = async () => {
          while (next < mine.length) await post(mine[next++]!, server);
        };
        await Promise.all(Array.from({ length: CONCURRENCY_PER_PROCESS }, client));
      }),
    );

    const failures = outcomes.filter((o) => o.status !== 201);
    expect(failures.slice(0, 5), `${failures.length} requests failed`).toEqual([]);
    expect(outcomes).toHaveLength(TOTAL);
    expect(outcomes.filter((o) => o.server === 0)).toHaveLength(TOTAL / 2);
    expect(outcomes.every((o) => o.organization === customerId)).toBe(true);

    const numbers = outcomes.map((o) => o.number!);
    expect(new Set(numbers).size).toBe(TOTAL);
    const parsed = numbers.map((n) => parseRecordNumber(n));
    expect(parsed.every((p) => p?.kind === 'incident')).toBe(true);
    // One counter per year; a fresh database starts every year's counter at 1.
    const byYear = new Map<number, number[]>();
    for (const p of parsed) byYear.set(p!.year, [...(byYear.get(p!.year) ?? []), p!.sequence]);
    for (const [year, sequences] of byYear) {
      const sorted = sequences.sort((a, b) => a - b);
      expect(sorted, `sequences of ${year}`).toEqual(Array.from({ length: sorted.length }, (_, i) => i + 1));
    }

    const check = openDatabase({ databaseUrl: database.url, dataDir, poolSize: 1 });
    try {
      const rows = await check.db.selectFrom('work_records').select(['number', 'kind']).execute();
      expect(rows).toHaveLength(TOTAL);
      expect(new Set(rows.map((r) => r.number))).toEqual(new Set(numbers));
      const counters = await check.db.selectFrom('number_sequences').selectAll().execute();
      expect(counters.reduce((sum, c) => sum + Number(c.value), 0)).toBe(TOTAL);
      const count = async (table: 'incident_details' | 'record_timeline' | 'audit_events') =>
        Number(
          (
            await check.db
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      expect(await count('incident_details')).toBe(TOTAL);
      expect(await count('record_timeline')).toBe(TOTAL);
      const audited = await check.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('action', '=', 'incident.create')
        .executeTakeFirstOrThrow();
      expect(Number(audited.n)).toBe(TOTAL);
    } finally {
      await check.close();
    }

    // Both processes are still healthy after the burst.
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  }, 90_000);

  it(`gives each of ${RACES} incidents to exactly one of two people taking it at once through different processes`, async () => {
    const call = async (server: number, bearer: string, method: string, url: string, headers = {}) => {
      const response = await fetch(`${servers[server]!.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json', ...headers },
        body:
          method === 'GET'
            ? undefined
            : JSON.stringify(
                method === 'POST' && url.endsWith('/incidents')
                  ? {
                      title: '两人同时接手',
                      description: '经两个进程同时接手',
                      requesterId,
                    }
                  : url.endsWith('/classify')
                    ? { impact: server + 1, urgency: 2 }
                    : {},
              ),
      });
      return {
        status: response.status,
        body: (await response.json()) as { id: string; version: number; error: { code: string } },
      };
    };
    for (let round = 0; round < RACES; round++) {
      const created = await call(0, token, 'POST', '/api/v1/incidents');
      expect(created.status).toBe(201);
      const { id } = created.body;
      const takes = await Promise.all([
        call(0, token, 'POST', `/api/v1/incidents/${id}/take`),
        call(1, rivalToken, 'POST', `/api/v1/incidents/${id}/take`),
      ]);
      expect(takes.map((t) => t.status).sort(), JSON.stringify(takes.map((t) => t.body))).toEqual([200, 409]);
      const loser = takes.find((t) => t.status === 409)!;
      expect(loser.body.error.code).toBe('incident.already_taken');
      // Both then write from the same version they saw: one gets through, the other is told it is stale.
      const seen = (await call(0, token, 'GET', `/api/v1/incidents/${id}`)).body.version;
      const writes = await Promise.all([
        call(0, token, 'POST', `/api/v1/incidents/${id}/classify`, { 'if-match': `"${seen}"` }),
        call(1, rivalToken, 'POST', `/api/v1/incidents/${id}/classify`, { 'if-match': `"${seen}"` }),
      ]);
      expect(writes.map((w) => w.status).sort()).toEqual([200, 409]);
      expect(writes.find((w) => w.status === 409)!.body.error.code).toBe('record.stale');
    }
    console.info(`two processes: ${RACES} take races and ${RACES} stale-write races, exactly one winner each`);
  }, 90_000);
});
