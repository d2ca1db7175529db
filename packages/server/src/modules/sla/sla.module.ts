import { defineModule } from '../../platform/module.js';
import { RECOMPUTE_JOB } from '../calendars/index.js';
import { olaRegister } from './ola.register.js';
import { catchUpCalendar, slaOnComment, syncSlaClocks, TIMER_JOB } from './sla.clock.js';
import { datasets } from './sla.datasets.js';
import { fireClockTimer, sweepStaleCalendars } from './sla.jobs.js';
import { slaPolicy } from './sla.policy.js';
import { slaRoutes } from './sla.routes.js';
import { RETARGET_JOB, retargetOpenRecords } from './sla.service.js';

export const slaModule = defineModule({
  name: 'sla',
  policies: [slaPolicy],
  registers: [olaRegister],
  // Clocks follow every record write inside the same transaction.
  recordHooks: [{ written: (tx, before, after) => syncSlaClocks(tx, before, after), commented: slaOnComment }],
  routes: slaRoutes,
  datasets,
  jobs: [
    { type: TIMER_JOB, run: (ctx, payload) => fireClockTimer(ctx, String(payload.clockId), ctx.jobs.workerId) },
    { type: RECOMPUTE_JOB, run: (ctx, payload) => catchUpCalendar(ctx.db, String(payload.calendarId)) },
    { type: RETARGET_JOB, run: (ctx) => retargetOpenRecords(ctx) },
    // A safety net: an edit (calendar or SLA) committed in the instant between a job's last check
    // and the release of its key, or a start-up holiday import, is picked up within a minute.
    { type: 'sla.recompute_sweep', everyMs: 60_000, run: (ctx) => sweepStaleCalendars(ctx.db) },
  ],
  startup: ({ db }) => sweepStaleCalendars(db),
});
