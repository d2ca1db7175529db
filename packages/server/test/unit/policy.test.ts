import type { IncidentState } from '@trellis/core';
import { describe, expect, it } from 'vitest';
import '../../src/modules/index.js';
import { canOnRecord, incidentAbilities } from '../../src/modules/incidents/incident.policy.js';
import type { Actor } from '../../src/platform/context.js';
import {
  canViewRecord,
  globalAbilities,
  type RecordAction,
  type RecordSubject,
} from '../../src/platform/permissions/policy.js';
import { can } from '../../src/platform/permissions/registry.js';

const PROVIDER = 'org-provider';
const ORG_A = 'org-a';
const ORG_B = 'org-b';
const FINANCE_A = 'dept-finance-a';
const SALES_A = 'dept-sales-a';

function actor(id: string, fields: Partial<Actor>): Actor {
  return {
    id,
    name: id,
    role: 'requester',
    organizationId: ORG_A,
    departmentId: null,
    locale: 'zh-CN',
    groupIds: [],
    servedOrganizationIds: [],
    departmentShares: false,
    ...fields,
  };
}

const staff = (id: string, role: Actor['role'], served: string[] = []) =>
  actor(id, {
    role,
    organizationId: PROVIDER,
    groupIds: served.length ? [`group-${id}`] : [],
    servedOrganizationIds: served,
  });

/** The cast: every person differs from an allowed one in the single fact that should deny them. */
const people = {
  requester: actor('requester', { departmentId: FINANCE_A, departmentShares: true }),
  /** Same department, and the department shares records among its members. */
  colleague: actor('colleague', { departmentId: FINANCE_A, departmentShares: true }),
  /** Same department, but a department that keeps records private to their requester. */
  privateColleague: actor('private-colleague', { departmentId: FINANCE_A, departmentShares: false }),
  /** Same organisation, another (sharing) department. */
  salesPerson: actor('sales', { departmentId: SALES_A, departmentShares: true }),
  /** Same department id claimed from another organisation: sharing never crosses organisations. */
  foreignTwin: actor('foreign-twin', { organizationId: ORG_B, departmentId: FINANCE_A, departmentShares: true }),
  outsider: actor('outsider', { organizationId: ORG_B, departmentId: 'dept-b', departmentShares: true }),
  /** A requester whose served-organisation list is (wrongly) filled in: serving is for staff only. */
  requesterWithServedOrgs: actor('req-served', { departmentId: SALES_A, servedOrganizationIds: [ORG_A] }),
  agentA: staff('agent-a', 'agent', [ORG_A]),
  specialistA: staff('specialist-a', 'specialist', [ORG_B, ORG_A]),
  agentB: staff('agent-b', 'agent', [ORG_B]),
  idleAgent: staff('idle', 'agent'),
  manager: staff('manager', 'service_manager'),
  admin: staff('admin', 'admin'),
} satisfies Record<string, Actor>;
type Person = keyof typeof people;

function record(fields: Partial<RecordSubject> = {}): RecordSubject {
  return {
    organizationId: ORG_A,
    departmentId: FINANCE_A,
    requesterId: people.requester.id,
    ownerId: people.agentA.id,
    assigneeId: people.agentA.id,
    groupId: 'group-agent-a',
    state: 'in_progress',
    confirmed: false,
    ...fields,
  };
}

const EVERYONE = Object.keys(people) as Person[];
const VIEWERS: Person[] = ['requester', 'colleague', 'agentA', 'specialistA', 'manager', 'admin'];
const SERVING_STAFF: Person[] = ['agentA', 'specialistA', 'manager', 'admin'];

/** For each record rule: who is allowed on the base record; everyone else must be denied. */
const RECORD_RULES: Record<RecordAction, { allowed: Person[]; state?: IncidentState }> = {
  view: { allowed: VIEWERS },
  take: { allowed: SERVING_STAFF },
  assign: { allowed: SERVING_STAFF },
  classify: { allowed: SERVING_STAFF },
  comment: { allowed: VIEWERS },
  commentInternal: { allowed: SERVING_STAFF },
  hold: { allowed: SERVING_STAFF },
  resume: { allowed: SERVING_STAFF },
  resolve: { allowed: SERVING_STAFF },
  confirm: { allowed: ['requester'] },
  reopen: { allowed: ['requester', ...SERVING_STAFF] },
  archive: { allowed: SERVING_STAFF },
  cancel: { allowed: SERVING_STAFF },
  attach: { allowed: VIEWERS },
  watch: { allowed: SERVING_STAFF },
  link: { allowed: SERVING_STAFF },
  transfer: { allowed: SERVING_STAFF },
  escalate: { allowed: SERVING_STAFF },
  invite: { allowed: SERVING_STAFF },
  flagMajor: { allowed: SERVING_STAFF },
  majorUpdate: { allowed: SERVING_STAFF },
  merge: { allowed: SERVING_STAFF },
  logTime: { allowed: SERVING_STAFF },
};

