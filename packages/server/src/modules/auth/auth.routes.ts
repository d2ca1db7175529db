import {
  ApiToken,
  CreateApiToken,
  CreatedApiToken,
  ErrorBody,
  LoginBody,
  SessionResponse,
  SessionUser,
  UpdateMe,
} from '@trellis/core';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import { DEVICE_COOKIE, DEVICE_DAYS } from '../../platform/auth/devices.js';
import { createApiToken, deleteSession } from '../../platform/auth/sessions.js';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import type { App } from '../../platform/http/app.js';
import { requireActor, SESSION_COOKIE } from '../../platform/http/app.js';
import { globalAbilities } from '../../platform/permissions/policy.js';
import { abilitiesOf } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { getUser, setUserLocale, updateProfile } from '../directory/index.js';
import { login } from './auth.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody };

async function sessionBody(app: App, actor: Actor, csrfToken: string) {
  const user = await getUser(app.services.db, actor.id);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      organizationId: user.organizationId,
      organizationName: user.organizationName,
      departmentId: user.departmentId,
      locale: user.locale,
    },
    csrfToken,
    abilities: globalAbilities(actor),
    can: abilitiesOf(actor),
  };
}

export async function authRoutes(app: App) {
  const { config, db } = app.services;
  const secure = (protocol: string) =>
    config.secureCookies === 'on' || (config.secureCookies === 'auto' && protocol === 'https');

  app.post(
    '/api/v1/auth/login',
    { schema: { tags: ['auth'], body: LoginBody, response: { 200: SessionResponse, ...errors } } },
    async (request, reply) => {
      const result = await login({
        db,
        config,
        email: request.body.email,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        deviceToken: request.cookies[DEVICE_COOKIE],
      });
      const actor = await app.services.loadActor(db, result.userId, request.ip);
      if (!actor) throw new AppError('auth.inactive');
      reply.setCookie(SESSION_COOKIE, result.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secure(request.protocol),
        expires: new Date(result.expiresAt),
      });
      if (result.deviceToken) {
        // Only the sign-in reads it; Strict keeps it off every cross-site request.
        reply.setCookie(DEVICE_COOKIE, result.deviceToken, {
          path: '/api/v1/auth',
          httpOnly: true,
          sameSite: 'strict',
          secure: secure(request.protocol),
          maxAge: DEVICE_DAYS * 86_400,
        });
      }
      await inTransaction(app.services, actor, (tx) =>
        audit(tx, {
          action: 'auth.login',
          entityType: 'user',
          entityId: actor.id,
          organizationId: actor.organizationId,
        }),
      );
      return sessionBody(app, actor, result.csrfToken);
    },
  );

  app.post(
    '/api/v1/auth/logout',
    { schema: { tags: ['auth'], response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      if (request.sessionToken) await deleteSession(db, request.sessionToken);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/session',
    { schema: { tags: ['auth'], response: { 200: SessionResponse, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      // API-token callers have no cookie to protect; they get an empty CSRF token.
      return sessionBody(app, actor, request.csrfToken ?? '');
    },
  );

  app.patch(
    '/api/v1/me',
    { schema: { tags: ['auth'], body: UpdateMe, response: { 200: SessionUser, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const { locale, name, phone } = request.body;
      await inTransaction(app.services, actor, async (tx) => {
        if (locale) await setUserLocale({ tx, userId: actor.id, locale });
        if (name !== undefined || phone !== undefined) await updateProfile({ tx, userId: actor.id, name, phone });
      });
      return (await sessionBody(app, { ...actor, locale: locale ?? actor.locale }, '')).user;
    },
  );

  app.get(
    '/api/v1/me/tokens',
    { schema: { tags: ['auth'], response: { 200: z.array(ApiToken), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const rows = await db
        .selectFrom('api_tokens')
        .select(['id', 'name', 'created_at', 'last_used_at'])
        .where('user_id', '=', actor.id)
        .where('revoked_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
    },
  );

  app.post(
    '/api/v1/me/tokens',
    { schema: { tags: ['auth'], body: CreateApiToken, response: { 201: CreatedApiToken, ...errors } } },
    async (request, reply) => {
      const actor = requireActor(request);
      // A leaked token must not be able to mint the next one and survive its own revocation.
      if (request.authVia !== 'cookie') throw new AppError('auth.token_cannot_mint');
      const created = await inTransaction(app.services, actor, async (tx) => {
        const result = await createApiToken(tx.db, { userId: actor.id, name: request.body.name });
        await audit(tx, {
          action: 'api_token.create',
          entityType: 'api_token',
          entityId: result.row.id,
          after: { name: request.body.name },
        });
        return result;
      });
      return reply.status(201).send({
        id: created.row.id,
        name: created.row.name,
        createdAt: created.row.created_at,
        lastUsedAt: null,
        token: created.token,
      });
    },
  );

  app.delete(
    '/api/v1/me/tokens/:id',
    {
      schema: { tags: ['auth'], params: z.object({ id: z.string().max(64) }), response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, async (tx) => {
        const result = await tx.db
          .updateTable('api_tokens')
          .set({ revoked_at: new Date().toISOString() })
          .where('id', '=', request.params.id)
          .where('user_id', '=', actor.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 0) throw new AppError('error.not_found');
        await audit(tx, { action: 'api_token.revoke', entityType: 'api_token', entityId: request.params.id });
      });
      return reply.status(204).send(null);
    },
  );
}
