import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../context.js';
import type { Database } from '../db/schema.js';
import { recordKinds } from '../record-kinds.js';
import { isStaff, seesAllOrganizations } from './policy.js';

/**
 * The SQL twin of canViewRecord: list queries filter with it, so rows the actor may not
 * see never leave the database. A test checks both agree.
 */
export function visibleRecords(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_records'>): Expression<SqlBool> => {
    if (isStaff(actor) && seesAllOrganizations(actor)) return eb.lit(true);
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
    return eb.or(ors);
  };
}
