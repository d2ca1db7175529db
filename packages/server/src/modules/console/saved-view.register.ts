import { QUEUE_COLUMNS, QueueFilters, SavedView, SaveView, UpdateView } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Actor, Tx } from '../../platform/context.js';
import type { Db } from '../../platform/db/database.js';
import { AppError, forbidden } from '../../platform/errors.js';
import { can } from '../../platform/permissions/registry.js';
import { defineRegister, registerService } from '../../platform/register.js';
import { visibleSavedViews } from './console.policy.js';

const subject = (row: { owner_id: string; group_id: string | null }) => ({
  ownerId: row.owner_id,
  groupId: row.group_id,
});

/** Saved queue views: one's own, and those shared with one's groups; the group is checked on its field. */
export const savedViewRegister = defineRegister<SavedView, SaveView, z.infer<typeof UpdateView>>({
  name: 'saved_view',
  table: 'console_saved_views',
  path: '/api/v1/console/views',
  tags: ['console'],
  schemas: { item: SavedView, create: SaveView, update: UpdateView },
  policy: { resource: 'console', read: 'use', write: 'use' },
  // Someone else's personal view does not exist for you.
  scope: ({ actor }) => visibleSavedViews(actor),
  refs: { groupId: { table: 'support_groups' } },
  order: [{ column: 'sort' }, { column: 'name' }],
  search: ['name'],
  toApi: (row, { actor }) => {
    const filters = QueueFilters.safeParse(JSON.parse(row.filters_json));
    // A column dropped from the queue since the view was saved is left out, not an error.
    const columns = (JSON.parse(row.columns_json) as string[]).filter((c): c is SavedView['columns'][number] =>
      (QUEUE_COLUMNS as readonly string[]).includes(c),
    );
    return {
      id: row.id,
      name: row.name,
      owner: { id: row.owner_id, name: row.owner_name },
      groupId: row.group_id,
      filters: filters.success ? filters.data : {},
      columns,
      sort: row.sort,
      mine: row.owner_id === actor.id,
      updatedAt: row.updated_at,
    };
  },
  toRow: {
    create: (input, { actor }) => {
      const now = nowIso();
      return {
        owner_id: actor.id,
        group_id: input.groupId ?? null,
        name: input.name,
        filters_json: JSON.stringify(input.filters),
        columns_json: JSON.stringify(input.columns),
        sort: input.sort,
        created_at: now,
        updated_at: now,
      };
    },
    update: (input) => ({
      name: input.name,
      group_id: input.groupId === undefined ? undefined : (input.groupId ?? null),
      filters_json: input.filters ? JSON.stringify(input.filters) : undefined,
      columns_json: input.columns ? JSON.stringify(input.columns) : undefined,
      sort: input.sort,
    }),
  },
  lifecycle: {
    archive: 'delete',
    authorize: (verb, { actor }, row, input) => {
      // Someone else's shared view is visible but not theirs to change.
      if (row && !can(actor, 'savedView', 'edit', subject(row as { owner_id: string; group_id: string | null })))
        throw forbidden();
      const groupId = verb === 'archive' ? undefined : (input as { groupId?: string | null }).groupId;
      if (
        groupId !== undefined &&
        !can(actor, 'savedView', 'shareWith', { ownerId: actor.id, groupId: groupId ?? null })
      )
        throw new AppError('console.not_group_member');
    },
  },
  // The audit names written before the kit.
  compat: {
    listAsArray: true,
    auditAction: (verb) => `console.view.${verb === 'archive' ? 'delete' : verb}`,
    load: (db: Db) =>
      db
        .selectFrom('console_saved_views')
        .innerJoin('users', 'users.id', 'console_saved_views.owner_id')
        .selectAll('console_saved_views')
        .select('users.name as owner_name'),
  },
});

export const savedViews = registerService(savedViewRegister);

/** A view the actor may use (the queue reads its filters); anything else is 404. */
export const findView = async (db: Db, actor: Actor, id: string) =>
  (await savedViews.get({ actor, db }, id)) as SavedView;

/** Typed entry point for seeds: the input is parsed (defaults applied) as at the route. */
export const createView = async ({ tx, input }: { tx: Tx; input: z.input<typeof SaveView> }) =>
  (await savedViews.create(tx, SaveView.parse(input))) as SavedView;
