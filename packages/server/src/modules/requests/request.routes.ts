import {
  AcceptRequest,
  AddComment,
  ApproveRequest,
  Attachment,
  CancelRequest,
  CompleteTask,
  CreateServiceRequest,
  DeliverRequest,
  ErrorBody,
  MyApproval,
  MyTask,
  RejectDelivery,
  RejectRequest,
  RequestListQuery,
  ServiceRequest,
  ServiceRequestPage,
} from '@trellis/core';
import { z } from 'zod';
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { type SpooledFile, spoolUpload } from '../../platform/uploads.js';
import type { WorkRecord } from '../records/index.js';
import { inRecordTransaction } from '../records/index.js';
import * as requests from './request.service.js';
import { listRequests, myApprovals, myTasks, requestView } from './request.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('request id or number, e.g. REQ-2026-000123') });

export async function requestRoutes(app: App) {
  const { db, dialect, config } = app.services;

  /** An action route: permission and state checks live in the use case; this only wires HTTP. */
  function action<B extends z.ZodType>(
    path: string,
    body: B,
    run: (tx: Tx, params: { id: string; taskId?: string }, body: z.infer<B>) => Promise<WorkRecord>,
    summary: string,
  ) {
    const params = path.includes(':taskId') ? Params.extend({ taskId: z.string().min(1).max(64) }) : Params;
    app.post(
      `/api/v1/requests/:id/${path}`,
      { schema: { tags: ['requests'], summary, params, body, response: { 200: ServiceRequest, ...errors } } },
      async (request) => {
        const actor = requireActor(request);
        const record = await inRecordTransaction(app.services, request, actor, (tx) =>
          run(tx, request.params as { id: string; taskId?: string }, request.body as z.infer<B>),
        );
        // Re-read through the caller's eyes: after rejecting, an approver still sees the request.
        return requestView(db, actor, await requests.loadVisibleRequest(db, actor, record.id), requestLocale(request));
      },
    );
  }

  app.post(
    '/api/v1/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'Submit a catalogue request (JSON; see /requests/with-files for attachment fields)',
        body: CreateServiceRequest,
        response: { 201: ServiceRequest, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const channel = request.authVia === 'token' ? 'api' : undefined;
      const record = await inTransaction(app.services, actor, (tx) =>
        requests.submitRequest({ tx, input: request.body, channel, maxBytes: config.attachmentMaxBytes }),
      );
      return reply.status(201).send(await requestView(db, actor, record, requestLocale(request)));
    },
  );

  app.post(
    '/api/v1/requests/with-files',
    {
      schema: {
        tags: ['requests'],
        summary:
          'Submit with files (multipart/form-data): a field "data" holding the JSON body, and files named by their form field key',
        response: { 201: ServiceRequest, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('error.unsupported_media_type');
      let data: unknown;
      const files: SpooledFile[] = [];
      try {
        for await (const part of request.parts({ limits: { files: 10, fileSize: config.attachmentMaxBytes } })) {
          if (part.type === 'file') {
            files.push(await spoolUpload(part, { maxBytes: config.attachmentMaxBytes, dataDir: config.dataDir }));
          } else if (part.fieldname === 'data') {
            try {
              data = JSON.parse(String(part.value));
            } catch {
              throw new AppError('error.validation', {}, [{ path: ['data'], message: 'data must be JSON' }]);
            }
          }
        }
        const parsed = CreateServiceRequest.safeParse(data);
        if (!parsed.success)
          throw new AppError(
            'error.validation',
            {},
            parsed.error.issues.map((i) => ({ path: i.path, message: i.message })),
          );
        const channel = request.authVia === 'token' ? 'api' : undefined;
        const record = await inTransaction(app.services, actor, (tx) =>
          requests.submitRequest({ tx, input: parsed.data, files, channel, maxBytes: config.attachmentMaxBytes }),
        );
        return reply.status(201).send(await requestView(db, actor, record, requestLocale(request)));
      } finally {
        // Spooled files leave the disk whatever happened.
        await Promise.all(files.map((f) => f.remove()));
      }
    },
  );

  app.get(
    '/api/v1/requests',
    {
      schema: {
        tags: ['requests'],
        summary: 'List service requests visible to the caller',
        querystring: RequestListQuery,
        response: { 200: ServiceRequestPage, ...errors },
      },
    },
    async (request) => listRequests(db, dialect, requireActor(request), request.query, requestLocale(request)),
  );

  app.get(
    '/api/v1/requests/:id',
    { schema: { tags: ['requests'], params: Params, response: { 200: ServiceRequest, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await requests.loadVisibleRequest(db, actor, request.params.id);
      return requestView(db, actor, record, requestLocale(request));
    },
  );

  app.get(
    '/api/v1/approvals',
    {
      schema: {
        tags: ['requests'],
        summary: 'My approvals: requests waiting for the caller’s decision',
        response: { 200: z.array(MyApproval), ...errors },
      },
    },
    async (request) => myApprovals(db, requireActor(request), requestLocale(request)),
  );

  app.get(
    '/api/v1/request-tasks',
    {
      schema: {
        tags: ['requests'],
        summary: 'Open fulfilment tasks of the caller’s support groups',
        response: { 200: z.array(MyTask), ...errors },
      },
    },
    async (request) => myTasks(db, requireActor(request), requestLocale(request)),
  );

  action(
    'approve',
    ApproveRequest,
    (tx, p, b) => requests.approveRequest({ tx, requestId: p.id, ...b }),
    'Approve (the caller’s pending approval)',
  );
  action(
    'reject',
    RejectRequest,
    (tx, p, b) => requests.rejectRequest({ tx, requestId: p.id, ...b }),
    'Reject; the request ends',
  );
  action(
    'tasks/:taskId/complete',
    CompleteTask,
    (tx, p, b) => requests.completeTask({ tx, requestId: p.id, taskId: p.taskId!, ...b }),
    'Complete a fulfilment task',
  );
  action(
    'deliver',
    DeliverRequest,
    (tx, p, b) => requests.deliverRequest({ tx, requestId: p.id, ...b }),
    'Deliver by hand (no tasks open)',
  );
  action(
    'accept',
    AcceptRequest,
    (tx, p, b) => requests.acceptRequest({ tx, requestId: p.id, ...b }),
    'Requester accepts the delivery (验收)',
  );
  action(
    'reject-delivery',
    RejectDelivery,
    (tx, p, b) => requests.rejectDelivery({ tx, requestId: p.id, ...b }),
    'Requester rejects the delivery; back to fulfilment with the reason',
  );
  action('cancel', CancelRequest, (tx, p, b) => requests.cancelRequest({ tx, requestId: p.id, ...b }), 'Cancel');
  action('comments', AddComment, (tx, p, b) => requests.commentOnRequest({ tx, requestId: p.id, ...b }), 'Comment');

  app.post(
    '/api/v1/requests/:id/attachments',
    {
      schema: {
        tags: ['requests'],
        summary: 'Upload an attachment (multipart/form-data, field "file")',
        params: Params,
        response: { 201: Attachment, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('error.unsupported_media_type');
      const file = await request.file();
      if (!file) throw new AppError('error.validation', {}, [{ path: ['file'], message: 'a file is required' }]);
      const spooled = await spoolUpload(file, { maxBytes: config.attachmentMaxBytes, dataDir: config.dataDir });
      const row = await inTransaction(app.services, actor, (tx) =>
        requests.attachToRequest({
          tx,
          requestId: request.params.id,
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
}
