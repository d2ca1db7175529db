import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { createTrellis, type Trellis } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { createPostgresDatabase, type TestDialect } from './databases.js';

export interface TestApp {
  trellis: Trellis;
  dialect: TestDialect;
  close(): Promise<void>;
}

/** A real Trellis on a fresh database of the given dialect, driven through app.inject. */
export async function createTestApp(dialect: TestDialect, env: Record<string, string> = {}): Promise<TestApp> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-test-'));
  const pgDb = dialect === 'postgres' ? await createPostgresDatabase() : null;
  const config = loadConfig({
    TRELLIS_DATA_DIR: dataDir,
    TRELLIS_LOG_LEVEL: 'silent',
    TRELLIS_DEMO_DATA: 'off',
    ...(pgDb ? { DATABASE_URL: pgDb.url } : {}),
    ...env,
  });
  const trellis = await createTrellis(config);
  return {
    trellis,
    dialect,
    async close() {
      await trellis.close();
      await pgDb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A signed-in HTTP client: the session cookie and CSRF token ride along on every call. */
export interface Client {
  userId: string;
  request(
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export async function signIn(test: TestApp, email: string, password: string, locale = 'zh-CN'): Promise<Client> {
  const app = test.trellis.app;
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${login.statusCode} ${login.body}`);
  const cookie = login.cookies.find((c) => c.name === 'trellis_session');
  const { csrfToken, user } = login.json() as { csrfToken: string; user: { id: string } };
  const request: Client['request'] = (method, url, body, headers = {}) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: {
        cookie: `trellis_session=${cookie?.value}`,
        'x-csrf-token': csrfToken,
        'accept-language': locale,
        ...headers,
      },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
  return {
    userId: user.id,
    request,
    get: (url) => request('GET', url),
    post: (url, body) => request('POST', url, body ?? {}),
    patch: (url, body) => request('PATCH', url, body ?? {}),
    delete: (url) => request('DELETE', url),
  };
}
