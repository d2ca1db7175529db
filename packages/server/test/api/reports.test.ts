import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../src/platform/clock.js';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { expectError, report } from '../support/http.js';

type Row = Record<string, string | number | null> & { labels: Record<string, string> };
type Result = {
  dataset: string;
  dimensions: { name: string; label: string }[];
  measures: { name: string }[];
  rows: Row[];
};

for (const dialect of await dialectsUnderTest()) {
  describe(`reports [${dialect}]`, () => {
    let test: TestApp;
    let world: World;
    let admin: Client;
    let manager: Client;
    let agent: Client;
    let agentA: Client;
    let requesterA: Client;
    let requesterB: Client;
    let evilOrg: string;
    let now = Date.parse('2026-03-02T01:00:00Z');
    let restore = () => {};
    const later = (minutes: number) => {
      now += minutes * 60_000;
    };

    const read = async (client: Client, url: string) => {
      const res = await client.get(url);
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as Result;
    };

    beforeAll(async () => {
      restore = setClock(() => now);
      test = await createTestApp(dialect);
      world = await buildWorld(test);
      admin = await signIn(test, 'admin@test.local', PASSWORD);
      manager = await signIn(test, 'manager@test.local', PASSWORD);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
      agentA = await signIn(test, 'agent-a@test.local', PASSWORD);
      requesterA = await signIn(test, world.requesterA.email, PASSWORD);
      requesterB = await signIn(test, world.requesterB.email, PASSWORD);

      // One SLA on the round-the-clock calendar, so minutes here are business minutes too.
      const calendars = (await admin.get('/api/v1/calendars')).json() as { id: string; name: string }[];
      const always = calendars.find((c) => c.name === '7×24')!.id;
      const sla = await admin.post('/api/v1/slas', {
        name: '全天 SLA',
        isDefault: true,
        breachActions: [],
        targets: [1, 2, 3, 4].map((level) => ({
          level,
          responseMinutes: 30,
          resolutionMinutes: 240,
          calendarId: always,
        })),
      });
      expect(sla.statusCode, sla.body).toBe(201);

      // Customer A: three incidents, two taken in time, one resolved. Customer B: two, one taken late.
      const a = [
        await report(requesterA, 'A 打印机'),
        await report(requesterA, 'A 邮件'),
        await report(requesterA, 'A VPN'),
      ];
      const b = [await report(requesterB, 'B 打印机'), await report(requesterB, 'B 网络')];
      const classified = await agent.post(`/api/v1/incidents/${a[2]!.id}/classify`, { impact: 1, urgency: 1 });
      expect(classified.statusCode, classified.body).toBe(200);
      later(10);
      for (const i of [a[0]!, a[1]!]) expect((await agent.post(`/api/v1/incidents/${i.id}/take`)).statusCode).toBe(200);
      later(50);
      expect((await agent.post(`/api/v1/incidents/${b[0]!.id}/take`)).statusCode).toBe(200);
      later(20);
      const resolved = await agent.post(`/api/v1/incidents/${a[0]!.id}/resolve`, {
        cause: '原因',
        solution: '方案',
        timeSpentMinutes: 45,
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      // Time: the agent on A and B, the second-line specialist on A.
      expect((await agent.post(`/api/v1/incidents/${b[0]!.id}/time`, { minutes: 25 })).statusCode).toBe(200);
      expect(
        (await agent.post(`/api/v1/incidents/${a[1]!.id}/time`, { minutes: 10, workDate: '2026-02-27' })).statusCode,
      ).toBe(200);
      expect((await agentA.post(`/api/v1/incidents/${a[1]!.id}/time`, { minutes: 15 })).statusCode).toBe(200);

      // CIs, one in an organisation whose name a spreadsheet would run as a formula.
      const evil = await admin.post('/api/v1/organizations', { kind: 'customer', code: 'EVIL', name: '=1+1' });
      expect(evil.statusCode, evil.body).toBe(201);
      evilOrg = evil.json().id;
      const classes = (await admin.get('/api/v1/cmdb/classes')).json() as { id: string; code: string }[];
      const classId = (code: string) => classes.find((c) => c.code === code)!.id;
      for (const [code, name, organizationId, state] of [
        ['server', 'S1', world.orgA.id, 'in_use'],
        ['server', 'S2', world.orgB.id, 'in_use'],
        ['application', 'APP1', world.orgA.id, 'testing'],
        ['application', 'APP2', evilOrg, 'in_use'],
      ] as const) {
        const res = await admin.post('/api/v1/cmdb/cis', { classId: classId(code), name, organizationId, state });
        expect(res.statusCode, res.body).toBe(201);
      }
    });
    afterAll(async () => {
      restore();
      await test?.close();
    });

    /** Compliance per level counted in JS from the raw clocks: an independent twin of the SQL. */
    const complianceByLevel = async (organizationIds?: string[]) => {
      let q = test.trellis.database.db
        .selectFrom('sla_clocks')
        .innerJoin('work_records', 'work_records.id', 'sla_clocks.record_id')
        .select([
          'sla_clocks.record_id',
          'sla_clocks.metric',
          'sla_clocks.stopped_at',
          'sla_clocks.stop_reason',
          'sla_clocks.breached_at',
          'sla_clocks.elapsed_ms',
          'sla_clocks.target_minutes',
          'work_records.level',
        ])
        .where('sla_clocks.metric', 'in', ['response', 'resolution']);
      if (organizationIds) q = q.where('work_records.organization_id', 'in', organizationIds);
      const clocks = await q.execute();
      const levels = [...new Set(clocks.map((c) => Number(c.level)))].sort();
      return levels.map((level) => {
        const mine = clocks.filter((c) => Number(c.level) === level);
        const done = (m: string) => mine.filter((c) => c.metric === m && c.stopped_at && c.stop_reason === 'met');
        const ok = (list: typeof mine) =>
          list.filter((c) => c.breached_at === null && Number(c.elapsed_ms) <= Number(c.target_minutes) * 60_000)
            .length;
        return {
          level,
          records: new Set(mine.map((c) => c.record_id)).size,
          responded: done('response').length,
          respondedInTarget: ok(done('response')),
          resolved: done('resolution').length,
          resolvedInTarget: ok(done('resolution')),
        };
      });
    };

    it('groups SLA compliance in SQL: the figures equal counts taken from the seeded clocks and the SLA report', async () => {
      const result = await read(admin, '/api/v1/reports/sla.compliance?groupBy=level');
      expect(result.dataset).toBe('sla.compliance');
      expect(result.dimensions).toEqual([{ name: 'level', label: '级别', type: 'integer' }]);
      const expected = await complianceByLevel();
      expect(expected.reduce((n, e) => n + e.records, 0)).toBe(5);
      expect(expected.reduce((n, e) => n + e.respondedInTarget, 0)).toBe(2);
      expect(
        result.rows.map(({ level, records, responded, respondedInTarget, resolved, resolvedInTarget }) => ({
          level,
          records,
          responded,
          respondedInTarget,
          resolved,
          resolvedInTarget,
        })),
      ).toEqual(expected);
      expect(result.rows.find((r) => r.level === 1)?.labels.level).toBe('一级');

      // The SLA page's report computes the same figures (plus medians) in its own code.
      const page = (
        await admin.get('/api/v1/sla/report?from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&groupBy=level')
      ).json() as {
        key: string;
        records: number;
        responded: number;
        respondedInTarget: number;
        responsePercent: number | null;
        resolved: number;
        resolutionPercent: number | null;
        responseBusinessMinutes: { mean: number | null };
        resolutionBusinessMinutes: { mean: number | null };
      }[];
      expect(page).toHaveLength(result.rows.length);
      for (const row of result.rows) {
        const same = page.find((p) => p.key === String(row.level))!;
        expect(same, `level ${row.level}`).toBeDefined();
        const percent = (rate: number | string | null | undefined) =>
          rate === null || rate === undefined ? null : Math.round(Number(rate) * 1000) / 10;
        expect({
          records: row.records,
          responded: row.responded,
          respondedInTarget: row.respondedInTarget,
          responsePercent: percent(row.responseRate),
          resolved: row.resolved,
          resolutionPercent: percent(row.resolutionRate),
          responseMean: row.responseBusinessMinutes,
          resolutionMean: row.resolutionBusinessMinutes,
        }).toEqual({
          records: same.records,
          responded: same.responded,
          respondedInTarget: same.respondedInTarget,
          responsePercent: same.responsePercent,
          resolved: same.resolved,
          resolutionPercent: same.resolutionPercent,
          responseMean: same.responseBusinessMinutes.mean,
          resolutionMean: same.resolutionBusinessMinutes.mean,
        });
      }
    });

    it('filters by equality and by a time range, and gives one row of totals without groupBy', async () => {
      const onlyA = await read(
        admin,
        `/api/v1/reports/sla.compliance?groupBy=organization&filter[organization]=${world.orgA.id}`,
      );
      expect(onlyA.rows.map((r) => [r.organization, r.labels.organization, r.records])).toEqual([
        [world.orgA.id, '客户甲', 3],
      ]);
      const both = await read(
        admin,
        `/api/v1/reports/sla.compliance?filter[organization]=${world.orgA.id}&filter[organization]=${world.orgB.id}`,
      );
      expect(both.rows).toHaveLength(1);
      expect(both.rows[0]!.records).toBe(5);
      const march = await read(
        admin,
        '/api/v1/reports/sla.compliance?groupBy=created&filter[created][from]=2026-03-01&filter[created][to]=2026-04-01',
      );
      expect(march.rows.map((r) => [r.created, r.records])).toEqual([['2026-03', 5]]);
      const february = await read(
        admin,
        '/api/v1/reports/sla.compliance?groupBy=created&filter[created][to]=2026-03-01T00:00:00%2B08:00',
      );
      expect(february.rows).toEqual([]);
    });

    it('shows an agent who serves one organisation only that organisation’s rows', async () => {
      const seen = await read(agentA, '/api/v1/reports/sla.compliance?groupBy=organization');
      expect(seen.rows.map((r) => r.organization)).toEqual([world.orgA.id]);
      expect(seen.rows[0]!.records).toBe((await complianceByLevel([world.orgA.id])).reduce((n, e) => n + e.records, 0));
      const all = await read(agent, '/api/v1/reports/sla.compliance?groupBy=organization');
      expect(all.rows.map((r) => r.organization).sort()).toEqual([world.orgA.id, world.orgB.id].sort());

      const time = await read(agentA, '/api/v1/reports/time.entries?groupBy=organization');
      expect(time.rows.map((r) => [r.organization, r.minutes])).toEqual([[world.orgA.id, 45 + 10 + 15]]);
      const cis = await read(agentA, '/api/v1/reports/cmdb.configuration?groupBy=organization');
      expect(cis.rows.map((r) => [r.organization, r.cis])).toEqual([[world.orgA.id, 2]]);
    });

    it('time spent: the dataset equals the sums of the seeded entries and the time summary reads it', async () => {
      const entries = await test.trellis.database.db.selectFrom('time_entries').selectAll().execute();
      const perPerson = new Map<string, { minutes: number; records: Set<string> }>();
      for (const e of entries) {
        const p = perPerson.get(e.user_id) ?? { minutes: 0, records: new Set<string>() };
        p.minutes += Number(e.minutes);
        p.records.add(e.record_id);
        perPerson.set(e.user_id, p);
      }
      const result = await read(admin, '/api/v1/reports/time.entries?groupBy=person');
      expect(
        Object.fromEntries(result.rows.map((r) => [r.person, { minutes: r.minutes, records: r.records }])),
      ).toEqual(
        Object.fromEntries([...perPerson].map(([id, p]) => [id, { minutes: p.minutes, records: p.records.size }])),
      );
      expect(result.rows.find((r) => r.person === world.agent.id)?.labels.person).toBe('agent');

      const summary = (await admin.get('/api/v1/time-entries/summary')).json();
      expect(summary.totalMinutes).toBe(45 + 25 + 10 + 15);
      expect(summary.perPerson).toEqual([
        { user: { id: world.agent.id, name: 'agent' }, minutes: 80, records: 3 },
        { user: { id: world.agentA.id, name: 'agent-a' }, minutes: 15, records: 1 },
      ]);
      // The summary's `to` is the last day included; the dataset's range is half-open.
      const lastFebruary = (await admin.get('/api/v1/time-entries/summary?from=2026-02-27&to=2026-02-27')).json();
      expect(lastFebruary.perPerson).toEqual([
        { user: { id: world.agent.id, name: 'agent' }, minutes: 10, records: 1 },
      ]);
      // Found by the API fuzzer: a day that does not exist answered 500 (Invalid time value).
      for (const bad of ['to=3023-26-61', 'from=2026-13-01', 'to=2026-02-30']) {
        expectError(await admin.get(`/api/v1/time-entries/summary?${bad}`), 400, 'error.validation');
      }
      const byDay = await read(
        admin,
        '/api/v1/reports/time.entries?groupBy=workMonth,person&filter[workDate][to]=2026-02-28',
      );
      expect(byDay.rows.map((r) => [r.workMonth, r.person, r.minutes])).toEqual([['2026-02', world.agent.id, 10]]);
    });

    it('configuration report: the dataset agrees with the CMDB report page and with the CIs', async () => {
      const byClassState = await read(admin, '/api/v1/reports/cmdb.configuration?groupBy=class,state');
      const cis = await test.trellis.database.db
        .selectFrom('cis')
        .innerJoin('ci_classes', 'ci_classes.id', 'cis.class_id')
        .select(['ci_classes.code', 'cis.state'])
        .where('cis.state', '!=', 'cancelled')
        .execute();
      const counted = new Map<string, number>();
      for (const c of cis) counted.set(`${c.code}/${c.state}`, (counted.get(`${c.code}/${c.state}`) ?? 0) + 1);
      expect(Object.fromEntries(byClassState.rows.map((r) => [`${r.class}/${r.state}`, r.cis]))).toEqual(
        Object.fromEntries(counted),
      );
      const page = (await admin.get('/api/v1/cmdb/report')).json() as {
        totals: { cis: number; unauthorized: number };
        byClass: { code: string; count: number }[];
        byState: { state: string; count: number }[];
      };
      const byClass = await read(admin, '/api/v1/reports/cmdb.configuration?groupBy=class');
      expect(byClass.rows.map((r) => ({ code: r.class, count: r.cis }))).toEqual(
        page.byClass.map(({ code, count }) => ({ code, count })).sort((x, y) => x.code.localeCompare(y.code)),
      );
      const byState = await read(admin, '/api/v1/reports/cmdb.configuration?groupBy=state');
      expect(Object.fromEntries(byState.rows.map((r) => [r.state, r.cis]))).toEqual(
        Object.fromEntries(page.byState.map((s) => [s.state, s.count])),
      );
      const totals = await read(admin, '/api/v1/reports/cmdb.configuration');
      expect(totals.rows).toEqual([{ labels: {}, cis: page.totals.cis, unauthorized: page.totals.unauthorized }]);
    });

    it('knowledge statistics read the knowledge datasets; managers only', async () => {
      const created = await manager.post('/api/v1/knowledge/articles', {
        title: '打印机卡纸',
        body: '<p>取出纸张</p>',
      });
      expect(created.statusCode, created.body).toBe(201);
      const articles = await read(manager, '/api/v1/reports/knowledge.articles?groupBy=state');
      const stats = (await manager.get('/api/v1/knowledge/stats')).json();
      expect(articles.rows.map((r) => [r.state, r.articles])).toEqual([['draft', 1]]);
      expect(stats.articles).toEqual({ published: 0, inReview: 0, draft: 1 });
      expectError(await agent.get('/api/v1/reports/knowledge.articles'), 403, 'error.forbidden');
    });

    it('exports CSV with a BOM, CRLF, headers in the reader’s language and formula cells defused', async () => {
      const res = await admin.request(
        'GET',
        '/api/v1/reports/cmdb.configuration?groupBy=organization&format=csv',
        undefined,
        { 'x-trellis-locale': 'en-US' },
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      expect(res.headers['content-disposition']).toContain('attachment');
      const text = res.rawPayload.toString('utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const lines = text.slice(1).split('\r\n');
      expect(lines[0]).toBe('Organisation,Configuration items,Unauthorised changes');
      expect(lines.filter((l) => l.startsWith("'=1+1,"))).toEqual(["'=1+1,1,1"]);
      expect(text).not.toMatch(/(^|\n|,)=1\+1/);
      // A download link carries its language as a parameter.
      const zh = await admin.get('/api/v1/reports/cmdb.configuration?groupBy=organization&format=csv&locale=zh-CN');
      expect(zh.rawPayload.toString('utf8').split('\r\n')[0]).toBe('\uFEFF客户组织,配置项数,未经授权变更');
    });

    it('exports Excel that reads back with the same figures and no formulas', async () => {
      const res = await admin.get('/api/v1/reports/cmdb.configuration?groupBy=organization&format=xlsx');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const rows: unknown[][] = [];
      sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      expect(rows[0]).toEqual(['客户组织', '配置项数', '未经授权变更']);
      const json = await read(admin, '/api/v1/reports/cmdb.configuration?groupBy=organization');
      expect(rows.slice(1)).toEqual(
        json.rows.map((r) => [
          r.labels.organization === '=1+1' ? "'=1+1" : r.labels.organization,
          r.cis,
          r.unauthorized,
        ]),
      );
      sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeFalsy()));
    });

    it('answers 404 for an unknown dataset and 400 naming a bad dimension or filter', async () => {
      expectError(await admin.get('/api/v1/reports/no.such'), 404, 'error.not_found');
      const bad = expectError(
        await admin.get('/api/v1/reports/sla.compliance?groupBy=level,colour'),
        400,
        'error.validation',
      );
      expect(bad.details).toEqual([
        expect.objectContaining({ path: ['groupBy', 1], message: expect.stringContaining('colour') }),
      ]);
      const filter = expectError(await admin.get('/api/v1/reports/sla.compliance?filter[colour]=red'), 400);
      expect(filter.details).toEqual([expect.objectContaining({ path: ['filter', 'colour'] })]);
      const date = expectError(
        await admin.get('/api/v1/reports/sla.compliance?groupBy=level&filter[created][from]=yesterday'),
        400,
        'error.validation',
      );
      expect(date.details).toEqual([expect.objectContaining({ path: ['filter', 'created', 'from'] })]);
      const level = expectError(await admin.get('/api/v1/reports/sla.compliance?filter[level]=high'), 400);
      expect(level.details).toEqual([expect.objectContaining({ path: ['filter', 'level'] })]);
      const range = expectError(await admin.get('/api/v1/reports/sla.compliance?filter[level][from]=1'), 400);
      expect(range.details).toEqual([expect.objectContaining({ path: ['filter', 'level'] })]);
      const equality = expectError(await admin.get('/api/v1/reports/sla.compliance?filter[created]=2026-03'), 400);
      expect(equality.details).toEqual([expect.objectContaining({ path: ['filter', 'created'] })]);
      expectError(await admin.get('/api/v1/reports/sla.compliance?format=pdf'), 400, 'error.validation');
      expectError(await admin.get('/api/v1/reports/sla.compliance?colour=red'), 400, 'error.validation');
    });

    it('refuses staff datasets to requesters and to anonymous callers', async () => {
      for (const name of ['sla.compliance', 'time.entries', 'cmdb.configuration', 'knowledge.articles']) {
        expectError(await requesterA.get(`/api/v1/reports/${name}`), 403, 'error.forbidden');
      }
      expectError(
        await test.trellis.app.inject({ method: 'GET', url: '/api/v1/reports/sla.compliance' }),
        401,
        'error.unauthenticated',
      );
    });
  });
}
