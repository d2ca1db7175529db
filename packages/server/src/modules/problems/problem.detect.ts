import { jaccard, similarityTokens } from './problem.similarity.js';

/** One incident as detection sees it. CI ids come from the CMDB once records link to CIs. */
export interface DetectableIncident {
  id: string;
  title: string;
  description: string;
  createdAt: string;
  categoryId: string | null;
  serviceId: string | null;
  ciIds: readonly string[];
}

export interface DetectOptions {
  /** Incidents further apart than this are not the same recurrence. */
  windowDays: number;
  minClusterSize: number;
  /** Text similarity two incidents sharing a CI, category or service need to be joined. */
  minText: number;
  /** Text similarity that joins two incidents sharing nothing else (one was filed under another category). */
  strongText: number;
}

export const DEFAULT_DETECT_OPTIONS: DetectOptions = {
  windowDays: 30,
  minClusterSize: 3,
  minText: 0.35,
  strongText: 0.7,
};

export interface DetectedCluster {
  incidentIds: string[];
  score: number;
  meanSimilarity: number;
  firstAt: string;
  lastAt: string;
  categoryId: string | null;
  serviceId: string | null;
  ciIds: string[];
  commonTerms: string[];
  /** The most typical title: the member most similar to the others. */
  title: string;
}

/**
 * The same fault on the same thing: a shared CI, category or service, and similar words. Words
 * alone (two different things 权限不足) are not enough unless they are nearly the same sentence.
 */
function pairScore(a: DetectableIncident, b: DetectableIncident, text: number, options: DetectOptions): number | null {
  const sharedCi = a.ciIds.some((c) => b.ciIds.includes(c));
  const shared =
    sharedCi ||
    (a.categoryId !== null && a.categoryId === b.categoryId) ||
    (a.serviceId !== null && a.serviceId === b.serviceId);
  if (text >= options.strongText || (shared && text >= options.minText))
    return text + (sharedCi ? 0.2 : shared ? 0.1 : 0);
  return null;
}

/**
 * Groups incidents that recur: pairs within the window that share a CI, category or service and
 * whose texts agree are joined, and connected groups of at least minClusterSize
 * become candidates. Pure; the job feeds it and stores the result.
 */
export function detectRecurringClusters(
  incidents: readonly DetectableIncident[],
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): DetectedCluster[] {
  const items = [...incidents].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const tokens = items.map((i) => similarityTokens(i.title));
  const times = items.map((i) => Date.parse(i.createdAt));
  const windowMs = options.windowDays * 86_400_000;
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Qualifying pairs; a lone bridge between two themes must not chain them together, so only
  // incidents with at least two close neighbours (core incidents) join groups; the others attach
  // to their closest core neighbour (density-based, like DBSCAN).
  const neighbours: { j: number; score: number }[][] = items.map(() => []);
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length && times[j]! - times[i]! <= windowMs; j++) {
      const text = jaccard(tokens[i]!, tokens[j]!);
      if (text < options.minText) continue;
      const score = pairScore(items[i]!, items[j]!, text, options);
      if (score === null) continue;
      neighbours[i]!.push({ j, score });
      neighbours[j]!.push({ j: i, score });
    }
  }
  const core = neighbours.map((n) => n.length >= options.minClusterSize - 1);
  const attached = items.map(() => false);
  for (let i = 0; i < items.length; i++) {
    if (!core[i]) continue;
    attached[i] = true;
    for (const { j } of neighbours[i]!) if (core[j]) parent[find(j)] = find(i);
  }
  for (let i = 0; i < items.length; i++) {
    if (core[i]) continue;
    const best = neighbours[i]!.filter((n) => core[n.j]).sort((a, b) => b.score - a.score)[0];
    if (best) {
      parent[i] = find(best.j);
      attached[i] = true;
    }
  }
  const groups = new Map<number, number[]>();
  items.forEach((_, i) => {
    if (!attached[i]) return;
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), i]);
  });
  const clusters: DetectedCluster[] = [];
  for (const members of groups.values()) {
    if (members.length < options.minClusterSize) continue;
    let total = 0;
    let pairs = 0;
    const affinity = new Map<number, number>();
    for (let x = 0; x < members.length; x++)
      for (let y = x + 1; y < members.length; y++) {
        const s = jaccard(tokens[members[x]!]!, tokens[members[y]!]!);
        total += s;
        pairs++;
        affinity.set(members[x]!, (affinity.get(members[x]!) ?? 0) + s);
        affinity.set(members[y]!, (affinity.get(members[y]!) ?? 0) + s);
      }
    const mean = pairs ? total / pairs : 0;
    const typical = [...affinity].sort((a, b) => b[1] - a[1])[0]?.[0] ?? members[0]!;
    const mostCommon = <T>(values: (T | null)[]) => {
      const counts = new Map<T, number>();
      for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
      const [best] = [...counts].sort((a, b) => b[1] - a[1]);
      return best && best[1] * 2 > values.length ? best[0] : null;
    };
    const termCounts = new Map<string, number>();
    for (const m of members) for (const t of tokens[m]!) termCounts.set(t, (termCounts.get(t) ?? 0) + 1);
    const ciCounts = new Map<string, number>();
    for (const m of members) for (const c of items[m]!.ciIds) ciCounts.set(c, (ciCounts.get(c) ?? 0) + 1);
    clusters.push({
      incidentIds: members.map((m) => items[m]!.id),
      score: Math.round(members.length * mean * 1000) / 1000,
      meanSimilarity: Math.round(mean * 1000) / 1000,
      firstAt: items[members[0]!]!.createdAt,
      lastAt: items[members.at(-1)!]!.createdAt,
      categoryId: mostCommon(members.map((m) => items[m]!.categoryId)),
      serviceId: mostCommon(members.map((m) => items[m]!.serviceId)),
      ciIds: [...ciCounts].filter(([, n]) => n * 2 > members.length).map(([c]) => c),
      commonTerms: [...termCounts]
        .filter(([t, n]) => n * 2 > members.length && t.length > 1)
        .sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)
        .slice(0, 8)
        .map(([t]) => t),
      title: items[typical]!.title,
    });
  }
  return clusters.sort((a, b) => b.score - a.score);
}
