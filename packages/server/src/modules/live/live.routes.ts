import type { ServerResponse } from 'node:http';
import { RECORD_KINDS, type RecordKind } from '@trellis/core';
import { findApiToken, findSession } from '../../platform/auth/sessions.js';
import type { Actor } from '../../platform/context.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { type LiveEvent, LiveFeed } from '../../platform/live.js';
import { canViewRecord, isStaff, type RecordSubject } from '../../platform/permissions/policy.js';

/** Proxies drop silent connections; a comment line every so often keeps the stream open. */
const HEARTBEAT_MS = 20_000;

interface Subscriber {
  actor: Actor;
  res: ServerResponse;
}

const isRecordKind = (kind: string): kind is RecordKind => (RECORD_KINDS as readonly string[]).includes(kind);

/**
 * GET /api/v1/live: a server-sent event stream of record changes the signed-in person may see.
 * Each event is checked against each subscriber's visibility with the same rule as a record read.
 */
export async function liveRoutes(app: App) {
  const { db, dialect, bus, config, loadActor } = app.services;
  const feed = new LiveFeed({ bus, db, dialect, databaseUrl: config.databaseUrl });
  await feed.start();
  const subscribers = new Set<Subscriber>();

  const send = (res: ServerResponse, event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);

  const unsubscribe = feed.subscribe((event: LiveEvent) => {
    if (subscribers.size === 0) return;
    void (async () => {
      // One read per event, however many people are listening.
      const record = await db
        .selectFrom('work_records')
        .select(['id', 'kind', 'number', 'state', 'organization_id', 'department_id', 'requester_id'])
        .where('id', '=', event.recordId)
        .executeTakeFirst();
      if (!record || !isRecordKind(record.kind)) return;
      const subject = {
        organizationId: record.organization_id,
        departmentId: record.department_id,
        requesterId: record.requester_id,
      } as RecordSubject;
      const message = { type: event.type, recordId: record.id, kind: record.kind, number: record.number };
      for (const subscriber of subscribers) {
        if (event.staffOnly && !isStaff(subscriber.actor)) continue;
        if (canViewRecord(subscriber.actor, subject)) send(subscriber.res, 'record', message);
      }
    })().catch((err) => app.log.warn({ err }, 'live event delivery failed'));
  });

  app.addHook('preClose', async () => {
    unsubscribe();
    for (const { res } of subscribers) res.end();
    subscribers.clear();
    await feed.close();
  });

  app.get(
    '/api/v1/live',
    {
      schema: {
        tags: ['live'],
        summary: 'Server-sent events: "record" events ({type, recordId, kind, number}) for records the caller may see',
      },
    },
    async (request, reply) => {
      const subscriber: Subscriber = { actor: requireActor(request), res: reply.raw };
      const { sessionToken, authVia } = request;
      const bearer = request.headers.authorization?.slice(7).trim();
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n\n');
      send(res, 'ready', { userId: subscriber.actor.id });
      subscribers.add(subscriber);

      // The stream outlives the request: re-check the session, and pick up role or group changes.
      const heartbeat = setInterval(() => {
        void (async () => {
          const still =
            authVia === 'token'
              ? await findApiToken(db, bearer ?? '')
              : sessionToken
                ? await findSession(db, sessionToken)
                : null;
          const actor = still ? await loadActor(db, subscriber.actor.id) : null;
          if (!actor) {
            res.end();
            return;
          }
          subscriber.actor = actor;
          res.write(': ping\n\n');
        })().catch(() => res.end());
      }, HEARTBEAT_MS);
      heartbeat.unref();

      const stop = () => {
        clearInterval(heartbeat);
        subscribers.delete(subscriber);
      };
      request.raw.on('close', stop);
      res.on('close', stop);
    },
  );
}
