import type { Db, DialectName } from '../../platform/db/database.js';
import type { EventBus } from '../../platform/events.js';
import type { JobRunner } from '../../platform/jobs.js';
import { inTransaction } from '../../platform/unit-of-work.js';
import { runDetection } from './problem.detection.js';
import { verifyDueProblems } from './problem.service.js';

/** Recurring-incident detection and the verification of fixed problems, as durable jobs. */
export async function wireProblems({
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
  const services = { db, dialect, bus };
  await jobs.every('problems.detect_recurring', 6 * 3_600_000, async () => {
    await inTransaction(services, null, (tx) => runDetection(tx));
  });
  await jobs.every('problems.verify_effectiveness', 3_600_000, async () => {
    await inTransaction(services, null, (tx) => verifyDueProblems(tx));
  });
}
