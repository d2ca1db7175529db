import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { DIRECTORY_LEAK, type MatrixResult, runTenancyMatrix, summarise } from '../support/tenancy-matrix.js';

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

    it('lets no one change a customer they may not see', () => {
      expect(result.writes).toEqual([]);
    });

    it('answers every attack without a server error', () => {
      expect(result.serverErrors).toEqual([]);
    });
  });
}
