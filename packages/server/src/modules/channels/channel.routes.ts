import {
  ChannelOptionsBody,
  ChannelSettings,
  Delivery,
  DeliveryQuery,
  ErrorBody,
  InboundComment,
  InboundCreate,
  InboundMail,
  InboundMailDetail,
  InboundMailQuery,
  InboundRecord,
  IntakeResult,
  NOTIFICATION_EVENTS,
  NotificationPreference,
  NotificationTemplate,
  PollResult,
  PreviewTemplate,
  ResetTemplate,
  SavePreferences,
  SaveTemplate,
  SmtpSettingsBody,
  TemplatePreview,
} from '@trellis/core';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { can } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { commentOnIncident } from '../incidents/index.js';
import { findRecordRow, loadVisibleRecord } from '../records/index.js';
import {
  type ChannelOptions,
  getChannelOptions,
  getSmtpSettings,
  saveChannelOptions,
  saveSmtpSettings,
} from './channel.settings.js';
import { retryDelivery } from './delivery.js';
import { inboundCreate, integrationActor } from './inbound.js';
import { analyzeMail } from './mail.analyze.js';
import { pollMailbox } from './mail.imap.js';
import { discardQuarantined, type IntakeDeps, quarantineToRecord, retryQuarantined } from './mail.intake.js';
import { forgetChannelTargets } from './notify.js';
import { listTemplates, loadTemplate, renderTemplate, saveTemplate, TEMPLATE_VARIABLES } from './templates.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().max(64) });
const Ok = z.object({ ok: z.boolean() });

type Row<T extends keyof import('../../platform/db/schema.js').Database> = import('kysely').Selectable<
  import('../../platform/db/schema.js').Database[T]
>;

