import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { DomainEvent } from './context.js';
import type { Db, DialectName } from './db/database.js';
import type { EventBus } from './events.js';

const CHANNEL = 'trellis_live';

/** What a live screen learns of an event: enough to refetch, and whether only staff may learn it. */
export interface LiveEvent {
  type: DomainEvent['type'];
  recordId: string;
  organizationId?: string | null;
  /** An internal comment: its mere existence is staff business, so requesters are not told. */
  staffOnly: boolean;
}

export type LiveListener = (event: LiveEvent) => void;

const isStaffOnly = (event: DomainEvent) => event.payload?.visibility === 'internal';

/**
 * Committed record events for live screens, from every app process. Local events come from this
 * process's EventBus; on PostgreSQL each process also NOTIFYs them and LISTENs for the others'.
 * A process ignores its own notifications (they carry its origin id), so each listener gets each
 * event exactly once. Remote events go only to live listeners, never onto the local EventBus:
 * domain handlers (notifications, SLA timers) already ran in the process that made the change.
 */
export class LiveFeed {
  readonly origin = randomUUID();
  private readonly listeners = new Set<LiveListener>();
  private client: pg.Client | null = null;
  private closed = false;
  private unsubscribe: (() => void) | null = null;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly options: { bus: EventBus; db: Db; dialect: DialectName; databaseUrl?: string }) {}

  private pending: string[] = [];
  private flushing: NodeJS.Immediate | null = null;

  async start(): Promise<void> {
    this.unsubscribe = this.options.bus.subscribe('*', (event) => {
      if (!event.recordId) return;
      const staffOnly = isStaffOnly(event);
      this.deliver({ type: event.type, recordId: event.recordId, organizationId: event.organizationId, staffOnly });
      if (this.options.dialect === 'postgres') {
        // Only what a screen needs to refetch; sent in batches, one NOTIFY per tick, so a burst
        // of writes does not cost a round trip each.
        this.pending.push(
          JSON.stringify([event.type, event.recordId, event.organizationId ?? null, staffOnly ? 1 : 0]),
        );
        this.flushing ??= setImmediate(() => this.flush());
      }
    });
    if (this.options.dialect === 'postgres' && this.options.databaseUrl) await this.listen();
  }

  private flush() {
    this.flushing = null;
    const events = this.pending;
    this.pending = [];
    // NOTIFY payloads are limited to 8000 bytes.
    const batches: string[][] = [[]];
    let size = 0;
    for (const event of events) {
      if (size + event.length > 7000 && batches.at(-1)!.length) {
        batches.push([]);
        size = 0;
      }
      batches.at(-1)!.push(event);
      size += event.length + 1;
    }
    for (const batch of batches) {
      const message = `{"o":${JSON.stringify(this.origin)},"e":[${batch.join(',')}]}`;
      sql`select pg_notify(${CHANNEL}, ${message})`.execute(this.options.db).catch(() => {
        // A lost notification only delays other processes' screens until their next refetch.
      });
    }
  }

  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.databaseUrl });
    const reconnect = () => {
      if (this.closed || this.retry) return;
      this.client = null;
      client.end().catch(() => {});
      // Events during the gap are missed; screens refetch when their stream reconnects anyway.
      this.retry = setTimeout(() => {
        this.retry = null;
        this.listen().catch(reconnect);
      }, 1000);
    };
    client.on('error', reconnect);
    client.on('end', reconnect);
    client.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const data = JSON.parse(message.payload) as { o: string; e: [string, string, string | null, (0 | 1)?][] };
        if (data.o === this.origin) return;
        // A notification from an older process has no flag; err on the side of staff only for comments.
        for (const [type, recordId, organizationId, staffOnly] of data.e)
          this.deliver({
            type: type as DomainEvent['type'],
            recordId,
            organizationId,
            staffOnly: staffOnly === undefined ? type.endsWith('.commented') : staffOnly === 1,
          });
      } catch {
        // Not ours.
      }
    });
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    if (this.closed) {
      await client.end();
      return;
    }
    this.client = client;
  }

  private deliver(event: LiveEvent) {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken screen must not stop the others.
      }
    }
  }

  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.flushing) clearImmediate(this.flushing);
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    client?.removeAllListeners('end');
    await client?.end().catch(() => {});
  }
}
