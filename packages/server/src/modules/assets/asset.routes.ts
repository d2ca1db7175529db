import {
  Asset,
  AssetDetail,
  AssetLabel,
  AssetListQuery,
  AssetOperationInput,
  AssetPage,
  AssetsAbilities,
  AssignLicence,
  CreateAsset,
  DecideDisposal,
  ErrorBody,
  IMPORT_MODES,
  ImportReport,
  SetReorderLevel,
  StockItem,
  StockMovementInput,
  UpdateAsset,
} from '@trellis/core';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Actor } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { type App, requestLocale, requireActor } from '../../platform/http/app.js';
import { requireAbility } from '../../platform/permissions/registry.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { selectRecordByIdOrNumber } from '../records/index.js';
import { exportAssets, importAssets, importTemplate, readSheet } from './asset.excel.js';
import { assetsAbilities } from './asset.policy.js';
import {
  assetDetail,
  assetsOfRecord,
  assignLicence,
  createAsset,
  decideDisposal,
  listAssets,
  loadVisibleAsset,
  nameAssetOnRecord,
  operateAsset,
  signOff,
  unassignLicence,
  updateAsset,
} from './asset.service.js';
import { moveStock, setReorderLevel } from './asset.stock.js';
import { listStock } from './stock.register.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const idParams = z.object({ id: z.string().max(64) });
const tags = ['assets'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function assetRoutes(app: App) {
  const { services } = app;
  const write = <T>(actor: Actor, work: Parameters<typeof inTransaction<T>>[2]) => inTransaction(services, actor, work);
  /** Writes need the asset to be visible first, so another organisation's asset is "not found". */
  const visible = async (actor: Actor, id: string) => (await loadVisibleAsset(services.db, actor, id)).id;

  app.get(
    '/api/v1/assets/abilities',
    { schema: { tags, response: { 200: AssetsAbilities, ...errors } } },
    async (request) => assetsAbilities(requireActor(request)),
  );
  app.get(
    '/api/v1/assets',
    { schema: { tags, querystring: AssetListQuery, response: { 200: AssetPage, ...errors } } },
    async (request) => listAssets(services.db, services.dialect, requireActor(request), request.query),
  );
  app.get(
    '/api/v1/assets/mine',
    { schema: { tags, response: { 200: z.array(Asset), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      return (await listAssets(services.db, services.dialect, actor, { holderId: actor.id, limit: 200, offset: 0 }))
        .items;
    },
  );
  app.post(
    '/api/v1/assets',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, body: CreateAsset, response: { 201: AssetDetail, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await write(actor, (tx) => createAsset({ tx, input: request.body }));
      return reply.status(201).send(await assetDetail(services.db, actor, id));
    },
  );
  app.get(
    '/api/v1/assets/:id',
    { schema: { tags, params: idParams, response: { 200: AssetDetail, ...errors } } },
    async (request) => assetDetail(services.db, requireActor(request), request.params.id),
  );
  app.patch(
    '/api/v1/assets/:id',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, params: idParams, body: UpdateAsset, response: { 200: AssetDetail, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => updateAsset({ tx, assetId: id, input: request.body }));
      return assetDetail(services.db, actor, id);
    },
  );
  app.post(
    '/api/v1/assets/:id/operations',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, params: idParams, body: AssetOperationInput, response: { 200: AssetDetail, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => operateAsset({ tx, assetId: id, input: request.body }));
      return assetDetail(services.db, actor, id);
    },
  );
  app.post(
    '/api/v1/assets/:id/disposal',
    {
      preHandler: requireAbility('asset', 'read'),
      schema: { tags, params: idParams, body: DecideDisposal, response: { 200: AssetDetail, ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => decideDisposal({ tx, actor, assetId: id, ...request.body }));
      return assetDetail(services.db, actor, id);
    },
  );
  app.post(
    '/api/v1/assets/:id/operations/:operationId/sign-off',
    {
      schema: {
        tags,
        params: z.object({ id: z.string().max(64), operationId: z.string().max(64) }),
        response: { 200: AssetDetail, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => signOff({ tx, actor, assetId: id, operationId: request.params.operationId }));
      return assetDetail(services.db, actor, id);
    },
  );
  app.post(
    '/api/v1/assets/:id/assignments',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, params: idParams, body: AssignLicence, response: { 201: AssetDetail, ...errors } },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => assignLicence({ tx, assetId: id, input: request.body }));
      return reply.status(201).send(await assetDetail(services.db, actor, id));
    },
  );
  app.delete(
    '/api/v1/assets/:id/assignments/:assignmentId',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: {
        tags,
        params: z.object({ id: z.string().max(64), assignmentId: z.string().max(64) }),
        response: { 200: AssetDetail, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const id = await visible(actor, request.params.id);
      await write(actor, (tx) => unassignLicence({ tx, assetId: id, assignmentId: request.params.assignmentId }));
      return assetDetail(services.db, actor, id);
    },
  );

  app.get(
    '/api/v1/asset-labels',
    {
      preHandler: requireAbility('asset', 'read'),
      schema: {
        tags,
        querystring: z.object({ ids: z.string().max(20_000) }),
        response: { 200: z.array(AssetLabel), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const ids = request.query.ids.split(',').filter(Boolean).slice(0, 200);
      const origin = `${request.protocol}://${request.host}`;
      const labels = [];
      for (const id of ids) {
        const a = await loadVisibleAsset(services.db, actor, id);
        const qrSvg = await QRCode.toString(`${origin}/console/assets/${a.id}`, {
          type: 'svg',
          margin: 0,
          errorCorrectionLevel: 'M',
        });
        labels.push({ id: a.id, tag: a.tag, name: a.name, model: a.model, qrSvg });
      }
      return labels;
    },
  );

  app.get(
    '/api/v1/asset-import/template',
    { preHandler: requireAbility('asset', 'manage'), schema: { tags } },
    async (request, reply) => {
      const locale = requestLocale(request);
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(locale === 'zh-CN' ? '资产导入模板.xlsx' : 'asset-import-template.xlsx')}`,
        )
        .send(await importTemplate(locale));
    },
  );
  app.get(
    '/api/v1/asset-export',
    { preHandler: requireAbility('asset', 'read'), schema: { tags } },
    async (request, reply) => {
      const actor = requireActor(request);
      const locale = requestLocale(request);
      return reply
        .header('content-type', XLSX)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(locale === 'zh-CN' ? '资产台账.xlsx' : 'assets.xlsx')}`,
        )
        .send(exportAssets(services.db, actor, locale));
    },
  );
  app.post(
    '/api/v1/asset-import',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: {
        tags,
        querystring: z.object({ mode: z.enum(IMPORT_MODES).default('all_or_nothing') }),
        response: { 200: ImportReport, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const file = await request.file();
      if (!file) throw new AppError('asset.import_invalid_file');
      const rows = await readSheet(await file.toBuffer());
      const locale = requestLocale(request);
      return write(actor, (tx) => importAssets(tx, rows, request.query.mode, locale));
    },
  );

  app.post(
    '/api/v1/stock/:id/movements',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, params: idParams, body: StockMovementInput, response: { 200: z.array(StockItem), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) => moveStock({ tx, itemId: request.params.id, input: request.body }));
      return listStock(services.db, actor, requestLocale(request));
    },
  );
  app.post(
    '/api/v1/stock/:id/reorder-level',
    {
      preHandler: requireAbility('asset', 'manage'),
      schema: { tags, params: idParams, body: SetReorderLevel, response: { 200: z.array(StockItem), ...errors } },
    },
    async (request) => {
      const actor = requireActor(request);
      await write(actor, (tx) => setReorderLevel({ tx, itemId: request.params.id, input: request.body }));
      return listStock(services.db, actor, requestLocale(request));
    },
  );

  // A record names the assets it concerns; a requester may name only what they hold.
  const recordParams = z.object({ id: z.string().max(64) });
  const visibleRecord = async (actor: Actor, idOrNumber: string) => {
    const record = await selectRecordByIdOrNumber(services.db, idOrNumber)
      .where(visibleRecords(actor))
      .executeTakeFirst();
    if (!record) throw notFound();
    return record;
  };
  app.get(
    '/api/v1/records/:id/assets',
    { schema: { tags, params: recordParams, response: { 200: z.array(Asset), ...errors } } },
    async (request) => {
      const actor = requireActor(request);
      const record = await visibleRecord(actor, request.params.id);
      return assetsOfRecord(services.db, actor, record.id);
    },
  );
  app.post(
    '/api/v1/records/:id/assets',
    {
      schema: {
        tags,
        params: recordParams,
        body: z.object({ assetId: z.string().max(64) }),
        response: { 200: z.array(Asset), ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const record = await visibleRecord(actor, request.params.id);
      await write(actor, (tx) => nameAssetOnRecord({ tx, record, assetId: request.body.assetId }));
      return assetsOfRecord(services.db, actor, record.id);
    },
  );
}
