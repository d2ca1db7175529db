import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrellis, type Trellis } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { type Client, signIn, type TestApp } from '../support/app.js';
import { createPostgresDatabase, dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { report } from '../support/http.js';
import { httpSignIn, openLive, recordEvent } from '../support/sse.js';

/**
 * The scaled deployment: two app instances on one PostgreSQL database. A change written through
 * one reaches a live client of the other (LISTEN/NOTIFY), and each client sees each change once.
 */
const dialects = await dialectsUnderTest();
describe.runIf(dialects.includes('postgres'))('live updates across two app instances on PostgreSQL', () => {
  let pgDb: Awaited<ReturnType<typeof createPostgresDatabase>>;
  let one: Trellis;
  let two: Trellis;
  let urlOne: string;
  let urlTwo: string;
  let writerOne: Client;
  let writerTwo: Client;
  const dirs: string[] = [];

  const instance = async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-live-'));
    dirs.push(dataDir);
    return createTrellis(
      loadConfig({ TRELLIS_DATA_DIR: dataDir, TRELLIS_LOG_LEVEL: 'silent', DATABASE_URL: pgDb.url }),
    );
  };
  const asTest = (trellis: Trellis) => ({ trellis, dialect: 'postgres' }) as TestApp;

  beforeAll(async () => {
    pgDb = await createPostgresDatabase();
    one = await instance();
    two = await instance();
    await buildWorld(asTest(one));
    urlOne = await one.app.listen({ port: 0, host: '127.0.0.1' });
    urlTwo = await two.app.listen({ port: 0, host: '127.0.0.1' });
    writerOne = await signIn(asTest(one), 'req-a@test.local', PASSWORD);
    writerTwo = await signIn(asTest(two), 'req-a@test.local', PASSWORD);
  });
  afterAll(async () => {
    await one?.close();
    await two?.close();
    await pgDb?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a record written on one instance streams to a client of the other, exactly once', async () => {
    const onTwo = await openLive(urlTwo, (await httpSignIn(urlTwo, 'agent@test.local', PASSWORD)).cookie);
    const onOne = await openLive(urlOne, (await httpSignIn(urlOne, 'agent@test.local', PASSWORD)).cookie);
    try {
      await onTwo.next((e) => e.event === 'ready');
      await onOne.next((e) => e.event === 'ready');
      const written = await report(writerOne, '一号实例写入的事件');
      const remote = await onTwo.next(recordEvent(written.id, 'incident.created'));
      expect(remote.data).toMatchObject({ number: written.number, kind: 'incident' });
      await onOne.next(recordEvent(written.id, 'incident.created'));

      // A later change from instance two travels the same channel after instance one's echo of the
      // first, so once it arrives, a double delivery of the first would already be visible.
      const sentinel = await report(writerTwo, '二号实例写入的事件');
      await onOne.next(recordEvent(sentinel.id, 'incident.created'));
      await onTwo.next(recordEvent(sentinel.id, 'incident.created'));
      expect(onOne.events.filter(recordEvent(written.id))).toHaveLength(1);
      expect(onTwo.events.filter(recordEvent(written.id))).toHaveLength(1);
      expect(onTwo.events.filter(recordEvent(sentinel.id))).toHaveLength(1);
    } finally {
      onOne.close();
      onTwo.close();
    }
  });

  it('an internal comment written on one instance reaches staff on the other, never the requester', async () => {
    const requesterOnTwo = await openLive(urlTwo, (await httpSignIn(urlTwo, 'req-a@test.local', PASSWORD)).cookie);
    const agentOnTwo = await openLive(urlTwo, (await httpSignIn(urlTwo, 'agent@test.local', PASSWORD)).cookie);
    try {
      await requesterOnTwo.next((e) => e.event === 'ready');
      await agentOnTwo.next((e) => e.event === 'ready');
      const mine = await report(writerOne, '跨实例内部备注');
      const agentOnOne = await signIn(asTest(one), 'agent@test.local', PASSWORD);
      const internal = await agentOnOne.post(`/api/v1/incidents/${mine.id}/comments`, {
        body: '内部备注',
        visibility: 'internal',
      });
      expect(internal.statusCode, internal.body).toBe(200);
      await agentOnTwo.next(recordEvent(mine.id, 'incident.commented'));
      const sentinel = await report(writerOne, '哨兵');
      await requesterOnTwo.next(recordEvent(sentinel.id, 'incident.created'));
      expect(requesterOnTwo.events.filter(recordEvent(mine.id, 'incident.commented'))).toHaveLength(0);
    } finally {
      requesterOnTwo.close();
      agentOnTwo.close();
    }
  });
});
