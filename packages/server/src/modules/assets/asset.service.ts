import {
  ASSET_OPERATION_FROM,
  type Asset,
  type AssetDetail,
  type AssetListQuery,
  type AssetOperation,
  type AssetOperationInput,
  type AssetStatus,
  type AssignLicence,
  assetOperationsFrom,
  type CreateAsset,
  type DomainEventType,
  type UpdateAsset,
} from '@trellis/core';
import type { Selectable } from 'kysely';
import type { z } from 'zod';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db, DialectName } from '../../platform/db/database.js';
import { containsInsensitive, lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { can } from '../../platform/permissions/registry.js';
import { ciExists, ciNames, isLocationCi, linkRecordToCi, retireCi } from '../cmdb/index.js';
import { visibleAssets } from './asset.policy.js';
import type { AssetsTable } from './asset.table.js';

type AssetRow = Selectable<AssetsTable> & { org_name: string; holder_name: string | null };

const invalid = (path: string, message: string) => new AppError('error.validation', {}, [{ path: [path], message }]);

function selectAssets(db: Db) {
  return db
    .selectFrom('assets')
    .innerJoin('organizations as o', 'o.id', 'assets.organization_id')
    .leftJoin('users as h', 'h.id', 'assets.holder_id')
    .selectAll('assets')
    .select(['o.name as org_name', 'h.name as holder_name']);
}

async function toAssets(db: Db, rows: AssetRow[]): Promise<Asset[]> {
  const names = await ciNames(
    db,
    rows.flatMap((r) => (r.location_id ? [r.location_id] : [])),
  );
  return rows.map((r) => ({
    id: r.id,
    tag: r.tag,
    class: r.class,
    name: r.name,
    model: r.model,
    serialNumber: r.serial_number,
    macAddresses: r.mac_addresses ? r.mac_addresses.split(',') : [],
    licenceKey: r.licence_key,
    seats: Number(r.seats),
    purchaseDate: r.purchase_date,
    purchasePrice: r.purchase_price === null ? null : Number(r.purchase_price),
    supplier: r.supplier,
    orderNumber: r.order_number,
    warrantyUntil: r.warranty_until,
    organization: { id: r.organization_id, name: r.org_name },
    location: r.location_id ? { id: r.location_id, name: names.get(r.location_id) ?? '' } : null,
    holder: r.holder_id ? { id: r.holder_id, name: r.holder_name ?? '' } : null,
    status: r.status,
    ciId: r.ci_id,
    note: r.note,
    updatedAt: r.updated_at,
  }));
}

export async function listAssets(db: Db, dialect: DialectName, actor: Actor, query: z.infer<typeof AssetListQuery>) {
  let q = selectAssets(db).where(visibleAssets(actor));
  if (query.class) q = q.where('assets.class', '=', query.class);
  if (query.status) q = q.where('assets.status', '=', query.status);
  if (query.holderId) q = q.where('assets.holder_id', '=', query.holderId);
  if (query.q) {
    const needle = query.q;
    q = q.where((eb) =>
      eb.or([
        containsInsensitive(dialect, eb.ref('assets.tag'), needle),
        containsInsensitive(dialect, eb.ref('assets.name'), needle),
        containsInsensitive(dialect, eb.ref('assets.serial_number'), needle),
        containsInsensitive(dialect, eb.ref('h.name'), needle),
      ]),
    );
  }
  const total = await q
    .clearSelect()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await q.orderBy('assets.tag').limit(query.limit).offset(query.offset).execute();
  return { items: await toAssets(db, rows), total: Number(total.n) };
}

/** Every asset the actor may see, in tag order, a page at a time (keyset, so each page costs the same). */
export async function* visibleAssetPages(db: Db, actor: Actor, pageSize: number): AsyncGenerator<Asset[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await selectAssets(db)
      .where(visibleAssets(actor))
      .$if(after !== null, (q) => q.where('assets.tag', '>', after!))
      .orderBy('assets.tag')
      .limit(pageSize)
      .execute();
    if (rows.length) yield await toAssets(db, rows);
    if (rows.length < pageSize) return;
    after = rows.at(-1)!.tag;
  }
}

