import { type BulkAction, type BulkResult, type Impact, type Locale, type RecordKind, translate } from '@trellis/core';
import type { Actor, Tx } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { inTransaction, type UnitOfWorkDeps } from '../../platform/unit-of-work.js';
import * as incidents from '../incidents/index.js';
import { requireConsole } from './console.service.js';

type Handler = (tx: Tx, id: string, action: BulkAction) => Promise<unknown>;

/**
 * Each kind routes a bulk action to its own use case, so every guard (policy, state machine,
 * group membership) applies exactly as for a single record. Kinds without a handler report a
 * per-record conflict instead of being silently skipped.
 */
const HANDLERS: Partial<Record<RecordKind, Handler>> = {
  incident: (tx, id, a) => {
    switch (a.action) {
      case 'take':
        return incidents.takeIncident({ tx, incidentId: id });
      case 'assign':
        return incidents.assignIncident({
          tx,
          incidentId: id,
          groupId: a.groupId,
          assigneeId: a.assigneeId,
          note: a.note,
        });
      case 'classify':
        return incidents.classifyIncident({
          tx,
          incidentId: id,
          categoryId: a.categoryId,
          impact: a.impact as Impact | undefined,
          urgency: a.urgency as Impact | undefined,
        });
      case 'comment':
        return incidents.commentOnIncident({ tx, incidentId: id, body: a.body, visibility: a.visibility });
    }
  },
};

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
      const handler = row ? HANDLERS[row.kind] : undefined;
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
