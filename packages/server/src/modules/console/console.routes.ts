import {
  BulkAction,
  BulkResult,
  ErrorBody,
  IncidentTemplate,
  PresenceBeat,
  PresenceList,
  QueueFilters,
  QueuePage,
  QueueQuery,
  SaveIncidentTemplate,
  UpdateIncidentTemplate,
} from '@trellis/core';
import { z } from 'zod';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { runBulk } from './console.bulk.js';
import { listQueue } from './console.queue.js';
import * as console_ from './console.service.js';
import { findView } from './saved-view.register.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().min(1).max(64) });
const tags = ['console'];

export async function consoleRoutes(app: App) {
  const { db, dialect } = app.services;
  const staff = (request: Parameters<typeof requireActor>[0]) => console_.requireConsole(requireActor(request));

  app.get(
    '/api/v1/console/queue',
    {
      schema: {
        tags,
        summary: 'The work queue over every record kind, with filters or a saved view',
        querystring: QueueQuery,
        response: { 200: QueuePage, ...errors },
      },
    },
    async (request) => {
      const actor = staff(request);
      const { cursor, limit, view, major, ...explicit } = request.query;
      const base = view ? (await findView(db, actor, view)).filters : {};
      const given = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined));
      const filters = QueueFilters.parse({
        ...base,
        ...given,
        ...(major ? { major: major === 'true' } : {}),
      });
      return listQueue(db, dialect, actor, filters, { cursor, limit }, requestLocale(request));
    },
  );

  app.post(
    '/api/v1/console/bulk',
    {
      schema: {
        tags,
        summary: 'Apply one action to many records; each goes through its own use case and reports its result',
        body: BulkAction,
        response: { 200: BulkResult, ...errors },
      },
    },
    async (request) => runBulk(app.services, staff(request), request.body, requestLocale(request)),
  );

  // Saved views are a register: saved-view.register.ts.

  // ---- incident templates
  app.get(
    '/api/v1/console/templates',
    {
      schema: {
        tags,
        querystring: z.object({ all: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(IncidentTemplate), ...errors },
      },
    },
    async (request) => console_.listTemplates(db, staff(request), request.query.all === 'true'),
  );
  app.post(
    '/api/v1/console/templates',
    { schema: { tags, body: SaveIncidentTemplate, response: { 201: IncidentTemplate, ...errors } } },
    async (request, reply) => {
      const actor = staff(request);
      const created = await inTransaction(app.services, actor, (tx) =>
        console_.createTemplate({ tx, input: request.body }),
      );
      return reply.status(201).send(created);
    },
  );
  app.patch(
    '/api/v1/console/templates/:id',
    { schema: { tags, params, body: UpdateIncidentTemplate, response: { 200: IncidentTemplate, ...errors } } },
    async (request) =>
      inTransaction(app.services, staff(request), (tx) =>
        console_.updateTemplate({ tx, id: request.params.id, input: request.body }),
      ),
  );

  // ---- presence
  app.put(
    '/api/v1/console/presence/:id',
    {
      schema: {
        tags,
        summary: 'Heartbeat: I am viewing or editing this record; answers who else is',
        params,
        body: PresenceBeat,
        response: { 200: PresenceList, ...errors },
      },
    },
    async (request) => console_.beat(db, staff(request), request.params.id, request.body.mode),
  );
  app.delete(
    '/api/v1/console/presence/:id',
    { schema: { tags, params, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await console_.leave(db, staff(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  await app.services.jobs.every('console.presence.purge', 600_000, () => console_.purgePresence(db));
}
