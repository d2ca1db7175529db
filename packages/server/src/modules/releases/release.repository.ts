import type { Db } from '../../platform/db/database.js';

/** Reads of the release module's own tables (and reference tables for labels); nothing else. */

export async function releaseBundle(db: Db, releaseId: string) {
  const [details, sites, reps, services, changes, problems, dsl] = await Promise.all([
    db.selectFrom('release_details').selectAll().where('record_id', '=', releaseId).executeTakeFirstOrThrow(),
    db
      .selectFrom('release_sites')
      .selectAll()
      .where('release_id', '=', releaseId)
      .orderBy('window_start')
      .orderBy('id')
      .execute(),
    db.selectFrom('release_customer_reps').select('user_id').where('release_id', '=', releaseId).execute(),
    db
      .selectFrom('release_services')
      .innerJoin('services', 'services.id', 'release_services.service_id')
      .select(['services.id', 'services.owner_id'])
      .where('release_services.release_id', '=', releaseId)
      .execute(),
    db.selectFrom('release_changes').select('change_id').where('release_id', '=', releaseId).execute(),
    db.selectFrom('release_problems').selectAll().where('release_id', '=', releaseId).execute(),
    db.selectFrom('release_dsl_items').select('dsl_item_id').where('release_id', '=', releaseId).execute(),
  ]);
  return {
    details,
    sites,
    customerRepIds: reps.map((r) => r.user_id),
    serviceIds: services.map((s) => s.id),
    serviceOwnerIds: services.map((s) => s.owner_id).filter((id): id is string => Boolean(id)),
    changeIds: changes.map((c) => c.change_id),
    problems,
    dslItemIds: dsl.map((d) => d.dsl_item_id),
  };
}
export type ReleaseBundle = Awaited<ReturnType<typeof releaseBundle>>;

export async function testsOf(db: Db, releaseId: string) {
  return db
    .selectFrom('release_tests')
    .leftJoin('users', 'users.id', 'release_tests.tester_id')
    .selectAll('release_tests')
    .select('users.name as tester_name')
    .where('release_tests.release_id', '=', releaseId)
    .orderBy('release_tests.at')
    .orderBy('release_tests.id')
    .execute();
}
