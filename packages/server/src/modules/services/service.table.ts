export interface ServicesTable {
  id: string;
  code: string;
  name_zh: string;
  name_en: string;
  description: string;
  owner_id: string | null;
  /** null: offered to every customer organisation. */
  organization_id: string | null;
  active: number;
  sort: number;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface ServiceTables {
  services: ServicesTable;
}
