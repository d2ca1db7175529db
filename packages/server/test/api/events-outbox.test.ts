import { spawn } from 'node:child_process';
import path from 'node:path';
import { DOMAIN_EVENTS } from '@trellis/core';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrellis } from '../../src/app.js';
import type { DomainEvent } from '../../src/platform/context.js';
import { inTransaction } from '../../src/platform/unit-of-work.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { type MailServers, startMailServers } from '../support/mail-servers.js';

const PUBLIC_URL = 'https://itsm.example.com';
const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** A second process on the same database files an incident, says so, and is killed at once. */
const CHILD = `
const { createTrellis } = await import('./packages/server/src/app.ts');
const { loadConfig } = await import('./packages/server/src/platform/config.ts');
const { signIn } = await import('./packages/server/test/support/app.ts');
const trellis = await createTrellis(loadConfig(process.env));
const agent = await signIn({ trellis }, 'agent@test.local', process.env.PASSWORD);
const res = await agent.post('/api/v1/incidents', { title: '机房空调告警', description: 'd', requesterId: process.env.REQUESTER });
process.stdout.write('committed ' + res.statusCode + ' ' + res.json().number + '\\n', () => process.kill(process.pid, 'SIGKILL'));
`;

function fileAndDie(env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const keep = (c: Buffer) => {
      out += c.toString();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' && /committed 201 /.test(out) ? resolve(out.split(' ')[2]!.trim()) : reject(new Error(out)),
    );
  });
}

