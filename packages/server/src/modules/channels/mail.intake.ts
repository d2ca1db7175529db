import { createHash, randomBytes } from 'node:crypto';
import { isStaffRole, TERMINAL_INCIDENT_STATES } from '@trellis/core';
import type { Selectable } from 'kysely';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { isUniqueViolation } from '../../platform/db/dialect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { createUser, findUserByEmail, getGroups, loadActor } from '../directory/index.js';
import { commentOnIncident, reportIncident } from '../incidents/index.js';
import { addAttachment, appendTimeline, findRecordRow, updateRecord, type WorkRecord } from '../records/index.js';
import { getChannelOptions } from './channel.settings.js';
import type { InboundOutcome, MailboxesTable } from './channel.table.js';
import { type AnalyzedMail, analyzeMail, deliverableAddress } from './mail.analyze.js';

export type Mailbox = Selectable<MailboxesTable>;

export interface IntakeDeps extends UnitOfWorkDeps {
  attachmentMaxBytes: number;
}

export interface IntakeResult {
  outcome: InboundOutcome | 'duplicate';
  reason?: string | null;
  recordId?: string | null;
  messageId: string;
}

/** Our own outbound Message-IDs carry the record id, so a reply finds its record even without a number. */
const OUR_MESSAGE_ID = /^trellis\.[^.@]+\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})@/;

async function findThread(deps: IntakeDeps, mail: AnalyzedMail): Promise<WorkRecord | null> {
  for (const id of mail.threadIds) {
    const ours = OUR_MESSAGE_ID.exec(id);
    if (ours) {
      const record = await findRecordRow(deps.db, ours[1]!);
      if (record) return record;
    }
  }
  if (mail.threadIds.length) {
    const known = await deps.db
      .selectFrom('inbound_mails')
      .select('record_id')
      .where('message_id', 'in', mail.threadIds)
      .where('record_id', 'is not', null)
      .executeTakeFirst();
    if (known?.record_id) return (await findRecordRow(deps.db, known.record_id)) ?? null;
    const sent = await deps.db
      .selectFrom('channel_deliveries')
      .select('record_id')
      .where('message_id', 'in', mail.threadIds)
      .where('record_id', 'is not', null)
      .executeTakeFirst();
    if (sent?.record_id) return (await findRecordRow(deps.db, sent.record_id)) ?? null;
  }
  for (const number of mail.numbers) {
    const record = await findRecordRow(deps.db, number);
    if (record) return record;
  }
  return null;
}

async function logMail(
  tx: Pick<Tx, 'db'>,
  mailbox: Mailbox | null,
  mail: Pick<AnalyzedMail, 'messageId' | 'from' | 'subject' | 'date' | 'html' | 'text'>,
  outcome: InboundOutcome,
  extra: { reason?: string | null; recordId?: string | null; raw?: Buffer | null } = {},
) {
  const now = nowIso();
  await tx.db
    .insertInto('inbound_mails')
    .values({
      id: newId(),
      mailbox_id: mailbox?.id ?? null,
      message_id: mail.messageId,
      // Bounded: a hostile header must not outgrow the sender index and turn a log line into an error.
      from_address: mail.from?.address.slice(0, 254) ?? null,
      from_name: mail.from?.name.slice(0, 200) || null,
      subject: mail.subject.slice(0, 1000) || null,
      sent_at: mail.date,
      received_at: now,
      outcome,
      reason: extra.reason ?? null,
      record_id: extra.recordId ?? null,
      html: mail.html,
      text_body: mail.text || null,
      raw: outcome === 'quarantined' ? (extra.raw ?? null) : null,
      resolved_by: null,
      updated_at: now,
    })
    .execute();
}

