import { createHash } from 'node:crypto';
import {
  catalogues,
  type DomainEventType,
  isLocale,
  type Locale,
  type MessageKey,
  type NotificationEvent,
  translate,
} from '@trellis/core';
import { sql } from 'kysely';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { DomainEvent } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { findRecordKind, recordKinds, recordLink } from '../../platform/record-kinds.js';
import type { CommittedEvent } from '../../platform/subscribers.js';
import { getGroups } from '../directory/index.js';
import { findRecordRow, timelineOf, type WorkRecord, watchersOf } from '../records/index.js';
import { getChannelOptions, getSmtpSettings } from './channel.settings.js';
import { loadTemplate, renderTemplate, type TemplateVars } from './templates.js';

/** Whether some record kind notifies people of this event (each kind's `notify` map says which). */
export function notifies(type: DomainEventType): boolean {
  return recordKinds().some((kind) => kind.notify?.[type] !== undefined);
}

/** Sent at once; everything else waits for the coalescing window so that a burst becomes one mail. */
const IMMEDIATE: NotificationEvent[] = ['acknowledgement', 'sla_breached'];

export const DELIVERY_ATTEMPTS = 6;

export type DispatchPayload = CommittedEvent;

/** A notification entry inside a delivery: its dedupe key, its event and the values its template needs. */
export interface DeliveryEntry {
  key: string;
  event: NotificationEvent;
  vars: TemplateVars;
}

interface Person {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  role: string;
  active: boolean;
}

async function people(db: Db, ids: (string | null | undefined)[]): Promise<Person[]> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (!wanted.length) return [];
  const rows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'locale', 'role', 'active'])
    .where('id', 'in', wanted)
    .execute();
  return rows.map((r) => ({ ...r, locale: isLocale(r.locale) ? r.locale : 'zh-CN', active: r.active === 1 }));
}

const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));

/** A state's name: incidents use the shared `state.*` words, other kinds their own `<kind>.state.*`. */
function stateLabel(locale: Locale, kind: string, state: string): string {
  const key = [`state.${state}`, `${kind}.state.${state}`].find((k) => k in catalogues[locale]);
  return key ? translate(locale, key as MessageKey) : state;
}

/** Webhooks and notifications for one event (jobs queued before the outbox carry both). */
export async function dispatchEvent(db: Db, event: DispatchPayload): Promise<number> {
  return (await queueWebhooks(db, event)) + (await dispatchNotification(db, event));
}

