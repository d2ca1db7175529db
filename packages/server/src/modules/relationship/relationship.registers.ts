import {
  CreateCustomerContract,
  CreateServiceReview,
  CustomerContract,
  ServiceReview,
  UpdateCustomerContract,
  UpdateServiceReview,
} from '@trellis/core/modules/relationship';
import type { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isStaff } from '../../platform/permissions/policy.js';
import { defineRegister, type RegisterDefinition, registerService } from '../../platform/register.js';

const DAY = 86_400_000;
const today = () => nowIso().slice(0, 10);
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Staff see every customer's; a customer manager only their own organisation's; other requesters nothing. */
const customerScope =
  (table: 'customer_contracts' | 'service_reviews') =>
  ({ actor }: { actor: Actor }) =>
    isStaff(actor)
      ? null
      : // biome-ignore lint/suspicious/noExplicitAny: the register kit's expression builder is untyped
        (eb: any) =>
          eb.exists(
            eb
              .selectFrom('customer_managers')
              .select('customer_managers.user_id')
              .where('customer_managers.user_id', '=', actor.id)
              .whereRef('customer_managers.organization_id', '=', `${table}.organization_id`),
          );

const common = {
  tags: ['relationship'],
  policy: { resource: 'customer_relationship', read: 'read', write: 'write' },
  refs: { organizationId: { table: 'organizations' } },
  auditOrganization: (row) => row.organization_id as string,
} satisfies Partial<RegisterDefinition>;

export const contractRegister = defineRegister<
  CustomerContract,
  z.infer<typeof CreateCustomerContract>,
  z.infer<typeof UpdateCustomerContract>
>({
  ...common,
  name: 'customer_contract',
  table: 'customer_contracts',
  path: '/api/v1/customer-contracts',
  schemas: { item: CustomerContract, create: CreateCustomerContract, update: UpdateCustomerContract },
  scope: customerScope('customer_contracts'),
  order: [{ column: 'number' }],
  search: ['number', 'name'],
  filters: {
    organizationId: { column: 'organization_id' },
    active: { column: 'active', parse: (v: string) => (v === 'true' ? 1 : 0) },
  },
  lifecycle: {
    archive: { column: 'active', value: 0 },
    async check(_verb, { db }, input, before) {
      const services = (input as { services?: { serviceId: string }[] }).services ?? [];
      for (const [i, s] of services.entries()) {
        const found = await db.selectFrom('services').select('id').where('id', '=', s.serviceId).executeTakeFirst();
        if (!found)
          throw new AppError('error.validation', {}, [
            { path: ['services', i, 'serviceId'], message: 'no such service' },
          ]);
      }
      void before;
    },
  },
  toApi: (row) => {
    const renewalDue =
      row.active === 1 && row.renewal_on !== null && addDays(row.renewal_on, -row.renewal_reminder_days) <= today();
    return {
      id: row.id,
      number: row.number,
      organizationId: row.organization_id,
      name: row.name,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      services: JSON.parse(row.services_json),
      reportCycle: row.report_cycle,
      contacts: JSON.parse(row.contacts_json),
      value: row.value === null ? null : Number(row.value),
      currency: row.currency,
      renewalOn: row.renewal_on,
      renewalReminderDays: row.renewal_reminder_days,
      renewalDue,
      active: row.active === 1,
    };
  },
  toRow: {
    create: (input) => ({
      number: input.number,
      organization_id: input.organizationId,
      name: input.name,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      services_json: JSON.stringify(input.services),
      report_cycle: input.reportCycle,
      contacts_json: JSON.stringify(input.contacts),
      value: input.value,
      currency: input.currency,
      renewal_on: input.renewalOn,
      renewal_reminder_days: input.renewalReminderDays,
      reminded_for: null,
      active: 1,
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input, before) => {
      if ((input.startsOn ?? before.starts_on) > (input.endsOn ?? before.ends_on))
        throw new AppError('error.validation', {}, [{ path: ['endsOn'], message: 'contract.period_reversed' }]);
      return {
        number: input.number,
        name: input.name,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        services_json: input.services === undefined ? undefined : JSON.stringify(input.services),
        report_cycle: input.reportCycle,
        contacts_json: input.contacts === undefined ? undefined : JSON.stringify(input.contacts),
        value: input.value,
        currency: input.currency,
        renewal_on: input.renewalOn,
        renewal_reminder_days: input.renewalReminderDays,
        active: input.active === undefined ? undefined : input.active ? 1 : 0,
        updated_at: nowIso(),
      };
    },
  },
});

/** The customer's figures of the cycle before the meeting: what the agenda opens with (from that customer's report). */
export async function agendaFor(db: Db, organizationId: string, scheduledOn: string, cycle: 'monthly' | 'quarterly') {
  const from = `${addDays(scheduledOn, cycle === 'monthly' ? -30 : -91)}T00:00:00.000Z`;
  const to = `${scheduledOn}T00:00:00.000Z`;
  const records = await db
    .selectFrom('work_records')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('created'), eb.fn.count<number>('closed_at').as('closed')])
    .where('organization_id', '=', organizationId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .groupBy('kind')
    .execute();
  const survey = await db
    .selectFrom('survey_responses')
    .select((eb) => [
      eb.fn.count<number>('score').as('scored'),
      eb.fn.count<number>('id').filterWhere('score', '>=', 4).as('satisfied'),
    ])
    .where('organization_id', '=', organizationId)
    .where('state', '=', 'answered')
    .where('answered_at', '>=', from)
    .where('answered_at', '<', to)
    .executeTakeFirstOrThrow();
  const count = (kind: string, column: 'created' | 'closed') =>
    Number(records.find((r) => r.kind === kind)?.[column] ?? 0);
  const share = Number(survey.scored)
    ? `${Math.round((Number(survey.satisfied) / Number(survey.scored)) * 1000) / 10}%`
    : '—';
  return [
    `1. 服务绩效 / Performance (${from.slice(0, 10)} – ${scheduledOn})`,
    `   事件 Incidents: ${count('incident', 'created')} (关闭 closed ${count('incident', 'closed')})`,
    `   服务请求 Requests: ${count('request', 'created')} (关闭 closed ${count('request', 'closed')})`,
    `   投诉 Complaints: ${count('complaint', 'created')}`,
    `   满意率 Satisfied (≥4): ${share} / 目标 target 80%`,
    '2. 服务范围与 SLA 变更 / Scope and SLA changes',
    '3. 合同与业务变化 / Contract and business changes',
    '4. 改进行动计划 / Action plan',
  ].join('\n');
}

