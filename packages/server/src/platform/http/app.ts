import fs from 'node:fs';
import path from 'node:path';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { isLocale, isMessageKey, type Locale, negotiateLocale, translate } from '@trellis/core';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { en as zodEn, zhCN as zodZhCN } from 'zod/locales';
import { findApiToken, findSession } from '../auth/sessions.js';
import type { Config } from '../config.js';
import type { Actor } from '../context.js';
import type { Db, DialectName } from '../db/database.js';
import { type ConstraintViolation, constraintViolation, isDatabaseUnavailable } from '../db/dialect.js';
import { AppError, type AppErrorCode } from '../errors.js';
import type { EventBus } from '../events.js';
import type { JobRunner } from '../jobs.js';

export const SESSION_COOKIE = 'trellis_session';

type ZodIssueLike = { code: string; path: PropertyKey[]; message: string } & Record<string, unknown>;
const ZOD_MESSAGES: Record<Locale, ReturnType<typeof zodZhCN>['localeError']> = {
  'zh-CN': zodZhCN().localeError,
  'en-US': zodEn().localeError,
};

/** Field messages in the reader's language; the offending value is looked up so "received …" is right. */
function localizedIssue(issue: ZodIssueLike, source: unknown, locale: Locale): string {
  // A schema's own rule (`.refine(…, { message: 'supplier.x' })`) names a catalogue key.
  if (issue.code === 'custom' && isMessageKey(issue.message)) return translate(locale, issue.message);
  const input = issue.path.reduce<unknown>(
    (value, key) =>
      value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined,
    source,
  );
  const localized = ZOD_MESSAGES[locale]({ ...issue, input } as never);
  return typeof localized === 'string' ? localized : (localized?.message ?? issue.message);
}
export const CSRF_HEADER = 'x-csrf-token';

