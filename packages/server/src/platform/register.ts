import { ErrorBody } from '@trellis/core';
import type { Expression, Kysely, SqlBool } from 'kysely';
import { z } from 'zod';
import { audit, diff } from './audit.js';
import { nowIso } from './clock.js';
import type { Actor, Tx } from './context.js';
import type { Db } from './db/database.js';
import type { Database } from './db/schema.js';
import { AppError, type AppErrorCode, notFound } from './errors.js';
import type { App } from './http/app.js';
import { requireActor } from './http/app.js';
import { newId } from './ids.js';
import { type ActionOf, type Resource, requireAbility } from './permissions/registry.js';
import { checkReferences, type Reference } from './references.js';
import { inTransaction } from './unit-of-work.js';

/**
 * The register kit: master data without a queue (suppliers, contracts, mailboxes, canned replies…)
 * declared once and served as list / get / create / update / archive routes. Every write is one
 * transaction with exactly one audit row and one event; secrets never leave in a response or an
 * audit row; references are checked and a dangling one answers 400 on its field.
 *
 * The edge: a register has no timeline, SLA or queue. The moment it needs one, it is a record kind.
 * See docs/decisions/registers.md.
 */

type TableName = keyof Database & string;
// biome-ignore lint/suspicious/noExplicitAny: rows of any register table
type AnyRow = Record<string, any>;

export type RegisterVerb = 'create' | 'update' | 'archive';

/** What every hook is given: who asks and the handle to read through (the transaction on writes). */
export interface RegisterContext {
  actor: Actor;
  db: Db;
}

/** The table a field points into (the value must be one of its `id`s), as platform/references.ts checks it. */
export type RegisterRef = Reference;

export interface RegisterOrder {
  column: string;
  direction?: 'asc' | 'desc';
}

/** A query-string filter: equality on a column, or a condition of its own. */
export type RegisterFilter = {
  /** The values the parameter accepts; anything else is 400 on it. Default: any short string. */
  values?: readonly [string, ...string[]];
} & (
  | {
      column: string;
      /** Turns the query-string value into the column's value. */
      parse?: (value: string) => unknown;
    }
  | {
      /** Called whether or not the parameter is given (value undefined), so a list may default to less
       *  than the scope (e.g. only active items unless `all=true`); null adds no condition. */
      // biome-ignore lint/suspicious/noExplicitAny: an expression builder over the register's query
      where: (value: string | undefined, ctx: RegisterContext) => ((eb: any) => Expression<SqlBool>) | null;
    }
);

