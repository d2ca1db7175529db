import { DEFAULT_PRIORITY_MATRIX, IncidentSettings, type PriorityMatrix } from '@trellis/core';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';

const KEY = 'incident.desk';

/** The seed's four levels; the SLA issue adds business calendars on top of these limits. */
export const DEFAULT_INCIDENT_SETTINGS: IncidentSettings = {
  matrix: DEFAULT_PRIORITY_MATRIX.map((row) => [...row]),
  reopenDays: 7,
  autoConfirmDays: 3,
  autoConfirmNoticeHours: 24,
  escalationMinutes: { 1: 30, 2: 120, 3: 480, 4: null },
};

export async function getIncidentSettings(db: Db): Promise<IncidentSettings> {
  const row = await db.selectFrom('settings').select('value_json').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_INCIDENT_SETTINGS;
  // A stored value from an older shape is completed with the defaults rather than refused.
  const parsed = IncidentSettings.safeParse({ ...DEFAULT_INCIDENT_SETTINGS, ...JSON.parse(row.value_json) });
  return parsed.success ? parsed.data : DEFAULT_INCIDENT_SETTINGS;
}

export const matrixOf = (settings: IncidentSettings) => settings.matrix as unknown as PriorityMatrix;

export async function updateIncidentSettings(tx: Tx, patch: Partial<IncidentSettings>): Promise<IncidentSettings> {
  const before = await getIncidentSettings(tx.db);
  const after = IncidentSettings.parse({ ...before, ...patch });
  const now = nowIso();
  await tx.db
    .insertInto('settings')
    .values({ key: KEY, value_json: JSON.stringify(after), updated_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: JSON.stringify(after), updated_at: now }))
    .execute();
  await audit(tx, { action: 'settings.update', entityType: 'settings', entityId: KEY, before, after });
  return after;
}