export async function loadVisibleAsset(db: Db, actor: Actor, idOrTag: string) {
  const row = await selectAssets(db)
    .where((eb) => eb.or([eb('assets.id', '=', idOrTag), eb('assets.tag', '=', idOrTag)]))
    .where(visibleAssets(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function assetDetail(db: Db, actor: Actor, idOrTag: string): Promise<AssetDetail> {
  const row = await loadVisibleAsset(db, actor, idOrTag);
  const [asset] = await toAssets(db, [row]);
  const ops = await db
    .selectFrom('asset_operations as op')
    .leftJoin('users as a', 'a.id', 'op.actor_id')
    .leftJoin('users as fh', 'fh.id', 'op.from_holder_id')
    .leftJoin('users as th', 'th.id', 'op.to_holder_id')
    .leftJoin('users as s', 's.id', 'op.signed_by')
    .leftJoin('users as ap', 'ap.id', 'op.approved_by')
    .leftJoin('organizations as fo', 'fo.id', 'op.from_organization_id')
    .leftJoin('organizations as tor', 'tor.id', 'op.to_organization_id')
    .selectAll('op')
    .select([
      'a.name as actor_name',
      'fh.name as fh_name',
      'th.name as th_name',
      's.name as s_name',
      'ap.name as ap_name',
      'fo.name as fo_name',
      'tor.name as to_name',
    ])
    .where('op.asset_id', '=', row.id)
    .orderBy('op.at', 'desc')
    .orderBy('op.id', 'desc')
    .execute();
  const places = await ciNames(
    db,
    ops.flatMap((o) => [o.from_location_id, o.to_location_id].filter((x): x is string => !!x)),
  );
  const ref = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
  const place = (id: string | null) => (id ? { id, name: places.get(id) ?? '' } : null);
  const assignments =
    row.class === 'software'
      ? await db
          .selectFrom('licence_assignments as la')
          .leftJoin('users as u', 'u.id', 'la.user_id')
          .leftJoin('assets as d', 'd.id', 'la.device_id')
          .select([
            'la.id',
            'la.user_id',
            'u.name as user_name',
            'la.device_id',
            'd.tag as device_tag',
            'd.name as device_name',
            'la.created_at',
          ])
          .where('la.asset_id', '=', row.id)
          .orderBy('la.created_at')
          .execute()
      : [];
  const staff = can(actor, 'asset', 'manage');
  const pendingDisposal = ops.find((o) => o.type === 'dispose' && o.state === 'pending_approval');
  return {
    ...asset!,
    operations: ops.map((o) => ({
      id: o.id,
      type: o.type,
      state: o.state,
      at: o.at,
      actor: ref(o.actor_id, o.actor_name),
      fromStatus: o.from_status,
      toStatus: o.to_status,
      fromHolder: ref(o.from_holder_id, o.fh_name),
      toHolder: ref(o.to_holder_id, o.th_name),
      fromLocation: place(o.from_location_id),
      toLocation: place(o.to_location_id),
      fromOrganization: ref(o.from_organization_id, o.fo_name),
      toOrganization: ref(o.to_organization_id, o.to_name),
      note: o.note,
      signedBy: ref(o.signed_by, o.s_name),
      signedAt: o.signed_at,
      approvedBy: ref(o.approved_by, o.ap_name),
      approvedAt: o.approved_at,
    })),
    assignments: assignments.map((a) => ({
      id: a.id,
      user: ref(a.user_id, a.user_name),
      device: a.device_id ? { id: a.device_id, tag: a.device_tag ?? '', name: a.device_name ?? '' } : null,
      createdAt: a.created_at,
    })),
    compliance:
      row.class === 'software'
        ? {
            owned: Number(row.seats),
            installed: assignments.length,
            compliant: assignments.length <= Number(row.seats),
          }
        : null,
    abilities: {
      update: staff && row.status !== 'disposed',
      operations: staff ? assetOperationsFrom(row.status) : [],
      approveDisposal:
        Boolean(pendingDisposal) && can(actor, 'asset', 'approveDisposal') && pendingDisposal?.actor_id !== actor.id,
      signOff: ops.some(
        (o) => o.type === 'issue' && o.state === 'done' && !o.signed_by && (o.to_holder_id === actor.id || staff),
      ),
    },
  };
}

async function assertRefs(
  tx: Tx,
  input: { organizationId?: string; locationId?: string | null; ciId?: string | null },
) {
  if (input.organizationId) {
    const org = await tx.db
      .selectFrom('organizations')
      .select('id')
      .where('id', '=', input.organizationId)
      .executeTakeFirst();
    if (!org) throw invalid('organizationId', 'unknown organization');
  }
  if (input.locationId && !(await isLocationCi(tx.db, input.locationId))) throw new AppError('cmdb.not_a_location');
  if (input.ciId) {
    if (!(await ciExists(tx.db, input.ciId))) throw invalid('ciId', 'unknown CI');
  }
}

export async function insertAsset(
  tx: Tx,
  input: z.infer<typeof CreateAsset>,
  extra: { holderId?: string | null; status?: AssetStatus } = {},
) {
  const taken = await tx.db.selectFrom('assets').select('id').where('tag', '=', input.tag).executeTakeFirst();
  if (taken) throw new AppError('asset.tag_taken');
  const now = nowIso();
  const row: Selectable<AssetsTable> = {
    id: newId(),
    tag: input.tag,
    class: input.class,
    name: input.name,
    model: input.model ?? '',
    serial_number: input.serialNumber ?? '',
    mac_addresses: (input.macAddresses ?? []).join(','),
    licence_key: input.licenceKey ?? '',
    seats: input.seats ?? 0,
    purchase_date: input.purchaseDate ?? null,
    purchase_price: input.purchasePrice ?? null,
    supplier: input.supplier ?? '',
    order_number: input.orderNumber ?? '',
    warranty_until: input.warrantyUntil ?? null,
    organization_id: input.organizationId,
    location_id: input.locationId ?? null,
    holder_id: extra.holderId ?? null,
    status: extra.status ?? 'ordered',
    ci_id: input.ciId ?? null,
    note: input.note ?? '',
    created_at: now,
    updated_at: now,
  };
  await tx.db.insertInto('assets').values(row).execute();
  await audit(tx, {
    action: 'asset.create',
    entityType: 'asset',
    entityId: row.id,
    organizationId: row.organization_id,
    after: row,
  });
  tx.emit('asset.created', { organizationId: row.organization_id, payload: { assetId: row.id } });
  return row;
}

export async function createAsset({ tx, input }: { tx: Tx; input: z.infer<typeof CreateAsset> }) {
  await assertRefs(tx, input);
  return (await insertAsset(tx, input)).id;
}

export async function updateAsset({
  tx,
  assetId,
  input,
}: {
  tx: Tx;
  assetId: string;
  input: z.infer<typeof UpdateAsset>;
}) {
  const before = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('assets').selectAll().where('id', '=', assetId),
  ).executeTakeFirst();
  if (!before) throw notFound();
  await assertRefs(tx, input);
  if (input.tag && input.tag !== before.tag) {
    const taken = await tx.db.selectFrom('assets').select('id').where('tag', '=', input.tag).executeTakeFirst();
    if (taken) throw new AppError('asset.tag_taken');
  }
  const changes = diff(before, {
    tag: input.tag,
    name: input.name,
    model: input.model,
    serial_number: input.serialNumber,
    mac_addresses: input.macAddresses?.join(','),
    licence_key: input.licenceKey,
    seats: input.seats,
    purchase_date: input.purchaseDate,
    purchase_price: input.purchasePrice,
    supplier: input.supplier,
    order_number: input.orderNumber,
    warranty_until: input.warrantyUntil,
    organization_id: input.organizationId,
    location_id: input.locationId,
    ci_id: input.ciId,
    note: input.note,
  });
  if (Object.keys(changes.after).length) {
    await tx.db
      .updateTable('assets')
      .set({ ...changes.after, updated_at: nowIso() })
      .where('id', '=', assetId)
      .execute();
    await audit(tx, {
      action: 'asset.update',
      entityType: 'asset',
      entityId: assetId,
      organizationId: before.organization_id,
      ...changes,
    });
  }
}

/** One operation of the asset's life (003 §2C): receive, issue, return, transfer, repair, dispose. */
/** The event each asset operation announces. */
const OPERATION_EVENT = {
  receive: 'asset.received',
  issue: 'asset.issued',
  return: 'asset.returned',
  transfer: 'asset.transferred',
  repair: 'asset.sent_to_repair',
  repaired: 'asset.repaired',
  dispose: 'asset.disposal_requested',
} as const satisfies Record<AssetOperation, DomainEventType>;

export async function operateAsset({
  tx,
  assetId,
  input,
}: {
  tx: Tx;
  assetId: string;
  input: z.infer<typeof AssetOperationInput>;
}) {
  const a = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('assets').selectAll().where('id', '=', assetId),
  ).executeTakeFirst();
  if (!a) throw notFound();
  if (!ASSET_OPERATION_FROM[input.type].includes(a.status))
    throw new AppError('asset.illegal_operation', {
      status: `asset.status.${a.status}`,
      operation: `asset.op.${input.type}`,
    });
  await assertRefs(tx, { organizationId: input.toOrganizationId ?? undefined, locationId: input.toLocationId });
  if (input.toHolderId) {
    const u = await tx.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', input.toHolderId)
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!u) throw invalid('toHolderId', 'unknown user');
  }
  let holder = a.holder_id;
  const location = input.toLocationId ?? a.location_id;
  const organization = input.toOrganizationId ?? a.organization_id;
  let status: AssetStatus = a.status;
  let state: 'done' | 'pending_approval' = 'done';
  switch (input.type) {
    case 'receive':
      status = 'in_stock';
      break;
    case 'issue':
      if (!input.toHolderId) throw new AppError('asset.holder_required');
      holder = input.toHolderId;
      status = 'in_use';
      break;
    case 'return':
      holder = null;
      status = 'in_stock';
      break;
    case 'transfer':
      if (!input.toHolderId && !input.toLocationId && !input.toOrganizationId)
        throw new AppError('asset.transfer_target_required');
      holder = input.toHolderId ?? holder;
      status = holder ? 'in_use' : a.status;
      break;
    case 'repair':
      status = 'in_repair';
      break;
    case 'repaired':
      status = holder ? 'in_use' : 'in_stock';
      break;
    case 'dispose':
      status = 'pending_disposal';
      state = 'pending_approval';
      break;
  }
  const now = nowIso();
  const signer =
    input.signedOff && (input.type === 'issue' || input.type === 'transfer' || input.type === 'return')
      ? input.type === 'return'
        ? a.holder_id
        : holder
      : null;
  const op = {
    id: newId(),
    asset_id: a.id,
    type: input.type,
    state,
    at: now,
    actor_id: tx.actor?.id ?? null,
    from_status: a.status,
    to_status: status,
    from_holder_id: a.holder_id,
    to_holder_id: holder,
    from_location_id: a.location_id,
    to_location_id: location,
    from_organization_id: a.organization_id,
    to_organization_id: organization,
    note: input.note ?? '',
    signed_by: signer,
    signed_at: signer ? now : null,
    approved_by: null,
    approved_at: null,
  };
  await tx.db.insertInto('asset_operations').values(op).execute();
  await tx.db
    .updateTable('assets')
    .set({ status, holder_id: holder, location_id: location, organization_id: organization, updated_at: now })
    .where('id', '=', a.id)
    .execute();
  await audit(tx, {
    action: `asset.${input.type}`,
    entityType: 'asset',
    entityId: a.id,
    organizationId: organization,
    before: { status: a.status, holder: a.holder_id },
    after: { status, holder },
  });
  tx.emit(OPERATION_EVENT[input.type], {
    organizationId: organization,
    payload: { assetId: a.id, operationId: op.id },
  });
  void location;
  void organization;
  return op.id;
}