/** Works out who hears about an event, in which words, and queues one durable delivery per person and channel. */
export async function dispatchNotification(db: Db, event: DispatchPayload): Promise<number> {
  let queued = 0;
  const recordId = event.recordId ?? text(event.payload?.recordId);
  if (!recordId) return queued;
  const record = await findRecordRow(db, recordId);
  if (!record) return queued;
  const notification = findRecordKind(record.kind)?.notify?.[event.type];
  if (!notification) return queued;
  const payload = event.payload ?? {};
  const options = await getChannelOptions(db);
  const [group] = record.group_id ? await getGroups(db, [record.group_id]) : [];
  const base = await people(db, [record.requester_id, record.assignee_id]);
  const requester = base.find((p) => p.id === record.requester_id);
  const assignee = base.find((p) => p.id === record.assignee_id);
  const vars: TemplateVars = {
    number: record.number,
    title: record.title,
    requester: requester?.name ?? '',
    assignee: assignee?.name ?? '',
    group: group?.name ?? '',
  };
  let recipients: string[] = [];
  /** Words that depend on the reader's language, beyond state and level. */
  let localized: (locale: Locale) => TemplateVars = () => ({});
  let key = `${notification}:${record.id}`;
  const timeline = async (internal: boolean) =>
    (await timelineOf(db, record.id, internal)).filter((e) => e.at <= event.at);
  switch (notification) {
    case 'acknowledgement':
      recipients = [record.requester_id];
      break;
    case 'assigned': {
      const assigneeId = text(payload.assignee_id) || null;
      if (!assigneeId) return queued;
      recipients = [assigneeId];
      key += `:${assigneeId}:${record.version}`;
      break;
    }
    case 'comment': {
      const visibility = payload.visibility === 'internal' ? 'internal' : 'public';
      // The event names its comment; older events without an id fall back to the latest one.
      const comments = (await timeline(true)).filter((e) => e.type === 'comment' && e.visibility === visibility);
      const entry = comments.find((e) => e.id === payload.commentId) ?? comments.pop();
      if (!entry) return queued;
      vars.comment = entry.body ?? '';
      vars.author = entry.actor_name ?? '';
      key += `:${entry.id}`;
      const watchers = (await watchersOf(db, record.id)).map((w) => w.id);
      // Only public comments reach the requester; internal notes stay among staff.
      recipients = [visibility === 'public' ? record.requester_id : null, record.assignee_id, ...watchers].filter(
        (id): id is string => Boolean(id) && id !== entry.actor_id,
      );
      break;
    }
    case 'state_changed': {
      const state = text(payload.state) || record.state;
      const entry = (await timeline(false)).filter((e) => JSON.parse(e.data_json).to === state).pop();
      vars.note = entry?.body ?? '';
      key += `:${state}:${entry?.id ?? record.version}`;
      recipients = [record.requester_id];
      break;
    }
    case 'confirmation_request': {
      const entry = (await timeline(false)).filter((e) => e.type === 'resolved').pop();
      vars.solution = text(entry ? JSON.parse(entry.data_json).solution : '');
      key += `:${entry?.id ?? record.version}`;
      recipients = [record.requester_id];
      break;
    }
    case 'sla_warning':
    case 'sla_breached': {
      const metric = text(payload.metric);
      vars.metric = metric;
      if (['response', 'resolution', 'ola'].includes(metric))
        localized = (locale) => ({ metric: translate(locale, `sla.metric_in_text.${metric}` as MessageKey) });
      vars.threshold = text(payload.threshold);
      vars.dueAt = text(payload.dueAt);
      key += `:${vars.metric}:${vars.threshold}:${vars.dueAt}`;
      recipients = [record.assignee_id ?? record.owner_id, group?.managerId].filter((id): id is string => Boolean(id));
      break;
    }
    case 'survey':
      recipients = [record.requester_id];
      break;
    case 'major_update': {
      vars.message = text(payload.message ?? payload.summary ?? payload.body);
      key += `:${createHash('sha256').update(JSON.stringify(payload)).digest('hex').slice(0, 16)}`;
      const watchers = (await watchersOf(db, record.id)).map((w) => w.id);
      recipients = [record.requester_id, record.assignee_id, ...watchers].filter((id): id is string => Boolean(id));
      break;
    }
    case 'approval_requested': {
      const approverId = text(payload.approverId);
      const [approver] = await people(db, [approverId]);
      if (!approver) return queued;
      vars.approver = approver.name;
      vars.step = text(payload.step);
      key += `:${text(payload.approvalId)}`;
      recipients = [approver.id];
      break;
    }
    case 'task_assigned': {
      const [taskGroup] = await getGroups(db, [text(payload.groupId)]);
      if (!taskGroup) return queued;
      vars.group = taskGroup.name;
      const name = text(payload.name);
      const nameEn = text(payload.nameEn) || name;
      localized = (locale) => ({ task: locale === 'en-US' ? nameEn : name });
      // A stage opened again (delivery rejected) is news again; a retried job is not.
      key += `:${text(payload.taskId)}:${event.at}`;
      recipients = taskGroup.memberIds;
      break;
    }
  }
  const persons = await people(db, recipients);
  const disabled = persons.length
    ? await db
        .selectFrom('notification_preferences')
        .select('user_id')
        .where(
          'user_id',
          'in',
          persons.map((p) => p.id),
        )
        .where('event', '=', notification)
        .where('email', '=', 0)
        .execute()
    : [];
  // Without an outgoing server there is no mail to queue (a fresh install, the demo); robots still speak.
  const mailConfigured = (await getSmtpSettings(db)) !== null;
  for (const person of mailConfigured ? persons : []) {
    if (!person.active || disabled.some((d) => d.user_id === person.id)) continue;
    const staff = person.role !== 'requester';
    const entry: DeliveryEntry = {
      key,
      event: notification,
      vars: {
        ...vars,
        ...localized(person.locale),
        state: stateLabel(person.locale, record.kind, text(payload.state) || record.state),
        level: translate(person.locale, `level.${record.level}` as MessageKey),
        url: recordLink(options.publicUrl, record.kind, record.number, staff),
      },
    };
    if (await queueEmail(db, record, person, entry, options.coalesceSeconds)) queued++;
  }
  queued += await queueRobots(
    db,
    record,
    notification,
    (locale) => ({
      ...vars,
      ...localized(locale),
      url: recordLink(options.publicUrl, record.kind, record.number, true),
    }),
    key,
  );
  return queued;
}

