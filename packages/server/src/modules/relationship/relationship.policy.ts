import type { Actor } from '../../platform/context.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { definePolicy } from '../../platform/permissions/registry.js';

/** Quality and relationship work is the service managers' (and admins'). */
export const isRelationshipManager = (a: Actor) => a.role === 'service_manager' || a.role === 'admin';

export const surveyPolicy = definePolicy('survey', {
  actions: {
    /** Design surveys, start campaigns, read every result. */
    design: isRelationshipManager,
    /** Results of the whole provider; customer managers read their own organisation's through the portal. */
    results: (a: Actor) => isRelationshipManager(a) || a.role === 'specialist',
    /** Low-score follow-ups: close them with a note or turn them into complaints. */
    followup: isRelationshipManager,
    /** Anyone signed in may answer what they were asked. */
    answer: (a: Actor) => Boolean(a.id),
  },
});

/** The complaint a rule is asked about. */
export type ComplaintSubject =
  | { assigneeId: string | null; aboutPersonId: string | null; sharedWithSubject: boolean; requesterId: string }
  | undefined;

export const complaintPolicy = definePolicy<
  'create' | 'log' | 'manage' | 'handle' | 'customers',
  ComplaintSubject,
  'create' | 'log' | 'manage' | 'customers'
>('complaint', {
  actions: {
    /** Anyone signed in may complain (from the portal). */
    create: (a) => Boolean(a.id),
    /** Staff log complaints received by phone, mail or in a review, on someone's behalf. */
    log: isStaff,
    /** Assign, escalate, share with the person complained about, register customer managers. */
    manage: isRelationshipManager,
    /** Investigate, respond, record actions and close: the managers and the assigned handler. */
    handle: (a, c) =>
      isRelationshipManager(a) || (isStaff(a) && !!c && c.assigneeId === a.id && c.aboutPersonId !== a.id),
    customers: isRelationshipManager,
  },
  global: ['create', 'log', 'manage', 'customers'],
});

/** Customer contracts and service reviews: staff and customer managers read (the register scopes rows), managers write. */
export const customerRelationshipPolicy = definePolicy('customer_relationship', {
  actions: { read: (a: Actor) => Boolean(a.id), write: isRelationshipManager },
});

declare module '../../platform/permissions/registry.js' {
  interface PolicyRegistry {
    customer_relationship: typeof customerRelationshipPolicy;
    survey: typeof surveyPolicy;
    complaint: typeof complaintPolicy;
  }
}
