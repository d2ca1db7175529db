import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';

/**
 * Signed answer links: `<response id>.<expiry, epoch seconds>.<HMAC-SHA256>`, keyed with the
 * installation's secret. The secret lives in the database (one row, created on first use), so every
 * app process signs and checks alike; nobody signs in to follow the link. One use: an answered
 * response refuses the link again (checked by the caller on the row, inside the answering transaction).
 */

const SECRET_KEY = 'survey_link_secret';

export async function linkSecret(db: Db): Promise<Buffer> {
  const existing = await db
    .selectFrom('relationship_settings')
    .select('value')
    .where('key', '=', SECRET_KEY)
    .executeTakeFirst();
  if (existing) return Buffer.from(existing.value, 'base64url');
  // Two processes racing: the first insert wins and both read it back.
  await db
    .insertInto('relationship_settings')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('relationship_settings')
    .select('value')
    .where('key', '=', SECRET_KEY)
    .executeTakeFirstOrThrow();
  return Buffer.from(row.value, 'base64url');
}

const mac = (secret: Buffer, payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');

export async function signLink(db: Db, responseId: string, expiresAt: string): Promise<string> {
  const exp = Math.floor(Date.parse(expiresAt) / 1000);
  const payload = `${responseId}.${exp}`;
  return `${payload}.${mac(await linkSecret(db), payload)}`;
}

/** The response a token names, or the reason it does not: tampered (400-ish invalid) or expired (410). */
export async function verifyLink(db: Db, token: string, nowMs: number): Promise<{ responseId: string }> {
  const parts = token.split('.');
  if (parts.length !== 3) throw new AppError('survey.link_invalid');
  const [responseId, exp, signature] = parts as [string, string, string];
  if (!/^[0-9a-f-]{10,64}$/i.test(responseId) || !/^\d{1,12}$/.test(exp)) throw new AppError('survey.link_invalid');
  const expected = Buffer.from(mac(await linkSecret(db), `${responseId}.${exp}`));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new AppError('survey.link_invalid');
  if (Number(exp) * 1000 <= nowMs) throw new AppError('survey.link_expired');
  return { responseId };
}
