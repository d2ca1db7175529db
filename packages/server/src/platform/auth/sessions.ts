import { createHash } from 'node:crypto';
import { isoPlus, nowIso } from '../clock.js';
import type { Db } from '../db/database.js';
import { newId, randomToken } from '../ids.js';

/** Only a hash of the cookie value is stored: a leaked database holds no live session. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');

export async function createSession(
  db: Db,
  options: { userId: string; hours: number; ip?: string | null; userAgent?: string | null },
): Promise<{ token: string; csrfToken: string; expiresAt: string }> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  const now = nowIso();
  const expiresAt = isoPlus(now, options.hours * 3_600_000);
  await db
    .insertInto('sessions')
    .values({
      id: sha256(token),
      user_id: options.userId,
      csrf_token: csrfToken,
      created_at: now,
      expires_at: expiresAt,
      last_seen_at: now,
      ip: options.ip ?? null,
      user_agent: options.userAgent?.slice(0, 500) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export async function findSession(db: Db, token: string) {
  const session = await db
    .selectFrom('sessions')
    .select(['id', 'user_id', 'csrf_token', 'expires_at', 'last_seen_at'])
    .where('id', '=', sha256(token))
    .executeTakeFirst();
  if (!session || session.expires_at <= nowIso()) return null;
  return session;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sha256(token)).execute();
}

export async function deleteUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', nowIso()).execute();
}

const TOKEN_PREFIX = 'trl_';

export async function createApiToken(db: Db, options: { userId: string; name: string }) {
  const token = `${TOKEN_PREFIX}${randomToken()}`;
  const row = {
    id: newId(),
    user_id: options.userId,
    name: options.name,
    token_hash: sha256(token),
    created_at: nowIso(),
    last_used_at: null,
    revoked_at: null,
  };
  await db.insertInto('api_tokens').values(row).execute();
  return { token, row };
}

/** Ends every API token of the person; returns how many were live. */
export async function revokeUserApiTokens(db: Db, userId: string): Promise<number> {
  const result = await db
    .updateTable('api_tokens')
    .set({ revoked_at: nowIso() })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findApiToken(db: Db, token: string) {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const row = await db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  // Touch at most once a minute, so a busy integration does not write on every call.
  const now = nowIso();
  if (!row.last_used_at || Date.parse(now) - Date.parse(row.last_used_at) > 60_000) {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return row;
}
