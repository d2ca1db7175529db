import { createHash } from 'node:crypto';
import type { LinkKind, RecordChangeEvent, RecordKind, TimelineVisibility } from '@trellis/core';
import type { Insertable, Selectable } from 'kysely';
import { audit, diff } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { lockForChange } from '../../platform/db/dialect.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nextRecordNumber } from '../../platform/numbering.js';
import { visibleRecords } from '../../platform/permissions/scope.js';
import { recordHooks } from '../../platform/record-kinds.js';
import { fileChunks, formatBytes, type SpooledFile } from '../../platform/uploads.js';
import { selectRecordByIdOrNumber } from './record.repository.js';
import type { WorkRecordsTable } from './record.table.js';

export type WorkRecord = Selectable<WorkRecordsTable>;
export type NewWorkRecord = Omit<
  Insertable<WorkRecordsTable>,
  'id' | 'number' | 'created_at' | 'updated_at' | 'version'
>;

/** Loads a record the actor may see; an invisible record is "not found", never "forbidden". */
export async function loadVisibleRecord(
  db: Db,
  actor: Actor,
  idOrNumber: string,
  kind: RecordKind,
): Promise<WorkRecord> {
  const row = await selectRecordByIdOrNumber(db, idOrNumber)
    .where('kind', '=', kind)
    .where(visibleRecords(actor))
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

/** Re-reads a record and holds it until the transaction ends, so actions on it take turns. */
export async function lockRecord(tx: Tx, id: string): Promise<WorkRecord> {
  return lockForChange(
    tx.dialect,
    tx.db.selectFrom('work_records').selectAll().where('id', '=', id),
  ).executeTakeFirstOrThrow();
}

export async function appendTimeline(
  tx: Tx,
  recordId: string,
  entry: {
    type: string;
    visibility?: TimelineVisibility;
    body?: string | null;
    data?: Record<string, unknown>;
    at?: string;
  },
): Promise<string> {
  const id = newId();
  await tx.db
    .insertInto('record_timeline')
    .values({
      id,
      record_id: recordId,
      at: entry.at ?? nowIso(),
      actor_id: tx.actor?.id ?? null,
      type: entry.type,
      visibility: entry.visibility ?? 'public',
      body: entry.body ?? null,
      data_json: JSON.stringify(entry.data ?? {}),
    })
    .execute();
  return id;
}

/** Numbers and inserts a record, with its first timeline entry and audit row. */
export async function createRecord(
  tx: Tx,
  kind: RecordKind,
  fields: NewWorkRecord,
  at = nowIso(),
): Promise<WorkRecord> {
  const row: WorkRecord = {
    id: newId(Date.parse(at)),
    number: await nextRecordNumber(tx, kind, new Date(at)),
    created_at: at,
    updated_at: at,
    version: 1,
    department_id: null,
    category_id: null,
    service_id: null,
    affected_scope: null,
    contact: null,
    owner_id: null,
    assignee_id: null,
    group_id: null,
    created_by: null,
    resolved_at: null,
    closed_at: null,
    ...fields,
  } as WorkRecord;
  await tx.db.insertInto('work_records').values(row).execute();
  await appendTimeline(tx, row.id, { type: 'created', at, data: { channel: row.channel } });
  await audit(tx, {
    action: `${kind}.create`,
    entityType: kind,
    entityId: row.id,
    organizationId: row.organization_id,
    after: row,
  });
  tx.emit(`${kind}.created`, { recordId: row.id, organizationId: row.organization_id });
  for (const hook of recordHooks()) await hook.written?.(tx, null, row, Object.keys(row));
  return row;
}

type RecordPatch = Partial<Omit<WorkRecord, 'id' | 'kind' | 'number' | 'created_at' | 'version'>>;

/**
 * Applies a change to the core fields: bumps the version, audits the diff under `action` and emits
 * `event` with the changed fields (null: the caller emits the one event of this write itself).
 * Returns the changed fields so callers can put them on the timeline.
 */
export async function updateRecord(
  tx: Tx,
  record: WorkRecord,
  patch: RecordPatch,
  action: string,
  event: RecordChangeEvent | null,
) {
  const changes = diff(record, patch);
  if (Object.keys(changes.after).length === 0) return { record, changes };
  const now = nowIso();
  await tx.db
    .updateTable('work_records')
    .set({ ...changes.after, updated_at: now, version: record.version + 1 })
    .where('id', '=', record.id)
    .execute();
  await audit(tx, {
    action,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    ...changes,
  });
  if (event) tx.emit(event, { recordId: record.id, organizationId: record.organization_id, payload: changes.after });
  const updated = { ...record, ...changes.after, updated_at: now, version: record.version + 1 } as WorkRecord;
  for (const hook of recordHooks()) await hook.written?.(tx, record, updated, Object.keys(changes.after));
  return { record: updated, changes };
}

export async function addComment(tx: Tx, record: WorkRecord, body: string, visibility: TimelineVisibility) {
  const commentId = await appendTimeline(tx, record.id, { type: 'comment', visibility, body });
  for (const hook of recordHooks()) await hook.commented?.(tx, record, visibility);
  await touchRecord(tx, record.id);
  await audit(tx, {
    action: `${record.kind}.comment`,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    after: { visibility, body },
  });
  tx.emit(`${record.kind}.commented`, {
    recordId: record.id,
    organizationId: record.organization_id,
    payload: { visibility, commentId },
  });
}

/** Marks the record as worked on (lists and reviews sort by it) without a version bump or audit row. */
export async function touchRecord(tx: Tx, recordId: string, at = nowIso()): Promise<void> {
  await tx.db.updateTable('work_records').set({ updated_at: at }).where('id', '=', recordId).execute();
}

/**
 * Copies one record's comments onto another (a merged duplicate's history lives on in the
 * survivor), each marked with where it came from; the copies are indexed like the survivor's own.
 */
export async function copyComments(tx: Tx, from: Pick<WorkRecord, 'id' | 'number'>, toId: string): Promise<number> {
  const comments = await tx.db
    .selectFrom('record_timeline')
    .selectAll()
    .where('record_id', '=', from.id)
    .where('type', '=', 'comment')
    .orderBy('at')
    .execute();
  for (const c of comments) {
    await tx.db
      .insertInto('record_timeline')
      .values({
        ...c,
        id: newId(),
        record_id: toId,
        data_json: JSON.stringify({ ...JSON.parse(c.data_json), copiedFrom: from.number }),
      })
      .execute();
  }
  if (comments.length) for (const hook of recordHooks()) await hook.contentCopied?.(tx, toId);
  return comments.length;
}

// ---- attachments

/** Office documents, images, PDFs, text, logs and archives: what a desk receives daily. */
const ALLOWED_TYPES: Record<string, string[]> = {
  pdf: ['application/pdf'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  gif: ['image/gif'],
  webp: ['image/webp'],
  bmp: ['image/bmp'],
  txt: ['text/plain'],
  log: ['text/plain'],
  csv: ['text/csv', 'text/plain'],
  json: ['application/json', 'text/plain'],
  xml: ['application/xml', 'text/xml'],
  doc: ['application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ppt: ['application/vnd.ms-powerpoint'],
  pptx: ['application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  zip: ['application/zip', 'application/x-zip-compressed'],
  '7z': ['application/x-7z-compressed'],
  rar: ['application/vnd.rar', 'application/x-rar-compressed'],
  eml: ['message/rfc822'],
  msg: ['application/vnd.ms-outlook'],
};

/** The stored type comes from the extension's allow-list, never from what the client claims. */
export function checkAttachmentType(filename: string): string {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  const types = ALLOWED_TYPES[ext];
  if (!types || !filename.includes('.'))
    throw new AppError('attachment.type_not_allowed', { type: ext ? `.${ext}` : filename });
  return types[0]!;
}

/** Longest stored name, in characters (code points, so a surrogate pair is never cut). */
const MAX_FILENAME = 200;
/** Bidirectional embeddings, overrides, isolates and marks: they make `invoice\u202etxt.pdf` read as `invoicefdp.txt`. */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

export function safeFilename(filename: string): string {
  const base = (filename.replace(/\\/g, '/').split('/').pop() ?? '').replace(BIDI_CONTROLS, '');
  // Control characters and quotes would break the download header.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const clean = Array.from(base.replace(/[\u0000-\u001f"<>|:*?]/g, '_'));
  if (clean.length <= MAX_FILENAME) return clean.join('') || 'file';
  // The extension decides the stored type, so a long name is shortened before it, never through it.
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : [];
  return clean.slice(0, MAX_FILENAME - ext.length).join('') + ext.join('');
}

/** A file to attach: in memory (mail, small imports) or spooled to disk by an upload. */
export type AttachmentSource = { filename: string; content: Buffer } | Omit<SpooledFile, 'field' | 'remove'>;

/** Stored pieces: small enough to write and read one at a time, large enough to be few. */
export const ATTACHMENT_CHUNK_BYTES = 1024 * 1024;

export async function addAttachment(tx: Tx, record: WorkRecord, file: AttachmentSource, maxBytes: number) {
  const filename = safeFilename(file.filename);
  const contentType = checkAttachmentType(filename);
  const inMemory = 'content' in file ? file.content : null;
  const size = inMemory ? inMemory.length : (file as { size: number }).size;
  if (size > maxBytes) throw new AppError('attachment.too_large', { max: formatBytes(maxBytes) });
  const row = {
    id: newId(),
    record_id: record.id,
    filename,
    content_type: contentType,
    size,
    sha256: inMemory ? createHash('sha256').update(inMemory).digest('hex') : (file as { sha256: string }).sha256,
    uploaded_by: tx.actor!.id,
    created_at: nowIso(),
  };
  await tx.db.insertInto('record_attachments').values(row).execute();
  const pieces = inMemory
    ? (function* () {
        for (let at = 0; at < inMemory.length || at === 0; at += ATTACHMENT_CHUNK_BYTES)
          yield inMemory.subarray(at, at + ATTACHMENT_CHUNK_BYTES);
      })()
    : fileChunks((file as { path: string }).path, ATTACHMENT_CHUNK_BYTES);
  let seq = 0;
  for await (const content of pieces)
    await tx.db.insertInto('attachment_chunks').values({ attachment_id: row.id, seq: seq++, content }).execute();
  await appendTimeline(tx, record.id, { type: 'attachment_added', data: { name: filename, attachmentId: row.id } });
  await audit(tx, {
    action: `${record.kind}.attach`,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    after: { ...row },
  });
  return row;
}

export async function attachmentWithRecord(db: Db, attachmentId: string) {
  return db
    .selectFrom('record_attachments')
    .innerJoin('work_records', 'work_records.id', 'record_attachments.record_id')
    .select([
      'record_attachments.id',
      'record_attachments.filename',
      'record_attachments.content_type',
      'record_attachments.size',
      'work_records.id as record_id',
      'work_records.kind',
      'work_records.number',
    ])
    .where('record_attachments.id', '=', attachmentId)
    .executeTakeFirst();
}

/** The stored file, piece by piece in order; files from before chunked storage come as one piece. */
export async function* attachmentContent(db: Db, attachmentId: string): AsyncGenerator<Buffer> {
  for (let seq = 0; ; seq++) {
    const piece = await db
      .selectFrom('attachment_chunks')
      .select('content')
      .where('attachment_id', '=', attachmentId)
      .where('seq', '=', seq)
      .executeTakeFirst();
    if (!piece) break;
    yield Buffer.from(piece.content);
  }
  // A file stored whole before chunked storage came in.
  const old = await db
    .selectFrom('attachment_blobs')
    .select('content')
    .where('attachment_id', '=', attachmentId)
    .executeTakeFirst();
  if (old) yield Buffer.from(old.content);
}

// ---- watchers and links

export async function addWatcher(tx: Tx, record: WorkRecord, user: { id: string; name: string }) {
  const inserted = await tx.db
    .insertInto('record_watchers')
    .values({ record_id: record.id, user_id: user.id, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['record_id', 'user_id']).doNothing())
    .executeTakeFirst();
  // Already watching: nothing changes, so nothing is recorded.
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await appendTimeline(tx, record.id, {
    type: 'watcher_added',
    visibility: 'internal',
    data: { target: user.name, userId: user.id },
  });
  await audit(tx, {
    action: `${record.kind}.watch`,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    after: { watcher: user.id },
  });
}

export async function removeWatcher(tx: Tx, record: WorkRecord, user: { id: string; name: string }) {
  const result = await tx.db
    .deleteFrom('record_watchers')
    .where('record_id', '=', record.id)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw notFound();
  await appendTimeline(tx, record.id, {
    type: 'watcher_removed',
    visibility: 'internal',
    data: { target: user.name, userId: user.id },
  });
  await audit(tx, {
    action: `${record.kind}.unwatch`,
    entityType: record.kind,
    entityId: record.id,
    organizationId: record.organization_id,
    before: { watcher: user.id },
  });
}

export async function addLink(tx: Tx, from: WorkRecord, to: WorkRecord, kind: LinkKind) {
  if (from.id === to.id)
    throw new AppError('error.validation', {}, [{ path: ['target'], message: 'a record cannot link to itself' }]);
  const row = {
    id: newId(),
    from_id: from.id,
    to_id: to.id,
    kind,
    created_by: tx.actor?.id ?? null,
    created_at: nowIso(),
  };
  const inserted = await tx.db
    .insertInto('record_links')
    .values(row)
    .onConflict((oc) => oc.columns(['from_id', 'to_id', 'kind']).doNothing())
    .executeTakeFirst();
  // Linking the same pair again changes nothing, so it says nothing either.
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return;
  await appendTimeline(tx, from.id, { type: 'linked', data: { target: to.number, kind, recordId: to.id } });
  await appendTimeline(tx, to.id, {
    type: 'linked',
    data: { target: from.number, kind, recordId: from.id, incoming: true },
  });
  await audit(tx, {
    action: `${from.kind}.link`,
    entityType: from.kind,
    entityId: from.id,
    organizationId: from.organization_id,
    after: row,
  });
}

export { formatBytes };
