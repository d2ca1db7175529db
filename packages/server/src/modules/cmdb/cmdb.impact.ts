import type { CiRelationType } from '@trellis/core';

export interface Edge {
  sourceId: string;
  targetId: string;
  type: CiRelationType;
}

export interface Reached {
  id: string;
  depth: number;
  viaId: string;
  viaType: CiRelationType;
}

/**
 * Breadth-first walk from one CI, level by level, to a fixed depth. `downstream` follows edges
 * backwards (who depends on me: they are impacted when I fail); `upstream` follows them forwards
 * (what I depend on). Pure apart from `edgesFrom`, so the walk is tested without a database.
 */
export async function walk(
  originId: string,
  direction: 'upstream' | 'downstream',
  depth: number,
  edgesFrom: (frontier: string[], direction: 'upstream' | 'downstream') => Promise<Edge[]>,
): Promise<{ reached: Reached[]; edges: Edge[] }> {
  const seen = new Set([originId]);
  const reached: Reached[] = [];
  const edges: Edge[] = [];
  let frontier = [originId];
  for (let level = 1; level <= depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const edge of await edgesFrom(frontier, direction)) {
      edges.push(edge);
      const [from, to] = direction === 'downstream' ? [edge.targetId, edge.sourceId] : [edge.sourceId, edge.targetId];
      if (seen.has(to)) continue;
      seen.add(to);
      next.push(to);
      reached.push({ id: to, depth: level, viaId: from, viaType: edge.type });
    }
    frontier = next;
  }
  return { reached, edges };
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
