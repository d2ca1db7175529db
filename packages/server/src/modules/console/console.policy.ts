import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** The console is for staff; shared things (group views, shared replies, templates) are curated by managers and admins. */
export const consolePolicy = definePolicy('console', { actions: { use: isStaff, curate: seesAllOrganizations } });

/** A saved view is its owner's; one shared with a group is seen by the group's members. */
export interface SavedViewSubject {
  ownerId: string;
  groupId: string | null;
}

const memberOf = (a: Actor, groupId: string | null) => groupId !== null && a.groupIds.includes(groupId);

export function visibleSavedViews(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'console_saved_views'>): Expression<SqlBool> =>
    eb.or([
      eb('console_saved_views.owner_id', '=', actor.id),
      ...(actor.groupIds.length ? [eb('console_saved_views.group_id', 'in', actor.groupIds)] : []),
    ]);
}

export const savedViewPolicy = definePolicy('savedView', {
  actions: {
    view: (a: Actor, v: SavedViewSubject) => v.ownerId === a.id || memberOf(a, v.groupId),
    // Someone else's shared view is visible but only a curator changes it.
    edit: (a: Actor, v: SavedViewSubject) => v.ownerId === a.id || (memberOf(a, v.groupId) && seesAllOrganizations(a)),
    /** Sharing with a group needs membership of it, or curation. */
    shareWith: (a: Actor, v: SavedViewSubject) =>
      v.groupId === null || memberOf(a, v.groupId) || seesAllOrganizations(a),
  },
  global: [],
  scope: {
    table: 'console_saved_views',
    where: visibleSavedViews,
    subjectOf: (row) => ({ ownerId: row.owner_id, groupId: row.group_id }),
  },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    console: typeof consolePolicy;
    savedView: typeof savedViewPolicy;
  }
}
