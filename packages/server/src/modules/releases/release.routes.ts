import { ErrorBody } from '@trellis/core';
import {
  AcceptRelease,
  BackoutReport,
  CreateRelease,
  CreateSite,
  CreateTestRecord,
  LinkDslCis,
  RaiseFollowUp,
  ReleaseCalendarQuery,
  ReleaseListQuery,
  ReleaseNote,
  ReleaseReview,
  SetReleaseManager,
  SiteStep,
  UpdateRelease,
  UpdateSite,
  VerifyRelease,
} from '@trellis/core/modules/releases';
import { z } from 'zod';
import { audit } from '../../platform/audit.js';
import type { Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { authorize, requireAbility } from '../../platform/permissions/registry.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { ciFacts } from '../cmdb/index.js';
import { capabilitiesOf, setCapabilities } from '../directory/index.js';
import { inRecordTransaction } from '../records/index.js';
import * as releases from './release.service.js';
import { incidentCandidatesOf, listReleases, releaseCalendar, releaseView } from './release.views.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Params = z.object({ id: z.string().min(1).max(64).describe('release id or number, e.g. REL-2026-000003') });
const SiteParams = Params.extend({ siteId: z.string().min(1).max(64) });
const TestParams = Params.extend({ testId: z.string().min(1).max(64) });
const tags = ['releases'];
/** The release page's shape is wide; its fields are documented in docs/release-management.md. */
const ReleaseBody = z.looseObject({ id: z.string(), number: z.string(), state: z.string(), type: z.string() });
const Loose = z.looseObject({});

export async function releaseRoutes(app: App) {
  const { db, dialect, config } = app.services;

  /** An action on one release: load, act in one transaction (If-Match honoured), answer the release page. */
  const action = <B extends z.ZodType>(
    path: string,
    summary: string,
    body: B | null,
    run: (tx: Tx, id: string, input: z.infer<B>, locale: ReturnType<typeof requestLocale>) => Promise<unknown>,
  ) =>
    app.post(
      `/api/v1/releases/:id/${path}`,
      {
        schema: { tags, summary, params: Params, ...(body ? { body } : {}), response: { 200: ReleaseBody, ...errors } },
      },
      async (request) => {
        const actor = requireActor(request);
        const locale = requestLocale(request);
        const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
          const record = await releases.loadRelease(tx.db, actor, request.params.id);
          await run(tx, record.id, (request.body ?? {}) as z.infer<B>, locale);
          return record.id;
        });
        return releaseView(db, actor, await releases.loadRelease(db, actor, id));
      },
    );

  app.get(
    '/api/v1/releases',
    {
      schema: {
        tags,
        querystring: ReleaseListQuery,
        response: { 200: z.object({ items: z.array(Loose) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'release', 'list');
      return { items: await listReleases(db, dialect, actor, request.query) };
    },
  );

  app.post(
    '/api/v1/releases',
    {
      schema: {
        tags,
        summary: 'Create a release grouping changes, with its plan',
        body: CreateRelease,
        response: { 201: ReleaseBody, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const record = await inTransaction(app.services, actor, (tx) =>
        releases.createRelease({ tx, input: request.body }),
      );
      return reply.status(201).send(await releaseView(db, actor, record));
    },
  );

  app.get(
    '/api/v1/releases-calendar',
    {
      schema: {
        tags,
        summary: 'Release dates and site windows in a range',
        querystring: ReleaseCalendarQuery,
        response: { 200: Loose, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'release', 'list');
      return releaseCalendar(db, actor, request.query);
    },
  );

  app.get(
    '/api/v1/releases/:id',
    { schema: { tags, params: Params, response: { 200: ReleaseBody, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      return releaseView(db, actor, await releases.loadRelease(db, actor, request.params.id));
    },
  );

  app.patch(
    '/api/v1/releases/:id',
    {
      schema: {
        tags,
        summary: 'Edit the release and its plan (until deployment begins)',
        params: Params,
        body: UpdateRelease,
        response: { 200: ReleaseBody, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
        const record = await releases.loadRelease(tx.db, actor, request.params.id);
        return releases.updateRelease({ tx, releaseId: record.id, input: request.body });
      });
      return releaseView(db, actor, await releases.loadRelease(db, actor, id));
    },
  );

  const step = (
    path: string,
    act: 'plan' | 'build' | 'test' | 'request_acceptance' | 'complete_deployment' | 'review' | 'close' | 'cancel',
    summary: string,
  ) =>
    action(path, summary, ReleaseNote, (tx, id, input) =>
      releases.transitionRelease({ tx, releaseId: id, action: act, note: input.note }),
    );
  step('plan', 'plan', 'Start planning');
  step('build', 'build', 'Start the build (needs changes and the plan’s essentials)');
  step('test', 'test', 'Start testing');
  step('request-acceptance', 'request_acceptance', 'Ask for acceptance (the test records the type asks for must pass)');
  step('complete-deployment', 'complete_deployment', 'Deployment finished at every site');
  step('review', 'review', 'Start the review of a rolled-back release');
  step('close', 'close', 'Close after the release review');
  step('cancel', 'cancel', 'Cancel before deployment');
  action('acceptance', 'Accept (with conditions) or send back for rework (验收)', AcceptRelease, (tx, id, input) =>
    releases.decideAcceptance({ tx, releaseId: id, input }),
  );
  action(
    'approve',
    'Approve deployment: every change approved, tests passed, accepted; the changes start',
    ReleaseNote,
    (tx, id, input) => releases.approveRelease({ tx, releaseId: id, note: input.note }),
  );
  action('roll-back', 'Roll the release back, with the back-out report', BackoutReport, (tx, id, input) =>
    releases.rollBackRelease({ tx, releaseId: id, report: input.report }),
  );
  action(
    'verify',
    'Verified: update the CMDB under the changes, take a baseline, draft the notes',
    VerifyRelease,
    (tx, id, input, locale) => releases.verifyRelease({ tx, releaseId: id, note: input.note, locale }),
  );
  action(
    'review-record',
    'Write the release review (expected against actual, incidents, lessons)',
    ReleaseReview,
    (tx, id, input) => releases.writeReview({ tx, releaseId: id, input }),
  );
  action('sites', 'Plan a deployment activity at a site (a location CI)', CreateSite, (tx, id, input) =>
    releases.addSite({ tx, releaseId: id, input }),
  );
  action(
    'tests',
    'Record a test (known errors found become known errors linked to the release)',
    CreateTestRecord,
    (tx, id, input) => releases.recordTest({ tx, releaseId: id, input }),
  );

  app.patch(
    '/api/v1/releases/:id/sites/:siteId',
    { schema: { tags, params: SiteParams, body: UpdateSite, response: { 200: ReleaseBody, ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
        const record = await releases.loadRelease(tx.db, actor, request.params.id);
        await releases.updateSite({ tx, releaseId: record.id, siteId: request.params.siteId, input: request.body });
        return record.id;
      });
      return releaseView(db, actor, await releases.loadRelease(db, actor, id));
    },
  );

  app.post(
    '/api/v1/releases/:id/sites/:siteId/step',
    {
      schema: {
        tags,
        summary: 'Start, complete, fail or roll back one site’s deployment',
        params: SiteParams,
        body: SiteStep,
        response: { 200: ReleaseBody, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await inRecordTransaction(app.services, request, actor, async (tx) => {
        const record = await releases.loadRelease(tx.db, actor, request.params.id);
        await releases.stepSite({
          tx,
          releaseId: record.id,
          siteId: request.params.siteId,
          action: request.body.action,
          note: request.body.note,
        });
        return record.id;
      });
      return releaseView(db, actor, await releases.loadRelease(db, actor, id));
    },
  );

  app.post(
    '/api/v1/releases/:id/tests/:testId/evidence',
    {
      schema: {
        tags,
        summary: 'Evidence for a test record (multipart/form-data, field "file")',
        params: TestParams,
        response: { 200: ReleaseBody, ...errors, 413: ErrorBody, 415: ErrorBody },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!request.isMultipart()) throw new AppError('error.unsupported_media_type');
      const file = await request.file();
      if (!file) throw new AppError('error.validation', {}, [{ path: ['file'], message: 'a file is required' }]);
      const content = await file.toBuffer();
      const record = await releases.loadRelease(db, actor, request.params.id);
      await inTransaction(app.services, actor, (tx) =>
        releases.addEvidence(
          tx,
          record.id,
          request.params.testId,
          { filename: file.filename, content },
          config.attachmentMaxBytes,
        ),
      );
      return releaseView(db, actor, record);
    },
  );

  app.post(
    '/api/v1/releases/:id/follow-up',
    {
      schema: {
        tags,
        summary: 'After a failure: raise a problem or a change linked to the release',
        params: Params,
        body: RaiseFollowUp,
        response: { 201: z.object({ id: z.string(), number: z.string(), kind: z.string() }), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const raised = await inTransaction(app.services, actor, async (tx) => {
        const record = await releases.loadRelease(tx.db, actor, request.params.id);
        return releases.raiseFollowUp({ tx, releaseId: record.id, ...request.body });
      });
      return reply.status(201).send({ id: raised.id, number: raised.number, kind: raised.kind });
    },
  );

  app.get(
    '/api/v1/releases/:id/incident-candidates',
    { schema: { tags, params: Params, response: { 200: z.object({ items: z.array(Loose) }), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await releases.loadRelease(db, actor, request.params.id);
      return { items: await incidentCandidatesOf(db, record) };
    },
  );

  app.get(
    '/api/v1/dsl-items/:id/cis',
    { schema: { tags, params: Params, response: { 200: z.object({ items: z.array(Loose) }), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      authorize(actor, 'dsl', 'list');
      const rows = await db
        .selectFrom('dsl_item_cis')
        .select('ci_id')
        .where('dsl_item_id', '=', request.params.id)
        .execute();
      const cis = await ciFacts(
        db,
        rows.map((r) => r.ci_id),
      );
      return {
        items: [...cis.values()].map((c) => ({
          id: c.id,
          code: c.code,
          name: c.name,
          version: c.attributes.version ?? null,
        })),
      };
    },
  );

  app.put(
    '/api/v1/dsl-items/:id/cis',
    {
      preHandler: requireAbility('dsl', 'manage'),
      schema: {
        tags,
        summary: 'Software CIs that run this library entry',
        params: Params,
        body: LinkDslCis,
        response: { 200: z.object({ ciIds: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, async (tx) => {
        const item = await tx.db
          .selectFrom('dsl_items')
          .select('id')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!item) throw new AppError('error.not_found');
        const cis = await ciFacts(tx.db, request.body.ciIds);
        for (const [i, id] of request.body.ciIds.entries()) {
          const ci = cis.get(id);
          if (!ci) throw new AppError('error.validation', {}, [{ path: ['ciIds', i], message: 'unknown CI' }]);
          if (ci.classCode !== 'software')
            throw new AppError('release.not_software', {}, [{ path: ['ciIds', i], message: 'not software' }]);
        }
        await tx.db.deleteFrom('dsl_item_cis').where('dsl_item_id', '=', item.id).execute();
        for (const id of new Set(request.body.ciIds))
          await tx.db.insertInto('dsl_item_cis').values({ dsl_item_id: item.id, ci_id: id }).execute();
        await audit(tx, {
          action: 'dsl_item.link_cis',
          entityType: 'dsl_item',
          entityId: item.id,
          after: { ciIds: request.body.ciIds },
        });
        return { ciIds: [...new Set(request.body.ciIds)] };
      });
    },
  );

  app.put(
    '/api/v1/release-managers/:id',
    {
      preHandler: requireAbility('release', 'grant'),
      schema: {
        tags,
        summary: 'Grant or withdraw the release manager capability (kept beside the person’s other capabilities)',
        params: z.object({ id: z.string().min(1).max(64) }),
        body: SetReleaseManager,
        response: { 200: z.object({ capabilities: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(app.services, actor, async (tx) => {
        const user = await tx.db
          .selectFrom('users')
          .select(['id', 'role'])
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!user) throw new AppError('error.not_found');
        if (user.role === 'requester' && request.body.releaseManager) throw new AppError('error.forbidden');
        const current = (await capabilitiesOf(tx.db, user.id)).filter((c) => c !== 'release_manager');
        const next = request.body.releaseManager ? [...current, 'release_manager'] : current;
        return { capabilities: await setCapabilities(tx, user.id, next) };
      });
    },
  );
}
