import { CreateService, ErrorBody, Service, UpdateService } from '@trellis/core';
import { z } from 'zod';
import { notFound } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { createService, listServices, updateService } from './service.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().max(64) });

export async function serviceRoutes(app: App) {
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
    {
      preHandler: requireAbility('service', 'manage'),
      schema: { tags: ['services'], body: CreateService, response: { 201: Service, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await inTransaction(app.services, actor, (tx) => createService({ tx, input: request.body })));
    },
  );
  app.patch(
    '/api/v1/services/:id',
    {
      preHandler: requireAbility('service', 'manage'),
      schema: { tags: ['services'], params, body: UpdateService, response: { 200: Service, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        updateService({ tx, serviceId: request.params.id, input: request.body }),
      );
    },
  );
}