export async function channelRoutes(app: App) {
  const { db } = app.services;
  const deps: IntakeDeps = { ...app.services, attachmentMaxBytes: app.services.config.attachmentMaxBytes };
  const admin = (request: FastifyRequest) => {
    const actor = requireActor(request);
    if (!can(actor, 'channel', 'manage')) throw new AppError('error.forbidden');
    return actor;
  };
  /** Runs an admin change and its audit row in one transaction; the work must use the given handle. */
  const audited = <T>(
    request: FastifyRequest,
    action: string,
    entityId: string,
    after: unknown,
    work: (db: Db) => Promise<T>,
  ) =>
    inTransaction(app.services, admin(request), async (tx) => {
      const result = await work(tx.db);
      await audit(tx, { action, entityType: 'channel', entityId, organizationId: null, after: after as object });
      return result;
    }).then((result) => {
      // After the commit, so that no event re-reads the old configuration into the cache.
      forgetChannelTargets();
      return result;
    });

  // ---- mailboxes (the register itself is in channel.registers.ts)

  app.post(
    '/api/v1/channels/mailboxes/:id/poll',
    { schema: { tags: ['channels'], params, response: { 200: PollResult, ...errors } } },
    async (request) => {
      admin(request);
      const mailbox = await db
        .selectFrom('mailboxes')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!mailbox) throw notFound();
      try {
        const summary = await pollMailbox(deps, mailbox);
        return { fetched: summary.fetched, outcomes: summary.outcomes };
      } catch (err) {
        throw new AppError('error.conflict', {}, { reason: String(err instanceof Error ? err.message : err) });
      }
    },
  );

  // ---- inbound mail log and quarantine

  const mailRef = async (recordId: string | null) => {
    if (!recordId) return null;
    const record = await findRecordRow(db, recordId);
    return record ? { id: record.id, number: record.number } : null;
  };
  const toInbound = async (m: Row<'inbound_mails'>): Promise<InboundMail> => ({
    id: m.id,
    mailboxId: m.mailbox_id,
    messageId: m.message_id,
    fromAddress: m.from_address,
    fromName: m.from_name,
    subject: m.subject,
    receivedAt: m.received_at,
    outcome: m.outcome,
    reason: m.reason,
    record: await mailRef(m.record_id),
  });
  app.get(
    '/api/v1/channels/inbound-mails',
    {
      schema: { tags: ['channels'], querystring: InboundMailQuery, response: { 200: z.array(InboundMail), ...errors } },
    },
    async (request) => {
      admin(request);
      let query = db.selectFrom('inbound_mails').selectAll().orderBy('received_at', 'desc').limit(request.query.limit);
      if (request.query.outcome) query = query.where('outcome', '=', request.query.outcome);
      return Promise.all((await query.execute()).map(toInbound));
    },
  );
  app.get(
    '/api/v1/channels/inbound-mails/:id',
    { schema: { tags: ['channels'], params, response: { 200: InboundMailDetail, ...errors } } },
    async (request) => {
      admin(request);
      const row = await db
        .selectFrom('inbound_mails')
        .selectAll()
        .where('id', '=', request.params.id)
        .executeTakeFirst();
      if (!row) throw notFound();
      const analyzed = row.raw ? await analyzeMail(Buffer.from(row.raw)).catch(() => null) : null;
      return {
        ...(await toInbound(row)),
        html: row.html,
        text: row.text_body,
        attachments: (analyzed?.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          size: a.content.length,
        })),
      };
    },
  );
  app.post(
    '/api/v1/channels/inbound-mails/:id/retry',
    { schema: { tags: ['channels'], params, response: { 200: IntakeResult, ...errors } } },
    async (request) => retryQuarantined(deps, admin(request), request.params.id),
  );
  app.post(
    '/api/v1/channels/inbound-mails/:id/to-record',
    {
      schema: {
        tags: ['channels'],
        params,
        body: z.object({ requesterId: z.string().max(64) }),
        response: { 200: IntakeResult, ...errors },
      },
    },
    async (request) => quarantineToRecord(deps, admin(request), request.params.id, request.body.requesterId),
  );
  app.post(
    '/api/v1/channels/inbound-mails/:id/discard',
    { schema: { tags: ['channels'], params, response: { 200: Ok, ...errors } } },
    async (request) => {
      await discardQuarantined(deps, admin(request), request.params.id);
      return { ok: true };
    },
  );

  // ---- settings

  app.get(
    '/api/v1/channels/settings',
    { schema: { tags: ['channels'], response: { 200: ChannelSettings, ...errors } } },
    async (request) => {
      admin(request);
      const smtp = await getSmtpSettings(db);
      const { password, ...rest } = smtp ?? { password: undefined };
      return {
        smtp: smtp ? { ...(rest as typeof smtp), hasPassword: Boolean(password) } : null,
        options: await getChannelOptions(db),
      };
    },
  );
  app.post(
    '/api/v1/channels/settings',
    {
      schema: {
        tags: ['channels'],
        body: z.object({ smtp: SmtpSettingsBody.nullable().optional(), options: ChannelOptionsBody.optional() }),
        response: { 200: Ok, ...errors },
      },
    },
    async (request) => {
      const { smtp, options } = request.body;
      await audited(
        request,
        'channel.settings',
        'settings',
        { smtp: smtp ? { ...smtp, password: '***' } : smtp, options },
        async (db) => {
          if (smtp) {
            const previous = await getSmtpSettings(db);
            await saveSmtpSettings(db, { ...smtp, password: smtp.password ?? previous?.password });
          }
          if (options) await saveChannelOptions(db, options as ChannelOptions);
        },
      );
      return { ok: true };
    },
  );

  // ---- templates

  app.get(
    '/api/v1/channels/templates',
    { schema: { tags: ['channels'], response: { 200: z.array(NotificationTemplate), ...errors } } },
    async (request) => {
      admin(request);
      return listTemplates(db);
    },
  );
  app.post(
    '/api/v1/channels/templates',
    { schema: { tags: ['channels'], body: SaveTemplate, response: { 200: Ok, ...errors } } },
    async (request) => {
      await audited(request, 'channel.template', `${request.body.event}:${request.body.locale}`, request.body, (db) =>
        saveTemplate(db, request.body),
      );
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/channels/templates/reset',
    { schema: { tags: ['channels'], body: ResetTemplate, response: { 200: Ok, ...errors } } },
    async (request) => {
      await audited(
        request,
        'channel.template_reset',
        `${request.body.event}:${request.body.locale}`,
        request.body,
        (db) => saveTemplate(db, null, request.body),
      );
      return { ok: true };
    },
  );
  app.post(
    '/api/v1/channels/templates/preview',
    { schema: { tags: ['channels'], body: PreviewTemplate, response: { 200: TemplatePreview, ...errors } } },
    async (request) => {
      const actor = admin(request);
      const { subject, body, recordId, locale } = request.body;
      const sample = {
        number: 'INC-2026-000123',
        title: locale === 'zh-CN' ? '财务部打印机无法打印' : 'Printer in finance does not print',
        state: locale === 'zh-CN' ? '处理中' : 'In progress',
        level: locale === 'zh-CN' ? '三级' : 'Level 3',
        requester: locale === 'zh-CN' ? '张三' : 'Alex Zhang',
        assignee: locale === 'zh-CN' ? '李工' : 'Li Wei',
        group: locale === 'zh-CN' ? '一线服务台' : 'Service desk',
        author: locale === 'zh-CN' ? '李工' : 'Li Wei',
        comment: locale === 'zh-CN' ? '已更换硒鼓,请再试一次。' : 'Toner replaced, please try again.',
        note: '',
        solution: locale === 'zh-CN' ? '更换硒鼓' : 'Replaced the toner',
        metric: locale === 'zh-CN' ? '解决' : 'resolution',
        threshold: '80',
        dueAt: '2026-11-23 17:30',
        message: locale === 'zh-CN' ? '核心交换机已恢复,正在观察。' : 'The core switch is back; monitoring.',
        url: `${(await getChannelOptions(db)).publicUrl || 'https://itsm.example.com'}/portal/incidents/INC-2026-000123`,
      };
      if (recordId) {
        const record = await loadVisibleRecord(db, actor, recordId, 'incident');
        sample.number = record.number;
        sample.title = record.title;
        sample.url = sample.url.replace('INC-2026-000123', record.number);
      }
      return {
        subject: renderTemplate(subject, sample),
        body: renderTemplate(body, sample),
        variables: [...TEMPLATE_VARIABLES],
      };
    },
  );

  // ---- my notification preferences

  app.get(
    '/api/v1/channels/preferences',
    { schema: { tags: ['channels'], response: { 200: z.array(NotificationPreference), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await db
        .selectFrom('notification_preferences')
        .selectAll()
        .where('user_id', '=', actor.id)
        .execute();
      return NOTIFICATION_EVENTS.map((event) => ({ event, email: rows.find((r) => r.event === event)?.email !== 0 }));
    },
  );
  app.post(
    '/api/v1/channels/preferences',
    { schema: { tags: ['channels'], body: SavePreferences, response: { 200: Ok, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, async (tx) => {
        for (const p of request.body) {
          await tx.db
            .insertInto('notification_preferences')
            .values({ user_id: actor.id, event: p.event, email: p.email ? 1 : 0 })
            .onConflict((oc) => oc.columns(['user_id', 'event']).doUpdateSet({ email: p.email ? 1 : 0 }))
            .execute();
        }
      });
      return { ok: true };
    },
  );

  // ---- delivery log

  app.get(
    '/api/v1/channels/deliveries',
    { schema: { tags: ['channels'], querystring: DeliveryQuery, response: { 200: z.array(Delivery), ...errors } } },
    async (request) => {
      admin(request);
      let query = db
        .selectFrom('channel_deliveries')
        .leftJoin('work_records', 'work_records.id', 'channel_deliveries.record_id')
        .selectAll('channel_deliveries')
        .select('work_records.number')
        .orderBy('channel_deliveries.created_at', 'desc')
        .limit(request.query.limit);
      if (request.query.channel) query = query.where('channel_deliveries.channel', '=', request.query.channel);
      if (request.query.state) query = query.where('channel_deliveries.state', '=', request.query.state);
      return (await query.execute()).map((d) => ({
        id: d.id,
        channel: d.channel,
        recipient: d.recipient,
        record: d.record_id && d.number ? { id: d.record_id, number: d.number } : null,
        events: (JSON.parse(d.events_json) as { event: string }[]).map((e) => e.event),
        subject: d.subject,
        state: d.state,
        attempts: d.attempts,
        response: d.response,
        lastError: d.last_error,
        createdAt: d.created_at,
        sentAt: d.sent_at,
      }));
    },
  );
  app.post(
    '/api/v1/channels/deliveries/:id/retry',
    { schema: { tags: ['channels'], params, response: { 200: Ok, ...errors } } },
    async (request) => {
      admin(request);
      if (!(await retryDelivery(db, request.params.id))) throw new AppError('error.conflict');
      return { ok: true };
    },
  );

  // ---- inbound endpoint for bots, OA and monitoring (X-Trellis-Token, or ?token= for bots that cannot set headers)

  const integrationAuth = async (request: FastifyRequest) => {
    const header = request.headers['x-trellis-token'];
    const query = (request.query as { token?: unknown } | undefined)?.token;
    const token = typeof header === 'string' ? header : typeof query === 'string' ? query : null;
    if (!token) return;
    const found = await integrationActor(db, token, request.ip);
    if (!found) throw new AppError('error.unauthenticated');
    request.actor = found.actor;
    request.authVia = 'token';
    (request as FastifyRequest & { integration?: typeof found.integration }).integration = found.integration;
  };
  const integrationOf = (request: FastifyRequest) => {
    const integration = (request as FastifyRequest & { integration?: Row<'channel_integrations'> }).integration;
    if (!integration) throw new AppError('error.unauthenticated');
    return integration;
  };
  const tokenQuery = z.object({ token: z.string().max(200).optional() });
  const numberParams = z.object({ number: z.string().max(64) });
  const inboundView = (
    r: { id: string; number: string; title: string; state: string; updated_at: string },
    extra: object,
  ) => ({
    id: r.id,
    number: r.number,
    title: r.title,
    state: r.state,
    updatedAt: r.updated_at,
    deduplicated: false,
    ...extra,
  });

  app.post(
    '/api/v1/inbound/records',
    {
      onRequest: integrationAuth,
      schema: {
        tags: ['inbound'],
        querystring: tokenQuery,
        body: InboundCreate,
        response: { 200: InboundRecord, 201: InboundRecord, 202: Ok, ...errors },
      },
    },
    async (request, reply) => {
      const integration = integrationOf(request);
      const result = await inTransaction(app.services, requireActor(request), (tx) =>
        inboundCreate(tx, integration, request.body),
      );
      if (!result) return reply.status(202).send({ ok: true });
      const fresh = (await findRecordRow(db, result.record.id))!;
      return reply
        .status(result.deduplicated ? 200 : 201)
        .send(inboundView(fresh, { deduplicated: result.deduplicated, occurrences: result.occurrences }));
    },
  );
  app.get(
    '/api/v1/inbound/records/:number',
    {
      onRequest: integrationAuth,
      schema: {
        tags: ['inbound'],
        params: numberParams,
        querystring: tokenQuery,
        response: { 200: InboundRecord, ...errors },
      },
    },
    async (request) => {
      integrationOf(request);
      const record = await loadVisibleRecord(db, requireActor(request), request.params.number, 'incident');
      return inboundView(record, {});
    },
  );
  app.post(
    '/api/v1/inbound/records/:number/comments',
    {
      onRequest: integrationAuth,
      schema: {
        tags: ['inbound'],
        params: numberParams,
        querystring: tokenQuery,
        body: InboundComment,
        response: { 201: InboundRecord, ...errors },
      },
    },
    async (request, reply) => {
      integrationOf(request);
      const record = await inTransaction(app.services, requireActor(request), (tx) =>
        commentOnIncident({ tx, incidentId: request.params.number, body: request.body.body, visibility: 'public' }),
      );
      return reply.status(201).send(inboundView((await findRecordRow(db, record.id))!, {}));
    },
  );
  void loadTemplate;
}
