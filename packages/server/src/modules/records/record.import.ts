import { formatRecordNumber, type RecordKind, sequenceScope } from '@trellis/core';
import type { Insertable } from 'kysely';
import type { Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { numberingYear, reserveNumbers } from '../../platform/numbering.js';
import type {
  AttachmentBlobsTable,
  RecordAttachmentsTable,
  RecordExternalRefsTable,
  RecordTimelineTable,
  WorkRecordsTable,
} from './record.table.js';

/**
 * Bulk writes for `trellis import`: the record core's rows for many records in a few multi-row
 * statements inside the caller's transaction. The caller (modules/migration) has validated every
 * field; what a single create does besides (search index, SLA clocks, the kind's details row) it
 * asks the owning modules for, in the same transaction.
 */

export interface ImportedRecordRows {
  record: Insertable<WorkRecordsTable>;
  timeline: Insertable<RecordTimelineTable>[];
  attachments: { row: Insertable<RecordAttachmentsTable>; content: Buffer }[];
  ref: Insertable<RecordExternalRefsTable>;
}

/** Parameters per statement stay well under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMETERS = 30_000;

async function insertChunked<T extends object>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  if (rows.length === 0) return;
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]!).length));
  for (let i = 0; i < rows.length; i += size) await insert(rows.slice(i, i + size));
}

/**
 * Numbers records in the order given, each in the sequence of its own creation year (so a 2023
 * ticket becomes INC-2023-…), drawing each year's block of numbers with one statement.
 */
export async function numberImportedRecords(tx: Tx, kind: RecordKind, createdAt: readonly string[]): Promise<string[]> {
  const years = createdAt.map((at) => numberingYear(new Date(at)));
  const counts = new Map<number, number>();
  for (const y of years) counts.set(y, (counts.get(y) ?? 0) + 1);
  const next = new Map<number, number>();
  for (const [year, count] of [...counts].sort((a, b) => a[0] - b[0]))
    next.set(year, await reserveNumbers(tx, sequenceScope(kind, year), count));
  return years.map((year) => {
    const sequence = next.get(year)!;
    next.set(year, sequence + 1);
    return formatRecordNumber(kind, year, sequence);
  });
}

export async function insertImportedRecords(tx: Tx, batch: readonly ImportedRecordRows[]): Promise<void> {
  const { db } = tx;
  await insertChunked(
    batch.map((b) => b.record),
    (chunk) => db.insertInto('work_records').values(chunk).execute(),
  );
  await insertChunked(
    batch.flatMap((b) => b.timeline),
    (chunk) => db.insertInto('record_timeline').values(chunk).execute(),
  );
  const files = batch.flatMap((b) => b.attachments);
  await insertChunked(
    files.map((f) => f.row),
    (chunk) => db.insertInto('record_attachments').values(chunk).execute(),
  );
  // Blobs one statement per few: a statement's size, not its parameter count, is what matters here.
  const blobs: Insertable<AttachmentBlobsTable>[] = files.map((f) => ({
    attachment_id: f.row.id,
    content: f.content,
  }));
  for (let i = 0; i < blobs.length; i += 20)
    await db
      .insertInto('attachment_blobs')
      .values(blobs.slice(i, i + 20))
      .execute();
  await insertChunked(
    batch.map((b) => b.ref),
    (chunk) => db.insertInto('record_external_refs').values(chunk).execute(),
  );
}

/** Which of these external ids of a source were imported before, and as which record. */
export async function importedRecords(
  db: Db,
  source: string,
  externalIds: readonly string[],
): Promise<Map<string, { recordId: string; number: string }>> {
  const found = new Map<string, { recordId: string; number: string }>();
  for (let i = 0; i < externalIds.length; i += 5000) {
    const rows = await db
      .selectFrom('record_external_refs')
      .innerJoin('work_records', 'work_records.id', 'record_external_refs.record_id')
      .select(['record_external_refs.external_id', 'work_records.id', 'work_records.number'])
      .where('record_external_refs.source', '=', source)
      .where('record_external_refs.external_id', 'in', externalIds.slice(i, i + 5000))
      .execute();
    for (const r of rows) found.set(r.external_id, { recordId: r.id, number: r.number });
  }
  return found;
}

/** A record's references in the systems it came from ("rt 1234"), for the search index. */
export async function externalRefsOf(db: Db, recordId: string): Promise<{ source: string; externalId: string }[]> {
  const rows = await db
    .selectFrom('record_external_refs')
    .select(['source', 'external_id'])
    .where('record_id', '=', recordId)
    .execute();
  return rows.map((r) => ({ source: r.source, externalId: r.external_id }));
}
