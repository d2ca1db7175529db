import { formatRecordNumber, type RecordKind, sequenceScope } from '@trellis/core';
import type { Insertable } from 'kysely';
import type { Tx } from '../../platform/context.js';
import { insertRows } from '../../platform/db/bulk.js';
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
  const { db, dialect } = tx;
  await insertRows(
    db,
    dialect,
    'work_records',
    batch.map((b) => b.record),
  );
  await insertRows(
    db,
    dialect,
    'record_timeline',
    batch.flatMap((b) => b.timeline),
  );
  const files = batch.flatMap((b) => b.attachments);
  await insertRows(
    db,
    dialect,
    'record_attachments',
    files.map((f) => f.row),
  );
  // Blobs a few per statement: a statement's size, not its parameter count, is what matters here.
  const blobs: Insertable<AttachmentBlobsTable>[] = files.map((f) => ({
    attachment_id: f.row.id as string,
    content: f.content,
  }));
  for (let i = 0; i < blobs.length; i += 20) await insertRows(db, dialect, 'attachment_blobs', blobs.slice(i, i + 20));
  await insertRows(
    db,
    dialect,
    'record_external_refs',
    batch.map((b) => b.ref),
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
