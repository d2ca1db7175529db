export interface CategoriesTable {
  id: string;
  parent_id: string | null;
  name_zh: string;
  name_en: string;
  sort: number;
  service_id: string | null;
  active: number;
  created_at: string;
}

/** The tables this module owns, composed into `Database` in modules/index.ts. */
export interface CategoryTables {
  categories: CategoriesTable;
}
