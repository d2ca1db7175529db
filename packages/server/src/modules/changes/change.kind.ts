import {
  CHANGE_STATES,
  changeMachine,
  OPEN_CHANGE_STATES,
  TERMINAL_CHANGE_STATES,
} from '@trellis/core/modules/changes';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { changeRecordPolicy, visibleChanges } from './change.policy.js';
import { authorizesCiWrite, changeDetails, tasksOf } from './change.service.js';

/** Changes are work records (CHG numbers) on the shared core, with their own machine and the CMDB gate. */
export const changeKind = defineRecordKind({
  kind: 'change',
  machine: changeMachine,
  states: {
    all: CHANGE_STATES,
    open: OPEN_CHANGE_STATES,
    terminal: TERMINAL_CHANGE_STATES,
    resolved: ['implemented'],
    cancelled: ['rejected', 'cancelled'],
    unanswered: ['submitted'],
    paused: ['pending_approval', 'scheduled'],
  },
  clocked: false,
  visible: visibleChanges,
  details: async (db, record) => {
    const [details, tasks] = await Promise.all([changeDetails(db, record.id), tasksOf(db, record.id)]);
    return { details, tasks };
  },
  subject: (_actor, record, { tasks }) => ({
    organizationId: record.organization_id,
    requesterId: record.requester_id,
    assigneeId: record.assignee_id,
    groupId: record.group_id,
    taskAssigneeIds: tasks.map((t) => t.assignee_id).filter((id): id is string => Boolean(id)),
    taskGroupIds: tasks.map((t) => t.group_id).filter((id): id is string => Boolean(id)),
  }),
  policy: changeRecordPolicy,
  authorizesCiWrite: (db, record, write) => authorizesCiWrite(db, record, write),
  notify: {
    'change.commented': 'comment',
    'change.approval_requested': 'approval_requested',
    'change.outage_notice': 'major_update',
    'change.approved': 'state_changed',
    'change.rejected': 'state_changed',
    'change.closed': 'state_changed',
  },
  urls: { console: (n) => `/console/changes/${n}`, portal: (n) => `/portal/changes/${n}` },
});