describe('record rules', () => {
  for (const [action, { allowed }] of Object.entries(RECORD_RULES) as [RecordAction, { allowed: Person[] }][]) {
    describe(action, () => {
      const denied = EVERYONE.filter((p) => !allowed.includes(p));
      it(`allows ${allowed.join(', ')}`, () => {
        for (const person of allowed) expect(canOnRecord(people[person], action, record()), person).toBe(true);
      });
      for (const person of denied) {
        it(`denies ${person}`, () => {
          expect(canOnRecord(people[person], action, record())).toBe(false);
        });
      }
    });
  }

  it('every rule of the policy is covered here', () => {
    const abilities = incidentAbilities(people.admin, record());
    expect(Object.keys(RECORD_RULES).sort()).toEqual([...Object.keys(abilities), 'view'].sort());
  });

  describe('cancel by the requester', () => {
    it('is allowed while the incident is still pending', () => {
      expect(canOnRecord(people.requester, 'cancel', record({ state: 'pending' }))).toBe(true);
    });
    for (const state of ['in_progress', 'on_hold', 'resolved'] as const) {
      it(`is denied once it is ${state}`, () => {
        expect(canOnRecord(people.requester, 'cancel', record({ state }))).toBe(false);
      });
    }
    it('is denied to a colleague even while pending', () => {
      expect(canOnRecord(people.colleague, 'cancel', record({ state: 'pending' }))).toBe(false);
    });
  });

  it('lets a watcher see and comment publicly, but only a staff collaborator note internally', () => {
    const watched = record({ watcherIds: [people.outsider.id, people.idleAgent.id] });
    expect(canViewRecord(people.outsider, watched)).toBe(true);
    expect(canOnRecord(people.outsider, 'comment', watched)).toBe(true);
    expect(canOnRecord(people.outsider, 'commentInternal', watched)).toBe(false);
    expect(canOnRecord(people.idleAgent, 'commentInternal', watched)).toBe(false);
    const collaborating = { ...watched, collaboratorIds: [people.idleAgent.id, people.outsider.id] };
    expect(canOnRecord(people.idleAgent, 'commentInternal', collaborating)).toBe(true);
    expect(canOnRecord(people.idleAgent, 'logTime', collaborating)).toBe(true);
    // Being listed as a collaborator gives a requester nothing internal.
    expect(canOnRecord(people.outsider, 'commentInternal', collaborating)).toBe(false);
    expect(canOnRecord(people.idleAgent, 'resolve', collaborating)).toBe(false);
  });

  it('binds the requester to the reopen period, not staff', () => {
    const late = record({ state: 'resolved', reopenWindowOpen: false });
    expect(incidentAbilities(people.requester, late).reopen).toBe(false);
    expect(incidentAbilities(people.requester, { ...late, reopenWindowOpen: true }).reopen).toBe(true);
    expect(incidentAbilities(people.agentA, late).reopen).toBe(true);
  });

  it('denies a record without a department to department colleagues', () => {
    const undepartmented = record({ departmentId: null });
    expect(canViewRecord(people.colleague, undepartmented)).toBe(false);
    expect(canViewRecord(actor('nodept', { departmentId: null, departmentShares: true }), undepartmented)).toBe(false);
    expect(canViewRecord(people.requester, undepartmented)).toBe(true);
  });

  it('follows the organisation served, not the current assignee', () => {
    const elsewhere = record({ assigneeId: people.agentB.id, ownerId: people.agentB.id, groupId: 'group-agent-b' });
    expect(canOnRecord(people.agentA, 'resolve', elsewhere)).toBe(true);
    // …while being assigned gives no right to a record of an organisation one does not serve.
    const orgBRecord = record({ organizationId: ORG_B, departmentId: 'dept-b', requesterId: people.outsider.id });
    expect(canOnRecord(people.agentA, 'view', { ...orgBRecord, assigneeId: people.agentA.id })).toBe(false);
    expect(canOnRecord(people.agentB, 'view', orgBRecord)).toBe(true);
  });
});

