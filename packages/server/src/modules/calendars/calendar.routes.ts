import {
  Calendar,
  CalendarDay,
  CreateCalendar,
  DueRequest,
  DueResponse,
  ErrorBody,
  ImportCalendarDays,
  NoWorkingTimeError,
  PutCalendarDays,
  translate,
  UpdateCalendar,
} from '@trellis/core';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import {
  calendarWithCoverage,
  createCalendar,
  getCalendar,
  importDays,
  listCalendars,
  listDays,
  putDays,
  updateCalendar,
} from './calendar.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const params = z.object({ id: z.string().max(64) });

export async function calendarRoutes(app: App) {
  const { db } = app.services;
  app.get(
    '/api/v1/calendars',
    {
      preHandler: requireAbility('sla', 'list'),
      schema: { tags: ['calendars'], response: { 200: z.array(Calendar), ...errors } },
    },
    async (_request) => {
      return listCalendars(db);
    },
  );
  app.get(
    '/api/v1/calendars/:id',
    {
      preHandler: requireAbility('sla', 'list'),
      schema: { tags: ['calendars'], params, response: { 200: Calendar, ...errors } },
    },
    async (request) => {
      return getCalendar(db, request.params.id);
    },
  );
  app.post(
    '/api/v1/calendars',
    {
      preHandler: requireAbility('sla', 'manage'),
      schema: { tags: ['calendars'], body: CreateCalendar, response: { 201: Calendar, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await inTransaction(app.services, actor, (tx) => createCalendar(tx, request.body)));
    },
  );
  app.patch(
    '/api/v1/calendars/:id',
    {
      preHandler: requireAbility('sla', 'manage'),
      schema: { tags: ['calendars'], params, body: UpdateCalendar, response: { 200: Calendar, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      // An edit moves due times; the open clocks are recomputed by a job the edit queues.
      return inTransaction(app.services, actor, (tx) => updateCalendar(tx, request.params.id, request.body));
    },
  );
  app.get(
    '/api/v1/calendars/:id/days',
    {
      preHandler: requireAbility('sla', 'list'),
      schema: {
        tags: ['calendars'],
        params,
        querystring: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
        response: { 200: z.array(CalendarDay), ...errors },
      },
    },
    async (request) => {
      await getCalendar(db, request.params.id);
      return listDays(db, request.params.id, request.query.year);
    },
  );
  app.put(
    '/api/v1/calendars/:id/days',
    {
      preHandler: requireAbility('sla', 'manage'),
      schema: { tags: ['calendars'], params, body: PutCalendarDays, response: { 200: Calendar, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) => putDays(tx, request.params.id, request.body));
    },
  );
  app.post(
    '/api/v1/calendars/:id/import',
    {
      preHandler: requireAbility('sla', 'manage'),
      schema: {
        tags: ['calendars'],
        params,
        body: ImportCalendarDays,
        response: { 200: z.object({ imported: z.number().int(), years: z.array(z.number().int()) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, (tx) =>
        importDays(tx, request.params.id, request.body.format, request.body.content),
      );
    },
  );
  /** The same arithmetic the clocks use, for integrations. */
  app.post(
    '/api/v1/calendars/:id/due',
    { schema: { tags: ['calendars'], params, body: DueRequest, response: { 200: DueResponse, ...errors } } },
    async (request) => {
      requireActor(request);
      const { calendar, missingYears } = await calendarWithCoverage(db, request.params.id);
      const start = Date.parse(request.body.start);
      try {
        const due = calendar.addBusinessMinutes(start, request.body.businessMinutes);
        const years = missingYears(start, due);
        return {
          due: new Date(due).toISOString(),
          missingHolidayYears: years,
          warning: years.length
            ? translate(requestLocale(request), 'calendar.assumes_no_holidays', { years: years.join(', ') })
            : null,
        };
      } catch (err) {
        if (err instanceof NoWorkingTimeError) throw new AppError('calendar.no_working_time');
        throw err;
      }
    },
  );
}