export interface RegisterDefinition<Api = unknown, Create = unknown, Update = unknown> {
  /** The entity name: audit entity type and event prefix (`mailbox` → `mailbox.created`). */
  name: string;
  table: TableName;
  /** The collection URL; items live at `${path}/:id`. */
  path: string;
  tags?: string[];
  schemas: {
    item: z.ZodType<Api>;
    create: z.ZodType<Create>;
    update: z.ZodType<Update>;
    /** The 201 body when it is more than the item (e.g. a token shown once). */
    created?: z.ZodTypeAny;
  };
  /** May be async when the answer needs another module's figures (e.g. a contract checked against the SLA). */
  toApi: (row: AnyRow, ctx: RegisterContext) => Api | Promise<Api>;
  toRow: {
    /** The new row's own columns; the kit adds id, number, created_at and updated_at when the table has them. */
    create: (input: Create, ctx: RegisterContext) => AnyRow | Promise<AnyRow>;
    /** The columns to change; undefined values are left alone. */
    update: (input: Update, before: AnyRow, ctx: RegisterContext) => AnyRow | Promise<AnyRow>;
  };
  /** Who may read (list, get) and write (create, update, archive), through the policy registry. */
  policy: { resource: Resource; read: string; write: string };
  /** Input field → table it references; a value that is not there answers 400 on that field. */
  refs?: Record<string, RegisterRef>;
  /** Row columns never sent back and written to the audit trail as "[redacted]". */
  secrets?: readonly string[];
  /** Columns `?q=` matches (case-insensitive substring). */
  search?: readonly string[];
  /** Query-string names → columns for exact-match filters. */
  filters?: Record<string, RegisterFilter>;
  /** The list order and keyset; `id` is always the last key. Default: by id. */
  order?: readonly RegisterOrder[];
  /** Adds what lives outside the row (members of a group, counts) to a page of rows, in one query per page. */
  expand?: (db: Db, rows: AnyRow[]) => Promise<AnyRow[]>;
  /** The organisation an item's audit rows belong to (so an organisation's own trail shows them). */
  auditOrganization?: (row: AnyRow) => string | null;
  /** The error an item outside the scope (or absent) answers; default `error.not_found` (404). */
  notFound?: AppErrorCode;
  /** Row-level visibility: rows outside it are absent from the list and 404 on item routes. */
  // biome-ignore lint/suspicious/noExplicitAny: an expression builder over the register's table
  scope?: (ctx: RegisterContext) => ((eb: any) => Expression<SqlBool>) | null;
  /** A human number (`SUP-0001`), drawn inside the create transaction. */
  number?: { column: string; next: (tx: Tx) => Promise<string> };
  /** How archive works: a flag column set to `value`, or a hard delete. Absent: no archive route. */
  lifecycle?: {
    archive?: { column: string; value: unknown } | 'delete';
    /** Row checks beyond the policy (ownership, sharing rights); throw AppError to refuse. */
    authorize?: (verb: RegisterVerb, ctx: RegisterContext, row: AnyRow | null, input: unknown) => void;
    /** Domain checks that read data (a name already taken → 409), inside the write's transaction,
     *  after the references are checked; `before` is the table row on update, null on create. */
    check?: (verb: 'create' | 'update', ctx: RegisterContext, input: unknown, before: AnyRow | null) => Promise<void>;
    /** Writes what lives in other tables of the register (a group's members) in the same transaction;
     *  returns what changed, which joins the one audit row (null: nothing changed). */
    related?: (tx: Tx, id: string, input: unknown) => Promise<{ before: AnyRow; after: AnyRow } | null>;
    /** Runs after each committed write (cache invalidation). */
    afterCommit?: () => void;
    /** The 201 body when `schemas.created` is set: the item plus what only the creation answers
     *  (`toRow.create` may return `$extra`, e.g. a token shown once, which is never stored); it may read
     *  through `ctx` inside the write's transaction (an older register answering its whole list). */
    created?: (api: Api, row: AnyRow, extra: Record<string, unknown>, ctx: RegisterContext) => unknown;
  };
  /** Compatibility hooks for registers that existed before the kit (keep their URLs and shapes). */
  compat?: {
    /** Audit action per verb; default `${name}.${verb}`. */
    auditAction?: (verb: RegisterVerb) => string;
    auditEntityType?: string;
    /** List answers a bare array (the next cursor in the `x-next-cursor` header) instead of a page. */
    listAsArray?: boolean;
    /** Reads the row for the API (e.g. joined with labels); default: the table row itself. */
    load?: (db: Db) => unknown;
  };
}

/** Identity at run time; checks the definition where it is written. */
export function defineRegister<Api, Create, Update>(
  definition: RegisterDefinition<Api, Create, Update>,
): RegisterDefinition<Api, Create, Update> {
  return definition;
}

/** Who a register write runs as when no person acts: every row is in scope. */
const SYSTEM: Actor = {
  id: 'system',
  name: 'system',
  role: 'admin',
  organizationId: '',
  departmentId: null,
  locale: 'zh-CN',
  groupIds: [],
  servedOrganizationIds: [],
  departmentShares: false,
};

/** Reading as the system (every row in scope), for other modules' lookups that carry no person. */
export const systemContext = (db: Db): RegisterContext => ({ actor: SYSTEM, db });

const PAST: Record<RegisterVerb, string> = { create: 'created', update: 'updated', archive: 'archived' };

/** The one place a register write announces itself; a register's three events must be in DOMAIN_EVENTS (tx.emit checks). */
// biome-ignore lint/suspicious/noExplicitAny: any register
function emitRegisterEvent(tx: Tx, def: RegisterDefinition<any, any, any>, verb: RegisterVerb, id: string) {
  tx.emit(`${def.name}.${PAST[verb]}` as 'webhook.created', { payload: { id } });
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Secrets out of a row before it is audited. */
function redactRow(def: RegisterDefinition, row: AnyRow): AnyRow {
  const out: AnyRow = { ...row };
  for (const key of def.secrets ?? []) if (key in out) out[key] = out[key] == null ? null : '[redacted]';
  return out;
}

/** Secrets out of an API object, whatever toApi did: both the column name and its camelCase form. */
function redactApi<T>(def: RegisterDefinition, api: T): T {
  if (!def.secrets?.length || api === null || typeof api !== 'object') return api;
  const out = { ...(api as AnyRow) };
  for (const key of def.secrets) {
    delete out[key];
    delete out[camel(key)];
  }
  return out as T;
}

function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}
function decodeCursor(cursor: string, length: number): unknown[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length) return values;
  } catch {}
  throw new AppError('error.validation', {}, [{ path: ['cursor'], message: 'invalid cursor', in: 'querystring' }]);
}

