import { ErrorBody } from '@trellis/core';
import {
  AssessChange,
  CabDecision,
  CabMinutes,
  CalendarQuery,
  ChangeListQuery,
  ChangeNote,
  ChangeReview,
  ChangeSettings,
  CreateCabMeeting,
  CreateChange,
  CreateChangeTask,
  FailChange,
  SetCapabilities,
  UpdateChange,
  UpdateChangeSettings,
  UpdateChangeTask,
  VerifyChange,
  VoteOnChange,
} from '@trellis/core/modules/changes';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { sendDownload, XLSX_TYPE } from '../../platform/export.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { authorize, requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { capabilitiesOf, setCapabilities } from '../directory/index.js';
import { inRecordTransaction } from '../records/index.js';
import { createMeeting, listMeetings, meetingView, minutesXlsx, recordDecision, saveMinutes } from './change.cab.js';
import { blackoutsFromHolidays, fscIcs, fscXlsx } from './change.schedule.js';
import * as changes from './change.service.js';
import {
  changeCalendar,
  changeView,
  ciVersionsOfChange,
  conflictsOfChange,
  listChanges,
  pirCandidatesOf,
} from './change.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('change id or number, e.g. CHG-2026-000012') });
const TaskParams = Params.extend({ taskId: z.string().min(1).max(64) });
const MeetingParams = z.object({ id: z.string().min(1).max(64) });
const tags = ['changes'];
/** The change page's shape is wide and still growing; the fields are documented in docs/change-management.md. */
const ChangeBody = z.looseObject({ id: z.string(), number: z.string(), state: z.string(), type: z.string() });
const Loose = z.looseObject({});
const ISO = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date and time');

