import * as assets from './areas/assets.js';
import * as catalog from './areas/catalog.js';
import * as cmdb from './areas/cmdb.js';
import * as consoleArea from './areas/console.js';
import * as desk from './areas/desk.js';
import * as knowledge from './areas/knowledge.js';
import * as problem from './areas/problem.js';
import * as reports from './areas/reports.js';
import * as request from './areas/request.js';
import * as security from './areas/security.js';
import * as services from './areas/services.js';
import * as sla from './areas/sla.js';
import * as spreadsheet from './areas/spreadsheet.js';
import type { CoreMessageKey, FoundationKey } from './zh-CN.js';

/** Every key of zh-CN must be here: the type makes a missing translation a compile error. */
const foundation = {
  'error.validation': 'The submitted data is not valid',
  'error.unauthenticated': 'Please sign in first',
  'error.forbidden': 'You are not allowed to do this',
  'error.not_found': 'The record was not found',
  'error.conflict': 'The operation conflicts with the current state',
  'error.csrf': 'The security token is invalid; reload the page and try again',
  'error.rate_limited': 'Too many requests; please try again later',
  'error.payload_too_large': 'The submitted content is too large',
  'error.unsupported_media_type': 'This file type is not supported',
  'error.unavailable':
    'The service is briefly unavailable (the database connection was lost); please try again shortly',
  'error.internal': 'Internal server error; please contact the administrator',
  'auth.invalid_credentials': 'The e-mail or password is incorrect',
  'auth.locked': 'Too many failed sign-ins; the account is locked, try again in {minutes} minutes',
  'auth.inactive': 'This account is deactivated',
  'incident.illegal_transition': 'The incident is “{state}”; “{action}” is not possible now',
  'incident.not_confirmed': 'The requester must confirm the resolution before it is archived',
  'incident.already_confirmed': 'The requester has already confirmed; this is no longer possible',
  'incident.assignee_not_in_group': 'The assignee is not a member of that support group',
  'incident.not_served': 'That group or person does not serve the organisation of this record',
  'incident.resolution_required': 'Fill in the handling record: cause and solution',
  'incident.already_taken': 'Already taken by {name}',
  'record.stale': 'Someone changed this record after you opened it; look at the current version and try again',
  'attachment.too_large': 'The attachment exceeds the {max} size limit',
  'attachment.type_not_allowed': 'Files of this type are not allowed: {type}',
  'user.email_taken': 'This e-mail address is already in use',
  'user.department_mismatch': 'The department does not belong to the chosen organisation',
  'user.staff_outside_provider': 'Staff roles belong to the provider organisation only',
  'organization.provider_exists': 'There can be only one provider organisation',
  'organization.code_taken': 'This organisation code is already in use',
  'group.name_taken': 'This support group name is already in use',
  'category.parent_cycle': 'A category cannot be its own parent or descendant',

  'state.pending': 'Pending',
  'state.in_progress': 'In progress',
  'state.on_hold': 'On hold',
  'state.resolved': 'Resolved',
  'state.archived': 'Archived',
  'state.cancelled': 'Cancelled',

  'action.take': 'Take',
  'action.assign': 'Assign',
  'action.classify': 'Classify',
  'action.comment': 'Comment',
  'action.hold': 'Put on hold',
  'action.resume': 'Resume',
  'action.resolve': 'Resolve',
  'action.confirm': 'Confirm',
  'action.reopen': 'Reopen',
  'action.archive': 'Archive',
  'action.cancel': 'Cancel',

  'level.1': 'Level 1',
  'level.2': 'Level 2',
  'level.3': 'Level 3',
  'level.4': 'Level 4',
  'level.1.impact': 'Business interrupted, cannot work',
  'level.2.impact': 'Business performance severely degraded',
  'level.3.impact': 'Business performance degraded',
  'level.4.impact': 'A request; business normal',
  'level.1.examples': 'PC hardware failure, OS crash, network down',
  'level.2.examples': 'Virus, mail system failure, business system failure',
  'level.3.examples': 'Printing, phone, slow business system',
  'level.4.examples': 'PC replacement, consumables running low, software guidance',
  'level.1.urgency': 'Very urgent, handle at once',
  'level.2.urgency': 'Urgent, handle first',
  'level.3.urgency': 'Normal handling',
  'level.4.urgency': 'Not urgent, agree a time with the customer',

  'impact.1': 'Business interrupted',
  'impact.2': 'Severely degraded',
  'impact.3': 'Degraded',
  'impact.4': 'Business normal',
  'urgency.1': 'Very urgent',
  'urgency.2': 'Urgent',
  'urgency.3': 'Normal',
  'urgency.4': 'Not urgent',

  'role.requester': 'Requester',
  'role.agent': 'Desk agent',
  'role.specialist': 'Specialist',
  'role.service_manager': 'Service manager',
  'role.admin': 'Administrator',

  'tier.1': 'First line',
  'tier.2': 'Second line',
  'tier.3': 'Third line',

  'orgKind.provider': 'Provider',
  'orgKind.customer': 'Customer',

  'channel.portal': 'Portal',
  'channel.phone': 'Phone',
  'channel.walk_in': 'Walk-in',
  'channel.email': 'E-mail',
  'channel.im': 'Instant messaging',
  'channel.robot_batch': 'IT service desk: {count} notifications',
  'channel.api': 'API',
  'channel.monitoring': 'Monitoring',

  'timeline.created': '{actor} reported the incident',
  'timeline.taken': '{actor} took the incident and owns it (first-contact ownership)',
  'timeline.assigned': '{actor} assigned it to {target}',
  'timeline.classified': '{actor} set the category and level',
  'timeline.comment': '{actor} commented',
  'timeline.state_changed': '{actor} changed the state from “{from}” to “{to}”',
  'timeline.held': '{actor} put the incident on hold',
  'timeline.resumed': '{actor} resumed work',
  'timeline.resolved': '{actor} filled in the handling record and resolved the incident',
  'timeline.confirmed': '{actor} confirmed and rated the service',
  'timeline.reopened': '{actor} reopened the incident',
  'timeline.archived': '{actor} archived the incident',
  'timeline.cancelled': '{actor} cancelled the incident',
  'timeline.attachment_added': '{actor} attached {name}',
  'timeline.watcher_added': '{actor} added watcher {target}',
  'timeline.watcher_removed': '{actor} removed watcher {target}',
  'timeline.linked': '{actor} linked {target}',
  'timeline.field.category': 'Category',
  'timeline.field.level': 'Level',
  'timeline.field.impact': 'Impact',
  'timeline.field.urgency': 'Urgency',
  'timeline.field.group': 'Group',
  'timeline.field.assignee': 'Assignee',

  'link.relates_to': 'Relates to',
  'link.duplicates': 'Duplicates',
  'link.parent_of': 'Parent of',
  'link.caused_by': 'Caused by',

  'system.actor': 'System',
  'readyz.no_migrations': 'Database migrations have not been applied',
} satisfies Record<FoundationKey, string>;

export const enUS: Record<CoreMessageKey, string> = {
  ...foundation,
  ...services.enUS,
  ...sla.enUS,
  ...catalog.enUS,
  ...request.enUS,
  ...cmdb.enUS,
  ...assets.enUS,
  ...knowledge.enUS,
  ...problem.enUS,
  ...desk.enUS,
  ...consoleArea.enUS,
  ...reports.enUS,
  ...security.enUS,
  ...spreadsheet.enUS,
};
