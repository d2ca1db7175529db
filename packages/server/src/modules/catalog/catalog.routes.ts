import {
  CatalogItem,
  CatalogItemQuery,
  CreateCatalogItem,
  ErrorBody,
  PeopleQuery,
  PersonRef,
  UpdateCatalogItem,
} from '@trellis/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { AppError } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { can, requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { searchUsers } from '../directory/index.js';
import { createItem, getItem, listItems, loadVisibleItem, updateItem } from './catalog.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().min(1).max(64) });

export async function catalogRoutes(app: App) {
  const { db, dialect } = app.services;
  app.get(
    '/api/v1/catalog/items',
    {
      schema: {
        tags: ['catalog'],
        summary: 'Catalogue items the caller may request (admins: all=true for every item)',
        querystring: CatalogItemQuery,
        response: { 200: z.array(CatalogItem), ...errors },
      },
    },
    async (request) =>
      listItems(db, requireActor(request), { serviceId: request.query.serviceId, all: request.query.all === 'true' }),
  );
  app.get(
    '/api/v1/catalog/items/:id',
    { schema: { tags: ['catalog'], params, response: { 200: CatalogItem, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      if (can(actor, 'catalog', 'manage')) {
        const item = await getItem(db, request.params.id);
        if (!item) throw new AppError('catalog.item_not_found');
        return item;
      }
      return loadVisibleItem(db, actor, request.params.id);
    },
  );
  app.post(
    '/api/v1/catalog/items',
    {
      preHandler: requireAbility('catalog', 'manage'),
      schema: { tags: ['catalog'], body: CreateCatalogItem, response: { 201: CatalogItem, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const item = await inTransaction(app.services, actor, (tx) => createItem({ tx, input: request.body }));
      return reply.status(201).send(item);
    },
  );
  app.patch(
    '/api/v1/catalog/items/:id',
    {
      preHandler: requireAbility('catalog', 'manage'),
      schema: { tags: ['catalog'], params, body: UpdateCatalogItem, response: { 200: CatalogItem, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        updateItem({ tx, itemId: request.params.id, input: request.body }),
      );
    },
  );
  app.get(
    '/api/v1/catalog/people',
    {
      schema: {
        tags: ['catalog'],
        summary: 'People of the caller’s organisation, for "person" fields of request forms',
        querystring: PeopleQuery,
        response: { 200: z.array(PersonRef), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const people = await searchUsers(
        db,
        { q: request.query.q, organizationId: actor.organizationId },
        (column, needle) => containsInsensitive(dialect, sql.ref<string>(column), needle),
      );
      return people
        .filter((p) => p.active)
        .slice(0, 50)
        .map((p) => ({ id: p.id, name: p.name, departmentName: p.departmentName }));
    },
  );
}
