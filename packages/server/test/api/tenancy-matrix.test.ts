import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { send } from '../support/openapi.js';
import {
  changedRows,
  DIRECTORY_LEAK,
  type MatrixResult,
  runTenancyMatrix,
  snapshotTables,
  summarise,
} from '../support/tenancy-matrix.js';

/**
 * Every operation of the OpenAPI document × every role, aimed at the other customer's rows: no
 * leak, no write, no 5xx. The routes come from the document, so a new route is attacked without
 * anyone editing this file. The long run (more bodies, a database check after every write) is
 * `npx tsx bench/tenancy-matrix.bench.ts`.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`tenancy matrix over the OpenAPI document [${dialect}]`, () => {
    let test: TestApp;
    let result: MatrixResult;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      result = await runTenancyMatrix(test);
      console.log(`tenancy matrix [${dialect}]\n${summarise(result)}`);
    }, 180_000);
    afterAll(() => test?.close());

    it('attacks every documented operation as every role', () => {
      expect(result.operations).toBeGreaterThan(200);
      // 8 roles, at least one request per operation and target.
      expect(result.requests).toBeGreaterThanOrEqual(result.operations * 8);
      // The attacks reach the code behind validation: most answers are refusals, not schema errors.
      expect((result.byStatus[403] ?? 0) + (result.byStatus[404] ?? 0)).toBeGreaterThan(result.requests / 4);
    });

    it('shows no record of a customer to anyone who may not see it', () => {
      expect(result.leaks.filter((l) => !l.known)).toEqual([]);
    });

    // issue 12 item 6 (owned by the directory fix): restricted staff list other customers' people and
    // departments. Flip to `it` when that fix merges; the expectation is the one it must meet.
    it.fails('shows restricted staff no person of a customer they do not serve (issue 12 item 6)', () => {
      expect(result.leaks.filter((l) => l.known === DIRECTORY_LEAK)).toEqual([]);
    });

    it('has detectors that see a leak and a write when there is one', async () => {
      // The administrator may see and write B: exactly what the matrix must flag for anyone who may not.
      const b = result.world.customers.B;
      const read = await send(test, result.callers.admin, 'GET', `/api/v1/incidents/${b.incident.id}`, undefined);
      expect(read.statusCode, read.body).toBe(200);
      expect(b.secrets.filter((s) => read.body.includes(s))).not.toEqual([]);
      const before = await snapshotTables(test);
      const res = await send(test, result.callers.admin, 'POST', '/api/v1/incidents', {
        title: '管理员代报',
        description: '代乙方报障',
        requesterId: b.requesterId,
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(changedRows(before, await snapshotTables(test), b.rowIds)).not.toEqual([]);
    });

    it('lets no one change a customer they may not see', () => {
      expect(result.writes).toEqual([]);
    });

    it('answers every attack without a server error', () => {
      expect(result.serverErrors).toEqual([]);
    });
  });
}
