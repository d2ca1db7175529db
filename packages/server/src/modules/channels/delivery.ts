import { createHmac } from 'node:crypto';
import { type Locale, translate } from '@trellis/core';
import { sql } from 'kysely';
import nodemailer, { type Transporter } from 'nodemailer';
import { isoPlus, nowIso } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { enqueueJob } from '../../platform/jobs.js';
import { findRecordRow } from '../records/index.js';
import { getSmtpSettings, type SmtpSettings } from './channel.settings.js';
import { DELIVERY_ATTEMPTS, type DeliveryEntry } from './notify.js';
import { loadTemplate, renderTemplate } from './templates.js';

class DeliveryError extends Error {}

const transports = new Map<string, Transporter>();

function transportFor(smtp: SmtpSettings): Transporter {
  const key = JSON.stringify(smtp);
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      host: smtp.host,
      port: smtp.port,
      secure: smtp.secure,
      auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
      tls: { rejectUnauthorized: smtp.tlsVerify },
      connectionTimeout: 20_000,
    });
    transports.set(key, transport);
  }
  return transport;
}

export function closeTransports() {
  for (const t of transports.values()) t.close();
  transports.clear();
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function toHtml(text: string) {
  const linked = escapeHtml(text).replace(/https?:\/\/[^\s<]+/g, (url) => `<a href="${url}">${url}</a>`);
  return `<div style="font-family:-apple-system,'PingFang SC','Microsoft YaHei',sans-serif;font-size:14px;line-height:1.6">${linked.replace(/\n/g, '<br>')}</div>`;
}

/** Renders a (possibly coalesced) mail from the current templates in the recipient's language. */
export async function renderMail(db: Db, entries: DeliveryEntry[], locale: Locale, number: string) {
  const parts: { subject: string; body: string }[] = [];
  for (const entry of entries) {
    const template = await loadTemplate(db, entry.event, locale);
    parts.push({
      subject: renderTemplate(template.subject, entry.vars),
      body: renderTemplate(template.body, entry.vars),
    });
  }
  let subject = parts.at(-1)?.subject ?? number;
  // The number in the subject is what threads a reply back when headers are lost.
  if (!subject.includes(number)) subject = `[${number}] ${subject}`;
  const body = parts.map((p) => (parts.length > 1 ? `【${p.subject}】\n${p.body}` : p.body)).join('\n\n————————\n\n');
  return { subject, body };
}

const domainOf = (address: string) => address.split('@')[1] ?? 'trellis.local';

/** Sends one queued delivery; the job runner retries a throw with backoff. */
export async function deliver(db: Db, deliveryId: string): Promise<void> {
  const delivery = await db
    .selectFrom('channel_deliveries')
    .selectAll()
    .where('id', '=', deliveryId)
    .executeTakeFirst();
  if (delivery?.state !== 'queued') return;
  try {
    if (delivery.channel === 'email') await sendEmail(db, delivery);
    else if (delivery.channel === 'webhook') await sendWebhook(db, delivery);
    else throw new DeliveryError('robots are sent by channels.robot_flush');
  } catch (err) {
    await failed(db, [deliveryId], err);
    throw err;
  }
}

/** Counts the try on each delivery; the last allowed try leaves it failed, for an admin to see and resend. */
async function failed(db: Db, ids: string[], err: unknown) {
  await db
    .updateTable('channel_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: String(err instanceof Error ? err.message : err).slice(0, 2000),
      state: sql<'failed' | 'queued'>`case when attempts + 1 >= ${DELIVERY_ATTEMPTS} then 'failed' else 'queued' end`,
      updated_at: nowIso(),
    }))
    .where('id', 'in', ids)
    .execute();
}

type DeliveryRow = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;
const loadDelivery = (db: Db, id: string) =>
  db.selectFrom('channel_deliveries').selectAll().where('id', '=', id).executeTakeFirst();

