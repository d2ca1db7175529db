import { auditMany } from '../../platform/audit.js';
import { nowIso } from '../../platform/clock.js';
import type { Tx } from '../../platform/context.js';
import { insertRows } from '../../platform/db/bulk.js';
import type { Db } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';

/**
 * People named by an import (`trellis import`): requesters found by e-mail, the missing ones created
 * as requesters of the importing organisation without a password (they sign in once an
 * administrator or a password reset gives them one), each with its audit row.
 */
export async function ensureRequesters(
  tx: Tx,
  organizationId: string,
  people: readonly { email: string; name: string }[],
  options: { dryRun?: boolean } = {},
): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = await usersByEmail(
    tx.db,
    people.map((p) => p.email),
  );
  const missing = new Map<string, { email: string; name: string }>();
  for (const p of people) if (!ids.has(p.email) && !missing.has(p.email)) missing.set(p.email, p);
  if (missing.size === 0 || options.dryRun) return { ids, created: missing.size };
  const now = nowIso();
  const rows = [...missing.values()].map((p) => ({
    id: newId(),
    organization_id: organizationId,
    department_id: null,
    email: p.email,
    name: p.name || p.email.split('@')[0]!,
    phone: null,
    role: 'requester' as const,
    locale: 'zh-CN' as const,
    password_hash: null,
    manager_id: null,
    active: 1,
    created_at: now,
    updated_at: now,
  }));
  await insertRows(tx.db, tx.dialect, 'users', rows);
  for (const row of rows) ids.set(row.email, row.id);
  await auditMany(
    tx,
    rows.map((row) => ({ action: 'user.import', entityType: 'user', entityId: row.id, organizationId, after: row })),
  );
  return { ids, created: rows.length };
}

/** Lower-cased e-mail → user id, for the addresses that have an account. */
export async function usersByEmail(db: Db, emails: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(emails)];
  const ids = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 5000) {
    const rows = await db
      .selectFrom('users')
      .select(['id', 'email'])
      .where('email', 'in', unique.slice(i, i + 5000))
      .execute();
    for (const r of rows) ids.set(r.email, r.id);
  }
  return ids;
}

/** Who an import may name as assignee, group or category, by the names a person would write. */
export async function importDirectory(db: Db) {
  const [staff, groups] = await Promise.all([
    db
      .selectFrom('users')
      .select(['id', 'email', 'name'])
      .where('role', '!=', 'requester')
      .where('active', '=', 1)
      .execute(),
    db.selectFrom('support_groups').select(['id', 'name']).where('active', '=', 1).execute(),
  ]);
  const staffByKey = new Map<string, string>();
  for (const u of staff) {
    staffByKey.set(u.email.toLowerCase(), u.id);
    staffByKey.set(u.name.toLowerCase(), u.id);
    staffByKey.set(u.email.split('@')[0]!.toLowerCase(), u.id);
  }
  return {
    staff: staffByKey,
    groups: new Map(groups.map((g) => [g.name.toLowerCase(), g.id])),
  };
}
