import { Category, CreateCategory, ErrorBody, UpdateCategory } from '@trellis/core';
import { z } from 'zod';
import { type App, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { createCategory, listCategories, updateCategory } from './category.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export async function categoryRoutes(app: App) {
  app.get(
    '/api/v1/categories',
    { schema: { tags: ['categories'], response: { 200: z.array(Category), ...errors } } },
    async (request) => {
      requireActor(request);
      return listCategories(app.services.db);
    },
  );
  app.post(
    '/api/v1/categories',
    {
      preHandler: requireAbility('category', 'manage'),
      schema: { tags: ['categories'], body: CreateCategory, response: { 201: Category, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply
        .status(201)
        .send(await inTransaction(app.services, actor, (tx) => createCategory({ tx, input: request.body })));
    },
  );
  app.patch(
    '/api/v1/categories/:id',
    {
      preHandler: requireAbility('category', 'manage'),
      schema: {
        tags: ['categories'],
        params: z.object({ id: z.string().max(64) }),
        body: UpdateCategory,
        response: { 200: Category, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        updateCategory({ tx, categoryId: request.params.id, input: request.body }),
      );
    },
  );
}
