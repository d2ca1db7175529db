import { CannedReply, SaveCannedReply, UpdateCannedReply } from '@trellis/core';
import type { z } from 'zod';
import { nowIso } from '../../platform/clock.js';
import type { Db } from '../../platform/db/database.js';
import { AppError } from '../../platform/errors.js';
import { can } from '../../platform/permissions/registry.js';
import { defineRegister, registerService } from '../../platform/register.js';

const subject = (row: { owner_id: string; shared: number }) => ({ ownerId: row.owner_id, shared: row.shared === 1 });
const forbidden = () => new AppError('error.forbidden');

/** Canned replies: personal for anyone on staff, shared ones from curators; the kit's demonstration register. */
export const cannedReplyRegister = defineRegister<
  CannedReply,
  z.infer<typeof SaveCannedReply>,
  z.infer<typeof UpdateCannedReply>
>({
  name: 'canned_reply',
  table: 'console_canned_replies',
  path: '/api/v1/console/canned-replies',
  tags: ['console'],
  schemas: { item: CannedReply, create: SaveCannedReply, update: UpdateCannedReply },
  policy: { resource: 'cannedReply', read: 'use', write: 'use' },
  // Someone else's personal reply does not exist for you.
  scope:
    ({ actor }) =>
    (eb) =>
      eb.or([eb('console_canned_replies.shared', '=', 1), eb('console_canned_replies.owner_id', '=', actor.id)]),
  order: [{ column: 'shared', direction: 'desc' }, { column: 'title' }],
  search: ['title', 'body'],
  filters: { shared: { column: 'shared', parse: (v) => (v === 'true' ? 1 : 0) } },
  toApi: (row, { actor }) => ({
    id: row.id,
    title: row.title,
    body: row.body,
    owner: { id: row.owner_id, name: row.owner_name },
    shared: row.shared === 1,
    editable: can(actor, 'cannedReply', 'edit', subject(row as { owner_id: string; shared: number })),
    updatedAt: row.updated_at,
  }),
  toRow: {
    create: (input, { actor }) => {
      const now = nowIso();
      return {
        owner_id: actor.id,
        shared: input.shared ? 1 : 0,
        title: input.title,
        body: input.body,
        created_at: now,
        updated_at: now,
      };
    },
    update: (input) => ({
      title: input.title,
      body: input.body,
      shared: input.shared === undefined ? undefined : input.shared ? 1 : 0,
    }),
  },
  lifecycle: {
    archive: 'delete',
    authorize: (verb, { actor }, row, input) => {
      if (row && !can(actor, 'cannedReply', 'edit', subject(row as { owner_id: string; shared: number })))
        throw forbidden();
      if (verb !== 'archive' && (input as { shared?: boolean }).shared && !can(actor, 'cannedReply', 'share'))
        throw forbidden();
    },
  },
  compat: {
    listAsArray: true,
    auditAction: (verb) => `console.reply.${verb === 'archive' ? 'delete' : verb}`,
    load: (db: Db) =>
      db
        .selectFrom('console_canned_replies')
        .innerJoin('users', 'users.id', 'console_canned_replies.owner_id')
        .selectAll('console_canned_replies')
        .select('users.name as owner_name'),
  },
});

/** Writes for seeds and other services, with the same checks, audit row and event as the routes. */
export const cannedReplies = registerService(cannedReplyRegister);
