import type { RecordKind } from './enums.js';

export const NUMBER_PREFIX: Record<RecordKind, string> = {
  incident: 'INC',
  request: 'REQ',
  problem: 'PRB',
  change: 'CHG',
  release: 'REL',
  complaint: 'CMP',
};

export const SEQUENCE_DIGITS = 6;

/** The counter a number is drawn from: one per kind and year. */
export function sequenceScope(kind: RecordKind, year: number): string {
  return `${NUMBER_PREFIX[kind]}-${year}`;
}

/** INC-2026-000123; a sequence beyond 6 digits widens rather than wraps. */
export function formatRecordNumber(kind: RecordKind, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`bad sequence ${sequence}`);
  return `${sequenceScope(kind, year)}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

const NUMBER_PATTERN = /^(INC|REQ|PRB|CHG|REL|CMP)-(\d{4})-(\d{6,})$/;

export function parseRecordNumber(value: string): { kind: RecordKind; year: number; sequence: number } | null {
  const match = NUMBER_PATTERN.exec(value.trim().toUpperCase());
  if (!match) return null;
  const kind = (Object.keys(NUMBER_PREFIX) as RecordKind[]).find((k) => NUMBER_PREFIX[k] === match[1]);
  if (!kind) return null;
  return { kind, year: Number(match[2]), sequence: Number(match[3]) };
}
