import {
  OPEN_RELEASE_STATES,
  RELEASE_STATES,
  releaseMachine,
  TERMINAL_RELEASE_STATES,
} from '@trellis/core/modules/releases';
import { defineRecordKind } from '../../platform/record-kinds.js';
import { releaseRecordPolicy, visibleReleases } from './release.policy.js';
import { releaseBundle } from './release.repository.js';

/** Releases are work records (REL numbers) on the shared core, with their own machine. */
export const releaseKind = defineRecordKind({
  kind: 'release',
  machine: releaseMachine,
  states: {
    all: RELEASE_STATES,
    open: OPEN_RELEASE_STATES,
    terminal: TERMINAL_RELEASE_STATES,
    cancelled: ['cancelled'],
    unanswered: [],
    paused: ['approval'],
  },
  clocked: false,
  visible: visibleReleases,
  details: (db, record) => releaseBundle(db, record.id),
  subject: (_actor, record, bundle) => ({
    organizationId: record.organization_id,
    assigneeId: record.assignee_id,
    groupId: record.group_id,
    customerRepIds: bundle.customerRepIds,
    serviceOwnerIds: bundle.serviceOwnerIds,
    siteOwnerIds: bundle.sites.map((s) => s.owner_id),
  }),
  policy: releaseRecordPolicy,
  notify: { 'release.commented': 'comment' },
  urls: { console: (n) => `/console/releases/${n}`, portal: (n) => `/portal/releases/${n}` },
});
