import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../src/modules/migration/migration.cli.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/migration');
const ROOT = path.resolve(import.meta.dirname, '../../../..');

/** What each sample export holds: the records that must arrive, and the rows that must be refused by line. */
const EXPECTED = {
  csv: {
    imported: ['INC-1001', 'INC-1002', 'INC-1005'],
    errors: ['tickets.csv:7', 'tickets.csv:5', 'tickets.csv:6'],
    comments: 2,
    attachments: 2,
  },
  xlsx: {
    imported: ['INC-1001', 'INC-1002', 'INC-1005'],
    errors: ['tickets.xlsx:7', 'tickets.xlsx:5', 'tickets.xlsx:6'],
    comments: 2,
    attachments: 2,
  },
  rt: { imported: ['101', '102'], errors: ['tickets.json:106'], comments: 2, attachments: 1 },
  glpi: { imported: ['31', '32'], errors: ['Ticket.json:48'], comments: 3, attachments: 1 },
  zammad: { imported: ['31007', '31008'], errors: ['tickets.json:50'], comments: 2, attachments: 2 },
} as const;

for (const dialect of await dialectsUnderTest()) {
  describe(`trellis import [${dialect}]`, () => {
    let test: TestApp;
    let admin: Client;
    let world: Awaited<ReturnType<typeof buildWorld>>;
    const db = () => test.trellis.database.db;
    const run = (format: string, extra: Partial<Parameters<typeof importCommand>[1]> = {}) => {
      const lines: string[] = [];
      return importCommand(
        test.trellis,
        { format, input: path.join(FIXTURES, format), org: 'CUSTA', progress: false, locale: 'en-US', ...extra },
        (line) => lines.push(line),
      ).then((summary) => ({ summary, lines }));
    };
    const numberOf = async (source: string, externalId: string) =>
      (
        await db()
          .selectFrom('record_external_refs')
          .innerJoin('work_records', 'work_records.id', 'record_external_refs.record_id')
          .select('work_records.number')
          .where('source', '=', source)
          .where('external_id', '=', externalId)
          .executeTakeFirstOrThrow()
      ).number;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD, 'en-US');
      const calendars = (await admin.get('/api/v1/calendars')).json() as { id: string; name: string }[];
      const always = calendars.find((c) => c.name === '7×24')!.id;
      const sla = await admin.post('/api/v1/slas', {
        name: 'SLA',
        isDefault: true,
        targets: [1, 2, 3, 4].map((level) => ({
          level,
          responseMinutes: 60,
          resolutionMinutes: 480,
          calendarId: always,
        })),
      });
      expect(sla.statusCode, sla.body).toBe(201);
    });
    afterAll(() => test?.close());

    for (const [format, expected] of Object.entries(EXPECTED)) {
      it(`imports the ${format} sample: records, comments, attachments, and names every bad row`, async () => {
        const before = await db()
          .selectFrom('work_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        const { summary, lines } = await run(format);
        expect(summary.imported).toBe(expected.imported.length);
        expect([...summary.numbers.keys()]).toEqual(expected.imported);
        expect(summary.comments).toBe(expected.comments);
        expect(summary.attachments).toBe(expected.attachments);
        const errors = summary.issues.filter((i) => i.severity === 'error');
        expect(errors.map((i) => `${i.file}:${i.line}`)).toEqual(expected.errors);
        // Nothing lost: every record read is imported or refused with a reason.
        expect(summary.imported + summary.rejected).toBe(summary.read);
        expect(new Set(errors.map((i) => i.externalId)).size).toBeGreaterThanOrEqual(summary.rejected);
        expect(lines.join('\n')).toContain(`Imported: ${expected.imported.length}`);
        const after = await db()
          .selectFrom('work_records')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(after.n) - Number(before.n)).toBe(expected.imported.length);
      });
    }

    it('keeps timestamps, states, comments with their visibility and attachment bytes, visible over the API', async () => {
      const number = await numberOf('csv', 'INC-1001');
      expect(number).toMatch(/^INC-2024-\d{6}$/);
      const res = await admin.get(`/api/v1/incidents/${number}`);
      expect(res.statusCode).toBe(200);
      const incident = res.json();
      expect(incident).toMatchObject({
        title: 'VPN 连不上',
        state: 'archived',
        level: 2,
        createdAt: '2024-03-01T01:10:00.000Z',
      });
      const comments = incident.timeline.filter((e: { type: string }) => e.type === 'comment');
      expect(comments.map((c: { visibility: string; at: string }) => [c.visibility, c.at])).toEqual([
        ['public', '2024-03-01T02:05:00.000Z'],
        ['internal', '2024-03-01T02:20:00.000Z'],
      ]);
      expect(incident.attachments.map((a: { filename: string }) => a.filename)).toEqual(['vpn.log']);
      const file = await admin.get(`/api/v1/attachments/${incident.attachments[0].id}`);
      expect(file.statusCode).toBe(200);
      expect(file.rawPayload.equals(fs.readFileSync(path.join(FIXTURES, 'csv/attachments/vpn.log')))).toBe(true);

      const rt = (await admin.get(`/api/v1/incidents/${await numberOf('rt', '101')}`)).json();
      expect(rt.attachments.map((a: { filename: string; size: number }) => [a.filename, a.size])).toEqual([
        ['sw-5f-02.log', 27],
      ]);
    });

    it('creates missing requesters once and leaves existing people alone', async () => {
      const people = await db()
        .selectFrom('users')
        .select(['email', 'role', 'organization_id', 'password_hash'])
        .where('email', 'in', [
          'li.lei@example.cn',
          'chen.jing@example.cn',
          'zhou.min@example.cn',
          'sara.lee@example.com',
        ])
        .execute();
      expect(people).toHaveLength(4);
      for (const p of people)
        expect(p).toMatchObject({ role: 'requester', organization_id: world.orgA.id, password_hash: null });
      // li.lei is named by both the CSV and the Excel sample: one person.
      const twice = await db().selectFrom('users').select('id').where('email', '=', 'li.lei@example.cn').execute();
      expect(twice).toHaveLength(1);
    });

    it('finds imported records by their old number and their words, Chinese included', async () => {
      const search = async (q: string) =>
        (await admin.get(`/api/v1/search?q=${encodeURIComponent(q)}`))
          .json()
          .items.map((i: { number: string }) => i.number);
      expect(await search('31007')).toContain(await numberOf('zammad', '31007'));
      expect(await search('INC-1002')).toContain(await numberOf('csv', 'INC-1002'));
      expect(await search('投影仪')).toContain(await numberOf('glpi', '31'));
      // A public reply is searchable; an internal note is not.
      expect(await search('switch floor rebooted')).toContain(await numberOf('rt', '101'));
      expect(await search('uplink')).not.toContain(await numberOf('rt', '101'));
    });

    it('gives finished history no clocks and times what is still open from its creation', async () => {
      const clocks = async (source: string, id: string) =>
        db()
          .selectFrom('sla_clocks')
          .innerJoin('record_external_refs', 'record_external_refs.record_id', 'sla_clocks.record_id')
          .select(['sla_clocks.metric', 'sla_clocks.started_at', 'sla_clocks.stopped_at'])
          .where('source', '=', source)
          .where('external_id', '=', id)
          .execute();
      expect(await clocks('rt', '101')).toEqual([]);
      expect(await clocks('zammad', '31007')).toEqual([]);
      const open = await clocks('zammad', '31008');
      // Being worked on, it was answered (when, the export does not say): the response clock stops; resolution runs.
      expect(open.map((c) => [c.metric, c.started_at, c.stopped_at === null]).sort()).toEqual([
        ['resolution', '2024-05-08T06:00:00.000Z', true],
        ['response', '2024-05-08T06:00:00.000Z', false],
      ]);
    });

    it('is idempotent: a second run skips what it imported and writes nothing new', async () => {
      const count = async () =>
        Number(
          (
            await db()
              .selectFrom('record_timeline')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const before = await count();
      for (const format of Object.keys(EXPECTED)) {
        const { summary } = await run(format);
        expect(summary.imported).toBe(0);
        expect(summary.skipped).toBe(EXPECTED[format as keyof typeof EXPECTED].imported.length);
      }
      expect(await count()).toBe(before);
    });

    it('writes nothing on a dry run, yet reports what it would do', async () => {
      const { summary, lines } = await run('rt', { source: 'rt-dry', dryRun: true });
      expect(summary.imported).toBe(2);
      expect(lines.join('\n')).toContain('Dry run');
      const refs = await db()
        .selectFrom('record_external_refs')
        .select('record_id')
        .where('source', '=', 'rt-dry')
        .execute();
      expect(refs).toEqual([]);
    });

    it('runs as a command: summary in Chinese, bad rows with line and field, exit code 3 when rows were refused', () => {
      const dataDir = test.trellis.config.dataDir;
      const result = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'packages/server/src/cli.ts',
          'import',
          'csv',
          path.join(FIXTURES, 'csv'),
          '--org',
          'CUSTA',
          '--source',
          'cli-csv',
          '--lang',
          'zh-CN',
          '--report',
          path.join(os.tmpdir(), `import-report-${process.pid}-${dialect}.jsonl`),
        ],
        {
          cwd: ROOT,
          encoding: 'utf8',
          env: {
            ...process.env,
            TRELLIS_DATA_DIR: dataDir,
            TRELLIS_LOG_LEVEL: 'silent',
            ...(test.trellis.config.databaseUrl ? { DATABASE_URL: test.trellis.config.databaseUrl } : {}),
          },
          timeout: 120_000,
        },
      );
      expect(result.stderr).not.toMatch(/Error:/);
      expect(result.status).toBe(3);
      expect(result.stdout).toContain('已导入: 3');
      expect(result.stdout).toContain(
        'tickets.csv:5 [created_at] #INC-1003: created_at 不是有效的时间：2024-13-45 10:00',
      );
      expect(result.stdout).toContain('tickets.csv:6 [requester_email] #INC-1004: 缺少必填字段 requester_email');
      const report = fs
        .readFileSync(path.join(os.tmpdir(), `import-report-${process.pid}-${dialect}.jsonl`), 'utf8')
        .trim()
        .split('\n');
      expect(report.map((l) => JSON.parse(l).line)).toContain(7);
    });
  });
}
