import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { anonymous, expectError, multipartFile, numbersOf, report, upload } from '../support/http.js';

interface AuditItem {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  organizationId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** Walks every page of a keyset-paginated list, failing on a repeated cursor. */
async function walk<T>(client: Client, url: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  const cursors = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const res = await client.get(cursor ? `${url}${sep}cursor=${encodeURIComponent(cursor)}` : url);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: T[]; nextCursor: string | null };
    items.push(...page.items);
    pages++;
    cursor = page.nextCursor;
    if (cursor) {
      expect(cursors.has(cursor), 'a cursor came back twice').toBe(false);
      cursors.add(cursor);
    }
    expect(pages).toBeLessThan(500);
  } while (cursor);
  return { items, pages };
}

for (const dialect of await dialectsUnderTest()) {
  describe(`audit trail and record features [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let requester: Client;
    let colleague: Client;
    let agent: Client;
    let specialist: Client;
    let admin: Client;
    let requesterB: Client;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      requester = await signIn(test, 'req-a@test.local', PASSWORD);
      colleague = await signIn(test, 'colleague-a@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      specialist = await signIn(test, 'agent-a@test.local', PASSWORD);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      requesterB = await signIn(test, 'req-b@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    const auditOf = async (entityId: string) =>
      (await admin.get(`/api/v1/audit?entityId=${entityId}&limit=200`)).json().items as AuditItem[];

    it('records who, when, what, before and after for every write', async () => {
      // Requesters give urgency; the desk's default impact is 3 until it classifies.
      const inc = await report(requester, '审计：显示器闪烁', { urgency: 3 });
      const url = `/api/v1/incidents/${inc.id}`;
      const started = new Date().toISOString();
      expect((await agent.post(`${url}/take`)).statusCode).toBe(200);
      expect(
        (await agent.post(`${url}/classify`, { impact: 1, urgency: 2, categoryId: world.category.id })).statusCode,
      ).toBe(200);
      expect((await agent.post(`${url}/comments`, { body: '内部记录', visibility: 'internal' })).statusCode).toBe(200);
      expect(
        (await agent.post(`${url}/assign`, { groupId: world.tier2A.id, assigneeId: world.agentA.id })).statusCode,
      ).toBe(200);
      expect(
        (await specialist.post(`${url}/resolve`, { cause: '线缆松动', solution: '更换线缆', timeSpentMinutes: 30 }))
          .statusCode,
      ).toBe(200);
      expect((await requester.post(`${url}/confirm`, { rating: 5 })).statusCode).toBe(200);

      const rows = await auditOf(inc.id);
      const actions = rows.map((r) => r.action);
      for (const action of [
        'incident.create',
        'incident.take',
        'incident.classify',
        'incident.comment',
        'incident.assign',
        'incident.handling_record',
        'incident.resolve',
        'incident.confirm',
      ]) {
        expect(actions, action).toContain(action);
      }
      for (const row of rows) {
        expect(row.entityType).toBe('incident');
        expect(row.organizationId).toBe(world.orgA.id);
        expect(row.actorId).not.toBeNull();
        expect(Number.isNaN(Date.parse(row.at))).toBe(false);
      }
      // Newest first.
      expect(rows.map((r) => r.at)).toEqual([...rows.map((r) => r.at)].sort().reverse());

      const classify = rows.find((r) => r.action === 'incident.classify')!;
      expect(classify.actorId).toBe(world.agent.id);
      expect(classify.at >= started).toBe(true);
      expect(classify.before).toMatchObject({ level: 3, impact: 3, urgency: 3, category_id: null });
      expect(classify.after).toMatchObject({ level: 1, impact: 1, urgency: 2, category_id: world.category.id });

      const take = rows.find((r) => r.action === 'incident.take')!;
      expect(take.before).toMatchObject({ state: 'pending', assignee_id: null, owner_id: null });
      expect(take.after).toMatchObject({ state: 'in_progress', assignee_id: world.agent.id, owner_id: world.agent.id });
      const assign = rows.find((r) => r.action === 'incident.assign')!;
      expect(assign.before).toMatchObject({ assignee_id: world.agent.id });
      expect(assign.after).toMatchObject({ assignee_id: world.agentA.id, group_id: world.tier2A.id });
      expect(rows.find((r) => r.action === 'incident.confirm')!.actorId).toBe(world.requesterA.id);
    });

    it('writes nothing when a request is refused', async () => {
      const inc = await report(requester, '审计：被拒绝的操作');
      const before = (await auditOf(inc.id)).length;
      expectError(await agent.post(`/api/v1/incidents/${inc.id}/hold`, { kind: 'other', reason: 'x' }), 409);
      expectError(await requester.post(`/api/v1/incidents/${inc.id}/take`), 403);
      expectError(await agent.post(`/api/v1/incidents/${inc.id}/assign`, { assigneeId: world.requesterB.id }), 400);
      expectError(
        await agent.post(`/api/v1/incidents/${inc.id}/assign`, {
          groupId: world.tier1.id,
          assigneeId: world.agentA.id,
        }),
        400,
      );
      expect(await auditOf(inc.id)).toHaveLength(before);
      const view = (await agent.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.timeline).toHaveLength(1);
      expect(view.state).toBe('pending');
    });

    it('lets the admin filter the audit trail and page through it without duplicates or gaps', async () => {
      for (let i = 0; i < 4; i++) {
        const inc = await report(requester, `审计分页 ${i}`);
        await agent.post(`/api/v1/incidents/${inc.id}/comments`, { body: `备注 ${i}`, visibility: 'public' });
      }
      const { db } = test.trellis.database;
      const total = Number(
        (
          await db
            .selectFrom('audit_events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(total).toBeGreaterThan(20);

      const { items, pages } = await walk<AuditItem>(admin, '/api/v1/audit?limit=7');
      expect(pages).toBe(Math.ceil(total / 7));
      expect(items).toHaveLength(total);
      expect(new Set(items.map((i) => i.id)).size).toBe(total);
      const keys = items.map((i) => `${i.at}|${i.id}`);
      expect(keys).toEqual([...keys].sort().reverse());

      const comments = await walk<AuditItem>(
        admin,
        `/api/v1/audit?action=incident.comment&actorId=${world.agent.id}&limit=2`,
      );
      expect(comments.items.length).toBeGreaterThanOrEqual(4);
      expect(comments.items.every((i) => i.action === 'incident.comment' && i.actorId === world.agent.id)).toBe(true);
      const users = (await admin.get('/api/v1/audit?entityType=user&limit=200')).json().items as AuditItem[];
      expect(users.length).toBeGreaterThanOrEqual(9);
      expect(users.every((u) => u.entityType === 'user')).toBe(true);
      expect((await admin.get('/api/v1/audit?entityId=nothing-here')).json()).toEqual({ items: [], nextCursor: null });
    });

    it('stores an attachment and serves back the same bytes under its UTF-8 name', async () => {
      const inc = await report(requester, '附件：日志');
      const content = Buffer.from('2026-11-21 错误：连接超时\nline 2\n', 'utf8');
      const res = await upload(requester, inc.id, '日志.txt', content);
      expect(res.statusCode, res.body).toBe(201);
      const attachment = res.json();
      expect(attachment).toMatchObject({ filename: '日志.txt', contentType: 'text/plain', size: content.length });
      expect(attachment.uploadedBy.id).toBe(world.requesterA.id);

      const download = await colleague.get(`/api/v1/attachments/${attachment.id}`);
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.equals(content)).toBe(true);
      expect(download.headers['content-type']).toContain('text/plain');
      expect(download.headers['content-disposition']).toBe(
        `attachment; filename*=UTF-8''${encodeURIComponent('日志.txt')}`,
      );
      expect(download.headers['x-content-type-options']).toBe('nosniff');

      const view = (await requester.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.attachments.map((a: { id: string }) => a.id)).toEqual([attachment.id]);
      expect(view.timeline.at(-1)).toMatchObject({ type: 'attachment_added', data: { name: '日志.txt' } });
      const audit = (await auditOf(inc.id)).find((r) => r.action === 'incident.attach');
      expect(audit?.after).toMatchObject({ filename: '日志.txt', size: content.length });

      // Binary content survives the round trip on both dialects.
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x00, 0x10]);
      const image = (await upload(requester, inc.id, 'screen.PNG', png)).json();
      expect(image.contentType).toBe('image/png');
      const back = await requester.get(`/api/v1/attachments/${image.id}`);
      expect(back.rawPayload.equals(png)).toBe(true);
    });

    it('shortens a long file name keeping its extension, and strips bidirectional controls', async () => {
      const inc = await report(requester, '附件：文件名');
      const long = await upload(requester, inc.id, `${'季度报表'.repeat(70)}.pdf`, '%PDF-1.4');
      expect(long.statusCode, long.body).toBe(201);
      expect(long.json().contentType).toBe('application/pdf');
      expect(Array.from(long.json().filename as string)).toHaveLength(200);
      expect(long.json().filename).toBe(`${'季度报表'.repeat(70).slice(0, 196)}.pdf`);
      // A surrogate pair is never cut in half.
      const emoji = (await upload(requester, inc.id, `${'😀'.repeat(250)}.txt`, 'x')).json();
      expect(emoji.filename).toBe(`${'😀'.repeat(196)}.txt`);

      // U+202E would show "invoice\u202etxt.pdf" as "invoicefdp.txt".
      const spoof = await upload(requester, inc.id, 'invoice\u202etxt.pdf', '%PDF-1.4');
      expect(spoof.statusCode, spoof.body).toBe(201);
      expect(spoof.json()).toMatchObject({ filename: 'invoicetxt.pdf', contentType: 'application/pdf' });
      const every = (
        await upload(
          requester,
          inc.id,
          '\u202aa\u202b\u202c\u202d\u2066b\u2067\u2068\u2069\u200e\u200f\u061cc.txt',
          'x',
        )
      ).json();
      expect(every.filename).toBe('abc.txt');
      const view = (await requester.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.attachments.map((a: { filename: string }) => a.filename)).toContain('invoicetxt.pdf');
    });

    it('refuses dangerous or unnamed files and bodies that are not a file upload', async () => {
      const inc = await report(requester, '附件：拒绝');
      for (const name of ['setup.exe', 'script.js', 'page.html', 'image.svg', 'README', 'archive.tar.exe']) {
        expectError(await upload(requester, inc.id, name, 'MZ...'), 415, 'attachment.type_not_allowed');
      }
      // The client's claimed type is ignored; a path in the name is dropped.
      const { payload, headers } = multipartFile('../../etc/passwd.txt', 'x', 'application/x-msdownload');
      const sneaky = await requester.request('POST', `/api/v1/incidents/${inc.id}/attachments`, payload, headers);
      expect(sneaky.statusCode, sneaky.body).toBe(201);
      expect(sneaky.json()).toMatchObject({ filename: 'passwd.txt', contentType: 'text/plain' });

      expectError(await requester.post(`/api/v1/incidents/${inc.id}/attachments`, { file: 'x' }), 415);
      const boundary = '----empty';
      const empty = await requester.request(
        'POST',
        `/api/v1/incidents/${inc.id}/attachments`,
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhi\r\n--${boundary}--\r\n`),
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
      );
      expectError(empty, 400, 'error.validation');
      const view = (await requester.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.attachments.map((a: { filename: string }) => a.filename)).toEqual(['passwd.txt']);
    });

    it('adds and removes watchers, visible on the record', async () => {
      const inc = await report(requester, '关注人');
      const url = `/api/v1/incidents/${inc.id}`;
      const added = await agent.post(`${url}/watchers`, { userId: world.colleagueA.id });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().watchers).toEqual([{ id: world.colleagueA.id, name: 'colleague-a' }]);
      // Adding twice is harmless.
      expect((await agent.post(`${url}/watchers`, { userId: world.colleagueA.id })).json().watchers).toHaveLength(1);
      await agent.post(`${url}/watchers`, { userId: world.manager.id });
      const both = (await requester.get(url)).json();
      expect(both.watchers.map((w: { id: string }) => w.id).sort()).toEqual(
        [world.colleagueA.id, world.manager.id].sort(),
      );
      // Watcher changes are internal: the requester does not see them on the timeline, staff do.
      expect(both.timeline.some((t: { type: string }) => t.type === 'watcher_added')).toBe(false);
      const staffView = (await agent.get(url)).json();
      expect(staffView.timeline.filter((t: { type: string }) => t.type === 'watcher_added')).toHaveLength(2);

      const removed = await agent.delete(`${url}/watchers/${world.colleagueA.id}`);
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json().watchers.map((w: { id: string }) => w.id)).toEqual([world.manager.id]);
      expectError(await agent.delete(`${url}/watchers/${world.colleagueA.id}`), 404);
      const actions = (await auditOf(inc.id)).map((r) => r.action);
      expect(actions.filter((a) => a === 'incident.watch')).toHaveLength(2);
      expect(actions).toContain('incident.unwatch');
    });

    it('shows a link on both records, once', async () => {
      const a = await report(requester, '链接：源');
      const b = await report(colleague, '链接：目标');
      const linked = await agent.post(`/api/v1/incidents/${a.id}/links`, { kind: 'duplicates', target: b.number });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().links).toEqual([
        expect.objectContaining({
          kind: 'duplicates',
          direction: 'outgoing',
          record: expect.objectContaining({ id: b.id, number: b.number }),
        }),
      ]);
      const other = (await agent.get(`/api/v1/incidents/${b.id}`)).json();
      expect(other.links).toEqual([
        expect.objectContaining({
          kind: 'duplicates',
          direction: 'incoming',
          record: expect.objectContaining({ id: a.id }),
        }),
      ]);
      // The colleague shares the department and sees both ends.
      expect((await colleague.get(`/api/v1/incidents/${b.id}`)).json().links).toHaveLength(1);
      // Linking again does not duplicate it; a record cannot link to itself; an unknown target is 404.
      await agent.post(`/api/v1/incidents/${a.id}/links`, { kind: 'duplicates', target: b.id });
      expect((await agent.get(`/api/v1/incidents/${a.id}`)).json().links).toHaveLength(1);
      expectError(await agent.post(`/api/v1/incidents/${a.id}/links`, { kind: 'relates_to', target: a.number }), 400);
      expectError(
        await agent.post(`/api/v1/incidents/${a.id}/links`, { kind: 'relates_to', target: 'INC-2099-000001' }),
        404,
      );
      expectError(await agent.post(`/api/v1/incidents/${a.id}/links`, { kind: 'blocks', target: b.id }), 400);
    });

    it('filters the list by state, level, assignee, organisation and Chinese text', async () => {
      const tag = `筛选${dialect}`;
      // Logged by the desk for each requester: the desk sets the impact, and so the level.
      const onBehalf = (requesterId: string, impact: number) => ({ requesterId, impact, urgency: impact });
      const mine = await report(agent, `${tag} 财务报表导出失败`, onBehalf(world.requesterA.id, 1));
      const theirs = await report(agent, `${tag} 乙方网络中断`, onBehalf(world.requesterB.id, 2));
      const idle = await report(agent, `${tag} 无人处理`, onBehalf(world.requesterA.id, 4));
      await agent.post(`/api/v1/incidents/${mine.id}/take`);

      const list = async (query: string) => numbersOf(await agent.get(`/api/v1/incidents?limit=200&${query}`));
      expect(await list(`q=${encodeURIComponent(tag)}`)).toEqual([idle.number, theirs.number, mine.number]);
      expect(await list(`q=${encodeURIComponent('报表导出')}`)).toEqual([mine.number]);
      expect(await list(`q=${encodeURIComponent(mine.number.toLowerCase())}`)).toEqual([mine.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&state=in_progress`)).toEqual([mine.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&state=pending,in_progress`)).toHaveLength(3);
      expect(await list(`q=${encodeURIComponent(tag)}&state=pending`)).toEqual([idle.number, theirs.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&level=1`)).toEqual([mine.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&level=4`)).toEqual([idle.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&assignee=me`)).toEqual([mine.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&assignee=${world.agentA.id}`)).toEqual([]);
      expect(await list(`q=${encodeURIComponent(tag)}&organizationId=${world.orgB.id}`)).toEqual([theirs.number]);
      expect(await list(`q=${encodeURIComponent(tag)}&requester=${world.requesterB.id}`)).toEqual([theirs.number]);
      const everyB = await agent.get(`/api/v1/incidents?limit=200&organizationId=${world.orgB.id}`);
      expect(
        everyB.json().items.every((i: { organization: { id: string } }) => i.organization.id === world.orgB.id),
      ).toBe(true);
      // The requester's own "mine" view.
      expect(numbersOf(await requester.get(`/api/v1/incidents?requester=me&q=${encodeURIComponent(tag)}`))).toEqual([
        idle.number,
        mine.number,
      ]);
    });

    it('pages through more records than the limit with no duplicates or gaps', async () => {
      const tag = `分页${dialect}`;
      const created: string[] = [];
      for (let i = 0; i < 13; i++) created.push((await report(requesterB, `${tag} 第${i}条`)).number);
      const { items, pages } = await walk<{ number: string }>(
        requesterB,
        `/api/v1/incidents?limit=4&q=${encodeURIComponent(tag)}`,
      );
      expect(pages).toBe(4);
      expect(items.map((i) => i.number)).toEqual([...created].reverse());
      // Paging over the whole visible list agrees with one big page.
      const all = numbersOf(await agent.get('/api/v1/incidents?limit=200'));
      const walked = await walk<{ number: string }>(agent, '/api/v1/incidents?limit=6');
      expect(walked.items.map((i) => i.number)).toEqual(all);
      expect(new Set(all).size).toBe(all.length);
    });

    it('keeps archived and cancelled records closed to attachments, watchers and links', async () => {
      const other = await report(requester, '关闭后：其他记录');
      const archived = await report(requester, '关闭后：归档');
      await agent.post(`/api/v1/incidents/${archived.id}/take`);
      await agent.post(`/api/v1/incidents/${archived.id}/watchers`, { userId: world.manager.id });
      await agent.post(`/api/v1/incidents/${archived.id}/resolve`, { cause: 'c', solution: 's', timeSpentMinutes: 30 });
      await requester.post(`/api/v1/incidents/${archived.id}/confirm`, { rating: 4 });
      expect(
        (await agent.post(`/api/v1/incidents/${archived.id}/archive`, { callbackNote: '已回访' })).statusCode,
      ).toBe(200);
      const cancelled = await report(requester, '关闭后：取消');
      expect((await requester.post(`/api/v1/incidents/${cancelled.id}/cancel`, { reason: '误报' })).statusCode).toBe(
        200,
      );

      for (const inc of [archived, cancelled]) {
        const url = `/api/v1/incidents/${inc.id}`;
        const before = (await agent.get(url)).json();
        expect(before.abilities).toMatchObject({ attach: false, watch: false, link: false, comment: false });
        expectError(await upload(requester, inc.id, 'late.txt', 'late'), 409);
        expectError(await agent.post(`${url}/watchers`, { userId: world.colleagueA.id }), 409);
        expectError(await agent.post(`${url}/links`, { kind: 'relates_to', target: other.id }), 409);
        expectError(await agent.post(`${url}/comments`, { body: 'late', visibility: 'public' }), 409);
        const after = (await agent.get(url)).json();
        expect(after.attachments).toEqual(before.attachments);
        expect(after.watchers).toEqual(before.watchers);
        expect(after.links).toEqual([]);
        expect(after.timeline).toHaveLength(before.timeline.length);
      }
      expectError(await agent.delete(`/api/v1/incidents/${archived.id}/watchers/${world.manager.id}`), 409);
      // Linking an open record to a closed one is still allowed: it is the open record that changes.
      const linked = await agent.post(`/api/v1/incidents/${other.id}/links`, {
        kind: 'relates_to',
        target: archived.id,
      });
      expect(linked.statusCode, linked.body).toBe(200);
    });

    it('publishes an OpenAPI document and health endpoints', async () => {
      const res = await anonymous(test, 'GET', '/api/openapi.json');
      expect(res.statusCode).toBe(200);
      const doc = JSON.parse(res.body);
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of ['/api/v1/incidents', '/api/v1/incidents/{id}', '/api/v1/auth/login', '/api/v1/audit']) {
        expect(Object.keys(doc.paths)).toContain(path);
      }
      expect(doc.paths['/api/v1/incidents'].post.requestBody).toBeDefined();
      expect(doc.paths['/api/v1/incidents'].get.parameters.map((p: { name: string }) => p.name)).toContain('cursor');

      const health = await anonymous(test, 'GET', '/healthz');
      expect(health.statusCode).toBe(200);
      expect(health.json()).toEqual({ status: 'ok' });
      const ready = await anonymous(test, 'GET', '/readyz');
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toMatchObject({ status: 'ok', checks: { dialect, database: 'ok', migrations: 'ok' } });
    });
  });

  describe(`attachment size limit [${dialect}]`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await createTestApp(dialect, { TRELLIS_ATTACHMENT_MAX_MB: '0.01' });
      await buildWorld(test);
    });
    afterAll(() => test?.close());

    it('refuses a file over the configured limit with 413 and keeps nothing', async () => {
      const requester = await signIn(test, 'req-a@test.local', PASSWORD);
      const inc = await report(requester, '大附件');
      const limit = test.trellis.config.attachmentMaxBytes;
      expectError(await upload(requester, inc.id, 'big.log', Buffer.alloc(limit + 1, 0x61)), 413);
      expectError(await upload(requester, inc.id, 'huge.log', Buffer.alloc(limit * 20, 0x61)), 413);
      const ok = await upload(requester, inc.id, 'small.log', Buffer.alloc(limit, 0x61));
      expect(ok.statusCode, ok.body).toBe(201);
      const view = (await requester.get(`/api/v1/incidents/${inc.id}`)).json();
      expect(view.attachments.map((a: { filename: string }) => a.filename)).toEqual(['small.log']);
      const stored = await test.trellis.database.db
        .selectFrom('attachment_chunks')
        .select('attachment_id')
        .distinct()
        .execute();
      expect(stored).toHaveLength(1);
    });
  });
}