async function alreadyDelivered(db: Db, recipient: string, recordId: string, key: string): Promise<boolean> {
  const pattern = `%"key":"${key.replace(/[\\%_"]/g, '')}"%`;
  const row = await db
    .selectFrom('channel_deliveries')
    .select('id')
    .where('recipient', '=', recipient)
    .where('record_id', '=', recordId)
    .where('created_at', '>', isoPlus(nowIso(), -86_400_000))
    .where(sql<boolean>`events_json like ${pattern}`)
    .executeTakeFirst();
  return Boolean(row);
}

/** One mail per person and record within the window: later events join the queued one (no floods). */
async function queueEmail(db: Db, record: WorkRecord, person: Person, entry: DeliveryEntry, coalesceSeconds: number) {
  return db.transaction().execute(async (trx) => {
    if (await alreadyDelivered(trx, person.email, record.id, entry.key)) return false;
    const now = nowIso();
    const open = await trx
      .selectFrom('channel_deliveries')
      .select(['id', 'events_json'])
      .where('channel', '=', 'email')
      .where('recipient', '=', person.email)
      .where('record_id', '=', record.id)
      .where('state', '=', 'queued')
      .where('attempts', '=', 0)
      .orderBy('created_at', 'desc')
      .executeTakeFirst();
    if (open) {
      const entries = JSON.parse(open.events_json) as DeliveryEntry[];
      await trx
        .updateTable('channel_deliveries')
        .set({ events_json: JSON.stringify([...entries, entry]), updated_at: now })
        .where('id', '=', open.id)
        .execute();
      return true;
    }
    const id = newId();
    await trx
      .insertInto('channel_deliveries')
      .values({
        id,
        channel: 'email',
        target_id: person.id,
        recipient: person.email,
        record_id: record.id,
        events_json: JSON.stringify([entry]),
        locale: person.locale,
        message_id: null,
        subject: null,
        body: null,
        state: 'queued',
        attempts: 0,
        response: null,
        last_error: null,
        created_at: now,
        sent_at: null,
        updated_at: now,
      })
      .execute();
    await enqueueJob(trx, {
      type: 'channels.deliver',
      payload: { deliveryId: id },
      uniqueKey: `delivery:${id}`,
      runAt: IMMEDIATE.includes(entry.event) ? now : isoPlus(now, coalesceSeconds * 1000),
      maxAttempts: DELIVERY_ATTEMPTS,
    });
    return true;
  });
}

/**
 * One mail to one person that carries something only they may follow (a signed survey link), so it
 * is never coalesced with record news nor sent to robots. Queued only where mail is configured and
 * the person has not turned the notification off; the same key is sent once.
 */
export async function queuePersonalMail(
  db: Db,
  options: { personId: string; recordId: string | null; event: NotificationEvent; key: string; vars: TemplateVars },
): Promise<boolean> {
  if ((await getSmtpSettings(db)) === null) return false;
  const [person] = await people(db, [options.personId]);
  if (!person?.active) return false;
  const off = await db
    .selectFrom('notification_preferences')
    .select('user_id')
    .where('user_id', '=', person.id)
    .where('event', '=', options.event)
    .where('email', '=', 0)
    .executeTakeFirst();
  if (off) return false;
  const pattern = `%"key":"${options.key.replace(/[\\%_"]/g, '')}"%`;
  const sent = await db
    .selectFrom('channel_deliveries')
    .select('id')
    .where('recipient', '=', person.email)
    .where(sql<boolean>`events_json like ${pattern}`)
    .executeTakeFirst();
  if (sent) return false;
  const id = newId();
  const now = nowIso();
  const entry: DeliveryEntry = { key: options.key, event: options.event, vars: options.vars };
  await db
    .insertInto('channel_deliveries')
    .values({
      id,
      channel: 'email',
      target_id: person.id,
      recipient: person.email,
      record_id: options.recordId,
      events_json: JSON.stringify([entry]),
      locale: person.locale,
      message_id: null,
      subject: null,
      body: null,
      state: 'queued',
      attempts: 0,
      response: null,
      last_error: null,
      created_at: now,
      sent_at: null,
      updated_at: now,
    })
    .execute();
  await enqueueJob(db, {
    type: 'channels.deliver',
    payload: { deliveryId: id },
    uniqueKey: `delivery:${id}`,
    maxAttempts: DELIVERY_ATTEMPTS,
  });
  return true;
}