/** 报废 needs a second person: a service manager or admin who did not ask for it. */
export async function decideDisposal({
  tx,
  actor,
  assetId,
  approve,
  note,
}: {
  tx: Tx;
  actor: Actor;
  assetId: string;
  approve: boolean;
  note?: string;
}) {
  const a = await lockForChange(
    tx.dialect,
    tx.db.selectFrom('assets').selectAll().where('id', '=', assetId),
  ).executeTakeFirst();
  if (!a) throw notFound();
  const op = await tx.db
    .selectFrom('asset_operations')
    .selectAll()
    .where('asset_id', '=', assetId)
    .where('type', '=', 'dispose')
    .where('state', '=', 'pending_approval')
    .executeTakeFirst();
  if (!op || a.status !== 'pending_disposal') throw new AppError('asset.no_pending_disposal');
  if (!can(actor, 'asset', 'approveDisposal')) throw new AppError('error.forbidden');
  if (op.actor_id === actor.id) throw new AppError('asset.self_approval');
  const now = nowIso();
  const status: AssetStatus = approve ? 'disposed' : (op.from_status as AssetStatus);
  await tx.db
    .updateTable('asset_operations')
    .set({
      state: approve ? 'done' : 'rejected',
      approved_by: actor.id,
      approved_at: now,
      to_status: status,
      note: note ? `${op.note}\n${note}`.trim() : op.note,
    })
    .where('id', '=', op.id)
    .execute();
  await tx.db
    .updateTable('assets')
    .set({ status, holder_id: approve ? null : a.holder_id, updated_at: now })
    .where('id', '=', assetId)
    .execute();
  // The configuration item leaves service with the asset (拆卸), through the CMDB's own life cycle.
  if (approve && a.ci_id) await retireCi({ tx, ciId: a.ci_id, note: op.note.slice(0, 500) || undefined });
  await audit(tx, {
    action: approve ? 'asset.dispose_approve' : 'asset.dispose_reject',
    entityType: 'asset',
    entityId: assetId,
    organizationId: a.organization_id,
    before: { status: a.status },
    after: { status },
  });
  tx.emit(approve ? 'asset.disposed' : 'asset.disposal_rejected', {
    organizationId: a.organization_id,
    payload: { assetId },
  });
}

