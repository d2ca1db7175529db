import { CreateService, ErrorBody, Service, UpdateService } from '@trellis/core';
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { canAdmin } from '../../platform/permissions/policy.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { createService, listServices, updateService } from './service.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().max(64) });

export async function serviceRoutes(app: App) {
  const manager = (request: Parameters<typeof requireActor>[0]) => {
    const actor = requireActor(request);
    if (!canAdmin(actor, 'service', 'manage')) throw new AppError('error.forbidden');
    return actor;
  };
  app.get(
    '/api/v1/services',
    { schema: { tags: ['services'], response: { 200: z.array(Service), ...errors } } },
    async (request) => listServices(app.services.db, requireActor(request)),
  );
  app.get(
    '/api/v1/services/:id',
    { schema: { tags: ['services'], params, response: { 200: Service, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const service = (await listServices(app.services.db, actor)).find((s) => s.id === request.params.id);
      if (!service) throw notFound();
      return service;
    },
  );
  app.post(
    '/api/v1/services',
    { schema: { tags: ['services'], body: CreateService, response: { 201: Service, ...errors } } },
    async (request, reply) => {
      const actor = manager(request);
      return reply
        .status(201)
        .send(await inTransaction(app.services, actor, (tx) => createService({ tx, input: request.body })));
    },
  );
  app.patch(
    '/api/v1/services/:id',
    { schema: { tags: ['services'], params, body: UpdateService, response: { 200: Service, ...errors } } },
    async (request) => {
      const actor = manager(request);
      return inTransaction(app.services, actor, (tx) =>
        updateService({ tx, serviceId: request.params.id, input: request.body }),
      );
    },
  );
}