type ReviewInput = z.infer<typeof UpdateServiceReview>;
const withIds = <T extends { id?: string }>(items: T[]) => items.map((i) => ({ ...i, id: i.id ?? newId() }));

export const reviewRegister = defineRegister<ServiceReview, z.infer<typeof CreateServiceReview>, ReviewInput>({
  ...common,
  name: 'service_review',
  table: 'service_reviews',
  path: '/api/v1/service-reviews',
  schemas: { item: ServiceReview, create: CreateServiceReview, update: UpdateServiceReview },
  scope: customerScope('service_reviews'),
  order: [{ column: 'scheduled_on', direction: 'desc' }],
  search: ['title'],
  filters: { organizationId: { column: 'organization_id' } },
  lifecycle: {
    archive: 'delete',
    async check(verb, _ctx, input, before) {
      if (verb !== 'update' || !before) return;
      const review = input as ReviewInput;
      // A review closes when its action items are done (行动项闭环).
      if (review.state === 'closed') {
        const actions = review.actions ?? (JSON.parse(before.actions_json) as { done: boolean }[]);
        if (actions.some((a) => !a.done)) throw new AppError('review.actions_open');
      }
    },
  },
  toApi: (row) => ({
    id: row.id,
    organizationId: row.organization_id,
    title: row.title,
    scheduledOn: row.scheduled_on,
    cycle: row.cycle,
    attendees: JSON.parse(row.attendees_json),
    agenda: row.agenda,
    minutes: row.minutes,
    decisions: row.decisions,
    actions: JSON.parse(row.actions_json),
    changeRequests: JSON.parse(row.change_requests_json),
    state: row.state,
  }),
  toRow: {
    create: async (input, { db }) => ({
      organization_id: input.organizationId,
      title: input.title,
      scheduled_on: input.scheduledOn,
      cycle: input.cycle,
      attendees_json: JSON.stringify(input.attendees),
      agenda: input.agenda || (await agendaFor(db, input.organizationId, input.scheduledOn, input.cycle)),
      minutes: '',
      decisions: '',
      actions_json: '[]',
      change_requests_json: '[]',
      state: 'scheduled',
      created_at: nowIso(),
      updated_at: nowIso(),
    }),
    update: (input) => ({
      title: input.title,
      scheduled_on: input.scheduledOn,
      attendees_json: input.attendees === undefined ? undefined : JSON.stringify(input.attendees),
      agenda: input.agenda,
      minutes: input.minutes,
      decisions: input.decisions,
      actions_json: input.actions === undefined ? undefined : JSON.stringify(withIds(input.actions)),
      change_requests_json:
        input.changeRequests === undefined ? undefined : JSON.stringify(withIds(input.changeRequests)),
      state: input.state,
      updated_at: nowIso(),
    }),
  },
});

export const customerContracts = registerService(contractRegister);
export const serviceReviews = registerService(reviewRegister);

/** The renewal reminder (daily): once per renewal date, when it comes within the contract's reminder period. */
export async function remindRenewals(tx: Tx): Promise<number> {
  const due = await tx.db
    .selectFrom('customer_contracts')
    .selectAll()
    .where('active', '=', 1)
    .where('renewal_on', 'is not', null)
    .execute();
  let reminded = 0;
  for (const c of due) {
    if (!c.renewal_on || c.reminded_for === c.renewal_on) continue;
    if (addDays(c.renewal_on, -c.renewal_reminder_days) > today()) continue;
    await tx.db.updateTable('customer_contracts').set({ reminded_for: c.renewal_on }).where('id', '=', c.id).execute();
    await audit(tx, {
      action: 'customer_contract.renewal_due',
      entityType: 'customer_contract',
      entityId: c.id,
      organizationId: c.organization_id,
      after: { renewalOn: c.renewal_on },
    });
    tx.emit('customer_contract.renewal_due', {
      organizationId: c.organization_id,
      payload: { id: c.id, renewalOn: c.renewal_on },
    });
    reminded++;
  }
  return reminded;
}
