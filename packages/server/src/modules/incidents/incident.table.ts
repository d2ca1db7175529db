/** What an incident adds to the record core: the handling record (事件处理单) and sign-off. */
export interface IncidentDetailsTable {
  record_id: string;
  resolution_cause: string | null;
  resolution_solution: string | null;
  resolved_by: string | null;
  confirmed_at: string | null;
  rating: number | null;
  rating_comment: string | null;
  archived_at: string | null;
  hold_reason: string | null;
}
