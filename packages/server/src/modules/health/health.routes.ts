import { translate } from '@trellis/core';
import { sql } from 'kysely';
import { z } from 'zod';
import { pendingMigrations } from '../../platform/db/migrate.js';
import { type App, requestLocale } from '../../platform/http/app.js';
import { missingHolidayYears } from '../calendars/index.js';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), checks: z.record(z.string(), z.string()).optional() });

export async function healthRoutes(app: App) {
  const { db, dialect } = app.services;
  app.get('/healthz', { schema: { tags: ['health'], response: { 200: Health } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    { schema: { tags: ['health'], response: { 200: Health, 503: Health } } },
    async (request, reply) => {
      const checks: Record<string, string> = { dialect };
      try {
        await sql`select 1`.execute(db);
        checks.database = 'ok';
        const pending = await pendingMigrations(db);
        checks.migrations =
          pending.length === 0
            ? 'ok'
            : `${translate(requestLocale(request), 'readyz.no_migrations')}: ${pending.join(', ')}`;
        // Reported, not fatal: clocks still run, but on plain weekdays for the missing years.
        const missing = await missingHolidayYears(db);
        checks.holidays = missing.length
          ? `${translate(requestLocale(request), 'calendar.holidays_missing')}: ${missing.map((m) => `${m.calendar} ${m.years.join(', ')}`).join('; ')}`
          : 'ok';
      } catch (err) {
        checks.database = err instanceof Error ? err.message : String(err);
      }
      const ok = checks.database === 'ok' && checks.migrations === 'ok';
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks });
    },
  );
}
