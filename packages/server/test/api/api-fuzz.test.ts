import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FuzzResult, runApiFuzz, summariseFuzz } from '../support/api-fuzz.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { KNOWN_500 } from '../support/openapi.js';

/**
 * A property-based fuzzer over every operation of the OpenAPI document (fast-check): 20 cases per
 * operation from its schemas plus hostile mutations, as an administrator, a specialist, a requester
 * and nobody. Whatever comes in, the answer is < 500. The seed is fixed so a failure replays; the
 * long run with other seeds is `npx tsx bench/api-fuzz.bench.ts`.
 */
for (const dialect of await dialectsUnderTest()) {
  describe(`API fuzz over the OpenAPI document [${dialect}]`, () => {
    let test: TestApp;
    let result: FuzzResult;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      result = await runApiFuzz(test, { runs: 20, seed: 2026 });
      console.log(`API fuzz [${dialect}]\n${summariseFuzz(result)}`);
    }, 240_000);
    afterAll(() => test?.close());

    it('fuzzes every documented operation', () => {
      expect(result.operations).toBeGreaterThan(200);
      expect(result.requests).toBeGreaterThanOrEqual(result.operations * 20);
      // Not all refused at the door: a good share gets past validation and authorisation.
      expect((result.byStatus[200] ?? 0) + (result.byStatus[201] ?? 0)).toBeGreaterThan(result.requests / 10);
    });

    it('answers every fuzzed request below 500', () => {
      expect(result.failures.filter((f) => !f.known)).toEqual([]);
    });

    // issue 12 item 4 (owned by the references fix): an unknown referenced id answers 500 from the
    // foreign-key violation. Flip to `it` when that fix merges.
    it.fails('answers unknown referenced ids with 400, not 500 (issue 12 item 4)', () => {
      expect(result.failures.filter((f) => f.known === KNOWN_500[0]!.item)).toEqual([]);
    });
  });
}
