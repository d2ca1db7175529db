import { AppError } from '../../platform/errors.js';

/** Keyset pagination over (created_at, id), newest first; the cursor is opaque to clients. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return { createdAt: value[0] as string, id: value[1] as string };
    }
  } catch {
    // fall through to the validation error
  }
  throw new AppError('error.validation', {}, [{ path: ['cursor'], message: 'invalid cursor' }]);
}
