import { isoPlus, nowIso } from '../clock.js';
import type { Db } from '../db/database.js';
import { randomToken } from '../ids.js';
import { sha256 } from './sessions.js';

/**
 * Known devices (OWASP's "device cookies"): a browser that signed in successfully gets a random
 * cookie, stored here only as a hash. Signing in with it skips the locks others may have caused;
 * it has a failure limit of its own, and counts only for the person it was issued to.
 */
export const DEVICE_COOKIE = 'trellis_device';
export const DEVICE_DAYS = 180;

export async function rememberDevice(db: Db, userId: string): Promise<string> {
  const token = randomToken();
  const now = nowIso();
  await db
    .insertInto('known_devices')
    .values({ id: sha256(token), user_id: userId, created_at: now, last_used_at: now })
    .execute();
  return token;
}

export async function findKnownDevice(db: Db, token: string | undefined) {
  if (!token || token.length > 200) return null;
  return (
    (await db
      .selectFrom('known_devices')
      .select(['id', 'user_id'])
      .where('id', '=', sha256(token))
      .executeTakeFirst()) ?? null
  );
}

export async function touchDevice(db: Db, deviceId: string): Promise<void> {
  await db.updateTable('known_devices').set({ last_used_at: nowIso() }).where('id', '=', deviceId).execute();
}

/** A device unused for the cookie's whole lifetime can no longer present it. */
export async function purgeStaleDevices(db: Db): Promise<void> {
  await db
    .deleteFrom('known_devices')
    .where('last_used_at', '<', isoPlus(nowIso(), -DEVICE_DAYS * 86_400_000))
    .execute();
}

/** After a password reset or deactivation no browser is trusted any more. */
export async function forgetUserDevices(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('known_devices').where('user_id', '=', userId).execute();
}
