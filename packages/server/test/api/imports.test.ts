import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD } from '../support/factories.js';
import { expectError, multipartFile } from '../support/http.js';
import { assetRows, xlsx } from '../support/xlsx.js';

/**
 * The spreadsheet attacks of issue 12: a workbook that unpacks to more than the cap, one with more
 * rows than an import takes, a zip bomb that lies about its size. Each is refused with a 4xx
 * quickly, and /healthz keeps answering while the file is looked at.
 */

// About 80 MB of sheet XML packed into a few MB: under the 20 MB upload cap, over the unpacked cap.
const huge = xlsx(assetRows(80_000, 200));
// Small enough to unpack, one row more than an import takes.
const long = xlsx(assetRows(5_001));
// The sheet says it is 2 KB; it holds 200 MB of blanks.
const bomb = xlsx([], {
  data: Buffer.concat([
    Buffer.from('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'),
    Buffer.alloc(200_000_000, 0x20),
    Buffer.from('</sheetData></worksheet>'),
  ]),
  declaredSize: 2048,
});

for (const dialect of await dialectsUnderTest()) {
  describe(`spreadsheet imports under attack [${dialect}]`, () => {
    let test: TestApp;
    let agent: Client;
    const inEnglish = { 'x-trellis-locale': 'en-US' };

    beforeAll(async () => {
      test = await createTestApp(dialect);
      await buildWorld(test);
      agent = await signIn(test, 'agent@test.local', PASSWORD);
    });
    afterAll(() => test?.close());

    /** Sends the file and pings /healthz until the answer comes; returns both. */
    const importWhilePinging = async (client: Client, content: Buffer) => {
      const { payload, headers } = multipartFile('assets.xlsx', content);
      const started = performance.now();
      let done = false;
      const answer = client.request('POST', '/api/v1/asset-import', payload, headers).finally(() => {
        done = true;
      });
      const pings: number[] = [];
      while (!done) {
        const at = performance.now();
        const health = await test.trellis.app.inject({ method: 'GET', url: '/healthz' });
        expect(health.statusCode).toBe(200);
        pings.push(performance.now() - at);
        await new Promise((r) => setTimeout(r, 10));
      }
      const res = await answer;
      return { res, elapsed: performance.now() - started, slowestPing: Math.max(0, ...pings) };
    };

    it('refuses a workbook that unpacks past the cap with 413, fast, while /healthz keeps answering', async () => {
      expect(huge.length).toBeLessThan(20 * 1024 * 1024);
      const { res, elapsed, slowestPing } = await importWhilePinging(agent, huge);
      const error = expectError(res, 413, 'spreadsheet.too_large');
      expect(error.message).toContain('MB');
      expect(slowestPing).toBeLessThan(250);
      expect(elapsed).toBeLessThan(3000);
      const again = multipartFile('a.xlsx', huge);
      const en = expectError(
        await agent.request('POST', '/api/v1/asset-import', again.payload, { ...again.headers, ...inEnglish }),
        413,
        'spreadsheet.too_large',
      );
      expect(en.message).toMatch(/^The workbook/);
    });

    it('stops reading at the row limit and answers 413 naming it, off the event loop', async () => {
      const { res, slowestPing } = await importWhilePinging(agent, long);
      const error = expectError(res, 413, 'spreadsheet.too_many_rows');
      expect(error.message).toContain('5000');
      expect(slowestPing).toBeLessThan(250);
      const count = await test.trellis.database.db
        .selectFrom('assets')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(count.n)).toBe(0);
    });

    it('refuses a zip bomb that lies about its size, and files that are not workbooks, with a 4xx', async () => {
      const { res, elapsed, slowestPing } = await importWhilePinging(agent, bomb);
      expectError(res, 413, 'spreadsheet.too_large');
      expect(slowestPing).toBeLessThan(250);
      expect(elapsed).toBeLessThan(3000);
      const send = (content: Buffer) => {
        const { payload, headers } = multipartFile('assets.xlsx', content);
        return agent.request('POST', '/api/v1/asset-import', payload, { ...headers, ...inEnglish });
      };
      const garbage = expectError(await send(Buffer.from('not a spreadsheet')), 400, 'spreadsheet.invalid');
      expect(garbage.message).toContain('.xlsx');
      // A real zip that is not a workbook, and a truncated workbook.
      expectError(await send(huge.subarray(0, 4096)), 400, 'spreadsheet.invalid');
      expectError(await send(Buffer.concat([long.subarray(0, 64), Buffer.alloc(64)])), 400, 'spreadsheet.invalid');
    });

    it('still imports a sheet of inline strings within the limits', async () => {
      const { payload, headers } = multipartFile('assets.xlsx', xlsx(assetRows(3)));
      const res = await agent.request('POST', '/api/v1/asset-import', payload, headers);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ rows: 3, imported: 3, errors: [] });
      expect((await agent.get('/api/v1/assets/BULK-2')).json()).toMatchObject({ name: '笔记本 2', model: 'T14' });
    });
  });
}