/** Group robots, each in the language its admin chose for the group. */
async function queueRobots(
  db: Db,
  record: WorkRecord,
  event: NotificationEvent,
  varsIn: (locale: Locale) => TemplateVars,
  key: string,
) {
  const robots = await db.selectFrom('im_robots').selectAll().where('active', '=', 1).execute();
  let queued = 0;
  for (const robot of robots) {
    const events = JSON.parse(robot.events_json) as string[];
    if (!events.includes(event)) continue;
    if (robot.group_id && robot.group_id !== record.group_id) continue;
    if (robot.service_id && robot.service_id !== record.service_id) continue;
    if (await alreadyDelivered(db, `robot:${robot.id}`, record.id, key)) continue;
    const locale = robot.locale;
    const template = await loadTemplate(db, event, locale);
    const fullVars = {
      ...varsIn(locale),
      state: stateLabel(locale, record.kind, record.state),
      level: translate(locale, `level.${record.level}` as MessageKey),
    };
    const id = newId();
    const now = nowIso();
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('channel_deliveries')
        .values({
          id,
          channel: 'robot',
          target_id: robot.id,
          recipient: `robot:${robot.id}`,
          record_id: record.id,
          events_json: JSON.stringify([{ key, event, vars: fullVars }]),
          locale,
          message_id: null,
          subject: renderTemplate(template.subject, fullVars),
          body: renderTemplate(template.body, fullVars),
          state: 'queued',
          attempts: 0,
          response: null,
          last_error: null,
          created_at: now,
          sent_at: null,
          updated_at: now,
        })
        .execute();
      await enqueueJob(trx, {
        type: 'channels.robot_flush',
        payload: { robotId: robot.id, deliveryId: id },
        uniqueKey: `robot:${robot.id}:${id}`,
        maxAttempts: DELIVERY_ATTEMPTS,
      });
    });
    queued++;
  }
  return queued;
}

export async function queueWebhooks(db: Db, event: DispatchPayload) {
  const hooks = await db.selectFrom('webhooks').selectAll().where('active', '=', 1).execute();
  const matching = hooks.filter((h) => {
    const events = JSON.parse(h.events_json) as string[];
    return events.includes('*') || events.includes(event.type);
  });
  if (!matching.length) return 0;
  const recordId = event.recordId ?? (text(event.payload?.recordId) || null);
  const record = recordId ? await findRecordRow(db, recordId) : undefined;
  for (const hook of matching) {
    const id = newId();
    const now = nowIso();
    const body = JSON.stringify({
      id,
      event: event.type,
      occurredAt: event.at,
      organizationId: event.organizationId ?? record?.organization_id ?? null,
      record: record
        ? {
            id: record.id,
            number: record.number,
            kind: record.kind,
            title: record.title,
            state: record.state,
            level: record.level,
            groupId: record.group_id,
            serviceId: record.service_id,
          }
        : null,
      payload: event.payload ?? {},
    });
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('channel_deliveries')
        .values({
          id,
          channel: 'webhook',
          target_id: hook.id,
          recipient: hook.url,
          record_id: record?.id ?? null,
          events_json: JSON.stringify([{ key: event.type, event: event.type, vars: {} }]),
          locale: 'zh-CN',
          message_id: null,
          subject: event.type,
          body,
          state: 'queued',
          attempts: 0,
          response: null,
          last_error: null,
          created_at: now,
          sent_at: null,
          updated_at: now,
        })
        .execute();
      await enqueueJob(trx, {
        type: 'channels.deliver',
        payload: { deliveryId: id },
        uniqueKey: `delivery:${id}`,
        maxAttempts: DELIVERY_ATTEMPTS,
      });
    });
  }
  return matching.length;
}

/**
 * Which targets exist, cached for a few seconds per process: with nothing configured (a fresh install,
 * the demo, a load test) an event costs no query and no job. Admin writes here clear it at once;
 * another instance notices within the TTL.
 */
const TARGETS_TTL_MS = 5_000;
let targets: { webhooks: boolean; notify: boolean; until: number } = { webhooks: false, notify: false, until: 0 };

export function forgetChannelTargets() {
  targets = { ...targets, until: 0 };
}

async function currentTargets(db: Db) {
  if (Date.now() < targets.until) return targets;
  const [hook, robot, smtp] = await Promise.all([
    db.selectFrom('webhooks').select('id').where('active', '=', 1).executeTakeFirst(),
    db.selectFrom('im_robots').select('id').where('active', '=', 1).executeTakeFirst(),
    getSmtpSettings(db),
  ]);
  targets = { webhooks: Boolean(hook), notify: Boolean(hook || robot || smtp), until: Date.now() + TARGETS_TTL_MS };
  return targets;
}

/** The outbox filters, checked inside the writing transaction: no job where nobody would hear. */
export async function wantsNotification(db: Db, event: DomainEvent): Promise<boolean> {
  return notifies(event.type) && (await currentTargets(db)).notify;
}

export async function wantsWebhook(db: Db): Promise<boolean> {
  return (await currentTargets(db)).webhooks;
}
