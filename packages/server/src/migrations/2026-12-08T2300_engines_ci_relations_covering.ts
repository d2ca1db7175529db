import type { Kysely } from 'kysely';

/**
 * Impact analysis walks relations from target to source and reads each one's type: with the type
 * in the index the walk never visits the table (half the time of the depth-5 query on SQLite).
 * The other direction is already covered by the unique (source_id, target_id, type).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ci_relations_target_idx').execute();
  await db.schema
    .createIndex('ci_relations_target_idx')
    .on('ci_relations')
    .columns(['target_id', 'source_id', 'type'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ci_relations_target_idx').execute();
  await db.schema
    .createIndex('ci_relations_target_idx')
    .on('ci_relations')
    .columns(['target_id', 'source_id'])
    .execute();
}
