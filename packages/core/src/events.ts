import { z } from 'zod';

/**
 * The catalogue of domain events: every fact the server announces after a change commits.
 * Names are `kind.verb-ed` (past tense: something that happened, not a command), and each has
 * a payload schema. The server's `tx.emit` only accepts names listed here and, outside
 * production, refuses a payload its schema rejects. Webhooks deliver these names as they are,
 * so renaming one is a breaking change for integrations (ship a migration for stored filters).
 *
 * Audit actions (`incident.resolve`) name the command; they are not events.
 */

const id = z.string().min(1);
/** Changed core fields of a record, as written (snake_case columns). */
const changes = z.record(z.string(), z.unknown());
const none = z.object({}).strict();

/** Events every record kind shares. */
export function recordEvents<const K extends string>(kind: K) {
  return {
    [`${kind}.created`]: none,
    [`${kind}.updated`]: changes,
    [`${kind}.commented`]: z.object({ visibility: z.enum(['public', 'internal']), commentId: id }),
    [`${kind}.routed`]: changes,
    [`${kind}.sla_escalated`]: changes,
    [`${kind}.level_raised`]: changes,
  } as {
    [E in `${K}.${'created'}`]: typeof none;
  } & {
    [E in `${K}.${'updated' | 'routed' | 'sla_escalated' | 'level_raised'}`]: typeof changes;
  } & {
    [E in `${K}.commented`]: z.ZodObject<{
      visibility: z.ZodEnum<{ public: 'public'; internal: 'internal' }>;
      commentId: z.ZodString;
    }>;
  };
}

const registerRow = z.object({ id });

/** Events of a register (`defineRegister`): one per write, named after the register. */
export function registerEvents<const N extends string>(name: N) {
  return {
    [`${name}.created`]: registerRow,
    [`${name}.updated`]: registerRow,
    [`${name}.archived`]: registerRow,
  } as { [E in `${N}.${'created' | 'updated' | 'archived'}`]: typeof registerRow };
}

const resolved = z.object({
  resolvedBy: id,
  requesterId: id,
  autoConfirmAt: z.string().nullish(),
  parentId: id.optional(),
});
const tierMove = z.object({}).catchall(z.unknown());
const approval = z.object({ approvalId: id, approverId: id, step: z.number().int() });
const task = z.object({ taskId: id, groupId: id });
const asset = z.object({ assetId: id, operationId: id.optional() });
const ci = z.object({ ciId: id, version: z.number().int(), recordId: id.nullable() });
const article = z.object({ articleId: id, note: z.string().nullish() });
const slaSignal = z.object({ metric: z.string(), dueAt: z.string().nullable() }).catchall(z.unknown());

/** Events of the modules this package lists; a new module declares its own with `defineEvents`. */
const CORE_EVENTS = {
  ...recordEvents('incident'),
  ...recordEvents('request'),
  ...recordEvents('problem'),
  ...recordEvents('change'),
  ...recordEvents('release'),

  'incident.taken': changes,
  'incident.assigned': changes,
  'incident.classified': changes,
  'incident.held': changes,
  'incident.resumed': changes,
  'incident.reopened': changes,
  'incident.archived': changes,
  'incident.cancelled': changes,
  'incident.resolved': resolved,
  'incident.confirmed': z.object({}).catchall(z.unknown()),
  'incident.auto_confirm_notified': z.object({}).catchall(z.unknown()),
  'incident.auto_confirmed': z.object({}).catchall(z.unknown()),
  'incident.merged': z.object({}).catchall(z.unknown()),
  'incident.transferred': tierMove,
  'incident.escalated': tierMove,
  'incident.collaborator_invited': z.object({}).catchall(z.unknown()),
  'incident.major_flagged': z.object({}).catchall(z.unknown()),
  'incident.major_unflagged': z.object({}).catchall(z.unknown()),
  'incident.major_update_posted': z.object({ body: z.string() }).catchall(z.unknown()),
  'incident.followup_opened': z.object({}).catchall(z.unknown()),
  'incident.followup_closed': z.object({}).catchall(z.unknown()),
  'incident.survey_requested': z.object({}).catchall(z.unknown()),

  'request.approval_requested': approval.extend({ mode: z.string() }),
  'request.approval_given': approval,
  'request.approved': changes,
  'request.rejected': changes,
  'request.task_assigned': task.extend({ stage: z.number().int(), name: z.string(), nameEn: z.string() }),
  'request.task_completed': task,
  'request.delivered': changes,
  'request.accepted': changes,
  'request.delivery_rejected': changes,
  'request.cancelled': changes,

  'problem.analysed': changes,
  'problem.known_error_declared': changes,
  'problem.fix_started': changes,
  'problem.resolved': changes,
  'problem.reopened': changes,
  'problem.closed': changes,
  'problem.verified': z.object({ result: z.string(), recurred: z.array(id) }),
  'problem.candidate_proposed': z.object({}).catchall(z.unknown()),

  'record.ci_linked': z.object({ ciId: id }),

  'sla.warned': slaSignal,
  'sla.breached': slaSignal,

  'asset.created': asset,
  'asset.received': asset,
  'asset.issued': asset,
  'asset.returned': asset,
  'asset.transferred': asset,
  'asset.sent_to_repair': asset,
  'asset.repaired': asset,
  'asset.disposal_requested': asset,
  'asset.disposed': asset,
  'asset.disposal_rejected': asset,
  'stock.low_reached': z.object({}).catchall(z.unknown()),

  'ci.created': ci,
  'ci.updated': ci,
  'ci.audited': ci,
  'ci.state_changed': ci,
  'ci.related': ci,
  'ci.unrelated': ci,
  'ci.unauthorized_change_detected': z.object({ ciId: id, version: z.number().int(), actorId: id }),

  'knowledge.created': z.object({ articleId: id, state: z.string() }),
  'knowledge.updated': z.object({ articleId: id }),
  'knowledge.submitted': article,
  'knowledge.published': article,
  'knowledge.rejected': article,
  'knowledge.retired': article,
  'knowledge.restored': article,
  'knowledge.feedback_given': z.object({ articleId: id, useful: z.boolean() }),
  'knowledge.review_reminded': z.object({
    articleId: id,
    ownerId: id.nullable(),
    title: z.string(),
    reviewDate: z.string().nullable(),
  }),

  'calendar.changed': z.object({ calendarId: id }),

  ...registerEvents('mailbox'),
  ...registerEvents('robot'),
  ...registerEvents('webhook'),
  ...registerEvents('integration'),
  ...registerEvents('canned_reply'),
  ...registerEvents('ola'),
  ...registerEvents('organization'),
  ...registerEvents('support_group'),
  ...registerEvents('category'),
  ...registerEvents('service'),
  ...registerEvents('saved_view'),
  ...registerEvents('catalog_item'),
  ...registerEvents('stock_item'),
} as const;

