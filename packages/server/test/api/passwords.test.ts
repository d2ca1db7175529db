import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/index.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';

const REPO = path.resolve(import.meta.dirname, '../../../..');

/** Every place a password is set refuses a short, repetitive or commonly used one, saying which rule it broke. */
for (const dialect of await dialectsUnderTest()) {
  describe(`password rules [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    const newAdmin = (password: string, email = `boss-${Math.random()}@test.local`, locale = 'zh-CN') =>
      admin.request(
        'POST',
        '/api/v1/users',
        { email, name: '新管理员', role: 'admin', organizationId: world.provider.id, password },
        { 'x-trellis-locale': locale },
      );

    it('refuses weak passwords for a new administrator with the rule named in both languages', async () => {
      const cases: [string, string, RegExp, RegExp][] = [
        ['aaaaaaaa', 'password.too_short', /12/, /at least 12 characters/],
        ['aaaaaaaaaaaa', 'password.too_simple', /不同字符/, /different characters/],
        ['password1234', 'password.common', /常见/, /common/],
        ['Qwerty123456', 'password.common', /常见/, /common/],
        ['Sunshine2026!', 'password.common', /常见/, /common/],
      ];
      for (const [password, code, zh, en] of cases) {
        const inZh = expectError(await newAdmin(password), 400, code);
        expect(inZh.message, password).toMatch(zh);
        expect(inZh.details).toEqual([expect.objectContaining({ path: ['password'], message: inZh.message })]);
        const inEn = expectError(await newAdmin(password, undefined, 'en-US'), 400, code);
        expect(inEn.message, password).toMatch(en);
      }
      const personal = expectError(
        await newAdmin('zhangsanfeng-2026', 'zhangsanfeng@test.local'),
        400,
        'password.personal',
      );
      expect(personal.message).toMatch(/邮箱/);
      const users = await test.trellis.database.db.selectFrom('users').select('email').execute();
      expect(users.filter((u) => u.email.startsWith('boss-') || u.email.startsWith('zhangsan'))).toEqual([]);

      expect((await newAdmin('violet-kettle-harbour-9')).statusCode).toBe(201);
    });

    it('applies the same rules when an admin resets a password, and keeps the old one on refusal', async () => {
      expectError(
        await admin.patch(`/api/v1/users/${world.agent.id}`, { password: 'letmein12345' }),
        400,
        'password.common',
      );
      expectError(
        await admin.patch(`/api/v1/users/${world.agent.id}`, { password: 'short' }),
        400,
        'password.too_short',
      );
      expect((await signIn(test, 'agent@test.local', PASSWORD)).userId).toBe(world.agent.id);
    });
  });
}

describe('password rules outside the API', () => {
  it('accepts the demo accounts’ password, and the command line refuses a weak one in both languages', async () => {
    const { checkNewPassword } = await import('../../src/platform/auth/passwords.js');
    expect(await checkNewPassword(DEMO_PASSWORD, { email: 'admin@trellis.demo', name: '系统管理员' })).toBeNull();

    const test = await createTestApp('sqlite');
    try {
      await buildWorld(test);
      const dataDir = test.trellis.config.dataDir;
      await test.trellis.close();
      const cli = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'packages/server/src/cli.ts',
          'user',
          'create',
          '--email',
          'ops@test.local',
          '--name',
          'Ops',
          '--role',
          'admin',
          '--password',
          'aaaaaaaa',
        ],
        {
          cwd: REPO,
          env: { ...process.env, TRELLIS_DATA_DIR: dataDir, TRELLIS_LOG_LEVEL: 'silent' },
          encoding: 'utf8',
        },
      );
      expect(cli.status, cli.stderr).toBe(2);
      expect(cli.stderr).toMatch(/12/);
      expect(cli.stderr).toMatch(/at least 12 characters/);
      expect(cli.stderr).not.toMatch(/at .*\.ts:\d+/); // a message, not a stack trace
    } finally {
      await test.close().catch(() => {});
    }
  });
});