async function sendEmail(db: Db, delivery: DeliveryRow) {
  const smtp = await getSmtpSettings(db);
  if (!smtp) throw new DeliveryError('outgoing mail server (SMTP) is not configured');
  const record = delivery.record_id ? await findRecordRow(db, delivery.record_id) : undefined;
  // A personal mail about no record (a periodic survey) is fine; one whose record vanished is not.
  if (delivery.record_id && !record) throw new DeliveryError('record not found');
  const entries = JSON.parse(delivery.events_json) as DeliveryEntry[];
  const { subject, body } = await renderMail(db, entries, delivery.locale as Locale, record?.number ?? '');
  const domain = domainOf(smtp.fromAddress);
  const messageId = `trellis.${delivery.id}.${record?.id ?? 'mail'}@${domain}`;
  // The requester's own first mail (if it came by mail) and a stable per-record root thread every reply.
  const origin = record
    ? await db
        .selectFrom('inbound_mails')
        .select('message_id')
        .where('record_id', '=', record.id)
        .where('outcome', '=', 'created')
        .executeTakeFirst()
    : undefined;
  const root = record ? `trellis.record.${record.id}@${domain}` : undefined;
  const references = [origin?.message_id, root].filter((id): id is string => Boolean(id)).map((id) => `<${id}>`);
  const info = await transportFor(smtp).sendMail({
    from: { name: smtp.fromName, address: smtp.fromAddress },
    to: delivery.recipient,
    subject,
    text: body,
    html: toHtml(body),
    messageId: `<${messageId}>`,
    inReplyTo: references[0],
    references,
    headers: {
      // RFC 3834: tells auto-responders not to answer us, so two systems never ping-pong.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
      ...(record ? { 'X-Trellis-Record': record.number } : {}),
    },
  });
  const now = nowIso();
  await db
    .updateTable('channel_deliveries')
    .set({
      state: 'sent',
      subject,
      body,
      message_id: messageId,
      attempts: delivery.attempts + 1,
      response: String(info.response ?? '').slice(0, 500),
      last_error: null,
      sent_at: now,
      updated_at: now,
    })
    .where('id', '=', delivery.id)
    .execute();
}

/** X-Trellis-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + body)). */
export function signWebhook(secret: string, timestamp: string, body: string) {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Trellis', ...headers },
    body,
    signal: AbortSignal.timeout(15_000),
  });
  const text = (await response.text()).slice(0, 1000);
  return { status: response.status, text };
}

async function sendWebhook(db: Db, delivery: DeliveryRow) {
  const hook = await db.selectFrom('webhooks').selectAll().where('id', '=', delivery.target_id!).executeTakeFirst();
  if (!hook) throw new DeliveryError('webhook removed');
  const timestamp = String(Math.floor(Date.now() / 1000));
  const body = delivery.body ?? '{}';
  const { status, text } = await post(hook.url, body, {
    'x-trellis-event': delivery.subject ?? '',
    'x-trellis-delivery': delivery.id,
    'x-trellis-timestamp': timestamp,
    'x-trellis-signature': signWebhook(hook.secret, timestamp, body),
  });
  if (status < 200 || status >= 300) throw new DeliveryError(`HTTP ${status}: ${text.slice(0, 200)}`);
  const now = nowIso();
  await db
    .updateTable('channel_deliveries')
    .set({
      state: 'sent',
      attempts: delivery.attempts + 1,
      response: `${status} ${text}`.slice(0, 1000),
      last_error: null,
      sent_at: now,
      updated_at: now,
    })
    .where('id', '=', delivery.id)
    .execute();
}

// ---- group robots

/** DingTalk: sign = Base64(HmacSHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded. */
export function dingtalkSignedUrl(url: string, secret: string, now = Date.now()) {
  const timestamp = String(now);
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const u = new URL(url);
  u.searchParams.set('timestamp', timestamp);
  u.searchParams.set('sign', sign);
  return u.toString();
}

/** Feishu: sign = Base64(HmacSHA256(key = timestamp + "\n" + secret, message = "")), in the body. */
export function feishuSignature(secret: string, now = Date.now()) {
  const timestamp = String(Math.floor(now / 1000));
  const sign = createHmac('sha256', `${timestamp}\n${secret}`).update('').digest('base64');
  return { timestamp, sign };
}

function robotMessage(
  platform: 'wecom' | 'dingtalk' | 'feishu',
  title: string,
  text: string,
  secret: string | null,
): Record<string, unknown> {
  if (platform === 'wecom')
    return { msgtype: 'markdown', markdown: { content: `**${title}**\n${text}`.slice(0, 4000) } };
  if (platform === 'dingtalk')
    return {
      msgtype: 'markdown',
      markdown: { title: title.slice(0, 100), text: `#### ${title}\n\n${text}`.slice(0, 18_000) },
    };
  return {
    ...(secret ? feishuSignature(secret) : {}),
    msg_type: 'text',
    content: { text: `${title}\n${text}`.slice(0, 18_000) },
  };
}

/**
 * Sends what is queued for one robot as one batched message, within the platform's per-minute
 * limit; when the minute is used up it reschedules itself for when it frees, never dropping.
 */