describe('incident abilities (policy × state)', () => {
  it('offers take only while nobody has the record: not to the assignee, nor to another serving agent', () => {
    expect(incidentAbilities(people.agentA, record()).take).toBe(false);
    // Take is exclusive (issue 12): someone else's record is reassigned, not taken.
    expect(incidentAbilities(people.specialistA, record()).take).toBe(false);
    expect(incidentAbilities(people.specialistA, record({ assigneeId: null })).take).toBe(true);
  });

  it('denies actions the state forbids, even to an administrator', () => {
    const pending = incidentAbilities(people.admin, record({ state: 'pending', assigneeId: null }));
    expect(pending).toMatchObject({ hold: false, resume: false, resolve: false, archive: false, confirm: false });
    expect(pending).toMatchObject({ take: true, assign: true, cancel: true });
  });

  it('denies confirm to staff and offers it to the requester on an unconfirmed resolution', () => {
    const resolved = record({ state: 'resolved' });
    expect(incidentAbilities(people.requester, resolved).confirm).toBe(true);
    expect(incidentAbilities(people.admin, resolved).confirm).toBe(false);
    expect(incidentAbilities(people.admin, resolved).archive).toBe(false);
    expect(incidentAbilities(people.admin, { ...resolved, confirmed: true }).archive).toBe(true);
    expect(incidentAbilities(people.requester, { ...resolved, confirmed: true }).confirm).toBe(false);
    expect(incidentAbilities(people.requester, { ...resolved, confirmed: true }).reopen).toBe(false);
  });

  it('denies attach, watch and link on closed records', () => {
    for (const state of ['archived', 'cancelled'] as const) {
      const abilities = incidentAbilities(people.admin, record({ state, confirmed: state === 'archived' }));
      expect(
        Object.values(abilities).every((v) => v === false),
        state,
      ).toBe(true);
    }
    const open = incidentAbilities(people.admin, record());
    expect(open).toMatchObject({ attach: true, watch: true, link: true });
  });

  it('gives a requester nothing on a stranger’s record', () => {
    const abilities = incidentAbilities(people.outsider, record({ state: 'resolved' }));
    expect(Object.values(abilities).some(Boolean)).toBe(false);
  });
});

type AdminCase = { resource: AdminResource; action: 'list' | 'manage'; allowed: Person[] };
type AdminResource = 'organization' | 'user' | 'group' | 'category' | 'audit' | 'deskSettings';
/** The registry's `can`, asked by name as the table below lists it. */
const canAdmin = can as (actor: Actor, resource: AdminResource, action: 'list' | 'manage') => boolean;
const STAFF: Person[] = ['agentA', 'specialistA', 'agentB', 'idleAgent', 'manager', 'admin'];
const ADMIN_RULES: AdminCase[] = [
  { resource: 'organization', action: 'list', allowed: EVERYONE },
  { resource: 'organization', action: 'manage', allowed: ['admin'] },
  { resource: 'user', action: 'list', allowed: STAFF },
  { resource: 'user', action: 'manage', allowed: ['admin'] },
  { resource: 'group', action: 'list', allowed: STAFF },
  { resource: 'group', action: 'manage', allowed: ['admin'] },
  { resource: 'category', action: 'list', allowed: EVERYONE },
  { resource: 'category', action: 'manage', allowed: ['admin'] },
  { resource: 'audit', action: 'list', allowed: ['manager', 'admin'] },
  { resource: 'audit', action: 'manage', allowed: [] },
  { resource: 'deskSettings', action: 'list', allowed: STAFF },
  { resource: 'deskSettings', action: 'manage', allowed: ['admin'] },
];

describe('admin rules', () => {
  for (const { resource, action, allowed } of ADMIN_RULES) {
    describe(`${resource}.${action}`, () => {
      const denied = EVERYONE.filter((p) => !allowed.includes(p));
      if (allowed.length) {
        it(`allows ${allowed.length === EVERYONE.length ? 'everyone signed in' : allowed.join(', ')}`, () => {
          for (const person of allowed) expect(canAdmin(people[person], resource, action), person).toBe(true);
        });
      }
      for (const person of denied) {
        it(`denies ${person}`, () => {
          expect(canAdmin(people[person], resource, action)).toBe(false);
        });
      }
    });
  }

  it('a requester holding served organisations still cannot list users or groups', () => {
    expect(canAdmin(people.requesterWithServedOrgs, 'user', 'list')).toBe(false);
    expect(canAdmin(people.requesterWithServedOrgs, 'group', 'list')).toBe(false);
  });
});

describe('global abilities', () => {
  it('keeps requesters out of the console, the admin screens and the audit log', () => {
    expect(globalAbilities(people.requester)).toEqual({
      useConsole: false,
      usePortal: true,
      administer: false,
      viewAudit: false,
      reportIncident: true,
      handleFollowups: false,
    });
  });

  it('lets agents into the console only', () => {
    expect(globalAbilities(people.agentA)).toMatchObject({ useConsole: true, administer: false, viewAudit: false });
  });

  it('lets service managers read the audit log without administering', () => {
    expect(globalAbilities(people.manager)).toMatchObject({ useConsole: true, administer: false, viewAudit: true });
    expect(globalAbilities(people.manager).handleFollowups).toBe(true);
    expect(globalAbilities(people.agentA).handleFollowups).toBe(false);
  });

  it('gives administrators everything', () => {
    expect(Object.values(globalAbilities(people.admin)).every(Boolean)).toBe(true);
  });
});
