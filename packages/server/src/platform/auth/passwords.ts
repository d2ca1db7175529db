import { hash, verify } from '@node-rs/argon2';
import { PASSWORD_MIN_LENGTH } from '@trellis/core';
import { AppError, type AppErrorCode } from '../errors.js';

// argon2id with the library's defaults (19 MiB, 2 passes), OWASP's recommended floor.
export const hashPassword = (password: string): Promise<string> => hash(password);

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) return false;
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verifying against a throwaway hash keeps the timing of "no such user" like a wrong password. */
let dummyHash: Promise<string> | null = null;
export async function burnVerification(password: string): Promise<void> {
  dummyHash ??= hash('not-a-real-password-000');
  await verifyPassword(await dummyHash, password);
}

/** Fewer different characters than this is a pattern, not a secret ("aaaaaaaaaaaa", "121212121212"). */
const MIN_DISTINCT = 5;

/**
 * zxcvbn-ts's list of ~49,000 passwords seen most often in breaches, shipped in the package, so the
 * check works offline. Loaded on first use (unpacking it takes ~150 ms): most processes never set a password.
 */
let common: Promise<Set<string>> | null = null;
const commonPasswords = () => {
  common ??= import('@zxcvbn-ts/language-common').then(
    ({ dictionary }) => new Set(dictionary['passwords-common'].map((p) => p.toLowerCase())),
  );
  return common;
};

export interface PasswordRuleBroken {
  code: AppErrorCode;
  params: Record<string, number>;
}

/**
 * The rules every new password meets (NIST SP 800-63B: length and a blocklist, no composition
 * rules): long enough, not a short pattern repeated, not the person's own address or name, and
 * not a commonly used password, also when it is one with digits or symbols stuck on either end
 * ("Sunshine2026!"). Null when the password is acceptable.
 */
export async function checkNewPassword(
  password: string,
  person: { email?: string; name?: string } = {},
): Promise<PasswordRuleBroken | null> {
  const chars = [...password];
  if (chars.length < PASSWORD_MIN_LENGTH) return { code: 'password.too_short', params: { min: PASSWORD_MIN_LENGTH } };
  if (new Set(chars).size < MIN_DISTINCT) return { code: 'password.too_simple', params: { distinct: MIN_DISTINCT } };
  const lower = password.toLowerCase();
  const personal = [person.email?.split('@')[0], person.name?.replace(/\s+/g, '')]
    .map((word) => word?.toLowerCase() ?? '')
    .filter((word) => [...word].length >= 4);
  if (personal.some((word) => lower.includes(word))) return { code: 'password.personal', params: {} };
  const list = await commonPasswords();
  const stem = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '');
  if (list.has(lower) || (stem.length >= 4 && list.has(stem))) return { code: 'password.common', params: {} };
  return null;
}

/** Hashes a password being set (create, reset, change), after refusing it if it breaks a rule. */
export async function hashNewPassword(password: string, person: { email?: string; name?: string }): Promise<string> {
  const broken = await checkNewPassword(password, person);
  if (broken) throw new AppError(broken.code, broken.params, [{ path: ['password'], message: broken.code }]);
  return hashPassword(password);
}
