import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.js';
import {
  type Actor,
  ATTACK_PASSWORD,
  type AttackWorld,
  buildAttackWorld,
  type CustomerData,
  idsOf,
  pathIdFor,
  type Side,
} from './attack-world.js';
import {
  apiOperations,
  arbitraryFor,
  attackable,
  type Caller,
  callerFor,
  exposeErrors,
  fillPath,
  knownDefect,
  type Operation,
  queryString,
  REFERENCE_FIELD,
  send,
} from './openapi.js';
import { snapshotRows } from './tables.js';

/**
 * The tenancy matrix: every operation of the OpenAPI document, as every role, aimed at the other
 * customer's rows (path ids, body references, list filters, search words). A response must carry
 * nothing of a customer the caller may not see, and no request may change that customer's rows.
 */

export interface Leak {
  actor: Actor;
  operation: string;
  url: string;
  status: number;
  secrets: string[];
  /** The numbered defect this leak is, when it is one already filed. */
  known: string | null;
}

export interface UnauthorizedWrite {
  /** The caller, or the callers of the round that made it ("reqA|specA"). */
  actor: string;
  side: Side;
  table: string;
  change: 'added' | 'removed';
  row: string;
}

export interface ServerError {
  actor: Actor;
  operation: string;
  url: string;
  status: number;
  error: string;
  known: string | null;
}

export interface MatrixResult {
  world: AttackWorld;
  callers: Record<Actor, Caller>;
  operations: number;
  requests: number;
  byStatus: Record<number, number>;
  leaks: Leak[];
  writes: UnauthorizedWrite[];
  serverErrors: ServerError[];
}

/** Restricted callers attack first, so what unrestricted callers change cannot hide a write. */
export const ACTORS: Actor[] = ['reqA', 'specA', 'reqB', 'specB', 'idle', 'agent', 'manager', 'admin'];

export const DIRECTORY_LEAK =
  'issue 12 item 6: restricted staff list the people and departments of customers they do not serve';

const STAFF: Actor[] = ['specA', 'specB', 'idle', 'agent', 'manager', 'admin'];

/** Rows that record who tried what (not the customer's data), and why they may mention its ids. */
const BOOKKEEPING_TABLES: Record<string, string> = {
  audit_events: 'the audit trail records refused attempts too; it is not the customer’s data',
  sessions: 'sign-ins of the attackers',
};

/** Every row of every table but the attackers' own bookkeeping. */
export const snapshotTables = (test: TestApp) => snapshotRows(test.trellis.database, Object.keys(BOOKKEEPING_TABLES));

/**
 * Rows of a customer, or pointing at it, that differ between two snapshots. A row is the customer's
 * when it is one of its entities (table and id) or a column holds one of its ids. Ids inside free
 * JSON (a saved view's filter naming the customer) and an attacker-chosen primary key that happens
 * to equal a customer id (a suggestion session) are the attacker's own rows, not the customer's.
 */
export function changedRows(
  before: Map<string, string[]>,
  after: Map<string, string[]>,
  ids: string[],
  entities: Set<string> = new Set(),
): { table: string; change: 'added' | 'removed'; row: string }[] {
  const wanted = new Set(ids);
  const belongs = (table: string) => (text: string) => {
    const row = JSON.parse(text) as Record<string, unknown>;
    return Object.entries(row).some(([column, value]) =>
      column === 'id' ? entities.has(`${table}/${value}`) : typeof value === 'string' && wanted.has(value),
    );
  };
  const changes: { table: string; change: 'added' | 'removed'; row: string }[] = [];
  for (const table of new Set([...before.keys(), ...after.keys()])) {
    const b = new Set((before.get(table) ?? []).filter(belongs(table)));
    const a = new Set((after.get(table) ?? []).filter(belongs(table)));
    for (const row of a) if (!b.has(row)) changes.push({ table, change: 'added', row: row.slice(0, 400) });
    for (const row of b) if (!a.has(row)) changes.push({ table, change: 'removed', row: row.slice(0, 400) });
  }
  return changes;
}

