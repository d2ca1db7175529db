import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError } from '../support/http.js';
import { type RobotReceiver, startRobotReceiver } from '../support/robot-receiver.js';

const SECRETS = {
  wecomKey: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
  dingtalkToken: 'dt-access-token',
  dingtalkSecret: 'SECb6e7d9f0a1c2e3f4a5b6c7d8e9f0a1b2c3d4e5f6',
  feishuSecret: 'feishu-signing-secret',
  webhookSecret: 'a-webhook-secret-of-some-length',
};

for (const dialect of await dialectsUnderTest()) {
  describe(`group robots, webhooks and the inbound endpoint [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let agent: Client;
    let receiver: RobotReceiver;

    const runJobs = async () => {
      // Committed events reach the bus handler asynchronously; let it enqueue its job first.
      await new Promise((r) => setTimeout(r, 50));
      for (let i = 0; i < 10 && (await test.trellis.jobs.runDue(100)) > 0; i++);
    };
    /** Lets queued jobs and the per-minute windows behave as if time had passed. */
    const timePasses = async (ms: number) => {
      const { db } = test.trellis.database;
      const shift = (iso: string | null) => (iso ? new Date(Date.parse(iso) - ms).toISOString() : iso);
      for (const row of await db.selectFrom('channel_deliveries').select(['id', 'sent_at']).execute())
        await db
          .updateTable('channel_deliveries')
          .set({ sent_at: shift(row.sent_at) })
          .where('id', '=', row.id)
          .execute();
      for (const row of await db.selectFrom('jobs').select(['id', 'run_at']).where('state', '=', 'queued').execute())
        await db
          .updateTable('jobs')
          .set({ run_at: shift(row.run_at)! })
          .where('id', '=', row.id)
          .execute();
    };
    const report = (title: string) =>
      agent.post('/api/v1/incidents', { title, description: 'desc', requesterId: world.requesterA.id });

    beforeAll(async () => {
      receiver = await startRobotReceiver(SECRETS);
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
    });
    afterAll(async () => {
      await test?.close();
      await receiver?.close();
    });

    it('signs and sends to WeCom, DingTalk and Feishu as each documents it', async () => {
      const robots = [
        {
          name: '企业微信群',
          platform: 'wecom',
          webhookUrl: `${receiver.url}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}`,
        },
        {
          name: '钉钉群',
          platform: 'dingtalk',
          webhookUrl: `${receiver.url}/robot/send?access_token=${SECRETS.dingtalkToken}`,
          secret: SECRETS.dingtalkSecret,
        },
        {
          name: '飞书群',
          platform: 'feishu',
          webhookUrl: `${receiver.url}/open-apis/bot/v2/hook/abc`,
          secret: SECRETS.feishuSecret,
        },
      ];
      for (const robot of robots) {
        const created = await admin.post('/api/v1/channels/robots', { ...robot, events: ['acknowledgement'] });
        expect(created.statusCode, created.body).toBe(201);
        expect(created.body).not.toContain(SECRETS.dingtalkSecret);
      }
      expectError(await agent.post('/api/v1/channels/robots', { ...robots[0], events: ['acknowledgement'] }), 403);
      const incident = (await report('交换机掉线')).json();
      await runJobs();
      expect(receiver.rejected).toEqual([]);
      const byPlatform = Object.fromEntries(receiver.received.map((r) => [r.platform, r.body]));
      expect(JSON.stringify(byPlatform.wecom)).toContain(incident.number);
      expect(byPlatform.wecom).toMatchObject({ msgtype: 'markdown' });
      expect(byPlatform.dingtalk).toMatchObject({ msgtype: 'markdown' });
      expect(byPlatform.feishu).toMatchObject({ msg_type: 'text' });
      expect(JSON.stringify(byPlatform.feishu)).toContain('交换机掉线');
    });

    it('shows a robot whose secret is wrong as failed, with the platform’s answer', async () => {
      const bad = await admin.post('/api/v1/channels/robots', {
        name: '配错的钉钉',
        platform: 'dingtalk',
        webhookUrl: `${receiver.url}/robot/send?access_token=${SECRETS.dingtalkToken}`,
        secret: 'wrong-secret',
        events: ['acknowledgement'],
      });
      await report('错误签名测试');
      await runJobs();
      expect(receiver.rejected).toContainEqual({ platform: 'dingtalk', reason: 'sign' });
      const log = (await admin.get('/api/v1/channels/deliveries?channel=robot')).json();
      const mine = log.filter((d: { recipient: string }) => d.recipient === `robot:${bad.json().id}`);
      expect(mine[0].lastError).toContain('310000');
      await admin.patch(`/api/v1/channels/robots/${bad.json().id}`, {
        name: '配错的钉钉',
        platform: 'dingtalk',
        webhookUrl: `${receiver.url}/robot/send?access_token=${SECRETS.dingtalkToken}`,
        events: ['acknowledgement'],
        active: false,
      });
    });

    it('queues beyond 20 messages a minute and batches, never dropping one', async () => {
      for (const r of (await admin.get('/api/v1/channels/robots')).json())
        await admin.patch(`/api/v1/channels/robots/${r.id}`, {
          name: r.name,
          platform: r.platform,
          webhookUrl: r.webhookUrl,
          events: r.events,
          active: false,
        });
      const robot = (
        await admin.post('/api/v1/channels/robots', {
          name: '限流测试',
          platform: 'wecom',
          webhookUrl: `${receiver.url}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}`,
          events: ['acknowledgement'],
          perMinute: 2,
        })
      ).json();
      const numbers: string[] = [];
      const wecomBefore = () => receiver.received.filter((r) => JSON.stringify(r.body).includes('限流'));
      // One at a time, so that each is its own message: the third in the minute must wait.
      for (let i = 0; i < 3; i++) {
        numbers.push((await report(`限流 ${i}`)).json().number);
        await runJobs();
      }
      expect(wecomBefore()).toHaveLength(2);
      const queued = (await admin.get('/api/v1/channels/deliveries?channel=robot&state=queued')).json();
      expect(queued.filter((d: { recipient: string }) => d.recipient === `robot:${robot.id}`)).toHaveLength(1);
      // 25 more arrive while the minute is used up: they wait, then go out batched.
      for (let i = 3; i < 28; i++) numbers.push((await report(`限流 ${i}`)).json().number);
      await runJobs();
      expect(wecomBefore()).toHaveLength(2);
      await timePasses(61_000);
      await runJobs();
      await timePasses(61_000);
      await runJobs();
      const messages = wecomBefore();
      const text = messages.map((m) => JSON.stringify(m.body)).join('\n');
      for (const number of numbers) expect(text).toContain(number);
      // 28 notifications, far fewer messages: batches of up to 20.
      expect(messages.length).toBeLessThanOrEqual(5);
      const left = (await admin.get('/api/v1/channels/deliveries?channel=robot&state=queued')).json();
      expect(left.filter((d: { recipient: string }) => d.recipient === `robot:${robot.id}`)).toHaveLength(0);
    });

    it('delivers signed JSON webhooks, retrying with backoff, and logs every attempt', async () => {
      const hook = await admin.post('/api/v1/channels/webhooks', {
        name: 'OA',
        url: `${receiver.url}/hooks/trellis`,
        secret: SECRETS.webhookSecret,
        events: ['incident.created', 'incident.commented'],
      });
      expect(hook.statusCode, hook.body).toBe(201);
      expectError(
        await admin.post('/api/v1/channels/webhooks', { name: 'x', url: 'not a url', secret: 'x', events: [] }),
        400,
      );
      receiver.failNext(2);
      const incident = (await report('webhook 测试')).json();
      await runJobs();
      await timePasses(15_000);
      await runJobs();
      await timePasses(30_000);
      await runJobs();
      const delivered = receiver.received.filter((r) => r.platform === 'webhook');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.body).toMatchObject({ event: 'incident.created', record: { number: incident.number } });
      expect(delivered[0]!.headers['x-trellis-event']).toBe('incident.created');
      const log = (await admin.get('/api/v1/channels/deliveries?channel=webhook')).json();
      expect(log[0]).toMatchObject({ state: 'sent', attempts: 3 });
      expect(receiver.rejected.filter((r) => r.platform === 'webhook')).toEqual([]);
    });

    it('lets monitoring create records with a token, one open record per fingerprint', async () => {
      const integration = await admin.post('/api/v1/channels/integrations', {
        name: 'Zabbix',
        kind: 'monitoring',
        userId: world.agent.id,
        groupId: world.tier1.id,
      });
      expect(integration.statusCode, integration.body).toBe(201);
      const { token } = integration.json();
      const inbound = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
        test.trellis.app.inject({
          method: method as 'POST',
          url,
          headers: { 'x-trellis-token': token, ...headers },
          ...(body ? { payload: body as object } : {}),
        });
      const alert = {
        title: 'CPU > 95% on erp-db-01',
        description: 'trigger 1234',
        fingerprint: 'erp-db-01/cpu',
        requesterEmail: world.requesterA.email,
      };
      const first = await inbound('POST', '/api/v1/inbound/records', alert);
      expect(first.statusCode, first.body).toBe(201);
      const second = await inbound('POST', '/api/v1/inbound/records', alert);
      expect(second.statusCode).toBe(200);
      expect(second.json()).toMatchObject({ id: first.json().id, deduplicated: true, occurrences: 2 });
      const resolved = await inbound('POST', '/api/v1/inbound/records', { ...alert, status: 'resolved' });
      expect(resolved.json().id).toBe(first.json().id);
      const record = (await admin.get(`/api/v1/incidents/${first.json().id}`)).json();
      expect(record.channel).toBe('monitoring');
      expect(record.group.id).toBe(world.tier1.id);
      expect(record.timeline.filter((t: { type: string }) => t.type === 'comment')).toHaveLength(2);
      // A different fingerprint is a different problem.
      const other = await inbound('POST', '/api/v1/inbound/records', { ...alert, fingerprint: 'erp-db-01/disk' });
      expect(other.json().id).not.toBe(first.json().id);
      // Query and comment, with the token in the URL as chat bots send it.
      const number = first.json().number;
      const got = await test.trellis.app.inject({
        method: 'GET',
        url: `/api/v1/inbound/records/${number}?token=${token}`,
      });
      expect(got.json()).toMatchObject({ number, title: alert.title });
      const comment = await inbound('POST', `/api/v1/inbound/records/${number}/comments`, {
        body: '机器人补充:已扩容',
      });
      expect(comment.statusCode, comment.body).toBe(201);
      // No token, a wrong one, or bad input.
      expectError(
        await test.trellis.app.inject({ method: 'POST', url: '/api/v1/inbound/records', payload: alert }),
        401,
      );
      expectError(await inbound('POST', '/api/v1/inbound/records', alert, { 'x-trellis-token': 'trc_wrong' }), 401);
      expectError(await inbound('POST', '/api/v1/inbound/records', { title: '' }), 400);
      expectError(await inbound('GET', '/api/v1/inbound/records/INC-1999-000001'), 404);

      // An alert storm: the same new fingerprint eight times at once still opens one record.
      const storm = await Promise.all(
        Array.from({ length: 8 }, () =>
          inbound('POST', '/api/v1/inbound/records', { ...alert, fingerprint: 'erp-db-02/memory' }),
        ),
      );
      expect(storm.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
      expect(new Set(storm.map((r) => r.json().id)).size).toBe(1);
      expect(storm.map((r) => r.json().occurrences).sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const opened = await test.trellis.database.db
        .selectFrom('channel_alerts')
        .select(['record_id', 'occurrences'])
        .where('fingerprint', '=', 'erp-db-02/memory')
        .execute();
      expect(opened).toEqual([{ record_id: storm[0]!.json().id, occurrences: 8 }]);
    });

    it('speaks each robot’s configured language, and each person’s own in personal messages', async () => {
      for (const r of (await admin.get('/api/v1/channels/robots')).json())
        await admin.patch(`/api/v1/channels/robots/${r.id}`, {
          name: r.name,
          platform: r.platform,
          webhookUrl: r.webhookUrl,
          events: r.events,
          active: false,
        });
      const english = await admin.post('/api/v1/channels/robots', {
        name: 'Regional office group',
        platform: 'wecom',
        webhookUrl: `${receiver.url}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}`,
        events: ['acknowledgement', 'sla_warning'],
        locale: 'en-US',
      });
      expect(english.statusCode, english.body).toBe(201);
      expect(english.json().locale).toBe('en-US');
      const chinese = await admin.post('/api/v1/channels/robots', {
        name: '总部群',
        platform: 'feishu',
        webhookUrl: `${receiver.url}/open-apis/bot/v2/hook/abc`,
        secret: SECRETS.feishuSecret,
        events: ['acknowledgement'],
      });
      expect(chinese.json().locale, 'zh-CN unless chosen').toBe('zh-CN');
      expectError(
        await admin.post('/api/v1/channels/robots', {
          name: 'x',
          platform: 'wecom',
          webhookUrl: `${receiver.url}/cgi-bin/webhook/send?key=${SECRETS.wecomKey}`,
          events: ['acknowledgement'],
          locale: 'fr-FR',
        }),
        400,
      );

      const since = receiver.received.length;
      // Two at once: the robot batches them under one title, in its own language too.
      const one = (await report('语言测试一')).json();
      const two = (await report('语言测试二')).json();
      await runJobs();
      const fresh = receiver.received.slice(since);
      const wecom = fresh.filter((r) => r.platform === 'wecom').map((r) => JSON.stringify(r.body));
      const feishu = fresh.filter((r) => r.platform === 'feishu').map((r) => JSON.stringify(r.body));
      expect(wecom.join()).toContain(one.number);
      expect(wecom.join()).toContain(two.number);
      expect(wecom.join()).toContain('Received:');
      expect(wecom.join()).not.toContain('已受理');
      expect(wecom.join()).not.toContain('服务台');
      expect(feishu.join()).toContain('已受理');

      // Personal mail: an SLA warning names the metric in the reader's words, never its code.
      await admin.post('/api/v1/channels/settings', {
        smtp: {
          host: '127.0.0.1',
          port: 1,
          secure: false,
          tlsVerify: false,
          fromAddress: 'desk@test.local',
          fromName: 'IT',
        },
      });
      const { db } = test.trellis.database;
      expect((await agent.post(`/api/v1/incidents/${one.id}/take`)).statusCode).toBe(200);
      const { dispatchNotification } = await import('../../src/modules/channels/notify.js');
      await dispatchNotification(db, {
        type: 'sla.warned',
        recordId: one.id,
        organizationId: world.orgA.id,
        payload: { recordId: one.id, metric: 'resolution', threshold: 75, dueAt: '2026-12-08T09:30:00.000Z' },
        at: new Date().toISOString(),
      } as never);
      const mail = await db
        .selectFrom('channel_deliveries')
        .select(['events_json', 'locale'])
        .where('channel', '=', 'email')
        .where('recipient', '=', 'agent@test.local')
        .where('record_id', '=', one.id)
        .executeTakeFirstOrThrow();
      expect(mail.locale).toBe('zh-CN');
      const vars = (JSON.parse(mail.events_json) as { event: string; vars: Record<string, string> }[]).find(
        (e) => e.event === 'sla_warning',
      )!.vars;
      expect(vars.metric).toBe('解决');
      const robot = await db
        .selectFrom('channel_deliveries')
        .select(['subject', 'body'])
        .where('recipient', '=', `robot:${english.json().id}`)
        .where('record_id', '=', one.id)
        .where('subject', 'like', '%SLA%')
        .executeTakeFirstOrThrow();
      expect(robot.subject).toContain('SLA warning: resolution due');
      await admin.post('/api/v1/channels/settings', { smtp: null });
    });
  });
}
