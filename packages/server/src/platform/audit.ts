import { nowIso } from './clock.js';
import type { Tx } from './context.js';
import { insertRows } from './db/bulk.js';
import { newId } from './ids.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  organizationId?: string | null;
  before?: unknown;
  after?: unknown;
}

const SECRET_KEYS = /password|token|hash|secret/i;

/** Secrets never reach the audit log, even hashed. */
function redact(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return JSON.parse(JSON.stringify(value, (key, v) => (SECRET_KEYS.test(key) && v != null ? '[redacted]' : v)));
}

/** Writes one audit row in the caller's transaction: who, when, what, before and after. */
export async function audit(tx: Tx, entry: AuditEntry): Promise<void> {
  const before = redact(entry.before);
  const after = redact(entry.after);
  await tx.db
    .insertInto('audit_events')
    .values({
      id: newId(),
      at: nowIso(),
      actor_id: tx.actor?.id ?? null,
      actor_name: tx.actor?.name ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      organization_id: entry.organizationId ?? null,
      before_json: before === null ? null : JSON.stringify(before),
      after_json: after === null ? null : JSON.stringify(after),
      ip: tx.actor?.ip ?? null,
    })
    .execute();
}

/** Only the fields that changed, as {before, after}, so the log reads as a diff. */
export function diff<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T> } {
  const b: Partial<T> = {};
  const a: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] !== undefined && JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      b[key] = before[key];
      a[key] = after[key];
    }
  }
  return { before: b, after: a };
}

/** Many audit rows at once (a bulk import), the same as `audit` for each, in a few statements. */
export async function auditMany(tx: Tx, entries: readonly AuditEntry[]): Promise<void> {
  const at = nowIso();
  const rows = entries.map((entry) => {
    const before = redact(entry.before);
    const after = redact(entry.after);
    return {
      id: newId(),
      at,
      actor_id: tx.actor?.id ?? null,
      actor_name: tx.actor?.name ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      organization_id: entry.organizationId ?? null,
      before_json: before === null ? null : JSON.stringify(before),
      after_json: after === null ? null : JSON.stringify(after),
      ip: tx.actor?.ip ?? null,
    };
  });
  await insertRows(tx.db, tx.dialect, 'audit_events', rows);
}
