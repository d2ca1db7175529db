import type { AssetClass, AssetOperation, AssetStatus } from '@trellis/core';

export interface AssetsTable {
  id: string;
  tag: string;
  class: AssetClass;
  name: string;
  model: string;
  serial_number: string;
  /** Comma-separated, upper case. */
  mac_addresses: string;
  licence_key: string;
  seats: number;
  purchase_date: string | null;
  purchase_price: number | null;
  supplier: string;
  order_number: string;
  warranty_until: string | null;
  organization_id: string;
  location_id: string | null;
  holder_id: string | null;
  status: AssetStatus;
  ci_id: string | null;
  note: string;
  created_at: string;
  updated_at: string;
}

export interface AssetOperationsTable {
  id: string;
  asset_id: string;
  type: AssetOperation;
  state: 'done' | 'pending_approval' | 'rejected';
  at: string;
  actor_id: string | null;
  from_status: string;
  to_status: string;
  from_holder_id: string | null;
  to_holder_id: string | null;
  from_location_id: string | null;
  to_location_id: string | null;
  from_organization_id: string | null;
  to_organization_id: string | null;
  note: string;
  signed_by: string | null;
  signed_at: string | null;
  approved_by: string | null;
  approved_at: string | null;
}

export interface LicenceAssignmentsTable {
  id: string;
  asset_id: string;
  user_id: string | null;
  device_id: string | null;
  created_by: string | null;
  created_at: string;
}

export interface StockItemsTable {
  id: string;
  code: string;
  name: string;
  kind: 'part' | 'consumable';
  unit: string;
  /** The catalogue item its restock requests are raised on; a reorder level needs one. */
  restock_item_id: string | null;
  created_at: string;
}

export interface StockLevelsTable {
  item_id: string;
  location_id: string;
  quantity: number;
  reorder_level: number;
  /** The open restock request raised when the level fell to the threshold. */
  alert_record_id: string | null;
}

export interface StockMovementsTable {
  id: string;
  item_id: string;
  location_id: string;
  kind: 'issue' | 'restock';
  quantity: number;
  to_user_id: string | null;
  actor_id: string | null;
  note: string;
  at: string;
}

export interface RecordAssetsTable {
  record_id: string;
  asset_id: string;
  created_by: string | null;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface AssetTables {
  assets: AssetsTable;
  asset_operations: AssetOperationsTable;
  licence_assignments: LicenceAssignmentsTable;
  stock_items: StockItemsTable;
  stock_levels: StockLevelsTable;
  stock_movements: StockMovementsTable;
  record_assets: RecordAssetsTable;
}
