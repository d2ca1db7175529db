import {
  Baseline,
  BaselineDiff,
  CheckAuditItem,
  Ci,
  CiAudit,
  CiClass,
  CiDetail,
  CiListQuery,
  CiPage,
  CiRef,
  CiVersion,
  CmdbAbilities,
  ConfigurationReport,
  CorrectAudit,
  CreateBaseline,
  CreateCi,
  CreateCiAudit,
  CreateCiClass,
  CreateCiRelation,
  ErrorBody,
  ImpactQuery,
  ImpactResult,
  LinkCi,
  MoveCi,
  UpdateCi,
  UpdateCiClass,
} from '@trellis/core';
import { z } from 'zod';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type App, requireActor } from '../../platform/http/app.js';
import { can, requireAbility } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { selectRecordByIdOrNumber } from '../records/index.js';
import {
  auditDetail,
  checkAuditItem,
  configurationReport,
  correctAudit,
  createAudit,
  createBaseline,
  diffBaseline,
  impactOf,
  listAudits,
  listBaselines,
} from './cmdb.analysis.js';
import { cmdbAbilities } from './cmdb.policy.js';
import {
  addRelation,
  ciDetail,
  cisOfRecord,
  ciVersions,
  createCi,
  createClass,
  linkRecordToCi,
  listCis,
  listClasses,
  listLocations,
  loadVisibleCi,
  moveCi,
  removeRelation,
  unlinkRecordFromCi,
  updateCi,
  updateClass,
} from './cmdb.service.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const idParams = z.object({ id: z.string().max(64) });
const tags = ['cmdb'];

