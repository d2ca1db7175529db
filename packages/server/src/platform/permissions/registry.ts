import type { FastifyRequest } from 'fastify';
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Actor } from '../context.js';
import type { Database } from '../db/schema.js';
import { AppError } from '../errors.js';

/**
 * One registry of who may do what. A module declares a policy per resource with `definePolicy`
 * and registers its type by augmenting `PolicyRegistry`:
 *
 *   export const slaPolicy = definePolicy('sla', { actions: { list: isStaff, manage: isAdmin } });
 *   declare module '../../platform/permissions/registry.js' {
 *     interface PolicyRegistry { sla: typeof slaPolicy }
 *   }
 *
 * so `can(actor, 'sla', 'manage')` with a wrong resource or action does not compile. Rules that
 * need no subject are the session's abilities: the web shows what is allowed and never tests a role.
 */

/** A rule: the actor alone decides it when it takes no subject; otherwise it is asked about one. */
export type Rule<S> = (actor: Actor, subject: S) => boolean;

/**
 * The SQL twin of a policy's `view` rule: lists filter with `where`, so rows the actor may not see
 * never leave the database. `subjectOf` turns a row of `table` into the subject `view` judges, which
 * lets one architecture test (test/api/policy-scope.test.ts) check both agree on seeded data.
 */
export type TableName = keyof Database & string;

export interface PolicyScope<S, T extends TableName = TableName> {
  table: T;
  where: (actor: Actor) => (eb: ExpressionBuilder<Database, T>) => Expression<SqlBool>;
  /** May read related rows (watchers, members) that the subject carries. */
  subjectOf: (row: Selectable<Database[T]>, db: Kysely<Database>) => S | Promise<S>;
}

export interface PolicyDefinition<A extends string = string, S = void, G extends A = A> {
  resource: string;
  actions: Record<A, Rule<S>>;
  /**
   * Actions whose rule needs no subject, so they can be decided for the session as a whole
   * (sent to the web as abilities) and checked by `requireAbility` before the handler runs.
   * Defaults to every action when the policy has no subject type; a policy with a subject lists
   * them (possibly none).
   */
  global?: readonly G[];
  /** Only with a `view` action: its SQL twin. */
  // biome-ignore lint/suspicious/noExplicitAny: each policy scopes its own table
  scope?: PolicyScope<S, any>;
}

// biome-ignore lint/suspicious/noEmptyInterface: augmented by each module's policy file
export interface PolicyRegistry {}

export type Resource = keyof PolicyRegistry & string;
export type ActionOf<R extends Resource> =
  PolicyRegistry[R] extends PolicyDefinition<infer A, infer _S, infer _G> ? A : never;
export type SubjectOf<R extends Resource> =
  PolicyRegistry[R] extends PolicyDefinition<infer _A, infer S, infer _G> ? S : never;
/** The actions decided without a subject: all of a subject-less policy's, else those listed in `global`. */
export type GlobalActionOf<R extends Resource> = [SubjectOf<R>] extends [void]
  ? ActionOf<R>
  : PolicyRegistry[R] extends PolicyDefinition<infer _A, infer _S, infer G>
    ? G
    : never;
/** The arguments after the action: none for a subject-less action, else the subject. */
type SubjectArgs<R extends Resource, X extends ActionOf<R>> = X extends GlobalActionOf<R> ? [] : [SubjectOf<R>];
/** Every `resource.action` the session may be asked about, e.g. `'sla.manage'`. */
export type Ability = { [R in Resource]: `${R}.${GlobalActionOf<R> & string}` }[Resource];

const policies = new Map<string, PolicyDefinition<string, unknown>>();

export function definePolicy<const A extends string, S = void, const G extends A = never, T extends TableName = never>(
  resource: string,
  definition: Omit<PolicyDefinition<A, S, G>, 'resource' | 'scope'> & { scope?: PolicyScope<S, T> },
): PolicyDefinition<A, S, G> {
  const policy = { resource, ...definition };
  if (policies.has(resource)) throw new Error(`policy ${resource} defined twice`);
  if (definition.scope && !('view' in definition.actions))
    throw new Error(`policy ${resource}: a scope needs a view rule`);
  policies.set(resource, policy as unknown as PolicyDefinition<string, unknown>);
  return policy;
}

export function registeredPolicies(): PolicyDefinition<string, unknown>[] {
  return [...policies.values()];
}

/** The policies that carry a SQL twin of their `view` rule (what test/api/policy-scope.test.ts checks). */
export function scopedPolicies(): (PolicyDefinition<string, unknown> & { scope: PolicyScope<unknown> })[] {
  return registeredPolicies().filter((p): p is PolicyDefinition<string, unknown> & { scope: PolicyScope<unknown> } =>
    Boolean(p.scope),
  );
}

/** Deny by default: an unknown resource or action is a "no". */
export function can<R extends Resource, X extends ActionOf<R>>(
  actor: Actor | null,
  resource: R,
  action: X,
  ...subject: SubjectArgs<R, X>
): boolean {
  if (!actor) return false;
  const rule = policies.get(resource)?.actions[action];
  return rule ? rule(actor, subject[0]) : false;
}

/** Throws the 403 a route answers when the policy says no. */
export function authorize<R extends Resource, X extends ActionOf<R>>(
  actor: Actor | null,
  resource: R,
  action: X,
  ...subject: SubjectArgs<R, X>
): void {
  if (!can(actor, resource, action, ...subject)) throw new AppError('error.forbidden');
}

/**
 * A Fastify pre-handler for a route's options: `{ preHandler: requireAbility('sla', 'manage') }`.
 * Only for subject-less actions; record actions are checked on the loaded record.
 */
export function requireAbility<R extends Resource>(resource: R, action: GlobalActionOf<R>) {
  return async (request: FastifyRequest) => {
    if (!request.actor) throw new AppError('error.unauthenticated');
    const rule = policies.get(resource)?.actions[action];
    if (!rule?.(request.actor, undefined)) throw new AppError('error.forbidden');
  };
}

/** The session's abilities: every subject-less action of every policy, as `resource.action` → allowed. */
export function abilitiesOf(actor: Actor): Partial<Record<Ability, boolean>> {
  const out: Record<string, boolean> = {};
  for (const policy of policies.values()) {
    const names = policy.global ?? Object.keys(policy.actions);
    for (const action of names) out[`${policy.resource}.${action}`] = policy.actions[action]!(actor, undefined);
  }
  return out;
}