/** What every route can reach: shared machinery, never a module's tables. */
export interface Services {
  config: Config;
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  jobs: JobRunner;
  loadActor: (db: Db, userId: string, ip?: string | null) => Promise<Actor | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    actor: Actor | null;
    authVia: 'cookie' | 'token' | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** The language a person reads: their saved choice, else the browser's. */
export function requestLocale(request: FastifyRequest): Locale {
  const explicit = request.headers['x-trellis-locale'];
  if (typeof explicit === 'string' && isLocale(explicit)) return explicit;
  return request.actor?.locale ?? negotiateLocale(request.headers['accept-language']);
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('error.unauthenticated');
  return request.actor;
}

const CONSTRAINT_MESSAGES: Record<ConstraintViolation['kind'], string> = {
  unique: 'already exists',
  foreign_key: 'refers to something that does not exist',
  not_null: 'is required',
  check: 'is not an allowed value',
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** The only API routes open to anonymous callers. */
const PUBLIC_ROUTES = new Set([
  '/api/v1/auth/login',
  '/api/v1/auth/logout',
  // A signed, one-use survey link answers without a sign-in (modules/relationship/survey.link.ts).
  '/api/v1/survey-links/:token',
]);

export async function buildHttpApp(services: Services): Promise<App> {
  // Plain Fastify typing of the plugin callbacks below; routes get the zod-typed App.
  const app = Fastify({
    logger: services.config.logLevel === 'silent' ? false : { level: services.config.logLevel },
    bodyLimit: 1_048_576,
    trustProxy: services.config.trustProxy,
    // Ids and numbers appear in paths; an absurdly long URL is an attack, not a lookup.
    routerOptions: { maxParamLength: 200 },
    // The router refuses such paths (and malformed %-escapes) before the error handler runs; answer in our envelope.
    frameworkErrors: (_error, request: FastifyRequest, reply: FastifyReply) => {
      reply.status(400).send({
        error: { code: 'error.validation', message: translate(requestLocale(request), 'error.validation') },
      });
    },
  }).withTypeProvider<ZodTypeProvider>();

  // Per-request log lines are noise at info (writes are in the audit trail); routes log from warn up
  // unless the operator asks for debug or trace.
  if (!['debug', 'trace'].includes(services.config.logLevel)) {
    app.addHook('onRoute', (route) => {
      route.logLevel = 'warn';
    });
  }
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('services', services);
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);
  // The API speaks JSON (and multipart for uploads); a text/plain body is the wrong media type, not a bad JSON.
  app.removeContentTypeParser('text/plain');
  // Depth is checked on the text, before JSON.parse builds it and before any hook walks it: a body of
  // 20,000 nested arrays is small but overflows every recursive walk.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonNestingExceeds(body as string, MAX_JSON_DEPTH)) {
      done(new AppError('error.too_deep', { max: MAX_JSON_DEPTH }), undefined);
      return;
    }
    parseJson(request, body as string, done);
  });

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // Plain-HTTP installs on an intranet are common; HSTS only where the operator opts into secure cookies.
    hsts: services.config.secureCookies === 'on',
  });
  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: services.config.attachmentMaxBytes, files: 1, fields: 10 },
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Trellis API', version: '1', description: 'IT service management: the service desk API' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'API token (trl_…)' },
          cookie: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  });

  // Answers carry people's records; no shared cache or browser history may keep them.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
  });

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/v1/')) return;
    const { db, loadActor } = services;
    const auth = request.headers.authorization;
    if (auth?.startsWith('Bearer ')) {
      const token = await findApiToken(db, auth.slice(7).trim());
      if (!token) throw new AppError('error.unauthenticated');
      request.actor = await loadActor(db, token.user_id, request.ip);
      if (!request.actor) throw new AppError('error.unauthenticated');
      request.authVia = 'token';
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (!sessionToken) return;
    const session = await findSession(db, sessionToken);
    if (!session) return;
    request.actor = await loadActor(db, session.user_id, request.ip);
    if (!request.actor) return;
    request.authVia = 'cookie';
    request.sessionToken = sessionToken;
    request.csrfToken = session.csrf_token;
    // Synchroniser token: a cross-site form can send the cookie but cannot read the token.
    if (UNSAFE.has(request.method) && request.headers[CSRF_HEADER] !== session.csrf_token) {
      throw new AppError('error.csrf');
    }
  });

  // Who asks comes before what they sent: an anonymous caller gets 401, not the validation details.
  app.addHook('preValidation', async (request) => {
    if (request.url.startsWith('/api/v1/') && !request.actor && !PUBLIC_ROUTES.has(request.routeOptions.url ?? '')) {
      throw new AppError('error.unauthenticated');
    }
  });

  // PostgreSQL text cannot hold NUL: refuse it at the door, so both dialects answer alike and with a 400.
  app.addHook('preValidation', async (request) => {
    if (request.url.includes('%00') || containsNul(request.body)) {
      throw new AppError('error.validation', {}, [{ path: [], message: 'NUL characters are not allowed' }]);
    }
  });

  app.setErrorHandler((error: FastifyError | AppError | Error, request, reply) => {
    const locale = requestLocale(request);
    const send = (status: number, code: AppErrorCode, details?: unknown, params?: Record<string, string | number>) =>
      reply.status(status).send({ error: { code, message: translate(locale, code, params), details } });

    if (error instanceof AppError) {
      // Parameters that are themselves catalogue keys (a state, an action) are shown translated.
      const params = Object.fromEntries(
        Object.entries(error.params).map(([k, v]) => [
          k,
          typeof v === 'string' && isMessageKey(v) ? translate(locale, v) : v,
        ]),
      );
      if (error.code === 'auth.locked' && typeof error.details === 'object' && error.details) {
        const retry = (error.details as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retry) reply.header('retry-after', String(retry));
      }
      // Field issues may carry a catalogue key as their message: shown translated, like the error itself.
      const details = Array.isArray(error.details)
        ? error.details.map((d: unknown) => {
            const issue = d as { message?: unknown } | null;
            return issue && typeof issue.message === 'string' && isMessageKey(issue.message)
              ? { ...issue, message: translate(locale, issue.message, params) }
              : d;
          })
        : error.details;
      return send(error.status, error.code, details, params);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      return send(
        400,
        'error.validation',
        error.validation.map((v) => {
          // The type provider flattens each zod issue into {keyword, instancePath, params}; rebuild it.
          const path = v.instancePath.replace(/^\//, '').split('/').filter(Boolean);
          const issue: ZodIssueLike = {
            ...(v.params as Record<string, unknown>),
            code: v.keyword,
            path,
            message: v.message ?? '',
          };
          const source = (request as unknown as Record<string, unknown>)[error.validationContext ?? 'body'];
          return { path, message: localizedIssue(issue, source, locale), in: error.validationContext };
        }),
      );
    }
    // The services check what they can before writing; a constraint the database still enforces is
    // the caller's input all the same (a reference deleted meanwhile, a value no check foresaw): 4xx on the field.
    const violation = constraintViolation(error);
    if (violation) {
      request.log.warn({ err: error }, 'database constraint refused a write');
      const field = violation.column?.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const details = [{ path: field ? [field] : [], message: CONSTRAINT_MESSAGES[violation.kind], in: 'body' }];
      // Two requests raced to create the same thing; the loser is told so, as if it had come second.
      if (violation.kind === 'unique') return send(409, 'error.conflict', details);
      return send(400, 'error.validation', details);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(503, 'error.unavailable');
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause }, 'response did not match its schema');
      return send(500, 'error.internal');
    }
    const status = (error as FastifyError).statusCode;
    const fastifyCode = (error as FastifyError).code;
    if (fastifyCode === 'FST_REQ_FILE_TOO_LARGE' || status === 413) return send(413, 'error.payload_too_large');
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415)
      return send(415, 'error.unsupported_media_type');
    if (status === 429) return send(429, 'error.rate_limited');
    if (status && status >= 400 && status < 500) {
      return send(status === 404 ? 404 : 400, status === 404 ? 'error.not_found' : 'error.validation', {
        reason: error.message,
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(500, 'error.internal');
  });

  app.setNotFoundHandler((request, reply) => {
    // API paths and missing built files are real 404s; any other page is a client-side route.
    if (/^\/(api|assets)\//.test(request.url) || request.method !== 'GET' || !webRoot) {
      return reply
        .status(404)
        .send({ error: { code: 'error.not_found', message: translate(requestLocale(request), 'error.not_found') } });
    }
    // The web app routes on the client: unknown paths get index.html.
    return reply.type('text/html').sendFile('index.html');
  });

  const webRoot = resolveWebRoot(services.config.webDist);
  if (webRoot) {
    await app.register(fastifyStatic, { root: webRoot, index: ['index.html'] });
  }

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app;
}

/** Deep enough for any body the API accepts; shallow enough that no walk of it can overflow. */
export const MAX_JSON_DEPTH = 32;

/** True when the JSON text opens more than `max` arrays or objects inside each other (strings skipped). */
export function jsonNestingExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function containsNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(containsNul);
  if (value && typeof value === 'object') return Object.values(value).some(containsNul);
  return false;
}

function resolveWebRoot(configured: string | undefined): string | null {
  const candidates = configured
    ? [configured]
    : [path.resolve(import.meta.dirname, '../../../../web/dist'), path.resolve('packages/web/dist')];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? null;
}
