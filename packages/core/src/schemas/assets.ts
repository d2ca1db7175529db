import { z } from 'zod';
import { Id, OptionalText, OrgRef, Text, UserRef } from './common.js';

/** The three asset classes of the seed (003 §2A): 软件, IT 设备, 配件耗材. */
export const ASSET_CLASSES = ['software', 'equipment', 'consumable'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

export const ASSET_STATUSES = ['ordered', 'in_stock', 'in_use', 'in_repair', 'pending_disposal', 'disposed'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const ASSET_OPERATIONS = ['receive', 'issue', 'return', 'transfer', 'repair', 'repaired', 'dispose'] as const;
export type AssetOperation = (typeof ASSET_OPERATIONS)[number];

/** Which statuses each operation starts from; pure, shared with the client. */
export const ASSET_OPERATION_FROM: Record<AssetOperation, readonly AssetStatus[]> = {
  receive: ['ordered'],
  issue: ['in_stock'],
  return: ['in_use'],
  transfer: ['in_stock', 'in_use'],
  repair: ['in_stock', 'in_use'],
  repaired: ['in_repair'],
  dispose: ['in_stock', 'in_repair'],
};

export function assetOperationsFrom(status: AssetStatus): AssetOperation[] {
  return ASSET_OPERATIONS.filter((op) => ASSET_OPERATION_FROM[op].includes(status));
}

const PlaceRef = z.object({ id: Id, name: z.string() });

export const Asset = z.object({
  id: Id,
  tag: z.string(),
  class: z.enum(ASSET_CLASSES),
  name: z.string(),
  model: z.string(),
  serialNumber: z.string(),
  macAddresses: z.array(z.string()),
  licenceKey: z.string(),
  seats: z.number().int(),
  purchaseDate: z.string().nullable(),
  purchasePrice: z.number().nullable(),
  supplier: z.string(),
  orderNumber: z.string(),
  warrantyUntil: z.string().nullable(),
  organization: OrgRef,
  location: PlaceRef.nullable(),
  holder: UserRef.nullable(),
  status: z.enum(ASSET_STATUSES),
  ciId: Id.nullable(),
  note: z.string(),
  updatedAt: z.string(),
});
export type Asset = z.infer<typeof Asset>;

export const AssetOperationRow = z.object({
  id: Id,
  type: z.enum(ASSET_OPERATIONS),
  state: z.enum(['done', 'pending_approval', 'rejected']),
  at: z.string(),
  actor: UserRef.nullable(),
  fromStatus: z.string(),
  toStatus: z.string(),
  fromHolder: UserRef.nullable(),
  toHolder: UserRef.nullable(),
  fromLocation: PlaceRef.nullable(),
  toLocation: PlaceRef.nullable(),
  fromOrganization: OrgRef.nullable(),
  toOrganization: OrgRef.nullable(),
  note: z.string(),
  signedBy: UserRef.nullable(),
  signedAt: z.string().nullable(),
  approvedBy: UserRef.nullable(),
  approvedAt: z.string().nullable(),
});
export type AssetOperationRow = z.infer<typeof AssetOperationRow>;

export const LicenceAssignment = z.object({
  id: Id,
  user: UserRef.nullable(),
  device: z.object({ id: Id, tag: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(),
});
export const AssetAbilities = z.object({
  update: z.boolean(),
  operations: z.array(z.enum(ASSET_OPERATIONS)),
  approveDisposal: z.boolean(),
  signOff: z.boolean(),
});
export const AssetDetail = Asset.extend({
  operations: z.array(AssetOperationRow),
  assignments: z.array(LicenceAssignment),
  compliance: z.object({ owned: z.number().int(), installed: z.number().int(), compliant: z.boolean() }).nullable(),
  abilities: AssetAbilities,
});
export type AssetDetail = z.infer<typeof AssetDetail>;

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'invalid date');
const mac = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^([0-9A-F]{2}[:-]){5}[0-9A-F]{2}$/)
  .transform((s) => s.replace(/-/g, ':'));

export const AssetFields = z.object({
  tag: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/),
  class: z.enum(ASSET_CLASSES),
  name: Text(200),
  model: OptionalText(100),
  serialNumber: OptionalText(100),
  macAddresses: z.array(mac).max(8).optional(),
  licenceKey: OptionalText(200),
  seats: z.number().int().min(0).max(1_000_000).optional(),
  purchaseDate: isoDate.nullish(),
  purchasePrice: z.number().min(0).max(1e10).nullish(),
  supplier: OptionalText(200),
  orderNumber: OptionalText(100),
  warrantyUntil: isoDate.nullish(),
  organizationId: Id,
  locationId: Id.nullish(),
  ciId: Id.nullish(),
  note: OptionalText(2000),
});
export const CreateAsset = AssetFields;
export const UpdateAsset = AssetFields.omit({ class: true }).partial();

export const AssetListQuery = z.object({
  q: z.string().trim().max(100).optional(),
  class: z.enum(ASSET_CLASSES).optional(),
  status: z.enum(ASSET_STATUSES).optional(),
  holderId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export const AssetPage = z.object({ items: z.array(Asset), total: z.number().int() });

export const AssetOperationInput = z.object({
  type: z.enum(ASSET_OPERATIONS),
  toHolderId: Id.nullish(),
  toLocationId: Id.nullish(),
  toOrganizationId: Id.nullish(),
  note: OptionalText(1000),
  /** The receiving person signed at the counter: staff record the sign-off with the operation. */
  signedOff: z.boolean().optional(),
});
export const DecideDisposal = z.object({ approve: z.boolean(), note: OptionalText(1000) });
export const AssignLicence = z
  .object({ userId: Id.nullish(), deviceId: Id.nullish() })
  .refine((a) => a.userId || a.deviceId, 'a user or a device');

export const StockLevel = z.object({
  location: PlaceRef,
  quantity: z.number().int(),
  reorderLevel: z.number().int(),
  low: z.boolean(),
  alertRecord: z.object({ id: Id, number: z.string() }).nullable(),
});
export const StockItem = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: z.enum(['part', 'consumable']),
  unit: z.string(),
  /** The catalogue item its restock requests are raised on. */
  restockItem: z.object({ id: Id, name: z.string() }).nullable(),
  levels: z.array(StockLevel),
});
export type StockItem = z.infer<typeof StockItem>;
export const CreateStockItem = z.object({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,40}$/),
  name: Text(200),
  kind: z.enum(['part', 'consumable']),
  unit: Text(20),
  restockItemId: Id.optional(),
});
/** The restock catalogue item may be changed, not cleared: a reorder level above 0 needs one. */
export const UpdateStockItem = CreateStockItem.partial();
export const StockMovementInput = z.object({
  locationId: Id,
  kind: z.enum(['issue', 'restock']),
  quantity: z.number().int().min(1).max(1_000_000),
  toUserId: Id.nullish(),
  note: OptionalText(500),
});
export const SetReorderLevel = z.object({
  locationId: Id,
  reorderLevel: z.number().int().min(0).max(1_000_000),
  /** Sets the item's restock catalogue item; a reorder level above 0 needs one. */
  restockItemId: Id.optional(),
});

export const IMPORT_MODES = ['all_or_nothing', 'good_rows'] as const;
export const ImportReport = z.object({
  mode: z.enum(IMPORT_MODES),
  rows: z.number().int(),
  imported: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })),
});
export type ImportReport = z.infer<typeof ImportReport>;

export const AssetLabel = z.object({ id: Id, tag: z.string(), name: z.string(), model: z.string(), qrSvg: z.string() });
export const LinkAsset = z.object({ recordId: Id });
export const AssetsAbilities = z.object({ read: z.boolean(), manage: z.boolean(), approveDisposal: z.boolean() });