/** "table/id" of every row that is one of the customer's entities (its organisation, people, records…). */
export function entitiesOf(snapshot: Map<string, string[]>, ids: string[]): Set<string> {
  const wanted = new Set(ids);
  const out = new Set<string>();
  for (const [table, rows] of snapshot)
    for (const text of rows) {
      const id = (JSON.parse(text) as { id?: unknown }).id;
      if (typeof id === 'string' && wanted.has(id)) out.add(`${table}/${id}`);
    }
  return out;
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The requests one operation becomes when aimed at one customer: deterministic, so runs compare. */
export function aimedRequests(
  op: Operation,
  target: CustomerData,
  shared: AttackWorld['shared'],
  variants = 1,
): { url: string; body: unknown }[] {
  const pathValues = Object.fromEntries(op.pathParams.map((p) => [p.name, pathIdFor(op.path, p.name, target, shared)]));
  const references = (field: string) => idsOf(target, shared, field);
  const path = fillPath(op.path, pathValues);
  const out: { url: string; body: unknown }[] = [];
  const seed = seedOf(op.key);
  const bodies = op.body
    ? fc.sample(arbitraryFor(op.body, { references, maxString: 24 }), { seed, numRuns: variants })
    : Array.from({ length: variants }, () => (op.multipart ? 'probe.txt' : undefined));
  for (const body of bodies) out.push({ url: path, body });
  if (op.method === 'GET') {
    out.length = 1;
    // The filters an attacker would try: the other customer's ids in every reference filter, its words in q.
    const hostile: Record<string, unknown> = {};
    for (const p of op.queryParams) {
      if (p.name === 'q') hostile.q = 'ZQ';
      else if (REFERENCE_FIELD.test(p.name) || /organi[sz]ation|requester|holder|record/i.test(p.name))
        hostile[p.name] = idsOf(target, shared, p.name)?.[0];
      else if (p.name === 'limit') hostile.limit = 100;
    }
    if (Object.keys(hostile).length) out.push({ url: `${path}${queryString(hostile)}`, body: undefined });
  }
  return out;
}

export interface MatrixOptions {
  /** Bodies per operation and target (more in the bench). */
  variants?: number;
  /**
   * Check the database after every write request instead of after each round, one caller at a
   * time, so each unauthorized write names its request (the bench).
   */
  snapshotEachWrite?: boolean;
  actors?: Actor[];
  onProgress?: (done: number) => void;
}

export async function runTenancyMatrix(test: TestApp, options: MatrixOptions = {}): Promise<MatrixResult> {
  exposeErrors(test);
  const aw = await buildAttackWorld(test);
  const operations = attackable(await apiOperations(test));
  const callers = {} as Record<Actor, Caller>;
  const actors = options.actors ?? ACTORS;
  for (const actor of actors) callers[actor] = await callerFor(test, aw.emails[actor], ATTACK_PASSWORD);

  const result: MatrixResult = {
    world: aw,
    callers,
    operations: operations.length,
    requests: 0,
    byStatus: {},
    leaks: [],
    writes: [],
    serverErrors: [],
  };

  const inspect = (actor: Actor, op: Operation, url: string, res: LightMyRequestResponse) => {
    result.requests++;
    result.byStatus[res.statusCode] = (result.byStatus[res.statusCode] ?? 0) + 1;
    options.onProgress?.(result.requests);
    if (res.statusCode >= 500) {
      result.serverErrors.push({
        actor,
        operation: op.key,
        url,
        status: res.statusCode,
        error: String(res.headers['x-attack-error'] ?? res.body.slice(0, 200)),
        known: knownDefect(res),
      });
    }
    // Headers too: a file name in Content-Disposition is as much a leak as a body.
    const text = `${res.body}\n${JSON.stringify(res.headers)}`;
    for (const side of aw.forbidden[actor]) {
      const data = aw.customers[side];
      const records = data.secrets.filter((s) => text.includes(s));
      const people = data.personSecrets.filter((s) => text.includes(s));
      const config = STAFF.includes(actor) ? [] : data.configSecrets.filter((s) => text.includes(s));
      records.push(...config);
      if (!records.length && !people.length) continue;
      result.leaks.push({
        actor,
        operation: op.key,
        url,
        status: res.statusCode,
        secrets: [...records, ...people],
        known: !records.length && STAFF.includes(actor) ? DIRECTORY_LEAK : null,
      });
    }
  };

  const atStart = await snapshotTables(test);
  const entities = {
    A: entitiesOf(atStart, aw.customers.A.rowIds),
    B: entitiesOf(atStart, aw.customers.B.rowIds),
  };
  // Callers who watch the same customer and may write only elsewhere attack together; a snapshot of
  // the watched customer before and after the round catches any write into it.
  const rounds: Actor[][] = [];
  for (const actor of actors) {
    const key = aw.forbidden[actor].join();
    const round = options.snapshotEachWrite ? null : rounds.find((r) => aw.forbidden[r[0]!].join() === key);
    if (round) round.push(actor);
    else rounds.push([actor]);
  }
  for (const round of rounds) {
    const watched = aw.forbidden[round[0]!];
    // Unrestricted callers have no other customer; they aim at B to find 5xx where the others find 404.
    const targets: Side[] = watched.length ? watched : ['B'];
    let before = watched.length ? await snapshotTables(test) : null;
    const checkWrites = async () => {
      if (!before) return;
      const after = await snapshotTables(test);
      for (const side of watched) {
        for (const c of changedRows(before, after, aw.customers[side].rowIds, entities[side]))
          result.writes.push({ actor: round.join('|'), side, ...c });
      }
      before = after;
    };
    await Promise.all(
      round.map(async (actor) => {
        for (const side of targets) {
          for (const op of operations) {
            for (const { url, body } of aimedRequests(op, aw.customers[side], aw.shared, options.variants)) {
              const res = await send(test, callers[actor], op.method, url, body, op.multipart);
              inspect(actor, op, url, res);
              if (options.snapshotEachWrite && op.method !== 'GET') {
                const found = result.writes.length;
                await checkWrites();
                for (const write of result.writes.slice(found)) write.actor = `${actor} ${op.method} ${url}`;
              }
            }
          }
        }
      }),
    );
    await checkWrites();
  }
  return result;
}

export function summarise(result: MatrixResult): string {
  const unknownLeaks = result.leaks.filter((l) => !l.known).length;
  const known500 = result.serverErrors.filter((e) => e.known).length;
  return [
    `operations from the OpenAPI document: ${result.operations}`,
    `requests tried: ${result.requests}`,
    `statuses: ${Object.entries(result.byStatus)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')}`,
    `leaks: ${result.leaks.length} (${unknownLeaks} new, ${result.leaks.length - unknownLeaks} known: item 6)`,
    `unauthorized writes: ${result.writes.length}`,
    `5xx: ${result.serverErrors.length} (${known500} known numbered defects)`,
  ].join('\n');
}
