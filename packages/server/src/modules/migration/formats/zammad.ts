import { type Draft, htmlToText, type Vocabulary, vocabulary } from '../migration.model.js';
import { type JsonFile, listOf } from './json.js';

/**
 * Zammad's REST API export: `GET /api/v1/tickets?expand=true` (tickets.json) and each ticket's
 * `GET /api/v1/ticket_articles/by_ticket/:id?expand=true` (articles.json, or an `articles` array
 * inside each ticket), optionally `GET /api/v1/users` (users.json) when the tickets are not
 * expanded. An article's attachments are read from `attachments/<attachment id>` in the export
 * (what `GET /api/v1/ticket_attachment/:ticket/:article/:id` returned) or from a base64 `data`.
 *
 * The first article is the ticket's description; the rest are its timeline, internal ones internal.
 */
export const zammadVocabulary = (utcOffset: string): Vocabulary => ({
  utcOffset,
  state: vocabulary({
    new: 'pending',
    open: 'in_progress',
    'pending reminder': 'on_hold',
    'pending close': 'resolved',
    closed: 'archived',
    merged: 'cancelled',
    removed: 'cancelled',
  }),
  priority: vocabulary({ '1 low': 4, '2 normal': 3, '3 high': 2, low: 4, normal: 3, high: 2 } as const),
});

/** Zammad's seeded ids, for exports made without expand=true. */
const STATE_IDS: Record<string, string> = {
  '1': 'new',
  '2': 'open',
  '3': 'pending reminder',
  '4': 'closed',
  '5': 'merged',
  '6': 'removed',
  '7': 'pending close',
};
const PRIORITY_IDS: Record<string, string> = { '1': '1 low', '2': '2 normal', '3': '3 high' };

type Obj = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
const body = (a: Obj) =>
  String(a.content_type ?? '').toLowerCase() === 'text/html'
    ? htmlToText(String(a.body ?? ''))
    : String(a.body ?? '').trim();
const addressIn = (from: unknown) =>
  /<([^>]+@[^>]+)>/.exec(String(from ?? ''))?.[1] ??
  (String(from ?? '').includes('@') ? String(from).trim() : undefined);

export function readZammad(
  files: { tickets: JsonFile; articles?: JsonFile; users?: JsonFile },
  attachment: (id: string) => Buffer | null,
) {
  const users = new Map(listOf(files.users).map(({ value }) => [str(value.id)!, value]));
  const userEmail = (id: unknown, expanded: unknown) =>
    str(users.get(str(id) ?? '')?.email) ?? (String(expanded ?? '').includes('@') ? String(expanded) : str(expanded));
  const articlesOf = new Map<string, { value: Obj; line: number; file: string }[]>();
  const addArticles = (file: JsonFile | undefined, key?: string) => {
    for (const item of listOf(file, key)) {
      const ticket = str(item.value.ticket_id);
      if (!ticket) continue;
      const list = articlesOf.get(ticket) ?? [];
      list.push({ ...item, file: file!.name });
      articlesOf.set(ticket, list);
    }
  };
  addArticles(files.articles);
  const ticketItems = listOf(files.tickets, 'tickets');
  // Articles nested in each ticket ("articles": [...]), in file order.
  const nestedLines = files.tickets.lines.get('articles') ?? [];
  let nested = 0;
  const drafts: Draft[] = [];
  for (const { value: t, line } of ticketItems) {
    const id = str(t.id)!;
    const articles = [...(articlesOf.get(id) ?? [])];
    if (Array.isArray(t.articles))
      for (const a of t.articles as Obj[])
        articles.push({ value: a, line: nestedLines[nested++] ?? line, file: files.tickets.name });
    articles.sort((a, b) => String(a.value.created_at).localeCompare(String(b.value.created_at)));
    const first = articles[0];
    const customer = userEmail(t.customer_id, t.customer);
    const customerUser = users.get(str(t.customer_id) ?? '');
    const owner = userEmail(t.owner_id, t.owner);
    const draft: Draft = {
      where: { file: files.tickets.name, line },
      externalId: str(t.number) ?? id,
      title: str(t.title),
      description: first ? body(first.value) : '',
      state: str(t.state) ?? STATE_IDS[str(t.state_id) ?? ''],
      priority: str(t.priority) ?? PRIORITY_IDS[str(t.priority_id) ?? ''],
      createdAt: str(t.created_at),
      closedAt: str(t.close_at),
      requesterEmail: customer,
      requesterName: [customerUser?.firstname, customerUser?.lastname].filter(Boolean).join(' ') || undefined,
      // Zammad's "-" is its nobody.
      assignee: owner && owner !== '-' && str(t.owner_id) !== '1' ? owner : undefined,
      group: str(t.group),
      comments: [],
      attachments: [],
    };
    for (const [i, a] of articles.entries()) {
      if (i > 0)
        draft.comments.push({
          where: { file: a.file, line: a.line, field: 'created_at' },
          body: body(a.value),
          visibility: a.value.internal === true ? 'internal' : 'public',
          at: str(a.value.created_at),
          author: userEmail(a.value.created_by_id, a.value.created_by) ?? addressIn(a.value.from),
        });
      for (const file of Array.isArray(a.value.attachments) ? (a.value.attachments as Obj[]) : []) {
        draft.attachments.push({
          where: { file: a.file, line: a.line, field: 'attachments' },
          filename: String(file.filename ?? `attachment-${str(file.id)}`),
          load: () =>
            typeof file.data === 'string' ? Buffer.from(file.data, 'base64') : attachment(str(file.id) ?? ''),
          at: str(a.value.created_at),
        });
      }
    }
    drafts.push(draft);
  }
  return { drafts, issues: [] };
}
