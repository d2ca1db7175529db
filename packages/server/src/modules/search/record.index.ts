import { sql } from 'kysely';
import type { Db, DialectName } from '../../platform/db/database.js';
import { indexDocument, indexDocuments } from '../../platform/search/index.js';
import { externalRefsOf } from '../records/index.js';

interface Handle {
  db: Db;
  dialect: DialectName;
}

/**
 * Puts a work record (any kind) into the shared search index: number, title, description, the
 * category's names in both languages and the public comments. Internal notes stay out, because a
 * requester who may see the record must not find it by words only agents can read.
 * Called inside the writing transaction, so the index never lags a committed change.
 */
export async function indexWorkRecord(handle: Handle, recordId: string): Promise<void> {
  const record = await handle.db
    .selectFrom('work_records')
    .leftJoin('categories', 'categories.id', 'work_records.category_id')
    .select([
      'work_records.id',
      'work_records.kind',
      'work_records.number',
      'work_records.title',
      'work_records.description',
      'work_records.organization_id',
      'categories.name_zh as category_zh',
      'categories.name_en as category_en',
    ])
    .where('work_records.id', '=', recordId)
    .executeTakeFirst();
  if (!record) return;
  const comments = await handle.db
    .selectFrom('record_timeline')
    .select('body')
    .where('record_id', '=', recordId)
    .where('type', '=', 'comment')
    .where('visibility', '=', 'public')
    .orderBy('at')
    .execute();
  await indexDocument(
    handle,
    workRecordDocument({
      ...record,
      publicComments: comments.map((c) => c.body ?? ''),
      externalRefs: await externalRefsOf(handle.db, record.id),
    }),
  );
}

/** What a record's index entry holds; one builder for the single write and for bulk imports. */
export interface IndexedRecord {
  id: string;
  kind: string;
  number: string;
  title: string;
  description: string;
  organization_id: string;
  category_zh: string | null;
  category_en: string | null;
  publicComments: readonly string[];
  /** Where an imported record came from ("rt 1234"): people search for the number they knew. */
  externalRefs: readonly { source: string; externalId: string }[];
}

function workRecordDocument(record: IndexedRecord) {
  return {
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    title: record.title,
    body: [
      record.number,
      ...record.externalRefs.map((r) => `${r.source} ${r.externalId}`),
      record.description,
      record.category_zh ?? '',
      record.category_en ?? '',
      ...record.publicComments,
    ].join('\n'),
  };
}

/** Indexes records written in bulk (an import) inside the caller's transaction; all of one kind. */
export async function indexImportedRecords(handle: Handle, records: readonly IndexedRecord[]): Promise<void> {
  await indexDocuments(handle, records.map(workRecordDocument));
}

/** Rebuilds the index for every work record, in batches; returns how many were indexed. */
export async function reindexWorkRecords(
  handle: Handle,
  options: { batch?: number; onProgress?: (done: number) => void } = {},
): Promise<number> {
  const batch = options.batch ?? 500;
  let after = '';
  let done = 0;
  for (;;) {
    const ids = await handle.db
      .selectFrom('work_records')
      .select('id')
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (ids.length === 0) break;
    await handle.db.transaction().execute(async (trx) => {
      for (const { id } of ids) await indexWorkRecord({ db: trx, dialect: handle.dialect }, id);
    });
    done += ids.length;
    after = ids.at(-1)!.id;
    options.onProgress?.(done);
  }
  // Drop index rows of records that no longer exist (e.g. a restore from an older backup).
  await sql`delete from search_documents where entity_type in ('incident', 'request', 'problem', 'change', 'release')
    and entity_id not in (select id from work_records)`.execute(handle.db);
  if (handle.dialect === 'sqlite') {
    await sql`delete from search_fts where entity_type in ('incident', 'request', 'problem', 'change', 'release')
      and entity_id not in (select id from work_records)`.execute(handle.db);
  }
  return done;
}