/** The sender as an actor: known people as themselves; strangers by the mailbox's policy. */
async function senderActor(tx: Tx, mailbox: Mailbox | null, mail: AnalyzedMail): Promise<Actor | 'unknown'> {
  const address = mail.from!.address;
  const existing = await findUserByEmail(tx.db, address);
  if (existing) {
    if (!existing.active) throw new AppError('auth.inactive');
    return (await loadActor(tx.db, existing.id)) ?? 'unknown';
  }
  if (!mailbox || mailbox.unknown_sender === 'hold') return 'unknown';
  const user = await createUser({
    tx,
    input: {
      email: address,
      name: (mail.from!.name || address.split('@')[0]!).slice(0, 100),
      role: 'requester',
      organizationId: mailbox.organization_id,
      locale: /[\u4e00-\u9fff]/.test(`${mail.subject}${mail.text.slice(0, 200)}`) ? 'zh-CN' : 'en-US',
      // They sign in through a password reset; nobody knows this one.
      password: randomBytes(24).toString('base64url'),
    },
  });
  return (await loadActor(tx.db, user.id))!;
}

const title = (mail: AnalyzedMail) =>
  (mail.subject.replace(/^\s*(?:(?:re|fw|fwd|回复|答复|转发)\s*[:：]\s*)+/i, '').trim() || '(无主题)').slice(0, 200);

async function keepAttachments(tx: Tx, record: WorkRecord, mail: AnalyzedMail, maxBytes: number) {
  const skipped: string[] = [];
  for (const file of mail.attachments) {
    try {
      await addAttachment(tx, record, { filename: file.filename, content: file.content }, maxBytes);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      skipped.push(`${file.filename} (${err.code})`);
    }
  }
  if (skipped.length) {
    await appendTimeline(tx, record.id, {
      type: 'mail_attachments_skipped',
      visibility: 'internal',
      body: skipped.join('\n'),
      data: { names: skipped },
    });
  }
  return skipped;
}

/** Routes a mailed-in record to the mailbox's service and group, where the group serves that organisation. */
async function routeToMailbox(tx: Tx, record: WorkRecord, mailbox: Mailbox) {
  const patch: Partial<WorkRecord> = {};
  if (mailbox.service_id) patch.service_id = mailbox.service_id;
  if (mailbox.group_id && !record.group_id) {
    const [group] = await getGroups(tx.db, [mailbox.group_id]);
    if (group?.active && group.servedOrganizationIds.includes(record.organization_id)) patch.group_id = group.id;
  }
  if (Object.keys(patch).length) await updateRecord(tx, record, patch, 'incident.route', 'incident.routed');
}

type Placement =
  | { outcome: 'created' | 'commented'; recordId: string; reason: string | null }
  | { outcome: 'quarantined'; reason: string };

async function place(
  deps: IntakeDeps,
  tx: Tx,
  mailbox: Mailbox | null,
  mail: AnalyzedMail,
  override?: { requesterId: string },
): Promise<Placement> {
  let actor: Actor | 'unknown';
  if (override) actor = (await loadActor(tx.db, override.requesterId)) ?? 'unknown';
  else actor = await senderActor(tx, mailbox, mail);
  if (actor === 'unknown') return { outcome: 'quarantined', reason: 'unknown_sender' };
  const asSender: Tx = { ...tx, actor };
  // Inside the transaction every read goes through it (SQLite has one connection).
  const thread = override ? null : await findThread({ ...deps, db: tx.db }, mail);
  if (thread) {
    if (thread.kind !== 'incident') return { outcome: 'quarantined', reason: 'unsupported_record_kind' };
    if (!TERMINAL_INCIDENT_STATES.includes(thread.state as never)) {
      try {
        const record = await commentOnIncident({
          tx: asSender,
          incidentId: thread.id,
          body: mail.replyText || mail.text || title(mail),
          visibility: 'public',
        });
        const skipped = await keepAttachments(asSender, record, mail, deps.attachmentMaxBytes);
        return { outcome: 'commented', recordId: record.id, reason: skipped.length ? 'attachments_skipped' : null };
      } catch (err) {
        if (err instanceof AppError && (err.code === 'error.not_found' || err.code === 'error.forbidden'))
          return { outcome: 'quarantined', reason: 'thread_not_visible' };
        throw err;
      }
    }
    // A reply to an archived or cancelled record is a new matter; it opens a new record.
  }
  const staff = isStaffRole(actor.role);
  const description = mail.text || title(mail);
  const record = await reportIncident({
    tx: asSender,
    input: {
      title: title(mail),
      description: description.slice(0, 20000),
      ...(staff ? { channel: 'email' as const } : {}),
    },
    channel: 'email',
  });
  if (mailbox) await routeToMailbox(asSender, record, mailbox);
  const skipped = await keepAttachments(asSender, record, mail, deps.attachmentMaxBytes);
  return { outcome: 'created', recordId: record.id, reason: skipped.length ? 'attachments_skipped' : null };
}