/** The person who received the asset signs for it (or staff record the signature taken at the counter). */
export async function signOff({
  tx,
  actor,
  assetId,
  operationId,
}: {
  tx: Tx;
  actor: Actor;
  assetId: string;
  operationId: string;
}) {
  const op = await tx.db
    .selectFrom('asset_operations')
    .selectAll()
    .where('id', '=', operationId)
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  if (op?.state !== 'done') throw notFound();
  if (op.signed_by) throw new AppError('error.conflict');
  const signer = op.type === 'return' ? op.from_holder_id : op.to_holder_id;
  if (!signer || (signer !== actor.id && !can(actor, 'asset', 'manage'))) throw new AppError('error.forbidden');
  await tx.db
    .updateTable('asset_operations')
    .set({ signed_by: signer, signed_at: nowIso() })
    .where('id', '=', operationId)
    .execute();
  await audit(tx, { action: 'asset.sign_off', entityType: 'asset', entityId: assetId, after: { operationId, signer } });
}

export async function assignLicence({
  tx,
  assetId,
  input,
}: {
  tx: Tx;
  assetId: string;
  input: z.infer<typeof AssignLicence>;
}) {
  const a = await tx.db
    .selectFrom('assets')
    .select(['id', 'class', 'organization_id'])
    .where('id', '=', assetId)
    .executeTakeFirst();
  if (!a) throw notFound();
  if (a.class !== 'software') throw new AppError('asset.not_licence');
  if (input.userId && !(await tx.db.selectFrom('users').select('id').where('id', '=', input.userId).executeTakeFirst()))
    throw invalid('userId', 'unknown user');
  if (input.deviceId) {
    const d = await tx.db
      .selectFrom('assets')
      .select(['id', 'class'])
      .where('id', '=', input.deviceId)
      .executeTakeFirst();
    if (d?.class !== 'equipment') throw invalid('deviceId', 'unknown device');
  }
  const id = newId();
  await tx.db
    .insertInto('licence_assignments')
    .values({
      id,
      asset_id: assetId,
      user_id: input.userId ?? null,
      device_id: input.deviceId ?? null,
      created_by: tx.actor?.id ?? null,
      created_at: nowIso(),
    })
    .execute();
  await audit(tx, {
    action: 'asset.licence_assign',
    entityType: 'asset',
    entityId: assetId,
    organizationId: a.organization_id,
    after: input,
  });
}

