/**
 * Incident levels from impact × urgency. The default matrix and the level definitions
 * come from the seed's 事件分级 table (003): 一级 business interrupted … 四级 a request.
 */
export const IMPACTS = [1, 2, 3, 4] as const;
export type Impact = (typeof IMPACTS)[number];
export const URGENCIES = [1, 2, 3, 4] as const;
export type Urgency = (typeof URGENCIES)[number];
export const LEVELS = [1, 2, 3, 4] as const;
export type Level = (typeof LEVELS)[number];

/** rows: impact 1..4, columns: urgency 1..4 */
export type PriorityMatrix = readonly (readonly Level[])[];

export const DEFAULT_PRIORITY_MATRIX: PriorityMatrix = [
  [1, 1, 2, 3],
  [1, 2, 2, 3],
  [2, 3, 3, 4],
  [3, 3, 4, 4],
];

export function levelFor(impact: Impact, urgency: Urgency, matrix: PriorityMatrix = DEFAULT_PRIORITY_MATRIX): Level {
  const level = matrix[impact - 1]?.[urgency - 1];
  if (level === undefined) throw new RangeError(`impact ${impact} / urgency ${urgency} outside the matrix`);
  return level;
}

export function isValidMatrix(matrix: unknown): matrix is PriorityMatrix {
  return (
    Array.isArray(matrix) &&
    matrix.length === IMPACTS.length &&
    matrix.every(
      (row) => Array.isArray(row) && row.length === URGENCIES.length && row.every((l) => LEVELS.includes(l as Level)),
    )
  );
}