function fallbackMail(raw: Buffer): AnalyzedMail {
  return {
    messageId: `sha256-${createHash('sha256').update(raw).digest('hex')}@trellis.invalid`,
    from: null,
    subject: '',
    date: null,
    threadIds: [],
    text: '',
    replyText: '',
    html: null,
    attachments: [],
    loop: null,
    numbers: [],
  };
}

/**
 * What every mail of one poll batch reads the same: the mailboxes' own addresses (loop guard) and
 * the channel options. Read once per batch instead of twice per mail; a settings edit applies
 * from the next batch.
 */
export interface IntakeBatch {
  ownAddresses: string[];
  options: Awaited<ReturnType<typeof getChannelOptions>>;
}

export async function intakeBatch(deps: Pick<IntakeDeps, 'db'>): Promise<IntakeBatch> {
  const ownAddresses = (await deps.db.selectFrom('mailboxes').select('address').execute()).map((m) =>
    m.address.toLowerCase(),
  );
  return { ownAddresses, options: await getChannelOptions(deps.db) };
}

/**
 * Takes in one raw mail exactly once. Whatever cannot be placed is quarantined with its bytes,
 * so no mail is ever lost; the caller may delete it from the server once this returns.
 * `prepared` lets a poll parse the next mail while this one is written, and share its batch reads.
 */
