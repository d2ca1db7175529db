import {
  CreateSla,
  ErrorBody,
  isValidTimeZone,
  LOCALES,
  RecordSla,
  Sla,
  SlaBreach,
  SlaReportQuery,
  SlaReportRow,
  UpdateSla,
} from '@trellis/core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { can } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { findRecordRow } from '../records/index.js';
import { breachesCsv, reportCsv } from './sla.export.js';
import { clocksForRecords, createSla, listBreaches, listSlas, slaReport, updateSla } from './sla.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().max(64) });
type Req = Parameters<typeof requireActor>[0];

function csvReply(reply: FastifyReply, name: string, csv: string) {
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`)
    .header('x-content-type-options', 'nosniff')
    .send(Buffer.from(csv, 'utf8'));
}

export async function slaRoutes(app: App) {
  const { db } = app.services;
  const staff = (request: Req) => {
    const actor = requireActor(request);
    if (!can(actor, 'sla', 'list')) throw new AppError('error.forbidden');
    return actor;
  };
  const admin = (request: Req) => {
    const actor = requireActor(request);
    if (!can(actor, 'sla', 'manage')) throw new AppError('error.forbidden');
    return actor;
  };

  app.get('/api/v1/slas', { schema: { tags: ['sla'], response: { 200: z.array(Sla), ...errors } } }, async (r) => {
    staff(r);
    return listSlas(db);
  });
  app.post(
    '/api/v1/slas',
    { schema: { tags: ['sla'], body: CreateSla, response: { 201: Sla, ...errors } } },
    async (request, reply) => {
      const actor = admin(request);
      return reply.status(201).send(await inTransaction(app.services, actor, (tx) => createSla(tx, request.body)));
    },
  );
  app.patch(
    '/api/v1/slas/:id',
    { schema: { tags: ['sla'], params, body: UpdateSla, response: { 200: Sla, ...errors } } },
    async (request) => {
      const actor = admin(request);
      return inTransaction(app.services, actor, (tx) => updateSla(tx, request.params.id, request.body));
    },
  );
  // Clocks: anyone who can see the record sees its clocks.
  app.get(
    '/api/v1/records/:id/sla',
    { schema: { tags: ['sla'], params, response: { 200: RecordSla, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const row = await findRecordRow(db, request.params.id);
      const [result] = row ? await clocksForRecords(db, actor, [row.id]) : [];
      if (!result) throw notFound();
      return result;
    },
  );
  app.post(
    '/api/v1/records/sla',
    {
      schema: {
        tags: ['sla'],
        body: z.object({ ids: z.array(z.string().max(64)).max(200) }),
        response: { 200: z.array(RecordSla), ...errors },
      },
    },
    async (request) => clocksForRecords(db, requireActor(request), request.body.ids),
  );
  app.get(
    '/api/v1/sla/breaches',
    {
      schema: {
        tags: ['sla'],
        querystring: z.object({
          from: z.string().datetime({ offset: true }).optional(),
          to: z.string().datetime({ offset: true }).optional(),
        }),
        response: { 200: z.array(SlaBreach), ...errors },
      },
    },
    async (request) => listBreaches(db, staff(request), request.query),
  );
  // CSV downloads: a link in the page, so the language and time zone may come as parameters.
  const exportParams = z.object({
    locale: z.enum(LOCALES).optional(),
    tz: z.string().max(64).refine(isValidTimeZone, { message: 'unknown time zone' }).default('Asia/Shanghai'),
  });
  app.get(
    '/api/v1/sla/breaches/export',
    {
      schema: {
        tags: ['sla'],
        querystring: exportParams.extend({
          from: z.string().datetime({ offset: true }).optional(),
          to: z.string().datetime({ offset: true }).optional(),
        }),
      },
    },
    async (request, reply) => {
      const actor = staff(request);
      const { locale, tz, ...range } = request.query;
      const csv = await breachesCsv(db, actor, {
        ...range,
        locale: locale ?? requestLocale(request),
        timeZone: tz,
      });
      return csvReply(reply, 'sla-breaches', csv);
    },
  );
  app.get(
    '/api/v1/sla/report/export',
    { schema: { tags: ['sla'], querystring: SlaReportQuery.merge(exportParams) } },
    async (request, reply) => {
      const actor = staff(request);
      const { locale, tz: _tz, ...query } = request.query;
      const csv = await reportCsv(db, actor, { ...query, locale: locale ?? requestLocale(request) });
      return csvReply(reply, 'sla-compliance', csv);
    },
  );
  app.get(
    '/api/v1/sla/report',
    { schema: { tags: ['sla'], querystring: SlaReportQuery, response: { 200: z.array(SlaReportRow), ...errors } } },
    async (request) => slaReport(db, staff(request), request.query, requestLocale(request)),
  );
}
