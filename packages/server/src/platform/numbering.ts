import { formatRecordNumber, type RecordKind, sequenceScope } from '@trellis/core';
import { sql } from 'kysely';
import type { Tx } from './context.js';

/**
 * Draws the next value of a named sequence inside the caller's transaction. The upsert
 * takes a row lock on PostgreSQL, so concurrent transactions queue on it: no gaps from
 * races, no duplicates. A rolled-back transaction gives its number back.
 */
export async function nextNumber(tx: Tx, scope: string): Promise<number> {
  const row = await tx.db
    .insertInto('number_sequences')
    .values({ scope, value: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ value: sql`number_sequences.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Built once: constructing an Intl formatter costs more than the rest of numbering a record. */
const SHANGHAI_YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' });

/** A work record's number (INC-2026-000123): one sequence per kind and year in Asia/Shanghai. */
export async function nextRecordNumber(tx: Tx, kind: RecordKind, at: Date = new Date()): Promise<string> {
  const year = Number(SHANGHAI_YEAR.format(at));
  return formatRecordNumber(kind, year, await nextNumber(tx, sequenceScope(kind, year)));
}
