import { RENAMED_EVENTS } from '@trellis/core';
import type { Kysely } from 'kysely';

/** Webhook filters stored before the event catalogue name events by their new, past-tense names. */
export async function up(db: Kysely<any>): Promise<void> {
  const hooks = await db.selectFrom('webhooks').select(['id', 'events_json']).execute();
  for (const hook of hooks) {
    const events = JSON.parse(hook.events_json) as string[];
    const renamed = [...new Set(events.map((e) => RENAMED_EVENTS[e] ?? e))];
    if (renamed.join() !== events.join())
      await db
        .updateTable('webhooks')
        .set({ events_json: JSON.stringify(renamed) })
        .where('id', '=', hook.id)
        .execute();
  }
}

export async function down(): Promise<void> {}