export async function cmdbRoutes(app: App) {
  const { services } = app;
  const write = <T>(actor: Actor, work: Parameters<typeof inTransaction<T>>[2]) => inTransaction(services, actor, work);
  const detail = (actor: Actor, id: string) => ciDetail(services.db, actor, id);

  app.get(
    '/api/v1/cmdb/abilities',
    { schema: { tags, response: { 200: CmdbAbilities, ...errors } } },
    async (request) => cmdbAbilities(requireActor(request)),
  );

  app.get(
    '/api/v1/cmdb/classes',
    { preHandler: requireAbility('cmdb', 'read'), schema: { tags, response: { 200: z.array(CiClass), ...errors } } },
    async (_request) => {
      return listClasses(services.db);
    },
  );
  app.post(
    '/api/v1/cmdb/classes',
    {
      preHandler: requireAbility('cmdb', 'manageClasses'),
      schema: { tags, body: CreateCiClass, response: { 201: CiClass, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await write(actor, (tx) => createClass({ tx, input: request.body })));
    },
  );
  app.patch(
    '/api/v1/cmdb/classes/:id',
    {
      preHandler: requireAbility('cmdb', 'manageClasses'),
      schema: { tags, params: idParams, body: UpdateCiClass, response: { 200: CiClass, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return write(actor, (tx) => updateClass({ tx, classId: request.params.id, input: request.body }));
    },
  );

  app.get(
    '/api/v1/cmdb/locations',
    { schema: { tags, response: { 200: z.array(CiRef), ...errors } } },
    async (request) => {
      requireActor(request);
      return (await listLocations(services.db)).map((r) => ({
        id: r.id,
        code: r.code,
        name: r.name,
        classCode: r.class_code,
        state: r.state,
      }));
    },
  );

  app.get(
    '/api/v1/cmdb/cis',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, querystring: CiListQuery, response: { 200: CiPage, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      return listCis(services.db, services.dialect, actor, request.query);
    },
  );
  app.post(
    '/api/v1/cmdb/cis',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, body: CreateCi, response: { 201: CiDetail, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await write(actor, (tx) => createCi({ tx, input: request.body }));
      return reply.status(201).send(await detail(actor, id));
    },
  );
  app.get(
    '/api/v1/cmdb/cis/:id',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: idParams, response: { 200: CiDetail, ...errors } },
    },
    async (request) => detail(requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/cmdb/cis/:id',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, params: idParams, body: UpdateCi, response: { 200: CiDetail, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) => updateCi({ tx, ciId: request.params.id, input: request.body }));
      return detail(actor, request.params.id);
    },
  );
  app.post(
    '/api/v1/cmdb/cis/:id/state',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, params: idParams, body: MoveCi, response: { 200: CiDetail, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) => moveCi({ tx, ciId: request.params.id, input: request.body }));
      return detail(actor, request.params.id);
    },
  );
  app.post(
    '/api/v1/cmdb/cis/:id/relations',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, params: idParams, body: CreateCiRelation, response: { 201: CiDetail, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await write(actor, (tx) => addRelation({ tx, ciId: request.params.id, input: request.body }));
      return reply.status(201).send(await detail(actor, request.params.id));
    },
  );
  app.delete(
    '/api/v1/cmdb/cis/:id/relations/:relationId',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: {
        tags,
        params: z.object({ id: z.string().max(64), relationId: z.string().max(64) }),
        querystring: z.object({ recordId: z.string().max(64).optional(), changeRef: z.string().max(40).optional() }),
        response: { 200: CiDetail, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) =>
        removeRelation({ tx, ciId: request.params.id, relationId: request.params.relationId, through: request.query }),
      );
      return detail(actor, request.params.id);
    },
  );
  app.get(
    '/api/v1/cmdb/cis/:id/versions',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: idParams, response: { 200: z.array(CiVersion), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const ci = await loadVisibleCi(services.db, actor, request.params.id);
      return ciVersions(services.db, ci.id);
    },
  );
  app.get(
    '/api/v1/cmdb/cis/:id/impact',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: idParams, querystring: ImpactQuery, response: { 200: ImpactResult, ...errors } },
    },
    async (request) => impactOf(services.db, requireActor(request), request.params.id, request.query),
  );

  app.get(
    '/api/v1/cmdb/baselines',
    { preHandler: requireAbility('cmdb', 'read'), schema: { tags, response: { 200: z.array(Baseline), ...errors } } },
    async (_request) => {
      return listBaselines(services.db);
    },
  );
  app.post(
    '/api/v1/cmdb/baselines',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, body: CreateBaseline, response: { 201: Baseline, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      return reply.status(201).send(await write(actor, (tx) => createBaseline({ tx, actor, input: request.body })));
    },
  );
  app.get(
    '/api/v1/cmdb/baselines/:id/diff',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: idParams, response: { 200: BaselineDiff, ...errors } },
    },
    async (request) => diffBaseline(services.db, requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/cmdb/audits',
    { preHandler: requireAbility('cmdb', 'read'), schema: { tags, response: { 200: z.array(CiAudit), ...errors } } },
    async (_request) => {
      return listAudits(services.db);
    },
  );
  app.post(
    '/api/v1/cmdb/audits',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, body: CreateCiAudit, response: { 201: CiAudit, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await write(actor, (tx) => createAudit({ tx, actor, input: request.body }));
      return reply.status(201).send(await auditDetail(services.db, id));
    },
  );
  app.get(
    '/api/v1/cmdb/audits/:id',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: idParams, response: { 200: CiAudit, ...errors } },
    },
    async (request) => {
      return auditDetail(services.db, request.params.id);
    },
  );
  app.post(
    '/api/v1/cmdb/audits/:id/items/:itemId',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: {
        tags,
        params: z.object({ id: z.string().max(64), itemId: z.string().max(64) }),
        body: CheckAuditItem,
        response: { 200: CiAudit, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) =>
        checkAuditItem({ tx, auditId: request.params.id, itemId: request.params.itemId, input: request.body }),
      );
      return auditDetail(services.db, request.params.id);
    },
  );
  app.post(
    '/api/v1/cmdb/audits/:id/correct',
    {
      preHandler: requireAbility('cmdb', 'manage'),
      schema: { tags, params: idParams, body: CorrectAudit, response: { 200: CiAudit, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await selectRecordByIdOrNumber(services.db, request.body.recordId)
        .where(visibleRecords(actor))
        .executeTakeFirst();
      if (!record) throw new AppError('error.validation', {}, [{ path: ['recordId'], message: 'unknown record' }]);
      await write(actor, (tx) =>
        correctAudit({ tx, auditId: request.params.id, recordId: record.id, changeRef: request.body.changeRef }),
      );
      return auditDetail(services.db, request.params.id);
    },
  );

  app.get(
    '/api/v1/cmdb/report',
    { preHandler: requireAbility('cmdb', 'read'), schema: { tags, response: { 200: ConfigurationReport, ...errors } } },
    async (request) => configurationReport(services.db, requireActor(request)),
  );

  // The generic record↔CI link, for every kind of work record.
  const visibleRecord = async (actor: Actor, idOrNumber: string) => {
    const record = await selectRecordByIdOrNumber(services.db, idOrNumber)
      .where(visibleRecords(actor))
      .executeTakeFirst();
    if (!record) throw notFound();
    return record;
  };
  const recordParams = z.object({ id: z.string().max(64) });
  app.get(
    '/api/v1/records/:id/cis',
    { schema: { tags, params: recordParams, response: { 200: z.array(Ci), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await visibleRecord(actor, request.params.id);
      return can(actor, 'cmdb', 'read') ? cisOfRecord(services.db, actor, record.id) : [];
    },
  );
  app.post(
    '/api/v1/records/:id/cis',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: { tags, params: recordParams, body: LinkCi, response: { 200: z.array(Ci), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await visibleRecord(actor, request.params.id);
      const ci = await loadVisibleCi(services.db, actor, request.body.ciId).catch(() => {
        throw new AppError('error.validation', {}, [{ path: ['ciId'], message: 'unknown CI' }]);
      });
      await write(actor, (tx) => linkRecordToCi(tx, record.id, ci.id));
      return cisOfRecord(services.db, actor, record.id);
    },
  );
  app.delete(
    '/api/v1/records/:id/cis/:ciId',
    {
      preHandler: requireAbility('cmdb', 'read'),
      schema: {
        tags,
        params: z.object({ id: z.string().max(64), ciId: z.string().max(64) }),
        response: { 200: z.array(Ci), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await visibleRecord(actor, request.params.id);
      await write(actor, (tx) => unlinkRecordFromCi(tx, record.id, request.params.ciId));
      return cisOfRecord(services.db, actor, record.id);
    },
  );
}
