import type { Actor } from '../../platform/context.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** The problem a rule is asked about; absent for what needs no record (detection, candidates). */
export type ProblemSubject = { assignee_id: string | null } | undefined;

/** Problem management is the specialists' and managers' work; the assignee may work on theirs. */
export const canManageProblem = (a: Actor, record?: ProblemSubject) =>
  a.role === 'specialist' ||
  a.role === 'service_manager' ||
  a.role === 'admin' ||
  (!!record && record.assignee_id === a.id);

export const problemPolicy = definePolicy<'view' | 'manage', ProblemSubject>('problem', {
  actions: {
    // Problems are internal: every staff member may see them; nobody else learns they exist.
    view: (a) => isStaff(a),
    manage: canManageProblem,
  },
  global: ['view', 'manage'],
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    problem: typeof problemPolicy;
  }
}
