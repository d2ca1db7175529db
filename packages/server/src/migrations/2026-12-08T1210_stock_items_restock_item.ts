import type { Kysely } from 'kysely';

/** The catalogue item a stock item's restock request is raised on (a request needs its item). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('stock_items')
    .addColumn('restock_item_id', 'text', (c) => c.references('catalog_items.id'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stock_items').dropColumn('restock_item_id').execute();
}
