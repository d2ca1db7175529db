import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../context.js';
import type { Database } from '../db/schema.js';
import { recordKinds } from '../record-kinds.js';
import { canViewRecord, isStaff, type RecordSubject, seesAllOrganizations } from './policy.js';
import { definePolicy, type PolicyScope } from './registry.js';

/**
 * The SQL twin of canViewRecord: list queries filter with it, so rows the actor may not
 * see never leave the database. A test checks both agree.
 */
export function visibleRecords(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_records'>): Expression<SqlBool> => {
    const restricted = recordKinds().filter((k) => k.restrict);
    const restrictions = restricted.map((k) => eb.or([eb('work_records.kind', '!=', k.kind), k.restrict!(actor)(eb)]));
    if (isStaff(actor) && seesAllOrganizations(actor)) return restrictions.length ? eb.and(restrictions) : eb.lit(true);
    const ors: Expression<SqlBool>[] = [eb('work_records.requester_id', '=', actor.id)];
    // Internal kinds (problems) are the provider's own work: every staff member sees them.
    const internal = recordKinds()
      .filter((k) => k.staffOnly)
      .map((k) => k.kind);
    if (isStaff(actor) && internal.length) ors.push(eb('work_records.kind', 'in', internal));
    if (isStaff(actor) && actor.servedOrganizationIds.length > 0) {
      ors.push(eb('work_records.organization_id', 'in', actor.servedOrganizationIds));
    }
    if (actor.departmentShares && actor.departmentId) {
      ors.push(
        eb.and([
          eb('work_records.department_id', '=', actor.departmentId),
          eb('work_records.organization_id', '=', actor.organizationId),
        ]),
      );
    }
    // Watchers see what they watch (the requester of a merged duplicate, invited collaborators);
    // last, so the cheap column tests decide most rows before this lookup runs.
    ors.push(
      eb.exists(
        eb
          .selectFrom('record_watchers')
          .select('record_watchers.user_id')
          .whereRef('record_watchers.record_id', '=', 'work_records.id')
          .where('record_watchers.user_id', '=', actor.id),
      ),
    );
    return restrictions.length ? eb.and([eb.or(ors), ...restrictions]) : eb.or(ors);
  };
}

/**
 * `visibleRecords` as a policy scope, for the record kinds' policies to reuse (`scope: recordScope`).
 * The subject carries the watchers, which the predicate needs. Problems are internal and seen by all
 * staff in SQL, a rule the record-kind policies own, so the subject built here fits incidents and requests.
 */
export const recordScope: PolicyScope<RecordSubject, 'work_records'> = {
  table: 'work_records',
  where: visibleRecords,
  async subjectOf(row, db) {
    const watchers = await db.selectFrom('record_watchers').select('user_id').where('record_id', '=', row.id).execute();
    return {
      organizationId: row.organization_id,
      departmentId: row.department_id,
      requesterId: row.requester_id,
      ownerId: row.owner_id,
      assigneeId: row.assignee_id,
      groupId: row.group_id,
      state: row.state as RecordSubject['state'],
      confirmed: false,
      watcherIds: watchers.map((w) => w.user_id),
    };
  },
};

/** Who sees a work record, whatever its kind; its SQL twin is `visibleRecords`. */
export const recordPolicy = definePolicy('record', {
  actions: { view: canViewRecord },
  global: [],
  scope: recordScope,
});

declare module './registry.js' {
  interface PolicyRegistry {
    record: typeof recordPolicy;
  }
}
