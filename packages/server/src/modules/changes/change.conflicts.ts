import { type ConflictKind, fitsInside, occurrences, SCHEDULED_CHANGE_STATES } from '@trellis/core/modules/changes';
import type { Db } from '../../platform/db/database.js';
import { classesOfCis, relatedCis } from '../cmdb/index.js';
import { windowsFor } from './change.service.js';

/**
 * Conflict detection (issue 13): another change in the calendar at an overlapping time on the same
 * CI, on a CI related to one of ours through the CMDB (either direction, to a configurable depth),
 * or on the same service; and the planned time in a blackout or (for a normal change) outside
 * every maintenance window. Each conflict names the other change (or the window) and why.
 */

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface Conflict {
  kind: ConflictKind;
  change: { id: string; number: string; title: string; state: string } | null;
  ci: { id: string; viaId?: string; depth?: number } | null;
  serviceId: string | null;
  window: { id: string; name: string } | null;
}

export interface ConflictSubject {
  id: string | null;
  type: 'standard' | 'normal' | 'emergency';
  start: string | null;
  end: string | null;
  ciIds: readonly string[];
  serviceIds: readonly string[];
}

export async function findConflicts(db: Db, change: ConflictSubject, depth: number): Promise<Conflict[]> {
  if (!change.start || !change.end) return [];
  const { start, end } = change;
  const out: Conflict[] = [];
  const seen = new Set<string>();
  const push = (c: Conflict) => {
    const key = `${c.kind}:${c.change?.id ?? ''}:${c.ci?.id ?? ''}:${c.serviceId ?? ''}:${c.window?.id ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(c);
  };
  // biome-ignore lint/suspicious/noExplicitAny: one condition shared by two joined queries
  const overlapping = (eb: any) =>
    eb.and([
      eb('change_details.planned_start', '<', end),
      eb('change_details.planned_end', '>', start),
      eb('work_records.state', 'in', SCHEDULED_CHANGE_STATES),
      ...(change.id ? [eb('work_records.id', '!=', change.id)] : []),
    ]);

  // Same CI, then CIs related through the CMDB.
  const own = new Set(change.ciIds);
  const related = depth > 0 && own.size ? await relatedCis(db, [...own], depth) : new Map<string, number>();
  const probe = [...own, ...related.keys()];
  for (const part of chunks(probe, 900)) {
    const rows = await db
      .selectFrom('change_cis')
      .innerJoin('change_details', 'change_details.record_id', 'change_cis.change_id')
      .innerJoin('work_records', 'work_records.id', 'change_cis.change_id')
      .select([
        'work_records.id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'change_cis.ci_id',
      ])
      .where('change_cis.ci_id', 'in', part)
      .where(overlapping)
      .execute();
    for (const r of rows) {
      const other = { id: r.id, number: r.number, title: r.title, state: r.state };
      if (own.has(r.ci_id))
        push({ kind: 'same_ci', change: other, ci: { id: r.ci_id }, serviceId: null, window: null });
      else
        push({
          kind: 'dependent_ci',
          change: other,
          ci: { id: r.ci_id, depth: related.get(r.ci_id) },
          serviceId: null,
          window: null,
        });
    }
  }
  // A change already found on a CI is not reported again for a weaker reason on the same CI.
  if (change.serviceIds.length) {
    const rows = await db
      .selectFrom('change_services')
      .innerJoin('change_details', 'change_details.record_id', 'change_services.change_id')
      .innerJoin('work_records', 'work_records.id', 'change_services.change_id')
      .select([
        'work_records.id',
        'work_records.number',
        'work_records.title',
        'work_records.state',
        'change_services.service_id',
      ])
      .where('change_services.service_id', 'in', [...change.serviceIds])
      .where(overlapping)
      .execute();
    for (const r of rows)
      push({
        kind: 'same_service',
        change: { id: r.id, number: r.number, title: r.title, state: r.state },
        ci: null,
        serviceId: r.service_id,
        window: null,
      });
  }
  // Windows.
  const classIds = [...new Set((await classesOfCis(db, [...own])).values())];
  const windows = await windowsFor(db, change.serviceIds, classIds);
  const s = Date.parse(start);
  const e = Date.parse(end);
  for (const w of windows.blackout)
    if (occurrences(w, s, e).length)
      push({ kind: 'blackout', change: null, ci: null, serviceId: null, window: { id: w.id, name: w.name } });
  if (change.type === 'normal' && !fitsInside(windows.maintenance, s, e))
    push({ kind: 'outside_window', change: null, ci: null, serviceId: null, window: null });
  return out;
}
