import { STANDARD_CALENDAR_NAMES } from '../modules/calendars/index.js';
import { createSla } from '../modules/sla/index.js';
import { nowIso } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import { inTransaction, type UnitOfWorkDeps } from '../platform/unit-of-work.js';

/**
 * Demo service levels for the seed's four levels (一级 15 min / 4 h on 7×24; 二级 30 min / 8 business
 * hours; 三级 1 / 24 business hours; 四级 4 business hours / 5 business days), an OLA for the first
 * line. (Suppliers and contracts are the suppliers module's own demo.)
 */
export async function loadDemoSla(deps: UnitOfWorkDeps, groups: { tier1: string; tier3: string }): Promise<void> {
  await inTransaction(deps, null, async (tx) => {
    const calendars = await tx.db.selectFrom('calendars').select(['id', 'name']).execute();
    const office = calendars.find((c) => c.name === STANDARD_CALENDAR_NAMES.office)!.id;
    const always = calendars.find((c) => c.name === STANDARD_CALENDAR_NAMES.always)!.id;
    // A working day is 7.5 h (08:30–12:00, 13:30–17:30).
    const day = 450;
    await createSla(tx, {
      name: '标准服务级别协议',
      isDefault: true,
      pauseStates: { incident: ['on_hold'], request: ['on_hold'] },
      thresholds: [75, 90],
      breachActions: ['notify_owner', 'notify_group', 'notify_manager'],
      targets: [
        { level: 1, responseMinutes: 15, resolutionMinutes: 240, calendarId: always },
        { level: 2, responseMinutes: 30, resolutionMinutes: 480, calendarId: office },
        { level: 3, responseMinutes: 60, resolutionMinutes: 24 * 60, calendarId: office },
        { level: 4, responseMinutes: 240, resolutionMinutes: 5 * day, calendarId: office },
      ],
    });
    const now = nowIso();
    await tx.db
      .insertInto('olas')
      .values([
        { id: newId(), group_id: groups.tier1, target_minutes: 120, calendar_id: office, active: 1, created_at: now },
        {
          id: newId(),
          group_id: groups.tier3,
          target_minutes: 3 * day,
          calendar_id: office,
          active: 1,
          created_at: now,
        },
      ])
      .execute();
  });
}
