import { type IncidentSettings, type IncidentState, OPEN_INCIDENT_STATES } from '@trellis/core';
import type { Insertable } from 'kysely';
import type { Tx } from '../../platform/context.js';
import { insertRows } from '../../platform/db/bulk.js';
import type { IncidentDetailsTable } from './incident.table.js';
import { escalationStage } from './incident.tiers.js';

/** An imported incident's handling record, as the import knows it. */
export interface ImportedIncident {
  recordId: string;
  state: IncidentState;
  level: number;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
}

/**
 * Writes the details rows of incidents brought in by `trellis import`, many per statement. A record
 * still open enters its tier as a new report does (its escalation limit counts from its creation);
 * a closed one is history: confirmed and archived when it was closed, nothing left to escalate.
 */
export async function insertImportedIncidentDetails(
  tx: Tx,
  incidents: readonly ImportedIncident[],
  settings: IncidentSettings,
): Promise<void> {
  if (incidents.length === 0) return;
  const rows: Insertable<IncidentDetailsTable>[] = incidents.map((i) => {
    const open = OPEN_INCIDENT_STATES.includes(i.state);
    const stage = open
      ? escalationStage({ level: i.level }, settings, i.createdAt)
      : { stage_started_at: null, escalation_token: null };
    return {
      record_id: i.recordId,
      resolution_cause: null,
      resolution_solution: i.resolution,
      resolved_by: i.resolvedBy,
      confirmed_at: i.state === 'archived' ? i.closedAt : null,
      rating: null,
      rating_comment: null,
      archived_at: i.state === 'archived' ? i.closedAt : null,
      hold_reason: null,
      hold_kind: null,
      time_spent_minutes: null,
      knowledge_ref: null,
      callback_by: null,
      callback_at: null,
      callback_note: null,
      major_at: null,
      major_by: null,
      merged_into_id: null,
      auto_confirm_notice_for: null,
      ...stage,
    };
  });
  await insertRows(tx.db, tx.dialect, 'incident_details', rows);
}
