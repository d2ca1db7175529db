import type { DomainEvent } from './context.js';

type Handler = (event: DomainEvent) => void | Promise<void>;

/**
 * In-process fan-out of committed domain events (notifications, SLA timers, webhooks
 * subscribe here). Anything that must survive a crash enqueues a durable job instead.
 */
export class EventBus {
  private readonly handlers = new Map<string, Handler[]>();

  constructor(private readonly onError: (err: unknown, event: DomainEvent) => void = () => {}) {}

  subscribe(type: string | '*', handler: Handler): () => void {
    const list = this.handlers.get(type) ?? [];
    list.push(handler);
    this.handlers.set(type, list);
    return () =>
      this.handlers.set(
        type,
        (this.handlers.get(type) ?? []).filter((h) => h !== handler),
      );
  }

  publish(events: DomainEvent[]): void {
    for (const event of events) {
      for (const handler of [...(this.handlers.get(event.type) ?? []), ...(this.handlers.get('*') ?? [])]) {
        Promise.resolve()
          .then(() => handler(event))
          .catch((err) => this.onError(err, event));
      }
    }
  }
}
