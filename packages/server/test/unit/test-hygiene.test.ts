import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A test that cannot run must say "skipped", never pass: a suite that turns green on a machine
 * missing PostgreSQL, or an assertion that matches anything, hides the very failures it exists for.
 * This reads every test file and names the patterns that pass without testing anything.
 */

const ROOT = path.resolve(import.meta.dirname, '../../../..');
const TREES = ['packages/server/test', 'packages/core/test', 'packages/web/test', 'e2e', 'bench'];

function files(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'fixtures' ? [] : files(full);
    return /\.(ts|tsx|mts)$/.test(entry.name) ? [full] : [];
  });
}

const VACUOUS: [RegExp, string][] = [
  [
    /expect\(\s*process\.env\b/,
    'asserts the environment instead of the code (report skipped: it.skipIf / describe.skipIf)',
  ],
  [/expect\(\s*(true|false|1|0)\s*\)/, 'asserts a constant'],
  [/stringMatching\(\s*\/\^?\.?\*?\/[a-z]*\s*\)/, 'a pattern that matches any string'],
  [/\b(it|test|describe)\.only\(/, '.only left behind'],
  [/\b(it|test|describe)\.skip\(/, 'an unconditional skip left behind (use skipIf with the reason)'],
  [/\b(it|test|describe)\.todo\(/, 'a todo left behind'],
];

describe('test hygiene', () => {
  const sources = TREES.flatMap((tree) => files(path.join(ROOT, tree))).filter(
    (file) => !file.endsWith('test-hygiene.test.ts'),
  );

  it('reads the test tree', () => {
    expect(sources.length).toBeGreaterThan(30);
  });

  it('has no test that passes without testing anything', () => {
    const found: string[] = [];
    for (const file of sources) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        for (const [pattern, why] of VACUOUS)
          if (pattern.test(line)) found.push(`${path.relative(ROOT, file)}:${i + 1}: ${why}\n    ${line.trim()}`);
      });
    }
    expect(found, found.join('\n')).toEqual([]);
  });

  it('catches each pattern it names', () => {
    const samples = [
      'expect(process.env.CI).toBeFalsy();',
      'expect(true).toBe(true);',
      'number: expect.stringMatching(/^/),',
      "it.only('x', () => {});",
      "describe.skip('x', () => {});",
    ];
    for (const sample of samples)
      expect(
        VACUOUS.some(([p]) => p.test(sample)),
        sample,
      ).toBe(true);
    for (const fine of [
      "it.skipIf(!pg)('x', () => {});",
      'expect(cell.formula).toBeFalsy();',
      'expect.stringMatching(/^INC-/)',
    ])
      expect(
        VACUOUS.some(([p]) => p.test(fine)),
        fine,
      ).toBe(false);
  });
});
