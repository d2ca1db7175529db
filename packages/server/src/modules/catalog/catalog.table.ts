export interface CatalogItemsTable {
  id: string;
  service_id: string;
  name_zh: string;
  name_en: string;
  description_zh: string;
  description_en: string;
  icon: string;
  sort: number;
  active: number;
  form_json: string;
  approvals_json: string;
  stages_json: string;
  created_at: string;
  updated_at: string;
}

/** No rows: the item is offered to every organisation that may use its service. */
export interface CatalogItemOrganizationsTable {
  item_id: string;
  organization_id: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface CatalogTables {
  catalog_items: CatalogItemsTable;
  catalog_item_organizations: CatalogItemOrganizationsTable;
}