for (const dialect of await dialectsUnderTest()) {
  describe(`typed events, the outbox and request notifications [${dialect}]`, () => {
    let mail: MailServers;
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    const events: DomainEvent[] = [];
    const desk = `events-${dialect}@test.local`;

    const runJobs = async () => {
      for (let i = 0; i < 10 && (await test.trellis.jobs.runDue(100)) > 0; i++);
    };
    const inbox = async (address: string) =>
      Promise.all((await mail.messages(address)).map((raw) => simpleParser(raw)));
    const unitOfWork = () => ({
      db: test.trellis.database.db,
      dialect: test.trellis.database.dialect,
      bus: test.trellis.bus,
    });

    beforeAll(async () => {
      mail = await startMailServers();
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      test.trellis.bus.subscribe('*', (e) => void events.push(e));
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, world.agent.email, PASSWORD);
      const settings = await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: mail.smtpPort,
          secure: false,
          tlsVerify: false,
          fromAddress: desk,
          fromName: 'IT',
        },
        options: { coalesceSeconds: 0, senderHourlyLimit: 100, publicUrl: PUBLIC_URL },
      });
      expect(settings.statusCode, settings.body).toBe(200);
    });
    afterAll(async () => {
      await test?.close();
      await mail?.stop();
    });

    it('emits exactly one catalogue event per write: a resolve is incident.resolved, never incident.resolve', async () => {
      const created = await agent.post('/api/v1/incidents', {
        title: '打印机卡纸',
        description: 'desc',
        requesterId: world.requesterA.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const id = created.json().id as string;
      expect((await agent.post(`/api/v1/incidents/${id}/take`)).statusCode).toBe(200);
      const resolved = await agent.post(`/api/v1/incidents/${id}/resolve`, {
        cause: '原因',
        solution: '方案',
        timeSpentMinutes: 20,
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      await expect.poll(() => events.filter((e) => e.recordId === id && e.type === 'incident.resolved').length).toBe(1);
      const mine = events.filter((e) => e.recordId === id).map((e) => e.type);
      expect(mine).toEqual(['incident.created', 'incident.taken', 'incident.resolved']);
      for (const type of mine) expect(Object.keys(DOMAIN_EVENTS)).toContain(type);
    });

    it('refuses an event outside the catalogue or with a payload its schema rejects', async () => {
      await expect(
        inTransaction(unitOfWork(), null, async (tx) => {
          // @ts-expect-error: not an event of the catalogue
          tx.emit('incident.resolve', { recordId: 'x' });
        }),
      ).rejects.toThrow(/not in the catalogue/);
      await expect(
        inTransaction(unitOfWork(), null, async (tx) => {
          // @ts-expect-error: the payload lacks its articleId
          tx.emit('knowledge.updated', { payload: {} });
        }),
      ).rejects.toThrow(/refused by its schema/);
      await expect(
        inTransaction(unitOfWork(), null, async (tx) => {
          tx.emit('calendar.changed', { payload: { calendarId: 42 as unknown as string } });
        }),
      ).rejects.toThrow(/refused by its schema/);
    });

    it('tells the approver, then the task group, about a request, with the link to the request page', async () => {
      const service = await admin.post('/api/v1/services', {
        code: `EV${dialect}`,
        nameZh: '账号服务',
        nameEn: 'Accounts',
        ownerId: world.manager.id,
      });
      expect(service.statusCode, service.body).toBe(201);
      const item = await admin.post('/api/v1/catalog/items', {
        serviceId: service.json().id,
        nameZh: '账号开通',
        nameEn: 'Account',
        approvals: [{ mode: 'any', approvers: [{ type: 'user', userId: world.colleagueA.id }] }],
        stages: [{ tasks: [{ titleZh: '开通账号', titleEn: 'Create account', groupId: world.tier1.id }] }],
      });
      expect(item.statusCode, item.body).toBe(201);
      const requester = await signIn(test, world.requesterA.email, PASSWORD);
      const submitted = await requester.post('/api/v1/requests', { itemId: item.json().id, answers: {} });
      expect(submitted.statusCode, submitted.body).toBe(201);
      const { id, number } = submitted.json() as { id: string; number: string };
      await runJobs();

      const approverMail = (await inbox(world.colleagueA.email)).filter((m) => m.subject?.includes(number));
      expect(approverMail).toHaveLength(1);
      expect(approverMail[0]!.subject).toContain('待您审批');
      // The approver here is a requester: the portal's request page.
      expect(approverMail[0]!.text).toContain(`${PUBLIC_URL}/portal/requests/${number}`);
      expect((await inbox(world.agent.email)).filter((m) => m.subject?.includes(number))).toHaveLength(0);

      const boss = await signIn(test, world.colleagueA.email, PASSWORD);
      const approved = await boss.post(`/api/v1/requests/${id}/approve`, { comment: '同意' });
      expect(approved.statusCode, approved.body).toBe(200);
      await runJobs();
      const taskMail = (await inbox(world.agent.email)).filter((m) => m.subject?.includes(number));
      expect(taskMail).toHaveLength(1);
      expect(taskMail[0]!.subject).toContain('开通账号');
      expect(taskMail[0]!.text).toContain(`${PUBLIC_URL}/console/requests/${number}`);
      // Nobody outside the task's group hears about it.
      expect((await inbox(world.agentA.email)).filter((m) => m.subject?.includes(number))).toHaveLength(0);
    });

    it('delivers a notification once although the process stopped between commit and dispatch', async () => {
      const before = (await inbox(world.requesterB.email)).length;
      const created = await agent.post('/api/v1/incidents', {
        title: '断电后无法开机',
        description: 'desc',
        requesterId: world.requesterB.id,
      });
      expect(created.statusCode, created.body).toBe(201);
      const { number } = created.json() as { number: string };
      // The job row was written by the transaction itself, before anything ran after commit.
      const outbox = await test.trellis.database.db
        .selectFrom('jobs')
        .select(['type', 'state'])
        .where('type', '=', 'event:channels.notify')
        .where('state', '=', 'queued')
        .execute();
      expect(outbox.length).toBeGreaterThan(0);

      // The process goes away without running a job; a new one starts on the same database.
      const { config } = test.trellis;
      await test.trellis.close();
      test.trellis = await createTrellis(config);
      await runJobs();
      await runJobs();
      const received = (await inbox(world.requesterB.email)).filter((m) => m.subject?.includes(number));
      expect(received).toHaveLength(1);
      expect(received[0]!.text).toContain(`${PUBLIC_URL}/portal/incidents/${number}`);
      expect((await inbox(world.requesterB.email)).length).toBe(before + 1);
    });

    it('delivers once what a process killed (SIGKILL) right after its commit had not dispatched', async () => {
      const { config } = test.trellis;
      const number = await fileAndDie({
        TRELLIS_DATA_DIR: config.dataDir,
        ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
        TRELLIS_LOG_LEVEL: 'silent',
        TRELLIS_DEMO_DATA: 'off',
        PASSWORD,
        REQUESTER: world.colleagueA.id,
      });
      await runJobs();
      await runJobs();
      const received = (await inbox(world.colleagueA.email)).filter((m) => m.subject?.includes(number));
      expect(received).toHaveLength(1);
      expect(received[0]!.subject).toContain('已受理');
    });
  });
}
