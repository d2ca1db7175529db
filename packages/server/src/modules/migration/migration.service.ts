import { createHash } from 'node:crypto';
import { OPEN_INCIDENT_STATES } from '@trellis/core';
import { auditMany } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { inTransaction, readOnly, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { ensureRequesters, importDirectory, usersByEmail } from '../directory/index.js';
import { getIncidentSettings, insertImportedIncidentDetails } from '../incidents/index.js';
import {
  checkAttachmentType,
  formatBytes,
  type ImportedRecordRows,
  importedRecords,
  insertImportedRecords,
  numberImportedRecords,
  safeFilename,
  type WorkRecord,
} from '../records/index.js';
import { indexImportedRecords } from '../search/index.js';
import { type ApplicableSla, findApplicableSla, syncSlaClocks } from '../sla/index.js';
import {
  checkDraft,
  type ImportFormat,
  type ImportIssue,
  type ImportTicket,
  issue,
  whereText,
} from './migration.model.js';
import type { ReadExport } from './migration.sources.js';

export interface ImportOptions {
  deps: UnitOfWorkDeps;
  /** Who the import runs as: the audit trail names them, imported records are created by them. */
  actor: Actor;
  organizationId: string;
  format: ImportFormat;
  /** The system the records came from, stored with each external number (default: the format). */
  source?: string;
  dryRun?: boolean;
  attachmentMaxBytes: number;
  /** Records per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ImportSummary {
  format: ImportFormat;
  source: string;
  dryRun: boolean;
  read: number;
  imported: number;
  /** Imported by an earlier run (same source and external number): left as they are. */
  skipped: number;
  rejected: number;
  comments: number;
  attachments: number;
  peopleCreated: number;
  issues: ImportIssue[];
  ms: number;
  /** External number → Trellis number, for what this run imported. */
  numbers: Map<string, string>;
}

/**
 * Brings an export into Trellis: checks every record, then writes them in batches, one transaction
 * per batch, through the same rules a single create follows (numbering, the incident's details, the
 * search index with jieba, SLA clocks for records still open, the audit trail), without per-record
 * HTTP and without notifying anyone: it is history. A record already imported from the same source
 * under the same number is skipped, so a re-run imports only what is new.
 */
export async function runImport(read: ReadExport, options: ImportOptions): Promise<ImportSummary> {
  const started = performance.now();
  const { deps, actor, organizationId, format } = options;
  const source = options.source ?? format;
  const dryRun = options.dryRun ?? false;
  const issues: ImportIssue[] = [...read.issues];
  const tickets: ImportTicket[] = [];
  const firstSeen = new Map<string, string>();
  for (const draft of read.drafts) {
    const checked = checkDraft(draft, read.vocabulary);
    issues.push(...checked.issues);
    const ticket = checked.ticket;
    if (!ticket) continue;
    const first = firstSeen.get(ticket.externalId);
    if (first) {
      issues.push(
        issue(
          { ...ticket.where, field: 'number' },
          'error',
          'import.duplicate_number',
          {
            value: ticket.externalId,
            first,
          },
          ticket.externalId,
        ),
      );
      continue;
    }
    firstSeen.set(ticket.externalId, whereText(ticket.where));
    tickets.push(ticket);
  }

  const [directory, categories, settings] = await Promise.all([
    importDirectory(deps.db),
    deps.db.selectFrom('categories').select(['id', 'name_zh', 'name_en', 'service_id']).execute(),
    getIncidentSettings(deps.db),
  ]);
  const categoryByName = new Map<string, (typeof categories)[number]>();
  for (const c of categories) {
    categoryByName.set(c.name_zh.toLowerCase(), c);
    categoryByName.set(c.name_en.toLowerCase(), c);
  }

  const summary: ImportSummary = {
    format,
    source,
    dryRun,
    read: read.drafts.length,
    imported: 0,
    skipped: 0,
    rejected: 0,
    comments: 0,
    attachments: 0,
    peopleCreated: 0,
    issues,
    ms: 0,
    numbers: new Map(),
  };
  const batchSize = options.batchSize ?? 1000;
  const newPeople = new Set<string>();
  // One organisation per run: the SLA depends on the service and level only.
  const slaOf = new Map<string, ApplicableSla | null>();
  for (let i = 0; i < tickets.length; i += batchSize) {
    const batch = tickets.slice(i, i + batchSize);
    const write = async (tx: Tx) => {
      const existing = await importedRecords(
        tx.db,
        source,
        batch.map((t) => t.externalId),
      );
      summary.skipped += existing.size;
      const fresh = batch.filter((t) => !existing.has(t.externalId));
      const people = await ensureRequesters(
        tx,
        organizationId,
        fresh.map((t) => t.requester),
        { dryRun },
      );
      if (dryRun) for (const t of fresh) if (!people.ids.has(t.requester.email)) newPeople.add(t.requester.email);
      summary.peopleCreated += dryRun ? 0 : people.created;
      const authors = await usersByEmail(
        tx.db,
        fresh.flatMap((t) => t.comments.map((c) => c.author?.toLowerCase() ?? '').filter((a) => a.includes('@'))),
      );
      const numbers = dryRun
        ? fresh.map(() => '')
        : await numberImportedRecords(
            tx,
            'incident',
            fresh.map((t) => t.createdAt),
          );
      const rows: ImportedRecordRows[] = [];
      const records: WorkRecord[] = [];
      const now = nowIso();
      fresh.forEach((t, n) => {
        const recordId = newId(Date.parse(t.createdAt));
        const warn = (field: string, code: ImportIssue['code'], value: string) =>
          issues.push(issue({ ...t.where, field }, 'warning', code, { value }, t.externalId));
        const assigneeId = t.assignee ? directory.staff.get(t.assignee.toLowerCase()) : undefined;
        if (t.assignee && !assigneeId) warn('assignee', 'import.unknown_assignee', t.assignee);
        const groupId = t.group ? directory.groups.get(t.group.toLowerCase()) : undefined;
        if (t.group && !groupId) warn('group', 'import.unknown_group', t.group);
        const category = t.category ? categoryByName.get(t.category.toLowerCase()) : undefined;
        if (t.category && !category) warn('category', 'import.unknown_category', t.category);
        let lastAt = t.createdAt;
        for (const v of [t.resolvedAt, t.closedAt, ...t.comments.map((c) => c.at)]) if (v && v > lastAt) lastAt = v;
        const record = {
          id: recordId,
          kind: 'incident' as const,
          number: numbers[n]!,
          organization_id: organizationId,
          department_id: null,
          title: t.title,
          description: t.description,
          state: t.state,
          impact: t.level,
          urgency: t.level,
          level: t.level,
          category_id: category?.id ?? null,
          service_id: category?.service_id ?? null,
          channel: 'api',
          affected_scope: null,
          contact: null,
          requester_id: people.ids.get(t.requester.email) ?? '',
          owner_id: assigneeId ?? null,
          assignee_id: assigneeId ?? null,
          group_id: groupId ?? null,
          created_by: actor.id,
          created_at: t.createdAt,
          updated_at: lastAt,
          resolved_at: t.resolvedAt,
          closed_at: t.closedAt,
          version: 1,
        };
        const timeline: ImportedRecordRows['timeline'] = [
          {
            id: newId(Date.parse(t.createdAt)),
            record_id: recordId,
            at: t.createdAt,
            actor_id: record.requester_id || null,
            type: 'created',
            visibility: 'public',
            body: null,
            data_json: JSON.stringify({ channel: 'api', importedFrom: { source, number: t.externalId } }),
          },
        ];
        for (const c of t.comments) {
          const author = c.author
            ? (authors.get(c.author.toLowerCase()) ?? directory.staff.get(c.author.toLowerCase()))
            : undefined;
          timeline.push({
            id: newId(Date.parse(c.at)),
            record_id: recordId,
            at: c.at,
            actor_id: author ?? null,
            type: 'comment',
            visibility: c.visibility,
            body: c.body,
            data_json: JSON.stringify(author || !c.author ? {} : { author: c.author }),
          });
        }
        const attachments: ImportedRecordRows['attachments'] = [];
        for (const file of t.attachments) {
          const content = file.load();
          const at = { ...file.where, field: file.where.field ?? 'attachments' };
          if (!content) {
            issues.push(issue(at, 'warning', 'import.attachment_missing', { value: file.filename }, t.externalId));
            continue;
          }
          const filename = safeFilename(file.filename);
          let contentType: string;
          try {
            contentType = checkAttachmentType(filename);
          } catch (err) {
            if (!(err instanceof AppError)) throw err;
            issues.push(issue(at, 'warning', 'import.attachment_type', { value: file.filename }, t.externalId));
            continue;
          }
          if (content.length > options.attachmentMaxBytes) {
            issues.push(
              issue(
                at,
                'warning',
                'import.attachment_too_large',
                {
                  value: file.filename,
                  max: formatBytes(options.attachmentMaxBytes),
                },
                t.externalId,
              ),
            );
            continue;
          }
          const attachedAt = file.at ?? t.createdAt;
          const row = {
            id: newId(),
            record_id: recordId,
            filename,
            content_type: contentType,
            size: content.length,
            sha256: createHash('sha256').update(content).digest('hex'),
            uploaded_by: actor.id,
            created_at: attachedAt,
          };
          attachments.push({ row, content });
          timeline.push({
            id: newId(Date.parse(attachedAt)),
            record_id: recordId,
            at: attachedAt,
            actor_id: actor.id,
            type: 'attachment_added',
            visibility: 'public',
            body: null,
            data_json: JSON.stringify({ name: filename, attachmentId: row.id }),
          });
        }
        summary.comments += t.comments.length;
        summary.attachments += attachments.length;
        summary.numbers.set(t.externalId, record.number);
        records.push(record);
        rows.push({
          record,
          timeline,
          attachments,
          ref: { record_id: recordId, source, external_id: t.externalId, imported_at: now },
        });
      });
      summary.imported += fresh.length;
      if (dryRun || rows.length === 0) return;
      await insertImportedRecords(tx, rows);
      await insertImportedIncidentDetails(
        tx,
        fresh.map((t, n) => ({
          recordId: records[n]!.id,
          state: t.state,
          level: t.level,
          createdAt: t.createdAt,
          resolvedAt: t.resolvedAt,
          closedAt: t.closedAt,
          resolvedBy: t.resolvedAt ? records[n]!.assignee_id : null,
          resolution: t.resolution,
        })),
        settings,
      );
      const categoryOf = new Map(categories.map((c) => [c.id, c]));
      await indexImportedRecords(
        tx,
        fresh.map((t, n) => {
          const r = records[n]!;
          const category = r.category_id ? categoryOf.get(r.category_id) : undefined;
          return {
            ...r,
            category_zh: category?.name_zh ?? null,
            category_en: category?.name_en ?? null,
            publicComments: t.comments.filter((c) => c.visibility === 'public').map((c) => c.body),
            externalRefs: [{ source, externalId: t.externalId }],
          };
        }),
      );
      // History that is finished keeps no clock; a record still open is timed from its creation.
      for (const r of records) {
        if (!OPEN_INCIDENT_STATES.includes(r.state as never)) continue;
        const key = `${r.service_id}|${r.level}`;
        if (!slaOf.has(key)) slaOf.set(key, await findApplicableSla(tx.db, r));
        await syncSlaClocks(tx, null, r, slaOf.get(key));
      }
      await auditMany(
        tx,
        rows.map((r) => ({
          action: 'incident.import',
          entityType: 'incident',
          entityId: r.record.id,
          organizationId,
          after: { number: r.record.number, source, externalId: r.ref.external_id, state: r.record.state },
        })),
      );
    };
    if (dryRun) await write(readOnly(deps, actor));
    else await inTransaction(deps, actor, write);
    options.onProgress?.(Math.min(i + batchSize, tickets.length), tickets.length);
  }
  if (dryRun) summary.peopleCreated = newPeople.size;
  summary.rejected = read.drafts.length - tickets.length;
  summary.ms = performance.now() - started;
  return summary;
}
