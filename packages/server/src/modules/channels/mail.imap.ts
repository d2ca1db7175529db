import { ImapFlow } from 'imapflow';
import { isoPlus, nowIso } from '../../platform/clock.js';
import { analyzeMail } from './mail.analyze.js';
import { type IntakeDeps, type IntakeResult, ingestRawMail, intakeBatch, type Mailbox } from './mail.intake.js';

const BATCH = 200;

export function imapClient(mailbox: Pick<Mailbox, 'host' | 'port' | 'tls' | 'tls_verify' | 'username' | 'password'>) {
  return new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.tls === 1,
    // Plain IMAP still upgrades with STARTTLS when offered; self-signed servers need verification off.
    tls: { rejectUnauthorized: mailbox.tls_verify === 1 },
    auth: { user: mailbox.username, pass: mailbox.password },
    logger: false,
    connectionTimeout: 20_000,
    greetingTimeout: 15_000,
  });
}

export interface PollSummary {
  fetched: number;
  outcomes: Record<string, number>;
  results: IntakeResult[];
}

/** One poll takes turns per mailbox within a process; across processes Message-ID idempotency decides. */
const running = new Map<string, Promise<PollSummary>>();

export function pollMailbox(deps: IntakeDeps, mailbox: Mailbox): Promise<PollSummary> {
  const current = running.get(mailbox.id);
  if (current) return current.then(() => pollMailbox(deps, mailbox));
  const work = pollOnce(deps, mailbox).finally(() => running.delete(mailbox.id));
  running.set(mailbox.id, work);
  return work;
}

/**
 * Reads every message in the folder, takes each in, and only then moves (or deletes) it on the
 * server. A crash in between leaves the mail on the server; the next poll sees it as a duplicate.
 */
async function pollOnce(deps: IntakeDeps, mailbox: Mailbox): Promise<PollSummary> {
  const summary: PollSummary = { fetched: 0, outcomes: {}, results: [] };
  let failure: string | null = null;
  const client = imapClient(mailbox);
  try {
    await client.connect();
    if (mailbox.processed_folder) await client.mailboxCreate(mailbox.processed_folder).catch(() => undefined);
    const lock = await client.getMailboxLock(mailbox.folder);
    try {
      const uids = ((await client.search({ all: true }, { uid: true })) || []).sort((a, b) => a - b);
      const fetchBatch = (i: number) => {
        if (i >= uids.length) return null;
        const fetching = client.fetchAll(uids.slice(i, i + BATCH), { uid: true, source: true }, { uid: true });
        fetching.catch(() => undefined); // awaited below; a poll that fails before then must not leave it unhandled
        return fetching;
      };
      // The next batch is on its way from the server while this one is taken in.
      let next = fetchBatch(0);
      for (let i = 0; next; i += BATCH) {
        const messages = (await next).filter((m) => m.source);
        next = fetchBatch(i + BATCH);
        const batch = await intakeBatch(deps);
        const done: number[] = [];
        // Each mail is parsed while the one before it is written (parsing waits on no lock).
        const parse = (k: number) => {
          const parsed = k < messages.length ? analyzeMail(messages[k]!.source!) : undefined;
          parsed?.catch(() => undefined); // ingestRawMail awaits it and quarantines what does not parse
          return parsed;
        };
        let parsed = parse(0);
        for (let k = 0; k < messages.length; k++) {
          const message = messages[k]!;
          const mail = parsed;
          parsed = parse(k + 1);
          let result: IntakeResult;
          try {
            result = await ingestRawMail(deps, mailbox, message.source!, { mail, batch });
          } catch (err) {
            // Even quarantine failed (the database refused it): the mail stays on the server for the
            // next poll, and the ones after it are still taken in — one bad mail never blocks a mailbox.
            summary.fetched++;
            summary.outcomes.failed = (summary.outcomes.failed ?? 0) + 1;
            failure ??= String(err instanceof Error ? err.message : err).slice(0, 1000);
            continue;
          }
          summary.fetched++;
          summary.outcomes[result.outcome] = (summary.outcomes[result.outcome] ?? 0) + 1;
          summary.results.push(result);
          done.push(message.uid);
        }
        if (done.length) {
          if (mailbox.processed_folder) await client.messageMove(done, mailbox.processed_folder, { uid: true });
          else await client.messageDelete(done, { uid: true });
        }
      }
    } finally {
      lock.release();
    }
    await client.logout();
    await markPolled(deps, mailbox.id, failure);
  } catch (err) {
    client.close();
    await markPolled(deps, mailbox.id, String(err instanceof Error ? err.message : err).slice(0, 1000));
    throw err;
  }
  return summary;
}

async function markPolled(deps: IntakeDeps, id: string, error: string | null) {
  await deps.db
    .updateTable('mailboxes')
    .set({ last_polled_at: nowIso(), last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Polls every active mailbox that is due; the recurring job calls this. */
export async function pollDueMailboxes(deps: IntakeDeps, watchers?: MailWatchers) {
  const now = nowIso();
  const mailboxes = await deps.db.selectFrom('mailboxes').selectAll().where('active', '=', 1).execute();
  for (const mailbox of mailboxes) {
    if (watchers && mailbox.use_idle === 1) watchers.ensure(mailbox);
    if (mailbox.last_polled_at && isoPlus(mailbox.last_polled_at, mailbox.poll_seconds * 1000) > now) continue;
    await pollMailbox(deps, mailbox).catch(() => undefined);
  }
}

/**
 * IMAP IDLE where the server offers it: a held connection per mailbox that triggers a poll as soon
 * as a mail arrives, instead of waiting for the next interval. Polling stays on as the safety net.
 */
export class MailWatchers {
  private readonly clients = new Map<string, { client: ImapFlow; signature: string }>();
  private closed = false;

  constructor(private readonly deps: IntakeDeps) {}

  ensure(mailbox: Mailbox) {
    if (this.closed) return;
    const signature = [mailbox.host, mailbox.port, mailbox.username, mailbox.folder, mailbox.updated_at].join('|');
    const existing = this.clients.get(mailbox.id);
    if (existing?.signature === signature && existing.client.usable) return;
    existing?.client.close();
    const client = imapClient(mailbox);
    this.clients.set(mailbox.id, { client, signature });
    client.on('error', () => this.clients.delete(mailbox.id));
    client.on('close', () => {
      if (this.clients.get(mailbox.id)?.client === client) this.clients.delete(mailbox.id);
    });
    client.on('exists', () => {
      pollMailbox(this.deps, mailbox).catch(() => undefined);
    });
    (async () => {
      await client.connect();
      if (!client.capabilities.has('IDLE')) {
        await client.logout();
        return;
      }
      await client.mailboxOpen(mailbox.folder);
      // Idle now rather than after imapflow's quiet period; it re-enters IDLE by itself afterwards.
      client.idle().catch(() => undefined);
    })().catch(() => {
      client.close();
      this.clients.delete(mailbox.id);
    });
  }

  async close() {
    this.closed = true;
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
