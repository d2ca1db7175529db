import { describe, expect, it } from 'vitest';
import { RECORD_KINDS } from '../src/enums.js';
import {
  formatRecordNumber,
  NUMBER_PREFIX,
  parseRecordNumber,
  SEQUENCE_DIGITS,
  sequenceScope,
} from '../src/numbering.js';

describe('formatRecordNumber', () => {
  it('formats INC-2026-000123', () => {
    expect(formatRecordNumber('incident', 2026, 123)).toBe('INC-2026-000123');
  });

  it('pads to six digits', () => {
    expect(SEQUENCE_DIGITS).toBe(6);
    expect(formatRecordNumber('incident', 2026, 1)).toBe('INC-2026-000001');
    expect(formatRecordNumber('incident', 2026, 999_999)).toBe('INC-2026-999999');
  });

  it('widens past 999999 instead of wrapping or truncating', () => {
    expect(formatRecordNumber('incident', 2026, 1_000_000)).toBe('INC-2026-1000000');
    expect(formatRecordNumber('incident', 2026, 12_345_678)).toBe('INC-2026-12345678');
  });

  it('uses one distinct prefix per record kind', () => {
    expect(RECORD_KINDS.map((kind) => formatRecordNumber(kind, 2027, 42))).toEqual([
      'INC-2027-000042',
      'REQ-2027-000042',
      'PRB-2027-000042',
      'CHG-2027-000042',
      'REL-2027-000042',
      'CMP-2027-000042',
    ]);
    expect(new Set(Object.values(NUMBER_PREFIX)).size).toBe(RECORD_KINDS.length);
  });

  it('draws from one counter per kind and year', () => {
    expect(sequenceScope('incident', 2026)).toBe('INC-2026');
    expect(sequenceScope('change', 2030)).toBe('CHG-2030');
    expect(sequenceScope('incident', 2026)).not.toBe(sequenceScope('incident', 2027));
  });

  for (const sequence of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    it(`refuses the sequence ${sequence}`, () => {
      expect(() => formatRecordNumber('incident', 2026, sequence)).toThrow(RangeError);
    });
  }
});

describe('parseRecordNumber', () => {
  it('round-trips every kind, at the edges of the padding and past it', () => {
    for (const kind of RECORD_KINDS) {
      for (const sequence of [1, 123, 999_999, 1_000_000, 98_765_432]) {
        const number = formatRecordNumber(kind, 2026, sequence);
        expect(parseRecordNumber(number)).toEqual({ kind, year: 2026, sequence });
      }
    }
  });

  it('tolerates surrounding spaces and lower case, as typed into a search box', () => {
    expect(parseRecordNumber('  inc-2026-000123 ')).toEqual({ kind: 'incident', year: 2026, sequence: 123 });
  });

  const junk = [
    '',
    'INC',
    'INC-2026',
    'INC-2026-',
    'INC-2026-12345',
    'INC-26-000123',
    'INC-20261-000123',
    'XYZ-2026-000123',
    'INC_2026_000123',
    'INC-2026-00012a',
    'INC-2026-000123-1',
    'xINC-2026-000123',
    'INC 2026 000123',
    '0190a3c4-0000-7000-8000-000000000000',
  ];
  for (const value of junk) {
    it(`rejects ${JSON.stringify(value)}`, () => {
      expect(parseRecordNumber(value)).toBeNull();
    });
  }
});
