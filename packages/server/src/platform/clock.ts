/** Timestamps are ISO-8601 UTC text in both dialects: one code path, sortable as strings. */

let source: () => number = Date.now;

/**
 * Replaces the clock, for loading back-dated demo data and for tests; returns a restore function.
 * Never called while serving requests.
 */
export function setClock(now: () => number): () => void {
  const previous = source;
  source = now;
  return () => {
    source = previous;
  };
}

export const nowMs = (): number => source();
export const nowIso = (): string => new Date(source()).toISOString();
export const isoPlus = (iso: string, ms: number): string => new Date(Date.parse(iso) + ms).toISOString();