export async function changeRoutes(app: App) {
  const { db, dialect } = app.services;

  /** A state action: load, act in one transaction (If-Match honoured), answer the change page. */
  const action = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B | null,
    run: (tx: Tx, id: string, input: z.infer<B>) => Promise<unknown>,
  ) =>
    app.post(
      `/api/v1/changes/:id/${path}`,
      {
        schema: {
          tags,
          summary,
          params: Params,
          ...(body ? { body } : {}),
          response: { 200: ChangeBody, ...errors },
        },
      },
      async (request) => {
        const actor = requireActor(request);
        const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
          const record = await changes.loadChange(tx.db, actor, request.params.id);
          await run(tx, record.id, (request.body ?? {}) as z.infer<B>);
          return record.id;
        });
        return changeView(db, actor, await changes.loadChange(db, actor, id));
      },
    );

  app.get(
    '/api/v1/changes',
    {
      schema: { tags, querystring: ChangeListQuery, response: { 200: z.object({ items: z.array(Loose) }), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'change', 'list');
      return listChanges(db, dialect, actor, request.query);
    },
  );

  app.post(
    '/api/v1/changes',
    {
      schema: {
        tags,
        summary: 'Raise a change (RFC), from a standard template or not',
        body: CreateChange,
        response: { 201: ChangeBody, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await inTransaction(app.services, actor, (tx) =>
        changes.createChange({ tx, input: request.body }),
      );
      return reply.status(201).send(await changeView(db, actor, record));
    },
  );

  app.get(
    '/api/v1/changes/:id',
    { schema: { tags, params: Params, response: { 200: ChangeBody, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      return changeView(db, actor, await changes.loadChange(db, actor, request.params.id));
    },
  );

  app.patch(
    '/api/v1/changes/:id',
    {
      schema: {
        tags,
        summary: 'Edit the RFC (while it is a draft, submitted or assessed; the window until implementation)',
        params: Params,
        body: UpdateChange,
        response: { 200: ChangeBody, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
        const record = await changes.loadChange(tx.db, actor, request.params.id);
        return changes.updateChange({ tx, changeId: record.id, input: request.body });
      });
      return changeView(db, actor, await changes.loadChange(db, actor, id));
    },
  );

  action('submit', 'Submit the RFC (a standard change is scheduled at once)', null, (tx, id) =>
    changes.submitChange({ tx, changeId: id }),
  );
  action('assess', 'Start the assessment', null, (tx, id) => changes.startAssessment({ tx, changeId: id }));
  action('risk', 'Answer the risk questionnaire; the CMDB impact is added', AssessChange, (tx, id, input) =>
    changes.assessRisk({ tx, changeId: id, input }),
  );
  action('request-approval', 'Ask for approval at the levels the risk calls for', null, (tx, id) =>
    changes.requestApproval({ tx, changeId: id }),
  );
  action('vote', 'Approve, or reject with a reason, at the level under way', VoteOnChange, (tx, id, input) =>
    changes.castVote({ tx, changeId: id, vote: input.vote, reason: input.reason, conditions: input.conditions }),
  );
  action(
    'start',
    'Start implementation (inside the planned window; an emergency may start before approval)',
    null,
    (tx, id) => changes.startImplementation({ tx, changeId: id }),
  );
  action('complete', 'Mark implemented (every task done)', ChangeNote, (tx, id, input) =>
    changes.completeImplementation({ tx, changeId: id, note: input.note }),
  );
  action('fail', 'Record a failed change: what was backed out and why', FailChange, (tx, id, input) =>
    changes.failChange({ tx, changeId: id, note: input.note }),
  );
  action('verify', 'Record who checked what after implementation', VerifyChange, (tx, id, input) =>
    changes.verifyChange({ tx, changeId: id, note: input.note }),
  );
  action('review', 'Start the post-implementation review', null, (tx, id) => changes.startReview({ tx, changeId: id }));
  action(
    'pir',
    'Write the post-implementation review, confirming incidents the change caused',
    ChangeReview,
    (tx, id, input) => changes.writeReview({ tx, changeId: id, input }),
  );
  action('close', 'Close the change', null, (tx, id) => changes.closeChange({ tx, changeId: id }));
  action('cancel', 'Cancel the change', ChangeNote, (tx, id, input) =>
    changes.cancelChange({ tx, changeId: id, note: input.note }),
  );
  action('tasks', 'Add a task (work order)', CreateChangeTask, (tx, id, input) =>
    changes.addTask({ tx, changeId: id, input }),
  );

  app.patch(
    '/api/v1/changes/:id/tasks/:taskId',
    {
      schema: {
        tags,
        summary: 'Work a task: start, finish, cancel, note',
        params: TaskParams,
        body: UpdateChangeTask,
        response: { 200: ChangeBody, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
        const record = await changes.loadChange(tx.db, actor, request.params.id);
        await changes.updateTask({ tx, changeId: record.id, taskId: request.params.taskId, input: request.body });
        return record.id;
      });
      return changeView(db, actor, await changes.loadChange(db, actor, id));
    },
  );

  app.get(
    '/api/v1/changes/:id/conflicts',
    {
      schema: {
        tags,
        summary: 'Conflicts with other changes (same CI, related CI, same service) and windows',
        params: Params,
        querystring: z.object({ depth: z.coerce.number().int().min(0).max(6).optional() }),
        response: { 200: z.object({ items: z.array(Loose) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await changes.loadChange(db, actor, request.params.id);
      return { items: await conflictsOfChange(db, record, request.query.depth) };
    },
  );

  app.get(
    '/api/v1/changes/:id/ci-versions',
    {
      schema: {
        tags,
        summary: 'The CI versions the change produced',
        params: Params,
        response: { 200: z.object({ items: z.array(Loose) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await changes.loadChange(db, actor, request.params.id);
      return { items: await ciVersionsOfChange(db, record) };
    },
  );

  app.get(
    '/api/v1/changes/:id/pir-candidates',
    {
      schema: {
        tags,
        summary: 'Incidents the change may have caused',
        params: Params,
        response: { 200: z.object({ items: z.array(Loose) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'change', 'manage');
      const record = await changes.loadChange(db, actor, request.params.id);
      return { items: await pirCandidatesOf(db, record) };
    },
  );

  // ---- the calendar and the forward schedule of change

  app.get(
    '/api/v1/change-calendar',
    {
      schema: {
        tags,
        summary: 'Scheduled changes and windows in a range',
        querystring: CalendarQuery,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'change', 'list');
      return changeCalendar(db, actor, request.query);
    },
  );

  const FscQuery = z
    .object({ from: ISO, to: ISO, format: z.enum(['xlsx', 'ics']).default('xlsx') })
    .refine((q) => Date.parse(q.to) > Date.parse(q.from), { path: ['to'], message: 'change.end_before_start' })
    .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, {
      path: ['to'],
      message: 'change.range_too_long',
    });
  app.get(
    '/api/v1/change-calendar/fsc',
    { schema: { tags, summary: 'The forward schedule of change as Excel or iCalendar', querystring: FscQuery } },
    async (request, reply) => {
      const actor = requireActor(request);
      authorize(actor, 'change', 'list');
      const { from, to, format } = request.query;
      const locale = requestLocale(request);
      if (format === 'ics') {
        const file = await fscIcs(db, actor, from, to, locale);
        return sendDownload(reply, { name: file.name, type: 'text/calendar; charset=utf-8', body: file.body });
      }
      const file = await fscXlsx(db, actor, from, to, locale);
      return sendDownload(reply, { name: file.name, type: XLSX_TYPE, body: file.body });
    },
  );

  app.post(
    '/api/v1/change-windows/from-holidays',
    {
      preHandler: requireAbility('change', 'configure'),
      schema: {
        tags,
        summary: 'Blackouts from the holiday calendar (春节, 国庆节…)',
        body: z.object({
          calendarId: z.string().min(1).max(64),
          year: z.number().int().min(2000).max(2100),
          names: z.array(z.string().trim().min(1).max(50)).max(20).optional(),
          marginDays: z.number().int().min(0).max(7).default(1),
        }),
        response: { 200: z.object({ created: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const created = await inTransaction(app.services, actor, (tx) => blackoutsFromHolidays(tx, request.body));
      return { created };
    },
  );

  // ---- the CAB

  app.get(
    '/api/v1/cab-meetings',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: { tags, response: { 200: z.object({ items: z.array(Loose) }), ...errors } },
    },
    async () => ({ items: await listMeetings(db) }),
  );
  app.post(
    '/api/v1/cab-meetings',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: {
        tags,
        summary: 'Plan a CAB meeting; its agenda is the changes awaiting the CAB',
        body: CreateCabMeeting,
        response: { 201: Loose, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await inTransaction(app.services, actor, (tx) => createMeeting({ tx, input: request.body }));
      return reply.status(201).send(await meetingView(db, id));
    },
  );
  app.get(
    '/api/v1/cab-meetings/:id',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: { tags, params: MeetingParams, response: { 200: Loose, ...errors } },
    },
    async (request) => meetingView(db, request.params.id),
  );
  app.post(
    '/api/v1/cab-meetings/:id/decisions',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: {
        tags,
        summary: 'Record the CAB decision on one change with the votes',
        params: MeetingParams,
        body: CabDecision,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, (tx) =>
        recordDecision({ tx, meetingId: request.params.id, input: request.body }),
      );
      return meetingView(db, request.params.id);
    },
  );
  app.patch(
    '/api/v1/cab-meetings/:id/minutes',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: {
        tags,
        params: MeetingParams,
        body: CabMinutes.extend({ close: z.boolean().default(false) }),
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await inTransaction(app.services, actor, (tx) =>
        saveMinutes({ tx, meetingId: request.params.id, minutes: request.body.minutes, close: request.body.close }),
      );
      return meetingView(db, request.params.id);
    },
  );
  app.get(
    '/api/v1/cab-meetings/:id/minutes.xlsx',
    {
      preHandler: requireAbility('change', 'cab'),
      schema: { tags, summary: 'Export the minutes', params: MeetingParams },
    },
    async (request, reply) => {
      const file = await minutesXlsx(db, request.params.id, requestLocale(request));
      return sendDownload(reply, { name: file.name, type: XLSX_TYPE, body: file.body });
    },
  );

  // ---- settings and capabilities

  app.get(
    '/api/v1/change-settings',
    { preHandler: requireAbility('change', 'list'), schema: { tags, response: { 200: ChangeSettings, ...errors } } },
    async () => {
      const s = await changes.changeSettings(db);
      return {
        conflictDepth: s.conflict_depth,
        noticeLeadHours: s.notice_lead_hours,
        pirIncidentDays: s.pir_incident_days,
      };
    },
  );
  app.put(
    '/api/v1/change-settings',
    {
      preHandler: requireAbility('change', 'configure'),
      schema: { tags, body: UpdateChangeSettings, response: { 200: ChangeSettings, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const b = request.body;
      await inTransaction(app.services, actor, async (tx) => {
        const before = await changes.changeSettings(tx.db);
        const after = {
          conflict_depth: b.conflictDepth ?? before.conflict_depth,
          notice_lead_hours: b.noticeLeadHours ?? before.notice_lead_hours,
          pir_incident_days: b.pirIncidentDays ?? before.pir_incident_days,
        };
        await tx.db.updateTable('change_settings').set(after).where('id', '=', 'default').execute();
        await audit(tx, {
          action: 'change_settings.update',
          entityType: 'change_settings',
          entityId: 'default',
          before,
          after,
        });
      });
      const s = await changes.changeSettings(db);
      return {
        conflictDepth: s.conflict_depth,
        noticeLeadHours: s.notice_lead_hours,
        pirIncidentDays: s.pir_incident_days,
      };
    },
  );

  const UserParams = z.object({ userId: z.string().min(1).max(64) });
  app.get(
    '/api/v1/change-capabilities/:userId',
    {
      preHandler: requireAbility('change', 'grant'),
      schema: { tags, params: UserParams, response: { 200: SetCapabilities, ...errors } },
    },
    async (request) => ({
      capabilities: (await capabilitiesOf(db, request.params.userId)).filter(
        (c): c is 'change_manager' | 'cab_member' => c === 'change_manager' || c === 'cab_member',
      ),
    }),
  );
  app.put(
    '/api/v1/change-capabilities/:userId',
    {
      preHandler: requireAbility('change', 'grant'),
      schema: {
        tags,
        summary: 'Grant the change manager and CAB member capabilities',
        params: UserParams,
        body: SetCapabilities,
        response: { 200: SetCapabilities, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const result = await inTransaction(app.services, actor, async (tx) => {
        const target = await tx.db
          .selectFrom('users')
          .select(['id', 'role'])
          .where('id', '=', request.params.userId)
          .executeTakeFirst();
        if (!target) throw new AppError('error.not_found');
        // Capabilities are for staff: a customer's requester never sits on the CAB.
        if (target.role === 'requester' && request.body.capabilities.length) throw new AppError('error.forbidden');
        const others = (await capabilitiesOf(tx.db, target.id)).filter(
          (c) => c !== 'change_manager' && c !== 'cab_member',
        );
        return setCapabilities(tx, target.id, [...others, ...request.body.capabilities]);
      });
      return {
        capabilities: result.filter(
          (c): c is 'change_manager' | 'cab_member' => c === 'change_manager' || c === 'cab_member',
        ),
      };
    },
  );
}
