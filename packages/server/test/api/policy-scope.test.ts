import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/modules/directory/index.js';
import '../../src/modules/index.js';
import type { Actor } from '../../src/platform/context.js';
import type { Db } from '../../src/platform/db/database.js';
import { newId } from '../../src/platform/ids.js';
import { can, scopedPolicies } from '../../src/platform/permissions/registry.js';
import { createTestApp, signIn, type TestApp } from '../support/app.js';
import { dialectsUnderTest } from '../support/databases.js';
import { buildWorld, PASSWORD, type World } from '../support/factories.js';
import { report } from '../support/http.js';

/**
 * For every policy with a `scope`, the rows its SQL returns are exactly the rows whose subject its
 * `view` rule allows — for a requester, a department-sharing colleague, agents serving one or two
 * organisations, an agent in no group, a specialist, a service manager and an admin. A new scope
 * needs seeded rows of its table below (the test fails on an empty table: it would prove nothing).
 */

const NOW = '2026-01-01T00:00:00.000Z';

async function seed(db: Db, w: World, records: { reqA: string; salesA: string }) {
  const orgs = [w.provider.id, w.orgA.id, w.orgB.id];
  let n = 0;
  const article = (fields: {
    state: 'draft' | 'in_review' | 'published' | 'retired';
    audience: 'requesters' | 'agents' | 'group';
    group?: string;
    author?: string;
    owner?: string;
    published?: boolean;
  }) => ({
    id: newId(),
    number: `KB-T${++n}`,
    title: 't',
    body: 'b',
    state: fields.state,
    audience: fields.audience,
    audience_group_id: fields.group ?? null,
    category_id: null,
    tags_json: '[]',
    owner_id: fields.owner ?? null,
    author_id: fields.author ?? null,
    review_date: null,
    review_notified_for: null,
    source_record_id: null,
    current_version: 1,
    published_version: fields.published ? 1 : null,
    view_count: 0,
    created_at: NOW,
    updated_at: NOW,
    published_at: null,
  });
  await db
    .insertInto('kb_articles')
    .values([
      article({ state: 'published', audience: 'requesters', published: true }),
      article({ state: 'draft', audience: 'requesters' }),
      article({ state: 'retired', audience: 'requesters', published: true }),
      article({ state: 'published', audience: 'agents', published: true }),
      article({ state: 'draft', audience: 'group', group: w.tier1.id, author: w.agent.id }),
      article({ state: 'published', audience: 'group', group: w.tier2A.id, published: true }),
      article({ state: 'draft', audience: 'group', group: w.tier2A.id, author: w.idle.id }),
      article({ state: 'in_review', audience: 'group', group: w.tier1.id, owner: w.agentA.id }),
    ])
    .execute();

  let classId = (await db.selectFrom('ci_classes').select('id').executeTakeFirst())?.id;
  if (!classId) {
    classId = newId();
    await db
      .insertInto('ci_classes')
      .values({
        id: classId,
        code: 'test',
        name_zh: '测试',
        name_en: 'Test',
        attributes_json: '[]',
        is_service: 0,
        builtin: 0,
        active: 1,
      } as never)
      .execute();
  }
  await db
    .insertInto('cis')
    .values(
      orgs.map((org, i) => ({
        id: newId(),
        class_id: classId!,
        code: `CI-T${i}`,
        name: `ci ${i}`,
        organization_id: org,
        owner_id: null,
        location_id: null,
        state: 'in_use' as never,
        attributes_json: '{}',
        version: 1,
        unauthorized: 0,
        created_at: NOW,
        updated_at: NOW,
      })),
    )
    .execute();

  const holders = [null, w.requesterA.id, w.requesterB.id, w.agent.id];
  await db
    .insertInto('assets')
    .values(
      orgs.flatMap((org, i) =>
        holders.map((holder, j) => ({
          id: newId(),
          tag: `AT-${i}-${j}`,
          class: 'equipment' as never,
          name: 'asset',
          model: '',
          serial_number: '',
          mac_addresses: '',
          licence_key: '',
          seats: 0,
          purchase_date: null,
          purchase_price: null,
          supplier: '',
          order_number: '',
          warranty_until: null,
          organization_id: org,
          location_id: null,
          holder_id: holder,
          status: 'in_use' as never,
          ci_id: null,
          note: '',
          created_at: NOW,
          updated_at: NOW,
        })),
      ),
    )
    .execute();

  const view = (owner: string, group: string | null) => ({
    id: newId(),
    owner_id: owner,
    group_id: group,
    name: 'v',
    filters_json: '{}',
    columns_json: '[]',
    sort: 0,
    created_at: NOW,
    updated_at: NOW,
  });
  await db
    .insertInto('console_saved_views')
    .values([
      view(w.agent.id, null),
      view(w.agentA.id, w.tier2A.id),
      view(w.manager.id, w.tier1.id),
      view(w.idle.id, null),
      view(w.admin.id, w.tier2A.id),
    ])
    .execute();

  // A watcher from another organisation (the requester of a merged duplicate) and an idle agent invited in.
  await db
    .insertInto('record_watchers')
    .values([
      { record_id: records.reqA, user_id: w.requesterB.id, created_at: NOW },
      { record_id: records.salesA, user_id: w.idle.id, created_at: NOW },
    ])
    .execute();
}

