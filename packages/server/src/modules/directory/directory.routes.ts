import {
  CreateDepartment,
  CreateUser,
  Department,
  ErrorBody,
  UpdateDepartment,
  UpdateUser,
  User,
  UserListQuery,
} from '@trellis/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { containsInsensitive } from '../../platform/db/dialect.js';
import { AppError } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { can, requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import * as directory from './directory.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const IdParams = z.object({ id: z.string().min(1).max(64) });

export async function directoryRoutes(app: App) {
  const { db, dialect } = app.services;
  // ---- departments (organisations and support groups are registers: directory.registers.ts)
  app.get(
    '/api/v1/organizations/:id/departments',
    {
      preHandler: requireAbility('organization', 'list'),
      schema: { tags: ['directory'], params: IdParams, response: { 200: z.array(Department), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can(actor, 'organization', 'view', { id: request.params.id })) throw new AppError('error.not_found');
      return directory.listDepartments(db, request.params.id);
    },
  );
  app.post(
    '/api/v1/organizations/:id/departments',
    {
      preHandler: requireAbility('organization', 'manage'),
      schema: {
        tags: ['directory'],
        params: IdParams,
        body: CreateDepartment,
        response: { 201: Department, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const dept = await inTransaction(app.services, actor, (tx) =>
        directory.createDepartment({ tx, organizationId: request.params.id, input: request.body }),
      );
      return reply.status(201).send(dept);
    },
  );
  app.patch(
    '/api/v1/departments/:id',
    {
      preHandler: requireAbility('organization', 'manage'),
      schema: {
        tags: ['directory'],
        params: IdParams,
        body: UpdateDepartment,
        response: { 200: Department, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        directory.updateDepartment({ tx, departmentId: request.params.id, input: request.body }),
      );
    },
  );

  // ---- users
  app.get(
    '/api/v1/users',
    {
      preHandler: requireAbility('user', 'list'),
      schema: { tags: ['directory'], querystring: UserListQuery, response: { 200: z.array(User), ...errors } },
    },
    async (request) => {
      const { staff, ...rest } = request.query;
      return directory.searchUsers(
        db,
        { ...rest, staff: staff === undefined ? undefined : staff === 'true', visibleTo: requireActor(request) },
        // A column name passed as a plain string would be bound as a value: reference it.
        (column, needle) => containsInsensitive(dialect, sql.ref<string>(column), needle),
      );
    },
  );
  app.get(
    '/api/v1/users/:id',
    {
      preHandler: requireAbility('user', 'list'),
      schema: { tags: ['directory'], params: IdParams, response: { 200: User, ...errors } },
    },
    async (request) => {
      return directory.getUser(db, request.params.id, requireActor(request));
    },
  );
  app.post(
    '/api/v1/users',
    {
      preHandler: requireAbility('user', 'manage'),
      schema: { tags: ['directory'], body: CreateUser, response: { 201: User, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const user = await inTransaction(app.services, actor, (tx) => directory.createUser({ tx, input: request.body }));
      return reply.status(201).send(user);
    },
  );
  app.patch(
    '/api/v1/users/:id',
    {
      preHandler: requireAbility('user', 'manage'),
      schema: { tags: ['directory'], params: IdParams, body: UpdateUser, response: { 200: User, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        directory.updateUser({ tx, userId: request.params.id, input: request.body }),
      );
    },
  );
}
