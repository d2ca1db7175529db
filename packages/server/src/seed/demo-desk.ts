import type { HoldReason } from '@trellis/core';
import { loadActor } from '../modules/directory/index.js';
import { dueEscalations } from '../modules/incidents/incident.tiers.js';
import { flagMajor, getIncidentSettings, linkIncident, postMajorUpdate } from '../modules/incidents/index.js';
import { inTransaction, type UnitOfWorkDeps } from '../platform/unit-of-work.js';

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
 * all fire at the first start, so the overdue stages of the back-dated records are disarmed.
 */
export async function settleDemoDesk(deps: UnitOfWorkDeps) {
  const { db } = deps;
  const overdue = await dueEscalations(db, await getIncidentSettings(db), 100_000);
  const ids = overdue.map((d) => d.recordId);
  for (let i = 0; i < ids.length; i += 500) {
    await db
      .updateTable('incident_details')
      .set({ escalation_token: null })
      .where('record_id', 'in', ids.slice(i, i + 500))
      .execute();
  }
  await demoMajorIncident(deps);
}

/**
 * One major incident to look at: the newest open network outage, with the other open network
 * reports of the same organisation as its children and one progress update.
 */
async function demoMajorIncident(deps: UnitOfWorkDeps) {
  const { db } = deps;
  const manager = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', 'manager@trellis.demo')
    .executeTakeFirst();
  const actor = manager ? await loadActor(db, manager.id) : null;
  if (!actor) return;
  const open = await db
    .selectFrom('work_records')
    .select(['id', 'organization_id'])
    .where('kind', '=', 'incident')
    .where('state', 'in', ['pending', 'in_progress'])
    .where('title', 'like', '%网络%')
    .orderBy('created_at', 'desc')
    .execute();
  const [parent, ...rest] = open;
  if (!parent) return;
  const children = rest.filter((r) => r.organization_id === parent.organization_id).slice(0, 3);
  await inTransaction(deps, actor, async (tx) => {
    await flagMajor({ tx, incidentId: parent.id, major: true, reason: '多个部门同时报告网络中断' });
    for (const child of children)
      await linkIncident({ tx, incidentId: parent.id, target: child.id, kind: 'parent_of' });
    await postMajorUpdate({
      tx,
      incidentId: parent.id,
      body: '已定位为核心交换机故障，厂商工程师正在更换模块，预计 1 小时内恢复。',
    });
  });
}
