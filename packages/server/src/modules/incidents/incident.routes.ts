import { Readable } from 'node:stream';
import {
  AddComment,
  AddLink,
  AddWatcher,
  ArchiveIncident,
  AssignIncident,
  CancelIncident,
  ClassifyIncident,
  CloseFollowup,
  ConfirmIncident,
  CreateIncident,
  ErrorBody,
  EscalateIncident,
  FlagMajor,
  Followup,
  FollowupQuery,
  HoldIncident,
  Incident,
  IncidentListQuery,
  IncidentPage,
  IncidentSettings,
  InviteCollaborator,
  LEVELS,
  LogTime,
  MajorUpdate,
  MergeIncident,
  PriorityMatrixResponse,
  ReopenIncident,
  ResolveIncident,
  TransferIncident,
  translate,
  UpdateIncidentSettings,
} from '@trellis/core';
import { z } from 'zod';
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { spoolUpload } from '../../platform/uploads.js';
import {
  attachmentContent,
  attachmentWithRecord,
  inRecordTransaction,
  loadVisibleRecord,
  type WorkRecord,
} from '../records/index.js';
import { closeFollowup, listFollowups } from './incident.followups.js';
import { flagMajor, mergeIncident, postMajorUpdate } from './incident.related.js';
import * as incidents from './incident.service.js';
import { getIncidentSettings, updateIncidentSettings } from './incident.settings.js';
import { escalateIncident, inviteCollaborator, transferIncident } from './incident.tiers.js';
import { incidentView, listIncidents } from './incident.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('incident id or number, e.g. INC-2026-000123') });

