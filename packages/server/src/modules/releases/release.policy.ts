import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Actor } from '../../platform/context.js';
import type { Database } from '../../platform/db/schema.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { definePolicy, type PolicyDefinition } from '../../platform/permissions/registry.js';

/**
 * Who may do what with releases (§9.1.1 "发布管理的角色和责任", "发布测试和实施的授权"). The release
 * manager is a capability granted alongside the role, as the change manager is (docs/decisions/0002).
 */
export const isReleaseManager = (a: Actor) =>
  a.role === 'admin' || a.capabilities?.includes('release_manager') === true;

export type ReleaseSubject =
  | {
      organizationId: string;
      assigneeId: string | null;
      groupId: string | null;
      /** The customer's representatives named on the release (they accept it in the portal). */
      customerRepIds: readonly string[];
      /** Owners of the services it releases (they accept it for the provider). */
      serviceOwnerIds: readonly string[];
      /** Owners of its deployment activities. */
      siteOwnerIds: readonly string[];
    }
  | undefined;

const views = (a: Actor, s: ReleaseSubject) => isStaff(a) || (!!s && s.organizationId === a.organizationId);
const worksOn = (a: Actor, s: ReleaseSubject) =>
  !!s && isStaff(a) && (s.assigneeId === a.id || (s.groupId !== null && a.groupIds.includes(s.groupId)));

export type ReleasePolicyAction = 'view' | 'list' | 'create' | 'manage' | 'test' | 'accept' | 'deploy' | 'grant';

export const releasePolicy = definePolicy<ReleasePolicyAction, ReleaseSubject, 'list' | 'create' | 'grant'>('release', {
  actions: {
    view: views,
    list: (a) => isStaff(a) || a.role === 'requester',
    create: (a) => isReleaseManager(a) || a.role === 'service_manager',
    manage: (a, s) => isReleaseManager(a) || a.role === 'service_manager' || worksOn(a, s),
    // Testers are the provider's staff; the test records are tracked, whoever writes them.
    test: (a, s) => views(a, s) && isStaff(a),
    accept: (a, s) =>
      isReleaseManager(a) || (!!s && (s.serviceOwnerIds.includes(a.id) || s.customerRepIds.includes(a.id))),
    deploy: (a, s) => isReleaseManager(a) || worksOn(a, s) || (!!s && isStaff(a) && s.siteOwnerIds.includes(a.id)),
    grant: (a) => a.role === 'admin',
  },
  global: ['list', 'create', 'grant'],
});

/** The SQL twin of `view`: staff see every release; anyone else only their organisation's. */
export function visibleReleases(actor: Actor) {
  return (eb: ExpressionBuilder<Database, 'work_records'>): Expression<SqlBool> =>
    isStaff(actor) ? eb.lit(true) : eb('work_records.organization_id', '=', actor.organizationId);
}

/** The definitive software library: staff consult it, release managers keep it. */
export const dslPolicy = definePolicy('dsl', {
  actions: { list: (a: Actor) => isStaff(a), manage: (a: Actor) => isReleaseManager(a) },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    release: typeof releasePolicy;
    dsl: typeof dslPolicy;
  }
}

export const releaseRecordPolicy = releasePolicy as unknown as PolicyDefinition<ReleasePolicyAction, ReleaseSubject>;
