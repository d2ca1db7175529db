import { COMPLAINT_STATES, complaintMachine, OPEN_COMPLAINT_STATES } from '@trellis/core/modules/relationship';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff, seesAllOrganizations } from '../../platform/permissions/policy.js';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { complaintPolicy } from './relationship.policy.js';

type Records = ExpressionBuilder<Database, 'work_records'>;

/** Never the person complained about, unless a manager shared the complaint with them. */
function notAboutMe(actor: Actor) {
  return (eb: Records): Expression<SqlBool> =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('complaint_details')
          .select('complaint_details.record_id')
          .whereRef('complaint_details.record_id', '=', 'work_records.id')
          .where('complaint_details.about_person_id', '=', actor.id)
          .where('complaint_details.shared_with_subject', '=', 0),
      ),
    );
}

/**
 * Who sees a complaint: the managers; staff handling it or serving the organisation; the complainant;
 * the customer's managers (their organisation only). Always minus the person complained about.
 */
function visibleComplaints(actor: Actor) {
  return (eb: Records): Expression<SqlBool> => {
    const ors: Expression<SqlBool>[] = [eb('work_records.requester_id', '=', actor.id)];
    if (isStaff(actor)) {
      if (seesAllOrganizations(actor)) ors.push(eb.lit(true));
      ors.push(eb('work_records.assignee_id', '=', actor.id));
      if (actor.servedOrganizationIds.length)
        ors.push(eb('work_records.organization_id', 'in', actor.servedOrganizationIds));
    } else {
      ors.push(
        eb.exists(
          eb
            .selectFrom('customer_managers')
            .select('customer_managers.user_id')
            .where('customer_managers.user_id', '=', actor.id)
            .whereRef('customer_managers.organization_id', '=', 'work_records.organization_id'),
        ),
      );
    }
    return eb.and([eb.or(ors), notAboutMe(actor)(eb)]);
  };
}

export const complaintKind = defineRecordKind({
  kind: 'complaint',
  machine: complaintMachine,
  states: {
    all: COMPLAINT_STATES,
    open: OPEN_COMPLAINT_STATES,
    terminal: ['closed', 'withdrawn'],
    unanswered: ['new'],
    paused: [],
    cancelled: ['withdrawn'],
  },
  // Complaints keep their own targets (acknowledge, respond, close by severity): see complaint.service.ts.
  clocked: false,
  visible: visibleComplaints,
  restrict: notAboutMe,
  policy: complaintPolicy,
  notify: {
    'complaint.created': 'acknowledgement',
    'complaint.commented': 'comment',
    'complaint.responded': 'state_changed',
    'complaint.closed': 'state_changed',
  },
  urls: { console: (n) => `/console/complaints/${n}`, portal: (n) => `/portal/complaints/${n}` },
});