/**
 * Events a module declares in its own file (`packages/core/src/modules/<module>.ts`) with
 * `defineEvents`, typed by adding them to this interface, so a new module edits no list here:
 *
 *   export const supplierEvents = defineEvents({ ...registerEvents('supplier') });
 *   declare module '../events.js' { interface ModuleEvents extends EventsOf<typeof supplierEvents> {} }
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by modules through declaration merging
export interface ModuleEvents {}
/** An object type with the statically known members an interface may extend. */
export type EventsOf<E> = { [K in keyof E]: E[K] };

type Catalogue = typeof CORE_EVENTS & ModuleEvents;
export const DOMAIN_EVENTS: Catalogue = { ...CORE_EVENTS } as Catalogue;

export type DomainEventType = keyof Catalogue & string;
export type DomainEventPayload<T extends DomainEventType> = Catalogue[T] extends z.ZodType
  ? z.input<Catalogue[T]>
  : never;
/** Events whose payload is the changed core fields of a record: what `updateRecord` may emit. */
export type RecordChangeEvent = {
  [K in DomainEventType]: Catalogue[K] extends typeof changes ? K : never;
}[DomainEventType];

/** Every event of the catalogue, read when asked: modules add theirs as their files load. */
export function domainEventTypes(): DomainEventType[] {
  return Object.keys(DOMAIN_EVENTS) as DomainEventType[];
}

export function isDomainEventType(type: string): type is DomainEventType {
  return Object.hasOwn(DOMAIN_EVENTS, type);
}

/** Adds a module's events to the catalogue when its file is first imported; a name may be defined once. */
export function defineEvents<const E extends Record<string, z.ZodType>>(events: E): E {
  const catalogue = DOMAIN_EVENTS as unknown as Record<string, z.ZodType>;
  for (const [name, schema] of Object.entries(events)) {
    if (catalogue[name] !== undefined && catalogue[name] !== schema) throw new Error(`event ${name} is defined twice`);
    catalogue[name] = schema;
  }
  return events;
}

/** Names before the catalogue (the audit action or an ad-hoc string), for stored webhook filters. */
export const RENAMED_EVENTS: Readonly<Record<string, DomainEventType>> = {
  'incident.take': 'incident.taken',
  'incident.assign': 'incident.assigned',
  'incident.classify': 'incident.classified',
  'incident.hold': 'incident.held',
  'incident.resume': 'incident.resumed',
  'incident.resolve': 'incident.resolved',
  'incident.reopen': 'incident.reopened',
  'incident.archive': 'incident.archived',
  'incident.cancel': 'incident.cancelled',
  'incident.route': 'incident.routed',
  'incident.transfer': 'incident.transferred',
  'incident.merge': 'incident.merged',
  'incident.auto_confirm_notice': 'incident.auto_confirm_notified',
  'incident.major_update': 'incident.major_update_posted',
  'sla.warning': 'sla.warned',
  'stock.low': 'stock.low_reached',
  'ci.create': 'ci.created',
  'ci.update': 'ci.updated',
  'ci.audit': 'ci.audited',
  'ci.state': 'ci.state_changed',
  'ci.relate': 'ci.related',
  'ci.unrelate': 'ci.unrelated',
  'ci.unauthorized_change': 'ci.unauthorized_change_detected',
  'knowledge.submit': 'knowledge.submitted',
  'knowledge.reject': 'knowledge.rejected',
  'knowledge.retire': 'knowledge.retired',
  'knowledge.restore': 'knowledge.restored',
  'knowledge.feedback': 'knowledge.feedback_given',
  'knowledge.review_due': 'knowledge.review_reminded',
  'asset.receive': 'asset.received',
  'asset.issue': 'asset.issued',
  'asset.return': 'asset.returned',
  'asset.transfer': 'asset.transferred',
  'asset.repair': 'asset.sent_to_repair',
  'asset.dispose': 'asset.disposal_requested',
  'problem.analyse': 'problem.analysed',
  'problem.declare_known_error': 'problem.known_error_declared',
  'problem.start_fix': 'problem.fix_started',
  'problem.resolve': 'problem.resolved',
  'problem.reopen': 'problem.reopened',
  'problem.close': 'problem.closed',
  'problem.update': 'problem.updated',
};
