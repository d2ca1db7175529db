import type { HoldReason } from '@trellis/core';
import { nowIso } from '../platform/clock.js';
import type { UnitOfWorkDeps } from '../platform/unit-of-work.js';

/** Demo data for the desk's incident work. */

const HOLD_KINDS: Record<string, HoldReason> = {
  等待用户提供信息: 'requester',
  等待供应商备件: 'supplier',
  等待变更窗口: 'change',
};

export const holdFor = (reason: string) => ({ kind: HOLD_KINDS[reason] ?? ('other' as const), reason });

export const callbackNoteFor = (rating: number) =>
  rating >= 4
    ? '已电话回访，用户对处理结果满意'
    : rating === 3
      ? '已回访，用户认为处理偏慢'
      : '已回访，用户不满意，已转服务经理跟进';

/**
 * The demo's history was made by people at the time: limits that ran out back then must not
 * all fire at the first start, so overdue escalations of the back-dated records are dropped.
 */
export async function settleDemoDesk({ db }: UnitOfWorkDeps) {
  await db
    .deleteFrom('jobs')
    .where('type', '=', 'incident.auto_escalate')
    .where('state', '=', 'queued')
    .where('run_at', '<', nowIso())
    .execute();
}
