import { type BulkAction, type BulkResult, type Locale, translate } from '@trellis/core';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { findRecordKind } from '../../platform/record-kinds.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import { requireConsole } from './console.service.js';

/**
 * Each kind routes a bulk action to its own use case (its record kind's `bulk`), so every guard
 * (policy, state machine, group membership) applies exactly as for a single record. Kinds without
 * one report a per-record conflict instead of being silently skipped.
 */
/** One transaction per record: a refusal on one leaves the others done, and each result says which. */
export async function runBulk(
  deps: UnitOfWorkDeps,
  actor: Actor,
  action: BulkAction,
  locale: Locale,
): Promise<BulkResult> {
  requireConsole(actor);
  if (action.action === 'assign' && !action.groupId && !action.assigneeId)
    throw new AppError('error.validation', {}, [{ path: ['groupId'], message: 'groupId or assigneeId is required' }]);
  const ids = [...new Set(action.ids)];
  const rows = await deps.db
    .selectFrom('work_records')
    .select(['id', 'kind', 'number'])
    .where('id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const results: BulkResult['results'] = [];
  for (const id of ids) {
    const row = byId.get(id);
    try {
      const handler = row ? findRecordKind(row.kind)?.bulk : undefined;
      if (!row) throw new AppError('error.not_found');
      if (!handler) throw new AppError('error.conflict');
      await inTransaction(deps, actor, (tx) => handler(tx, id, action));
      results.push({ id, number: row.number, ok: true });
    } catch (error) {
      const code = error instanceof AppError ? error.code : 'error.internal';
      if (!(error instanceof AppError)) console.error('bulk action failed', action.action, id, error);
      const params =
        error instanceof AppError
          ? Object.fromEntries(
              Object.entries(error.params).map(([k, v]) => [
                k,
                typeof v === 'string' && v.includes('.') ? translate(locale, v as never) : v,
              ]),
            )
          : {};
      // An invisible record reads as "not found", and its number is not revealed.
      const number = code === 'error.not_found' ? null : (row?.number ?? null);
      results.push({ id, number, ok: false, error: { code, message: translate(locale, code, params) } });
    }
  }
  const succeeded = results.filter((r) => r.ok).length;
  return { results, succeeded, failed: results.length - succeeded };
}
