import { setTimeout as sleep } from 'node:timers/promises';
import { findKnownDevice, rememberDevice, touchDevice } from '../../platform/auth/devices.js';
import { burnVerification, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession } from '../../platform/auth/sessions.js';
import {
  addressLockedUntil,
  clearAddressLocks,
  clearFailures,
  lockedUntil,
  loginKeys,
  penaltyDelayMs,
  recordFailure,
  sourceOf,
} from '../../platform/auth/throttle.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { findUserByEmail, loadActor } from '../directory/index.js';

function lockedError(until: string): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000));
  return new AppError('auth.locked', { minutes: Math.ceil(seconds / 60) }, { retryAfterSeconds: seconds });
}

/** The latest of the locks in force, if any. */
async function firstLock(checks: Promise<string | null>[]): Promise<string | null> {
  const locks = (await Promise.all(checks)).filter((until): until is string => until !== null);
  return locks.sort().at(-1) ?? null;
}

/**
 * Signs a person in. Failures are counted per address and network source, per source, and per
 * known device (platform/auth/throttle.ts): after the second each answer is slowed down, and at a
 * limit that source, or device, is locked for a while, existing account or not, so the answers do
 * not reveal which addresses exist. The owner's known device is let through whatever others have
 * caused, and its success lifts the locks on the address.
 */
export async function login({
  db,
  config,
  email,
  password,
  ip,
  userAgent,
  deviceToken,
}: {
  db: Db;
  config: Config;
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
  deviceToken?: string;
}) {
  const source = sourceOf(ip);
  const pairKey = loginKeys.pair(email, source);
  const sourceKey = loginKeys.source(source);
  const user = await findUserByEmail(db, email);
  const device = await findKnownDevice(db, deviceToken);
  // A device cookie counts only for the person it was issued to; for anyone else it is no cookie.
  const known = device && user && device.user_id === user.id ? device : null;
  const deviceKey = known ? loginKeys.device(known.id) : null;

  const until = deviceKey
    ? await lockedUntil(db, deviceKey)
    : await firstLock([lockedUntil(db, pairKey), lockedUntil(db, sourceKey), addressLockedUntil(db, email)]);
  if (until) throw lockedError(until);
  const delay = await penaltyDelayMs(db, deviceKey ?? pairKey);
  if (delay) await sleep(delay);

  let valid = false;
  if (user) valid = await verifyPassword(user.password_hash, password);
  else await burnVerification(password);
  if (!user || !valid) {
    const policy = { maxFailures: config.loginMaxFailures, lockMinutes: config.loginLockMinutes };
    const locks = deviceKey
      ? [await recordFailure(db, deviceKey, policy)]
      : [
          await recordFailure(db, pairKey, policy),
          await recordFailure(db, sourceKey, {
            maxFailures: config.loginSourceMaxFailures,
            lockMinutes: config.loginLockMinutes,
            windowMinutes: config.loginLockMinutes,
          }),
        ];
    if (locks.some((l) => l.locked)) {
      const lockedAt = deviceKey
        ? await lockedUntil(db, deviceKey)
        : await firstLock([lockedUntil(db, pairKey), lockedUntil(db, sourceKey)]);
      if (lockedAt) throw lockedError(lockedAt);
    }
    throw new AppError('auth.invalid_credentials');
  }
  if (!(await loadActor(db, user.id))) throw new AppError('auth.inactive');
  await clearFailures(db, pairKey);
  if (known) {
    await clearFailures(db, loginKeys.device(known.id));
    await clearAddressLocks(db, email);
    await touchDevice(db, known.id);
  }
  const session = await createSession(db, { userId: user.id, hours: config.sessionHours, ip, userAgent });
  // The source's count is kept: signing in to one's own account must not reset a sprayer's tally.
  const newDeviceToken = known ? null : await rememberDevice(db, user.id);
  return { userId: user.id, deviceToken: newDeviceToken, ...session };
}
