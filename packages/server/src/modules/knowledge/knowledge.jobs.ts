import type { Db, DialectName } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { JobRunner } from '../../platform/jobs.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { markSessionsSubmitted, sendReviewReminders } from './knowledge.service.js';

/** Durable jobs and event subscriptions of the knowledge base, wired from app.ts with one line. */
export async function wireKnowledge({
  db,
  dialect,
  bus,
  jobs,
}: {
  db: Db;
  dialect: DialectName;
  bus: EventBus;
  jobs: JobRunner;
}) {
  await jobs.every('knowledge.review_due', 3_600_000, async () => {
    await inTransaction({ db, dialect, bus }, null, (tx) => sendReviewReminders(tx));
  });
  // A report filed after suggestions were shown means they did not deflect it.
  bus.subscribe('incident.created', async (event) => {
    if (event.recordId) await markSessionsSubmitted(db, event.recordId);
  });
}