export async function flushRobot(db: Db, robotId: string): Promise<void> {
  const robot = await db.selectFrom('im_robots').selectAll().where('id', '=', robotId).executeTakeFirst();
  if (!robot) return;
  const now = nowIso();
  const windowStart = isoPlus(now, -60_000);
  const sentRecently = await db
    .selectFrom('channel_deliveries')
    .select(['message_id', 'sent_at'])
    .distinct()
    .where('channel', '=', 'robot')
    .where('target_id', '=', robotId)
    .where('state', '=', 'sent')
    .where('sent_at', '>', windowStart)
    .orderBy('sent_at')
    .execute();
  const messages = new Map<string, string>();
  for (const row of sentRecently)
    if (row.message_id && !messages.has(row.message_id)) messages.set(row.message_id, row.sent_at!);
  const queued = await db
    .selectFrom('channel_deliveries')
    .selectAll()
    .where('channel', '=', 'robot')
    .where('target_id', '=', robotId)
    .where('state', '=', 'queued')
    .orderBy('created_at')
    .limit(20)
    .execute();
  if (!queued.length) return;
  if (messages.size >= robot.per_minute) {
    const oldest = [...messages.values()].sort()[0]!;
    const runAt = isoPlus(oldest, 60_500);
    await enqueueJob(db, {
      type: 'channels.robot_flush',
      payload: { robotId },
      uniqueKey: `robot:${robotId}:wait:${runAt}`,
      runAt,
      maxAttempts: DELIVERY_ATTEMPTS,
    });
    return;
  }
  const title =
    queued.length === 1
      ? (queued[0]!.subject ?? '')
      : translate(robot.locale, 'channel.robot_batch', { count: queued.length });
  const text =
    queued.length === 1
      ? (queued[0]!.body ?? '')
      : queued.map((d) => `**${d.subject ?? ''}**\n${(d.body ?? '').split('\n').slice(0, 6).join('\n')}`).join('\n\n');
  const ids = queued.map((d) => d.id);
  try {
    const url =
      robot.platform === 'dingtalk' && robot.secret
        ? dingtalkSignedUrl(robot.webhook_url, robot.secret)
        : robot.webhook_url;
    const { status, text: answer } = await post(
      url,
      JSON.stringify(robotMessage(robot.platform, title, text, robot.secret)),
    );
    if (status < 200 || status >= 300) throw new DeliveryError(`HTTP ${status}: ${answer.slice(0, 200)}`);
    let parsed: { errcode?: number; code?: number; StatusCode?: number; errmsg?: string; msg?: string } = {};
    try {
      parsed = JSON.parse(answer);
    } catch {
      throw new DeliveryError(`unexpected answer: ${answer.slice(0, 200)}`);
    }
    const code = parsed.errcode ?? parsed.code ?? parsed.StatusCode ?? 0;
    if (code !== 0) throw new DeliveryError(`platform error ${code}: ${parsed.errmsg ?? parsed.msg ?? ''}`);
    const sentAt = nowIso();
    // One batch id for all of them: the per-minute count is of messages, not of notifications.
    const batchId = newId();
    await db
      .updateTable('channel_deliveries')
      .set((eb) => ({
        state: 'sent',
        message_id: batchId,
        attempts: eb('attempts', '+', 1),
        response: `${status} ${answer}`.slice(0, 1000),
        last_error: null,
        sent_at: sentAt,
        updated_at: sentAt,
      }))
      .where('id', 'in', ids)
      .execute();
  } catch (err) {
    await failed(db, ids, err);
    throw err;
  }
  // Whatever the batch could not hold gets its own turn, so a long queue drains without new events.
  const more = await db
    .selectFrom('channel_deliveries')
    .select('id')
    .where('channel', '=', 'robot')
    .where('target_id', '=', robotId)
    .where('state', '=', 'queued')
    .executeTakeFirst();
  if (more)
    await enqueueJob(db, {
      type: 'channels.robot_flush',
      payload: { robotId },
      uniqueKey: `robot:${robotId}:more:${newId()}`,
      maxAttempts: DELIVERY_ATTEMPTS,
    });
}

/** Admin "send again": a failed delivery goes back to the queue with a fresh job. */
export async function retryDelivery(db: Db, id: string): Promise<boolean> {
  const delivery = await loadDelivery(db, id);
  if (delivery?.state !== 'failed') return false;
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('channel_deliveries')
      .set({ state: 'queued', updated_at: nowIso() })
      .where('id', '=', id)
      .execute();
    await enqueueJob(trx, {
      type: delivery.channel === 'robot' ? 'channels.robot_flush' : 'channels.deliver',
      payload: delivery.channel === 'robot' ? { robotId: delivery.target_id, deliveryId: id } : { deliveryId: id },
      uniqueKey: `retry:${id}:${nowIso()}`,
      maxAttempts: DELIVERY_ATTEMPTS,
    });
  });
  return true;
}
