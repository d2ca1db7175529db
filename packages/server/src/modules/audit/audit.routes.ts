import { AuditPage, AuditQuery, ErrorBody } from '@trellis/core';
import type { App } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { decodeCursor, encodeCursor } from '../records/index.js';

const parse = (json: string | null): unknown => (json === null ? null : JSON.parse(json));

export async function auditRoutes(app: App) {
  const { db } = app.services;
  app.get(
    '/api/v1/audit',
    {
      preHandler: requireAbility('audit', 'list'),
      schema: {
        tags: ['audit'],
        summary: 'Browse the audit trail, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const { entityType, entityId, actorId, action, cursor, limit } = request.query;
      let q = db.selectFrom('audit_events').selectAll();
      if (entityType) q = q.where('entity_type', '=', entityType);
      if (entityId) q = q.where('entity_id', '=', entityId);
      if (actorId) q = q.where('actor_id', '=', actorId);
      if (action) q = q.where('action', '=', action);
      if (cursor) {
        const c = decodeCursor(cursor);
        q = q.where((eb) =>
          eb.or([eb('at', '<', c.createdAt), eb.and([eb('at', '=', c.createdAt), eb('id', '<', c.id)])]),
        );
      }
      const rows = await q
        .orderBy('at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorName: r.actor_name,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          organizationId: r.organization_id,
          before: parse(r.before_json),
          after: parse(r.after_json),
          ip: r.ip,
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
      };
    },
  );
}
