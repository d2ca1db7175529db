import { setTimeout as sleep } from 'node:timers/promises';
import { burnVerification, verifyPassword } from '../../platform/auth/passwords.js';
import { createSession } from '../../platform/auth/sessions.js';
import { clearFailures, lockedUntil, penaltyDelayMs, recordFailure } from '../../platform/auth/throttle.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { findUserByEmail, loadActor } from '../directory/index.js';

function lockedError(until: string): AppError {
  const seconds = Math.max(1, Math.ceil((Date.parse(until) - Date.now()) / 1000));
  return new AppError('auth.locked', { minutes: Math.ceil(seconds / 60) }, { retryAfterSeconds: seconds });
}

/**
 * Signs a person in. Failures are counted per e-mail address: after the second each answer is
 * slowed down, and at the limit the address is locked for a while, existing account or not,
 * so the answers do not reveal which addresses exist.
 */
export async function login({
  db,
  config,
  email,
  password,
  ip,
  userAgent,
}: {
  db: Db;
  config: Config;
  email: string;
  password: string;
  ip: string;
  userAgent?: string;
}) {
  const key = `email:${email.trim().toLowerCase()}`;
  const until = await lockedUntil(db, key);
  if (until) throw lockedError(until);
  const delay = await penaltyDelayMs(db, key);
  if (delay) await sleep(delay);

  const user = await findUserByEmail(db, email);
  let valid = false;
  if (user) valid = await verifyPassword(user.password_hash, password);
  else await burnVerification(password);
  if (!user || !valid) {
    const { locked } = await recordFailure(db, key, {
      maxFailures: config.loginMaxFailures,
      lockMinutes: config.loginLockMinutes,
    });
    if (locked) {
      const lockedAt = await lockedUntil(db, key);
      if (lockedAt) throw lockedError(lockedAt);
    }
    throw new AppError('auth.invalid_credentials');
  }
  if (!(await loadActor(db, user.id))) throw new AppError('auth.inactive');
  await clearFailures(db, key);
  const session = await createSession(db, { userId: user.id, hours: config.sessionHours, ip, userAgent });
  return { userId: user.id, ...session };
}
