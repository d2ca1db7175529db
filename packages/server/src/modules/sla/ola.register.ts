import { CreateOla, Ola, UpdateOla } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import { defineRegister, registerService } from '../../platform/register.js';

/**
 * Operational level agreements: what each support group promises the others while it holds a
 * record. Their clocks are the SLA module's (sla.clock.ts); the definitions are a plain register.
 */
export const olaRegister = defineRegister<Ola, z.infer<typeof CreateOla>, z.infer<typeof UpdateOla>>({
  name: 'ola',
  table: 'olas',
  path: '/api/v1/olas',
  tags: ['sla'],
  schemas: { item: Ola, create: CreateOla, update: UpdateOla },
  policy: { resource: 'sla', read: 'list', write: 'manage' },
  refs: { groupId: { table: 'support_groups' }, calendarId: { table: 'calendars' } },
  order: [{ column: 'created_at' }],
  filters: { active: { column: 'active', parse: (v) => (v === 'true' ? 1 : 0) } },
  lifecycle: { archive: { column: 'active', value: 0 } },
  toApi: (row) => ({
    id: row.id,
    groupId: row.group_id,
    targetMinutes: row.target_minutes,
    calendarId: row.calendar_id,
    active: row.active === 1,
  }),
  toRow: {
    create: (input) => ({
      group_id: input.groupId,
      target_minutes: input.targetMinutes,
      calendar_id: input.calendarId,
      active: 1,
      created_at: nowIso(),
    }),
    update: (input) => ({
      target_minutes: input.targetMinutes,
      calendar_id: input.calendarId,
      active: input.active === undefined ? undefined : input.active ? 1 : 0,
    }),
  },
  compat: { listAsArray: true },
});

/** Writes for seeds and other services, with the same checks, audit row and event as the routes. */
export const olas = registerService(olaRegister);
