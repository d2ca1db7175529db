import { ErrorBody, Id, RecordTime, TimeSummary, TimeSummaryQuery } from '@trellis/core';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { recordTime, timeSummary } from './time.service.js';

export async function timeRoutes(app: App) {
  app.get(
    '/api/v1/time-entries',
    {
      preHandler: requireAbility('time', 'read'),
      schema: {
        tags: ['time'],
        summary: "A record's time log with totals per person",
        querystring: z.object({ recordId: Id }),
        response: { 200: RecordTime, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      // Time is the desk's own bookkeeping; requesters do not see it.
      const record = await app.services.db
        .selectFrom('work_records')
        .select('id')
        .where('id', '=', request.query.recordId)
        .where(visibleRecords(actor))
        .executeTakeFirst();
      if (!record) throw new AppError('error.not_found');
      return recordTime(app.services.db, record.id);
    },
  );

  app.get(
    '/api/v1/time-entries/summary',
    {
      preHandler: requireAbility('time', 'read'),
      schema: {
        tags: ['time'],
        summary: 'Minutes per person over visible records (工时统计)',
        querystring: TimeSummaryQuery,
        response: { 200: TimeSummary, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return timeSummary(app.services.db, actor, request.query);
    },
  );
}
