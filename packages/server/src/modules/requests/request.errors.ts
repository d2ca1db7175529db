/** Error codes of the catalogue and requests, with their HTTP status; spread into platform/errors.ts. */
export const REQUEST_ERROR_STATUS = {
  /** The request's state forbids the action. */
  'request.illegal_transition': 409,
  /** A manual delivery while fulfilment tasks are open. */
  'request.tasks_open': 409,
  /** A console bulk action requests do not have (they are fulfilled through tasks, not taken). */
  'request.bulk_unsupported': 409,
  /** The item needs the requester's manager, and none is on record. */
  'request.no_manager': 409,
  /** The item needs the service owner, and the service has none. */
  'request.no_service_owner': 409,
  'request.not_approver': 403,
  'request.not_task_group': 403,
  'request.task_not_open': 409,
  'request.manager_cycle': 400,
  'catalog.item_not_found': 404,
} as const;
