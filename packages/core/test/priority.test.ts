import { describe, expect, it } from 'vitest';
import { translate } from '../src/i18n/index.js';
import {
  DEFAULT_PRIORITY_MATRIX,
  IMPACTS,
  type Impact,
  isValidMatrix,
  type Level,
  levelFor,
  type PriorityMatrix,
  URGENCIES,
  type Urgency,
} from '../src/priority.js';

/** The seed's 事件分级 table, copied by hand: rows impact 1..4, columns urgency 1..4. */
const SEED: Level[][] = [
  [1, 1, 2, 3],
  [1, 2, 2, 3],
  [2, 3, 3, 4],
  [3, 3, 4, 4],
];

describe('levelFor over the default matrix', () => {
  for (const impact of IMPACTS) {
    for (const urgency of URGENCIES) {
      const expected = SEED[impact - 1]![urgency - 1]!;
      it(`impact ${impact} × urgency ${urgency} → level ${expected}`, () => {
        expect(levelFor(impact, urgency)).toBe(expected);
        expect(levelFor(impact, urgency, DEFAULT_PRIORITY_MATRIX)).toBe(expected);
      });
    }
  }

  it('the diagonal runs 一级, 二级, 三级, 四级 as in the seed', () => {
    const diagonal = IMPACTS.map((i) => levelFor(i, i as Urgency));
    expect(diagonal).toEqual([1, 2, 3, 4]);
    expect(diagonal.map((level) => translate('zh-CN', `level.${level}`))).toEqual(['一级', '二级', '三级', '四级']);
  });

  it('is monotonic: more impact or more urgency never gives a lower level', () => {
    // 1 is the most severe impact, the most urgent urgency and the highest level.
    for (const impact of IMPACTS) {
      for (const urgency of URGENCIES) {
        const level = levelFor(impact, urgency);
        if (impact > 1) expect(levelFor((impact - 1) as Impact, urgency)).toBeLessThanOrEqual(level);
        if (urgency > 1) expect(levelFor(impact, (urgency - 1) as Urgency)).toBeLessThanOrEqual(level);
      }
    }
  });

  it('uses every level, with the worst case at level 1 and the mildest at level 4', () => {
    const all = new Set(IMPACTS.flatMap((i) => URGENCIES.map((u) => levelFor(i, u))));
    expect([...all].sort()).toEqual([1, 2, 3, 4]);
    expect(levelFor(1, 1)).toBe(1);
    expect(levelFor(4, 4)).toBe(4);
  });

  it('reads a custom matrix when given one', () => {
    const flat: PriorityMatrix = [
      [4, 4, 4, 4],
      [4, 4, 4, 4],
      [4, 4, 4, 4],
      [4, 4, 4, 2],
    ];
    expect(levelFor(1, 1, flat)).toBe(4);
    expect(levelFor(4, 4, flat)).toBe(2);
  });

  it('refuses impact or urgency outside 1..4', () => {
    expect(() => levelFor(0 as Impact, 1)).toThrow(RangeError);
    expect(() => levelFor(5 as Impact, 1)).toThrow(RangeError);
    expect(() => levelFor(1, 5 as Urgency)).toThrow(RangeError);
    expect(() => levelFor(1, 0 as Urgency)).toThrow(RangeError);
  });
});

describe('isValidMatrix', () => {
  it('accepts the default matrix and a deep copy of it', () => {
    expect(isValidMatrix(DEFAULT_PRIORITY_MATRIX)).toBe(true);
    expect(isValidMatrix(JSON.parse(JSON.stringify(DEFAULT_PRIORITY_MATRIX)))).toBe(true);
  });

  const row = [1, 2, 3, 4];
  const bad: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a number', 1],
    ['a string', '[[1,2,3,4]]'],
    ['an object', { 0: row, 1: row, 2: row, 3: row, length: 4 }],
    ['no rows', []],
    ['three rows', [row, row, row]],
    ['five rows', [row, row, row, row, row]],
    ['a short row', [row, row, row, [1, 2, 3]]],
    ['a long row', [row, [1, 2, 3, 4, 4], row, row]],
    ['a null row', [row, null, row, row]],
    ['a level 0', [row, row, [0, 1, 2, 3], row]],
    ['a level 5', [row, row, row, [2, 3, 4, 5]]],
    ['a fractional level', [[1.5, 2, 3, 4], row, row, row]],
    ['a level as text', [row, ['1', 2, 3, 4], row, row]],
    ['a missing level', [row, row, [1, 2, undefined, 4], row]],
  ];
  for (const [label, matrix] of bad) {
    it(`rejects ${label}`, () => {
      expect(isValidMatrix(matrix)).toBe(false);
    });
  }
});