export async function unassignLicence({
  tx,
  assetId,
  assignmentId,
}: {
  tx: Tx;
  assetId: string;
  assignmentId: string;
}) {
  const res = await tx.db
    .deleteFrom('licence_assignments')
    .where('id', '=', assignmentId)
    .where('asset_id', '=', assetId)
    .executeTakeFirst();
  if (Number(res.numDeletedRows) === 0) throw notFound();
  await audit(tx, {
    action: 'asset.licence_unassign',
    entityType: 'asset',
    entityId: assetId,
    before: { assignmentId },
  });
}

/**
 * A record names an asset it concerns: staff who manage assets name any they see, the requester
 * only what they hold (the asset scope already says so). The asset's CI, if it has one, joins the
 * generic record↔CI link so the CMDB sees the record too. Same transaction as the caller's write.
 */
export async function nameAssetOnRecord({
  tx,
  record,
  assetId,
}: {
  tx: Tx;
  record: { id: string; requester_id: string };
  assetId: string;
}) {
  const actor = tx.actor!;
  if (!can(actor, 'asset', 'manage') && record.requester_id !== actor.id) throw new AppError('error.forbidden');
  const asset = await loadVisibleAsset(tx.db, actor, assetId).catch(() => {
    throw new AppError('error.validation', {}, [{ path: ['assetId'], message: 'unknown asset' }]);
  });
  await linkRecordToAsset(tx, record.id, asset.id);
  if (asset.ci_id) await linkRecordToCi(tx, record.id, asset.ci_id);
}

export async function linkRecordToAsset(tx: Tx, recordId: string, assetId: string) {
  await tx.db
    .insertInto('record_assets')
    .values({ record_id: recordId, asset_id: assetId, created_by: tx.actor?.id ?? null, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'asset_id']).doNothing())
    .execute();
  await audit(tx, { action: 'record.asset_link', entityType: 'record', entityId: recordId, after: { assetId } });
}

export async function assetsOfRecord(db: Db, actor: Actor, recordId: string) {
  const rows = await selectAssets(db)
    .innerJoin('record_assets', 'record_assets.asset_id', 'assets.id')
    .where('record_assets.record_id', '=', recordId)
    .where((eb) => (can(actor, 'asset', 'read') ? visibleAssets(actor)(eb) : eb.lit(true)))
    .execute();
  return toAssets(db, rows);
}
