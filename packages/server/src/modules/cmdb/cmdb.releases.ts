import type { Db } from '../../platform/db/database.js';

/**
 * What the release module needs to know of CIs it names (issue 14): their class, state, location
 * and attributes, read here so no other module reads the CMDB's tables.
 */
export async function ciFacts(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Map<string, CiFact>();
  const rows = await db
    .selectFrom('cis')
    .innerJoin('ci_classes as k', 'k.id', 'cis.class_id')
    .select([
      'cis.id',
      'cis.code',
      'cis.name',
      'cis.state',
      'cis.location_id',
      'cis.attributes_json',
      'cis.version',
      'cis.unauthorized',
      'k.code as class_code',
      'k.attributes_json as class_attributes',
    ])
    .where('cis.id', 'in', [...new Set(ids)])
    .execute();
  return new Map<string, CiFact>(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        code: r.code,
        name: r.name,
        state: r.state,
        locationId: r.location_id,
        classCode: r.class_code,
        attributes: JSON.parse(r.attributes_json) as Record<string, unknown>,
        version: Number(r.version),
        unauthorized: Boolean(r.unauthorized),
        attributeKeys: (JSON.parse(r.class_attributes) as { key: string }[]).map((a) => a.key),
      },
    ]),
  );
}

export interface CiFact {
  id: string;
  code: string;
  name: string;
  state: string;
  locationId: string | null;
  classCode: string;
  attributes: Record<string, unknown>;
  version: number;
  unauthorized: boolean;
  /** The attributes the CI's class defines. */
  attributeKeys: string[];
}
