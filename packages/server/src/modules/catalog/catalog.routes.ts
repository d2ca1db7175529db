import { ErrorBody, PeopleQuery, PersonRef } from '@trellis/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { searchUsers } from '../directory/index.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** The items themselves are a register (catalog.register.ts); this is what request forms need besides. */
export async function catalogRoutes(app: App) {
  const { db, dialect } = app.services;
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
