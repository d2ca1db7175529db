import type { IncidentState, QueueColumn, QueueFilters } from '@trellis/core';

/** The queue page's built-in tab filters, in the console queue's vocabulary. */
export function toQueueFilters(f: {
  state?: readonly IncidentState[];
  level?: number;
  assignee?: string;
  owner?: string;
  groupId?: string;
  q?: string;
}): QueueFilters {
  return {
    state: f.state ? [...f.state] : undefined,
    level: f.level ? [f.level] : undefined,
    assignee: f.assignee,
    owner: f.owner,
    groupId: f.groupId,
    q: f.q,
  };
}

/** A view's chosen columns, matched to the page's columns by their data field; none chosen: all. */
export function pickColumns<C extends object>(columns: C[], chosen: QueueColumn[] | undefined): C[] {
  if (!chosen || chosen.length === 0) return columns;
  return columns.filter((c) => {
    const index = (c as { dataIndex?: unknown }).dataIndex;
    const field = Array.isArray(index) ? index[0] : index;
    return typeof field === 'string' && (chosen as string[]).includes(field);
  });
}
