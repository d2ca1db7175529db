import type { FastifyRequest } from 'fastify';
import type { Actor } from '../context.js';
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

export interface PolicyDefinition<A extends string = string, S = void> {
  resource: string;
  actions: Record<A, Rule<S>>;
  /**
   * Actions whose rule needs no subject, so they can be decided for the session as a whole
   * (sent to the web as abilities) and checked by `requireAbility` before the handler runs.
   * Defaults to every action when the policy has no subject type.
   */
  global?: readonly A[];
}

// biome-ignore lint/suspicious/noEmptyInterface: augmented by each module's policy file
export interface PolicyRegistry {}

export type Resource = keyof PolicyRegistry & string;
export type ActionOf<R extends Resource> = PolicyRegistry[R] extends PolicyDefinition<infer A, infer _S> ? A : never;
/** The arguments after the action: none for a subject-less policy, else the subject. */
// biome-ignore lint/suspicious/noConfusingVoidType: void marks a policy without a subject type
type SubjectArgs<R extends Resource> = [SubjectOf<R>] extends [void] ? [] : [SubjectOf<R>];
export type SubjectOf<R extends Resource> = PolicyRegistry[R] extends PolicyDefinition<infer _A, infer S> ? S : never;

const policies = new Map<string, PolicyDefinition<string, unknown>>();

export function definePolicy<const A extends string, S = void>(
  resource: string,
  definition: Omit<PolicyDefinition<A, S>, 'resource'>,
): PolicyDefinition<A, S> {
  const policy = { resource, ...definition };
  if (policies.has(resource)) throw new Error(`policy ${resource} defined twice`);
  policies.set(resource, policy as unknown as PolicyDefinition<string, unknown>);
  return policy;
}

export function registeredPolicies(): PolicyDefinition<string, unknown>[] {
  return [...policies.values()];
}

/** Deny by default: an unknown resource or action is a "no". */
export function can<R extends Resource>(
  actor: Actor | null,
  resource: R,
  action: ActionOf<R>,
  ...subject: SubjectArgs<R>
): boolean {
  if (!actor) return false;
  const rule = policies.get(resource)?.actions[action];
  return rule ? rule(actor, subject[0]) : false;
}

/** Throws the 403 a route answers when the policy says no. */
export function authorize<R extends Resource>(
  actor: Actor | null,
  resource: R,
  action: ActionOf<R>,
  ...subject: SubjectArgs<R>
): void {
  if (!can(actor, resource, action, ...subject)) throw new AppError('error.forbidden');
}

/**
 * A Fastify pre-handler for a route's options: `{ preHandler: requireAbility('sla', 'manage') }`.
 * Only for subject-less actions; record actions are checked on the loaded record.
 */
export function requireAbility<R extends Resource>(resource: R, action: ActionOf<R>) {
  return async (request: FastifyRequest) => {
    if (!request.actor) throw new AppError('error.unauthenticated');
    const rule = policies.get(resource)?.actions[action];
    if (!rule?.(request.actor, undefined)) throw new AppError('error.forbidden');
  };
}

/** The session's abilities: every subject-less action of every policy, as `resource.action` → allowed. */
export function abilitiesOf(actor: Actor): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const policy of policies.values()) {
    const names = policy.global ?? Object.keys(policy.actions);
    for (const action of names) out[`${policy.resource}.${action}`] = policy.actions[action]!(actor, undefined);
  }
  return out;
}
