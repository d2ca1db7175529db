import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { cisOfRecords } from '../cmdb/index.js';
import {
  DEFAULT_DETECT_OPTIONS,
  type DetectableIncident,
  type DetectOptions,
  detectRecurringClusters,
} from './problem.detect.js';

/**
 * Where CI links come from: the CMDB's record–CI links (`record_cis`), so incidents on the same CI
 * are grouped. Replaceable for a deployment without a CMDB.
 */
type CiLoader = (db: Db, recordIds: string[]) => Promise<Map<string, string[]>>;
let ciLoader: CiLoader = cisOfRecords;
export function registerCiLoader(loader: CiLoader): void {
  ciLoader = loader;
}

/** Runs detection over recent incidents not yet tied to a problem and stores the candidates. */
export async function runDetection(tx: Tx, options: DetectOptions = DEFAULT_DETECT_OPTIONS, now = nowIso()) {
  const since = new Date(Date.parse(now) - 2 * options.windowDays * 86_400_000).toISOString();
  const linked = tx.db
    .selectFrom('record_links')
    .innerJoin('work_records as p', 'p.id', 'record_links.to_id')
    .select('record_links.from_id')
    .where('p.kind', '=', 'problem');
  const rows = await tx.db
    .selectFrom('work_records')
    .select(['id', 'title', 'description', 'created_at', 'category_id', 'service_id'])
    .where('kind', '=', 'incident')
    .where('state', '!=', 'cancelled')
    .where('created_at', '>=', since)
    .where('created_at', '<=', now)
    .where('id', 'not in', linked)
    .orderBy('created_at')
    .limit(20_000)
    .execute();
  const cis = await ciLoader(
    tx.db,
    rows.map((r) => r.id),
  );
  const incidents: DetectableIncident[] = rows.map((r) => ({
    id: r.id,
    title: r.title,
    description: r.description,
    createdAt: r.created_at,
    categoryId: r.category_id,
    serviceId: r.service_id,
    ciIds: cis.get(r.id) ?? [],
  }));
  const clusters = detectRecurringClusters(incidents, options);
  const existing = await tx.db.selectFrom('problem_candidates').selectAll().execute();
  let proposed = 0;
  for (const cluster of clusters) {
    const fingerprint = cluster.incidentIds[0]!;
    const evidence = {
      count: cluster.incidentIds.length,
      firstAt: cluster.firstAt,
      lastAt: cluster.lastAt,
      categoryId: cluster.categoryId,
      serviceId: cluster.serviceId,
      ciIds: cluster.ciIds,
      commonTerms: cluster.commonTerms,
      meanSimilarity: cluster.meanSimilarity,
    };
    // The same recurrence seen again (same first incident, or mostly the same incidents) updates its candidate.
    const same = existing.find((c) => {
      if (c.fingerprint === fingerprint) return true;
      const ids = JSON.parse(c.incident_ids_json) as string[];
      const shared = ids.filter((id) => cluster.incidentIds.includes(id)).length;
      return shared * 2 >= Math.min(ids.length, cluster.incidentIds.length);
    });
    if (same) {
      if (same.status !== 'open') continue;
      await tx.db
        .updateTable('problem_candidates')
        .set({
          title: cluster.title,
          score: cluster.score,
          incident_ids_json: JSON.stringify(cluster.incidentIds),
          evidence_json: JSON.stringify(evidence),
          updated_at: now,
        })
        .where('id', '=', same.id)
        .execute();
      continue;
    }
    const id = newId();
    await tx.db
      .insertInto('problem_candidates')
      .values({
        id,
        fingerprint,
        title: cluster.title,
        status: 'open',
        score: cluster.score,
        incident_ids_json: JSON.stringify(cluster.incidentIds),
        evidence_json: JSON.stringify(evidence),
        problem_id: null,
        decided_by: null,
        decided_at: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    tx.events.push({
      type: 'problem.candidate_proposed',
      payload: { candidateId: id, count: cluster.incidentIds.length },
    });
    proposed++;
  }
  return { clusters: clusters.length, proposed };
}