for (const dialect of await dialectsUnderTest()) {
  describe(`policy scopes agree with their view rules [${dialect}]`, () => {
    let test: TestApp;
    let actors: Record<string, Actor>;

    beforeAll(async () => {
      test = await createTestApp(dialect);
      const world = await buildWorld(test);
      const { db } = test.trellis.database;
      const client = (email: string) => signIn(test, email, PASSWORD);
      const reqA = await report(await client('req-a@test.local'), '财务系统无法登录');
      await report(await client('colleague-a@test.local'), '报销单打印乱码');
      const salesA = await report(await client('sales-a@test.local'), '客户管理系统卡顿');
      await report(await client('req-b@test.local'), '乙方会议室投影仪故障');
      await report(await client('idle@test.local'), '值班电脑键盘失灵');
      await seed(db, world, { reqA: reqA.id, salesA: salesA.id });
      const people = {
        requester: world.requesterA,
        departmentColleague: world.colleagueA,
        salesRequester: world.salesPersonA,
        otherCustomer: world.requesterB,
        agentServingTwo: world.agent,
        specialistServingOne: world.agentA,
        agentInNoGroup: world.idle,
        manager: world.manager,
        admin: world.admin,
      };
      actors = {};
      for (const [who, user] of Object.entries(people)) actors[who] = (await loadActor(db, user.id))!;
    });
    afterAll(() => test.close());

    it('registers scopes for the records, organisations, people, articles, CIs, assets and saved views', () => {
      expect(scopedPolicies().map((p) => p.resource)).toEqual(
        expect.arrayContaining(['record', 'organization', 'user', 'article', 'ci', 'asset', 'savedView']),
      );
    });

    it('returns exactly the rows the view rule allows, for every scoped policy and every kind of actor', async () => {
      const { db } = test.trellis.database;
      const checked: string[] = [];
      for (const policy of scopedPolicies()) {
        const { table, where, subjectOf } = policy.scope;
        // biome-ignore lint/suspicious/noExplicitAny: each policy scopes a table of its own
        const all = (await (db as any).selectFrom(table).selectAll().execute()) as { id: string }[];
        expect(all.length, `${policy.resource}: seed rows of ${table}`).toBeGreaterThan(1);
        for (const [who, actor] of Object.entries(actors)) {
          // biome-ignore lint/suspicious/noExplicitAny: as above
          const scoped = (await (db as any).selectFrom(table).select(`${table}.id`).where(where(actor)).execute()) as {
            id: string;
          }[];
          const allowed: string[] = [];
          for (const row of all) {
            const subject = await subjectOf(row, db);
            if ((can as (...args: unknown[]) => boolean)(actor, policy.resource, 'view', subject)) allowed.push(row.id);
          }
          expect(scoped.map((r) => r.id).sort(), `${policy.resource} as ${who}`).toEqual(allowed.sort());
          checked.push(`${policy.resource}:${who}`);
        }
      }
      expect(checked.length).toBe(scopedPolicies().length * Object.keys(actors).length);
    });
  });
}