export async function incidentRoutes(app: App) {
  const { db, dialect, config } = app.services;

  /** An action route: permission and state checks live in the use case; this only wires HTTP. */
  function action<B extends z.ZodType>(
    verb: string,
    body: B,
    run: (tx: Tx, id: string, body: z.infer<B>) => Promise<WorkRecord>,
    summary: string,
  ) {
    app.post(
      `/api/v1/incidents/:id/${verb}`,
      { schema: { tags: ['incidents'], summary, params: Params, body, response: { 200: Incident, ...errors } } },
      async (request) => {
        const actor = requireActor(request);
        const record = await inRecordTransaction(app.services, request, actor, (tx) =>
          run(tx, request.params.id, request.body as z.infer<B>),
        );
        return incidentView(db, actor, record, requestLocale(request));
      },
    );
  }

  app.get(
    '/api/v1/priority-matrix',
    { schema: { tags: ['incidents'], response: { 200: PriorityMatrixResponse, ...errors } } },
    async (request) => {
      requireActor(request);
      const locale = requestLocale(request);
      const settings = await getIncidentSettings(db);
      return {
        matrix: settings.matrix,
        levels: LEVELS.map((level) => ({
          level,
          impact: translate(locale, `level.${level}.impact`),
          urgency: translate(locale, `level.${level}.urgency`),
          examples: translate(locale, `level.${level}.examples`),
        })),
      };
    },
  );

  app.get(
    '/api/v1/desk/settings',
    {
      preHandler: requireAbility('deskSettings', 'list'),
      schema: { tags: ['incidents'], response: { 200: IncidentSettings, ...errors } },
    },
    async (_request) => {
      return getIncidentSettings(db);
    },
  );

  app.put(
    '/api/v1/desk/settings',
    {
      preHandler: requireAbility('deskSettings', 'manage'),
      schema: {
        tags: ['incidents'],
        summary: 'Priority matrix, reopen period, auto-confirmation and escalation limits',
        body: UpdateIncidentSettings,
        response: { 200: IncidentSettings, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) => updateIncidentSettings(tx, request.body));
    },
  );

  app.get(
    '/api/v1/desk/followups',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Follow-ups on low ratings, for service managers',
        querystring: FollowupQuery,
        response: { 200: z.array(Followup), ...errors },
      },
    },
    async (request) => listFollowups(db, requireActor(request), { state: request.query.state }),
  );

  app.post(
    '/api/v1/desk/followups/:id/close',
    {
      schema: {
        tags: ['incidents'],
        params: z.object({ id: z.string().max(64) }),
        body: CloseFollowup,
        response: { 200: Followup, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, (tx) =>
        closeFollowup({ tx, followupId: request.params.id, note: request.body.note }),
      );
      const [closed] = await listFollowups(db, actor, { id: request.params.id });
      return closed!;
    },
  );

  app.post(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Report an incident',
        body: CreateIncident,
        response: { 201: Incident, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const channel = request.authVia === 'token' ? 'api' : undefined;
      const record = await inTransaction(app.services, actor, (tx) =>
        incidents.reportIncident({ tx, input: request.body, channel }),
      );
      return reply.status(201).send(await incidentView(db, actor, record, requestLocale(request)));
    },
  );

  app.get(
    '/api/v1/incidents',
    {
      schema: {
        tags: ['incidents'],
        summary: 'List incidents visible to the caller',
        querystring: IncidentListQuery,
        response: { 200: IncidentPage, ...errors },
      },
    },
    async (request) => listIncidents(db, dialect, requireActor(request), request.query, requestLocale(request)),
  );

  app.get(
    '/api/v1/incidents/:id',
    { schema: { tags: ['incidents'], params: Params, response: { 200: Incident, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await loadVisibleRecord(db, actor, request.params.id, 'incident');
      return incidentView(db, actor, record, requestLocale(request));
    },
  );

  action(
    'take',
    z.object({}).optional(),
    (tx, id) => incidents.takeIncident({ tx, incidentId: id }),
    'Take it and own it (首问负责制)',
  );
  action(
    'assign',
    AssignIncident,
    (tx, id, b) => incidents.assignIncident({ tx, incidentId: id, ...b }),
    'Assign to a group and/or a person',
  );
  action(
    'classify',
    ClassifyIncident,
    (tx, id, b) => incidents.classifyIncident({ tx, incidentId: id, ...b }),
    'Set category, impact and urgency',
  );
  action(
    'comments',
    AddComment,
    (tx, id, b) => incidents.commentOnIncident({ tx, incidentId: id, ...b }),
    'Add a public or internal comment',
  );
  action(
    'hold',
    HoldIncident,
    (tx, id, b) => incidents.holdIncident({ tx, incidentId: id, ...b }),
    'Put on hold: waiting for the requester, a supplier or a change',
  );
  action(
    'transfer',
    TransferIncident,
    (tx, id, b) => transferIncident({ tx, incidentId: id, ...b }),
    'Functional escalation: transfer to another group or tier, with a reason',
  );
  action(
    'escalate',
    EscalateIncident,
    (tx, id, b) => escalateIncident({ tx, incidentId: id, ...b }),
    "Hierarchical escalation to the group's manager",
  );
  action(
    'collaborators',
    InviteCollaborator,
    (tx, id, b) => inviteCollaborator({ tx, incidentId: id, ...b }),
    'Invite a collaborator',
  );
  action(
    'major',
    FlagMajor,
    (tx, id, b) => flagMajor({ tx, incidentId: id, ...b }),
    'Flag or unflag as a major incident',
  );
  action(
    'major-updates',
    MajorUpdate,
    (tx, id, b) => postMajorUpdate({ tx, incidentId: id, ...b }),
    'Post a major incident update to every affected requester',
  );
  action(
    'merge',
    MergeIncident,
    (tx, id, b) => mergeIncident({ tx, incidentId: id, ...b }),
    'Merge this duplicate into another incident',
  );
  action(
    'time',
    LogTime,
    (tx, id, b) => incidents.logTimeOnIncident({ tx, incidentId: id, ...b }),
    'Log time spent (工时)',
  );
  action(
    'resume',
    z.object({}).optional(),
    (tx, id) => incidents.resumeIncident({ tx, incidentId: id }),
    'Resume work',
  );
  action(
    'resolve',
    ResolveIncident,
    (tx, id, b) => incidents.resolveIncident({ tx, incidentId: id, ...b }),
    'Resolve with the handling record',
  );
  action(
    'confirm',
    ConfirmIncident,
    (tx, id, b) => incidents.confirmIncident({ tx, incidentId: id, ...b }),
    'Requester confirms and rates',
  );
  action(
    'reopen',
    ReopenIncident,
    (tx, id, b) => incidents.reopenIncident({ tx, incidentId: id, ...b }),
    'Requester reopens',
  );
  action(
    'archive',
    ArchiveIncident,
    (tx, id, b) => incidents.archiveIncident({ tx, incidentId: id, ...b }),
    'Archive a confirmed incident, recording the callback (回访)',
  );
  action('cancel', CancelIncident, (tx, id, b) => incidents.cancelIncident({ tx, incidentId: id, ...b }), 'Cancel');
  action(
    'watchers',
    AddWatcher,
    (tx, id, b) => incidents.watchIncident({ tx, incidentId: id, userId: b.userId }),
    'Add a watcher',
  );
  action(
    'links',
    AddLink,
    (tx, id, b) => incidents.linkIncident({ tx, incidentId: id, ...b }),
    'Link to another record',
  );

  app.delete(
    '/api/v1/incidents/:id/watchers/:userId',
    {
      schema: {
        tags: ['incidents'],
        params: Params.extend({ userId: z.string().max(64) }),
        response: { 200: Incident, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await inTransaction(app.services, actor, (tx) =>
        incidents.watchIncident({ tx, incidentId: request.params.id, userId: request.params.userId, remove: true }),
      );
      return incidentView(db, actor, record, requestLocale(request));
    },
  );

  app.post(
    '/api/v1/incidents/:id/attachments',
    {
      schema: {
        tags: ['incidents'],
        summary: 'Upload an attachment (multipart/form-data, field "file")',
        params: Params,
        response: { 201: Incident.shape.attachments.element, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('error.unsupported_media_type');
      const file = await request.file();
      if (!file) throw new AppError('error.validation', {}, [{ path: ['file'], message: 'a file is required' }]);
      const spooled = await spoolUpload(file, { maxBytes: config.attachmentMaxBytes, dataDir: config.dataDir });
      const row = await inTransaction(app.services, actor, (tx) =>
        incidents.attachToIncident({
          tx,
          incidentId: request.params.id,
          file: spooled,
          maxBytes: config.attachmentMaxBytes,
        }),
      ).finally(spooled.remove);
      return reply.status(201).send({
        id: row.id,
        filename: row.filename,
        contentType: row.content_type,
        size: row.size,
        uploadedBy: { id: actor.id, name: actor.name },
        createdAt: row.created_at,
      });
    },
  );

  app.get(
    '/api/v1/attachments/:id',
    { schema: { tags: ['incidents'], params: z.object({ id: z.string().max(64) }) } },
    async (request, reply) => {
      const actor = requireActor(request);
      const attachment = await attachmentWithRecord(db, request.params.id);
      if (!attachment) throw new AppError('error.not_found');
      // Whoever may see the record may read its attachments; others learn nothing.
      await loadVisibleRecord(db, actor, attachment.record_id, attachment.kind);
      // Streamed a stored piece at a time: a large file never sits whole in memory.
      return reply
        .header('content-type', attachment.content_type)
        .header('content-length', attachment.size)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(attachment.filename)}`)
        .header('x-content-type-options', 'nosniff')
        .send(Readable.from(attachmentContent(db, attachment.id)));
    },
  );
}
