import type { TestApp } from './app.js';

export interface SseEvent {
  event: string;
  data: unknown;
}

/** A real HTTP session on a listening server: signs in with fetch and keeps the cookie. */
export async function httpSignIn(baseUrl: string, email: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { cookie };
}

/**
 * Opens GET /api/v1/live over real HTTP and collects its events; `next(predicate)` resolves with the
 * first event (already received or still to come) that matches.
 */
export async function openLive(baseUrl: string, cookie: string) {
  const controller = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/live`, { headers: { cookie }, signal: controller.signal });
  if (res.status !== 200) throw new Error(`live stream refused: ${res.status} ${await res.text()}`);
  const events: SseEvent[] = [];
  const waiters: { match: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const event = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!event || data === undefined) continue;
          const parsed = { event, data: JSON.parse(data) as unknown };
          events.push(parsed);
          for (const w of [...waiters]) {
            if (w.match(parsed)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(parsed);
            }
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    contentType: res.headers.get('content-type'),
    events,
    next(match: (e: SseEvent) => boolean): Promise<SseEvent> {
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => controller.abort(),
  };
}

export async function listen(test: TestApp): Promise<string> {
  const address = await test.trellis.app.listen({ port: 0, host: '127.0.0.1' });
  return address;
}

export const recordEvent =
  (recordId: string, type?: string) =>
  (e: SseEvent): boolean => {
    const data = e.data as { recordId?: string; type?: string };
    return e.event === 'record' && data.recordId === recordId && (!type || data.type === type);
  };
