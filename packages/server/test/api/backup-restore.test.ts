import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrellis } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { signIn, type TestApp } from '../support/app.js';
import { createPostgresDatabase, dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { report, upload } from '../support/http.js';
import { snapshotRows } from '../support/tables.js';

/**
 * The operator's backup and restore, through the CLI as the README tells them to run it: back up
 * a working desk, keep working, stop, restore, start again: every table holds exactly the rows it
 * held at the backup, and the desk works.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const CLI = ['--import', 'tsx', 'packages/server/src/cli.ts'];
const run = promisify(execFile);

function cliEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith('TRELLIS_') && key !== 'DATABASE_URL'),
  );
  return { ...env, TRELLIS_LOG_LEVEL: 'silent', ...extra };
}

function diff(before: Map<string, string[]>, after: Map<string, string[]>) {
  const out: { table: string; missing: number; extra: number; sample?: string }[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const b = new Set(before.get(table) ?? []);
    const a = new Set(after.get(table) ?? []);
    const missing = [...b].filter((r) => !a.has(r));
    const extra = [...a].filter((r) => !b.has(r));
    if (missing.length || extra.length)
      out.push({
        table,
        missing: missing.length,
        extra: extra.length,
        sample: (missing[0] ?? extra[0])?.slice(0, 300),
      });
  }
  return out;
}

for (const dialect of await dialectsUnderTest()) {
  describe(`backup and restore round trip [${dialect}]`, () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-backup-'));
    const backupFile = path.join(dataDir, 'backups', dialect === 'postgres' ? 'trellis.dump' : 'trellis.db');
    let pg: { url: string; drop: () => Promise<void> } | null = null;
    let env: Record<string, string>;
    let open: () => Promise<TestApp>;

    beforeAll(async () => {
      pg = dialect === 'postgres' ? await createPostgresDatabase('trellis_backup') : null;
      env = {
        TRELLIS_DATA_DIR: path.join(dataDir, 'data'),
        TRELLIS_DEMO_DATA: 'off',
        ...(pg ? { DATABASE_URL: pg.url } : {}),
      };
      open = async () => {
        const trellis = await createTrellis(loadConfig({ ...env, TRELLIS_LOG_LEVEL: 'silent' }));
        return { trellis, dialect, close: () => trellis.close() };
      };
    });
    afterAll(async () => {
      await pg?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('brings back every row of every table as it was at the backup', async () => {
      // A desk at work: people, records, comments, a file, the audit trail, sessions.
      let app = await open();
      const world = await buildWorld(app);
      const requester = await signIn(app, world.requesterA.email, PASSWORD);
      const agent = await signIn(app, world.agent.email, PASSWORD);
      const kept = await report(requester, '备份前的故障');
      expect((await agent.post(`/api/v1/incidents/${kept.id}/take`)).statusCode).toBe(200);
      expect((await upload(requester, kept.id, '备份.txt', '备份前的附件')).statusCode).toBe(201);
      const atBackup = await snapshotRows(app.trellis.database);
      expect(atBackup.get('work_records')).toHaveLength(1);

      // Online, while the app runs, as the README says the SQLite backup may be taken.
      const backedUp = await run(process.execPath, [...CLI, 'backup', '--out', backupFile], {
        cwd: ROOT,
        env: cliEnv(env),
      });
      expect(backedUp.stdout).toContain('backup written to');
      expect(fs.statSync(backupFile).size).toBeGreaterThan(0);

      // Work goes on after the backup: new rows, changed rows, deleted rows.
      const later = await report(requester, '备份后的故障');
      expect((await agent.post(`/api/v1/incidents/${kept.id}/comments`, { body: '备份后的回复' })).statusCode).toBe(
        200,
      );
      expect(
        (await agent.post(`/api/v1/incidents/${kept.id}/watchers`, { userId: world.colleagueA.id })).statusCode,
      ).toBe(200);
      expect((await agent.delete(`/api/v1/incidents/${kept.id}/watchers/${world.colleagueA.id}`)).statusCode).toBe(200);
      await app.trellis.database.db.deleteFrom('sessions').execute();
      const changed = await snapshotRows(app.trellis.database);
      expect(diff(atBackup, changed).length, 'the work after the backup changed tables').toBeGreaterThan(3);
      await app.close();

      // Stopped, restored through the CLI, started again.
      const restored = await run(process.execPath, [...CLI, 'restore', '--from', backupFile], {
        cwd: ROOT,
        env: cliEnv(env),
      });
      expect(restored.stdout).toContain('restored from');
      app = await open();
      try {
        expect(diff(atBackup, await snapshotRows(app.trellis.database))).toEqual([]);
        // And the restored desk works: the later record is gone, and its number is handed out again.
        const again = await signIn(app, world.agent.email, PASSWORD);
        expect((await again.get(`/api/v1/incidents/${kept.id}`)).statusCode).toBe(200);
        expect((await again.get(`/api/v1/incidents/${later.id}`)).statusCode).toBe(404);
        const next = await report(await signIn(app, world.requesterA.email, PASSWORD), '恢复后的故障');
        expect(next.number).toBe(later.number);
      } finally {
        await app.close();
      }
    });
  });
}
