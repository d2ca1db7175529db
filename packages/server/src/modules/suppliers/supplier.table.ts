export interface SuppliersTable {
  id: string;
  name: string;
  contact: string;
  active: number;
  created_at: string;
}

export interface UnderpinningContractsTable {
  id: string;
  supplier_id: string;
  service_id: string | null;
  name: string;
  response_minutes: number;
  resolution_minutes: number;
  calendar_id: string;
  active: number;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface SupplierTables {
  suppliers: SuppliersTable;
  underpinning_contracts: UnderpinningContractsTable;
}