/** Each referenced id must exist (and be usable); those that do not answer 400 on their fields. */
async function checkRefs(def: RegisterDefinition, db: Db, input: unknown) {
  if (def.refs && input && typeof input === 'object') await checkReferences(db, input, def.refs);
}

type Loose = Kysely<AnyRow>;
const loose = (db: Db) => db as unknown as Loose;

/**
 * The register's use cases, for its routes and for seeds or services that write it: each write
 * runs in the caller's transaction with one audit row and one event.
 */
// biome-ignore lint/suspicious/noExplicitAny: any register; inputs are validated by its schemas at the route
export function registerService(def: RegisterDefinition<any, any, any>) {
  const order = [...(def.order ?? []), { column: 'id', direction: 'asc' as const }];
  const table = def.table;
  const auditAction = def.compat?.auditAction ?? ((verb: RegisterVerb) => `${def.name}.${verb}`);
  const entityType = def.compat?.auditEntityType ?? def.name;
  const col = (column: string) => (def.compat?.load ? `${table}.${column}` : column);

  /** The rows the actor may see. */
  const base = (ctx: RegisterContext) => {
    // biome-ignore lint/suspicious/noExplicitAny: a query over a table chosen at run time
    let query = (def.compat?.load ? def.compat.load(ctx.db) : loose(ctx.db).selectFrom(table).selectAll()) as any;
    const scope = def.scope?.(ctx);
    if (scope) query = query.where(scope);
    return query;
  };
  const findRow = async (ctx: RegisterContext, id: string): Promise<AnyRow> => {
    const row = await base(ctx).where(col('id'), '=', id).executeTakeFirst();
    if (!row) throw def.notFound ? new AppError(def.notFound) : notFound();
    return row as AnyRow;
  };
  /** The table's own row (no joined labels), for the audit trail. */
  const ownRow = async (tx: Tx, id: string) =>
    (await loose(tx.db).selectFrom(table).selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as AnyRow;
  const respond = async (ctx: RegisterContext, row: AnyRow) => {
    const [full] = def.expand ? await def.expand(ctx.db, [row]) : [row];
    return redactApi(def, await def.toApi(full!, ctx));
  };
  const respondAll = async (ctx: RegisterContext, rows: AnyRow[]) => {
    const full = def.expand && rows.length ? await def.expand(ctx.db, rows) : rows;
    return Promise.all(full.map(async (row) => redactApi(def, await def.toApi(row, ctx))));
  };
  const organizationOf = (row: AnyRow) => def.auditOrganization?.(row) ?? null;
  // Writes without a person (bootstrap, seeds, jobs) run as the system; the audit row still names nobody.
  const ctxOf = (tx: Tx): RegisterContext => ({ actor: tx.actor ?? SYSTEM, db: tx.db });

  return {
    order,
    /** One page in the list's order, after `cursor`; `limit` absent: every row. */
    async list(ctx: RegisterContext, query: { cursor?: string; limit?: number; q?: string } & AnyRow) {
      let q = base(ctx);
      for (const [key, filter] of Object.entries(def.filters ?? {})) {
        const value = query[key];
        if ('where' in filter) {
          const where = filter.where(value, ctx);
          if (where) q = q.where(where);
        } else if (value !== undefined)
          q = q.where(col(filter.column), '=', filter.parse ? filter.parse(value) : value);
      }
      if (query.q && def.search?.length) {
        const needle = `%${String(query.q).toLowerCase()}%`;
        // biome-ignore lint/suspicious/noExplicitAny: dynamic columns
        q = q.where((eb: any) => eb.or(def.search!.map((c) => eb(eb.fn('lower', [eb.ref(col(c))]), 'like', needle))));
      }
      if (query.cursor) {
        const after = decodeCursor(query.cursor, order.length);
        // Keyset: strictly after the cursor in the list's order: (k1 > v1) or (k1 = v1 and k2 > v2) or …
        // biome-ignore lint/suspicious/noExplicitAny: dynamic columns
        q = q.where((eb: any) =>
          eb.or(
            order.map((key, i) =>
              eb.and([
                ...order.slice(0, i).map((prev, j) => eb(eb.ref(col(prev.column)), '=', after[j])),
                eb(eb.ref(col(key.column)), key.direction === 'desc' ? '<' : '>', after[i]),
              ]),
            ),
          ),
        );
      }
      for (const key of order) q = q.orderBy(col(key.column), key.direction ?? 'asc');
      if (query.limit !== undefined) q = q.limit(query.limit + 1);
      const rows = (await q.execute()) as AnyRow[];
      const more = query.limit !== undefined && rows.length > query.limit;
      const page = more ? rows.slice(0, query.limit) : rows;
      const last = page.at(-1);
      return {
        items: await respondAll(ctx, page),
        nextCursor: more && last ? encodeCursor(order.map((key) => last[key.column])) : null,
      };
    },

    async get(ctx: RegisterContext, id: string) {
      return respond(ctx, await findRow(ctx, id));
    },

    /** One item, or null when it is not there (or outside the scope). */
    async find(ctx: RegisterContext, id: string) {
      const row = await base(ctx).where(col('id'), '=', id).executeTakeFirst();
      return row ? respond(ctx, row as AnyRow) : null;
    },

    async create(tx: Tx, input: unknown) {
      const ctx = ctxOf(tx);
      def.lifecycle?.authorize?.('create', ctx, null, input);
      await checkRefs(def, tx.db, input);
      await def.lifecycle?.check?.('create', ctx, input, null);
      const { $extra: extra = {}, ...columns } = (await def.toRow.create(input, ctx)) as AnyRow;
      const row: AnyRow = { id: newId(), ...columns };
      if (def.number) row[def.number.column] = await def.number.next(tx);
      await loose(tx.db).insertInto(table).values(row).execute();
      const related = await def.lifecycle?.related?.(tx, row.id, input);
      await audit(tx, {
        action: auditAction('create'),
        entityType,
        entityId: row.id,
        organizationId: organizationOf(row),
        after: redactRow(def, { ...row, ...related?.after }),
      });
      emitRegisterEvent(tx, def, 'create', row.id);
      const api = await respond(ctx, await findRow(ctx, row.id));
      return def.lifecycle?.created ? await def.lifecycle.created(api, row, extra, ctx) : api;
    },

    async update(tx: Tx, id: string, input: unknown) {
      const ctx = ctxOf(tx);
      // Out of scope is 404 whether or not the register has row checks.
      const visible = await findRow(ctx, id);
      def.lifecycle?.authorize?.('update', ctx, visible, input);
      await checkRefs(def, tx.db, input);
      const before = await ownRow(tx, id);
      await def.lifecycle?.check?.('update', ctx, input, before);
      const changes = diff(before, await def.toRow.update(input, before, ctx));
      if (Object.keys(changes.after).length) {
        const set: AnyRow = { ...changes.after };
        if ('updated_at' in before) set.updated_at = nowIso();
        await loose(tx.db).updateTable(table).set(set).where('id', '=', id).execute();
      }
      const related = await def.lifecycle?.related?.(tx, id, input);
      // Its related rows are part of the item: changing only them still makes it updated.
      if (related && !Object.keys(changes.after).length && 'updated_at' in before)
        await loose(tx.db).updateTable(table).set({ updated_at: nowIso() }).where('id', '=', id).execute();
      // Nothing changed: no audit row and no event.
      if (Object.keys(changes.after).length || related) {
        await audit(tx, {
          action: auditAction('update'),
          entityType,
          entityId: id,
          organizationId: organizationOf(before),
          before: redactRow(def, { ...changes.before, ...related?.before }),
          after: redactRow(def, { ...changes.after, ...related?.after }),
        });
        emitRegisterEvent(tx, def, 'update', id);
      }
      return respond(ctx, await findRow(ctx, id));
    },

    async archive(tx: Tx, id: string) {
      const archive = def.lifecycle?.archive;
      if (!archive) throw new AppError('error.conflict');
      const ctx = ctxOf(tx);
      // Out of scope is 404 whether or not the register has row checks.
      const visible = await findRow(ctx, id);
      def.lifecycle?.authorize?.('archive', ctx, visible, null);
      const before = await ownRow(tx, id);
      if (archive === 'delete') await loose(tx.db).deleteFrom(table).where('id', '=', id).execute();
      else {
        const set: AnyRow = { [archive.column]: archive.value };
        if ('updated_at' in before) set.updated_at = nowIso();
        await loose(tx.db).updateTable(table).set(set).where('id', '=', id).execute();
      }
      await audit(tx, {
        action: auditAction('archive'),
        entityType,
        entityId: id,
        organizationId: organizationOf(before),
        before: redactRow(def, before),
      });
      emitRegisterEvent(tx, def, 'archive', id);
    },
  };
}

/** The routes of one register, as a Fastify plugin the app mounts from the module manifest. */
// biome-ignore lint/suspicious/noExplicitAny: any register; inputs are validated by its schemas at the route
export function registerRoutes(def: RegisterDefinition<any, any, any>) {
  const service = registerService(def);
  const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
  const params = z.object({ id: z.string().min(1).max(64) });
  const tags = def.tags ?? [def.name];
  const read = requireAbility(def.policy.resource, def.policy.read as ActionOf<Resource>);
  const write = requireAbility(def.policy.resource, def.policy.write as ActionOf<Resource>);
  const asArray = def.compat?.listAsArray === true;
  const ListQuery = z.object({
    cursor: z.string().max(400).optional(),
    limit: z.coerce.number().int().min(1).max(200).optional(),
    q: z.string().max(200).optional(),
    ...Object.fromEntries(
      Object.entries(def.filters ?? {}).map(([key, filter]) => [
        key,
        (filter.values ? z.enum(filter.values) : z.string().max(200)).optional(),
      ]),
    ),
  });

  return async (app: App) => {
    const { db } = app.services;
    /** One committed write, then the after-commit hook (caches are dropped only once the change is visible). */
    const commit = async <T>(actor: Actor, work: (tx: Tx) => Promise<T>) => {
      const result = await inTransaction(app.services, actor, work);
      def.lifecycle?.afterCommit?.();
      return result;
    };

    app.get(
      def.path,
      {
        preHandler: read,
        schema: {
          tags,
          querystring: ListQuery,
          response: { 200: asArray ? z.array(def.schemas.item) : pageOf(def.schemas.item), ...errors },
        },
      },
      async (request, reply) => {
        const query = request.query as AnyRow;
        // A bare array (older registers) lists everything unless a limit is asked for.
        const limit = query.limit ?? (asArray ? undefined : 50);
        const page = await service.list({ actor: requireActor(request), db }, { ...query, limit });
        if (!asArray) return page;
        if (page.nextCursor) reply.header('x-next-cursor', page.nextCursor);
        return page.items;
      },
    );

    app.get(
      `${def.path}/:id`,
      { preHandler: read, schema: { tags, params, response: { 200: def.schemas.item, ...errors } } },
      async (request) => service.get({ actor: requireActor(request), db }, (request.params as { id: string }).id),
    );

    app.post(
      def.path,
      {
        preHandler: write,
        schema: {
          tags,
          body: def.schemas.create,
          response: { 201: def.schemas.created ?? def.schemas.item, ...errors },
        },
      },
      async (request, reply) => {
        const body = await commit(requireActor(request), (tx) => service.create(tx, request.body));
        return reply.status(201).send(body);
      },
    );

    app.patch(
      `${def.path}/:id`,
      {
        preHandler: write,
        schema: { tags, params, body: def.schemas.update, response: { 200: def.schemas.item, ...errors } },
      },
      async (request) =>
        commit(requireActor(request), (tx) => service.update(tx, (request.params as { id: string }).id, request.body)),
    );

    if (def.lifecycle?.archive)
      app.delete(
        `${def.path}/:id`,
        { preHandler: write, schema: { tags, params, response: { 204: z.null(), ...errors } } },
        async (request, reply) => {
          await commit(requireActor(request), (tx) => service.archive(tx, (request.params as { id: string }).id));
          return reply.status(204).send(null);
        },
      );
  };
}

const pageOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