export async function ingestRawMail(
  deps: IntakeDeps,
  mailbox: Mailbox | null,
  raw: Buffer,
  prepared: { mail?: Promise<AnalyzedMail>; batch?: IntakeBatch } = {},
): Promise<IntakeResult> {
  let mail: AnalyzedMail;
  try {
    mail = await (prepared.mail ?? analyzeMail(raw));
  } catch (err) {
    mail = fallbackMail(raw);
    return record(deps, mailbox, mail, 'quarantined', { reason: `unparseable: ${String(err).slice(0, 200)}`, raw });
  }
  const seen = await deps.db
    .selectFrom('inbound_mails')
    .select(['outcome', 'record_id'])
    .where('message_id', '=', mail.messageId)
    .executeTakeFirst();
  if (seen) return { outcome: 'duplicate', messageId: mail.messageId, recordId: seen.record_id };
  if (mail.loop) return record(deps, mailbox, mail, 'ignored', { reason: mail.loop });
  if (!mail.from) return record(deps, mailbox, mail, 'quarantined', { reason: 'no_sender', raw });
  if (!deliverableAddress(mail.from.address))
    return record(deps, mailbox, mail, 'quarantined', { reason: 'invalid_sender', raw });
  const { ownAddresses, options } = prepared.batch ?? (await intakeBatch(deps));
  if (ownAddresses.includes(mail.from.address))
    return record(deps, mailbox, mail, 'ignored', { reason: 'own_address' });
  const recent = await deps.db
    .selectFrom('inbound_mails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('from_address', '=', mail.from.address)
    .where('received_at', '>', isoPlus(nowIso(), -3_600_000))
    .executeTakeFirstOrThrow();
  if (Number(recent.n) >= options.senderHourlyLimit)
    return record(deps, mailbox, mail, 'quarantined', { reason: 'rate_limited', raw });
  try {
    return await inTransaction(deps, null, async (tx) => {
      const placed = await place(deps, tx, mailbox, mail);
      if (placed.outcome === 'quarantined') {
        await logMail(tx, mailbox, mail, 'quarantined', { reason: placed.reason, raw });
        return { outcome: 'quarantined' as const, reason: placed.reason, messageId: mail.messageId };
      }
      await logMail(tx, mailbox, mail, placed.outcome, { reason: placed.reason, recordId: placed.recordId });
      return { outcome: placed.outcome, recordId: placed.recordId, reason: placed.reason, messageId: mail.messageId };
    });
  } catch (err) {
    if (isUniqueViolation(err)) return { outcome: 'duplicate', messageId: mail.messageId };
    const reason = err instanceof AppError ? err.code : `error: ${String(err).slice(0, 300)}`;
    return record(deps, mailbox, mail, 'quarantined', { reason, raw });
  }
}

async function record(
  deps: IntakeDeps,
  mailbox: Mailbox | null,
  mail: AnalyzedMail,
  outcome: InboundOutcome,
  extra: { reason: string; raw?: Buffer },
): Promise<IntakeResult> {
  try {
    await logMail(deps, mailbox, mail, outcome, extra);
  } catch (err) {
    if (isUniqueViolation(err)) return { outcome: 'duplicate', messageId: mail.messageId };
    throw err;
  }
  return { outcome, reason: extra.reason, messageId: mail.messageId };
}

// ---- quarantine: an admin's decisions

async function quarantined(deps: IntakeDeps, id: string) {
  const row = await deps.db.selectFrom('inbound_mails').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('error.not_found');
  if (row.outcome !== 'quarantined' || !row.raw) throw new AppError('error.conflict');
  const mailbox = row.mailbox_id
    ? ((await deps.db.selectFrom('mailboxes').selectAll().where('id', '=', row.mailbox_id).executeTakeFirst()) ?? null)
    : null;
  return { row, mailbox, raw: Buffer.from(row.raw) };
}

async function settle(tx: Tx, id: string, outcome: InboundOutcome, recordId: string | null, reason: string | null) {
  await tx.db
    .updateTable('inbound_mails')
    .set({
      outcome,
      record_id: recordId,
      reason,
      raw: null,
      resolved_by: tx.actor?.id ?? null,
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

/** Runs a quarantined mail through intake again (e.g. after the sender was added to the directory). */
export async function retryQuarantined(deps: IntakeDeps, actor: Actor, id: string): Promise<IntakeResult> {
  const { row, mailbox, raw } = await quarantined(deps, id);
  const mail = await analyzeMail(raw).catch(() => null);
  if (!mail?.from) return { outcome: 'quarantined', reason: row.reason, messageId: row.message_id };
  return inTransaction(deps, actor, async (tx) => {
    const placed = await place(deps, { ...tx, actor: null }, mailbox, mail);
    if (placed.outcome === 'quarantined') {
      await tx.db
        .updateTable('inbound_mails')
        .set({ reason: placed.reason, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
      return { outcome: 'quarantined', reason: placed.reason, messageId: row.message_id };
    }
    await settle({ ...tx, actor }, id, placed.outcome, placed.recordId, placed.reason);
    return { outcome: placed.outcome, recordId: placed.recordId, messageId: row.message_id };
  });
}

/** An admin decides who the requester is and opens a record from the quarantined mail. */
export async function quarantineToRecord(
  deps: IntakeDeps,
  actor: Actor,
  id: string,
  requesterId: string,
): Promise<IntakeResult> {
  const { row, mailbox, raw } = await quarantined(deps, id);
  const mail = (await analyzeMail(raw).catch(() => null)) ?? {
    ...fallbackMail(raw),
    text: raw.toString('utf8').slice(0, 20000),
  };
  return inTransaction(deps, actor, async (tx) => {
    const placed = await place(deps, { ...tx, actor: null }, mailbox, mail, { requesterId });
    if (placed.outcome === 'quarantined') throw new AppError('error.validation', {}, [{ path: ['requesterId'] }]);
    await settle({ ...tx, actor }, id, placed.outcome, placed.recordId, 'manual');
    return { outcome: placed.outcome, recordId: placed.recordId, messageId: row.message_id };
  });
}

export async function discardQuarantined(deps: IntakeDeps, actor: Actor, id: string) {
  await quarantined(deps, id);
  await inTransaction(deps, actor, (tx) => settle(tx, id, 'discarded', null, 'discarded'));
}
