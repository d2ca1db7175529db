import {
  type Draft,
  type DraftAttachment,
  htmlToText,
  type ImportIssue,
  type Vocabulary,
  vocabulary,
} from '../migration.model.js';
import { type JsonFile, listOf } from './json.js';

/**
 * Request Tracker 5's REST2 export: tickets, their transactions and the transactions' attachments,
 * each as REST2 returns them (GET /ticket/:id, /transaction/:id, /attachment/:id; arrays of those,
 * or REST2 collection pages with `items`). Users (GET /user/:id) are optional and give requestors
 * whose name is not an e-mail address their address and real name.
 *
 * RT's Create transaction holds the ticket's description; Correspond is a public reply, Comment an
 * internal note; attachments with a Filename are files. Content is base64, as REST2 sends it.
 */

/** RT's lifecycle "default": resolved is final in RT (no sign-off), so it is archived here. */
export const rtVocabulary = (utcOffset: string): Vocabulary => ({
  utcOffset,
  state: vocabulary({
    new: 'pending',
    open: 'in_progress',
    stalled: 'on_hold',
    resolved: 'archived',
    rejected: 'cancelled',
    deleted: 'cancelled',
  }),
  priority: (raw) => {
    const named = vocabulary({ low: 4, medium: 3, high: 2 } as const)(raw);
    if (named) return named;
    const n = Number(raw);
    if (!Number.isFinite(n) || raw.trim() === '') return undefined;
    // RT 5's PriorityAsString default: Low 0, Medium 50, High 100.
    return n >= 90 ? 2 : n >= 50 ? 3 : 4;
  },
});

type Obj = Record<string, unknown>;
const str = (v: unknown): string | undefined =>
  v === undefined || v === null ? undefined : typeof v === 'object' ? str((v as Obj).id) : String(v);
const UNSET = '1970-01-01T00:00:00Z';
const time = (v: unknown) => {
  const s = str(v);
  return s && s !== UNSET ? s : undefined;
};

function decode(attachment: Obj): string {
  const content = typeof attachment.Content === 'string' ? attachment.Content : '';
  const text = Buffer.from(content, 'base64').toString('utf8');
  return String(attachment.ContentType ?? '').toLowerCase() === 'text/html' ? htmlToText(text) : text.trim();
}

export function readRt(files: {
  tickets: JsonFile;
  transactions?: JsonFile;
  attachments?: JsonFile;
  users?: JsonFile;
  queues?: JsonFile;
}) {
  const issues: ImportIssue[] = [];
  const drafts: Draft[] = [];
  const users = new Map<string, Obj>();
  for (const { value } of listOf(files.users))
    for (const key of [str(value.id), str(value.Name)]) if (key) users.set(key, value);
  const queues = new Map<string, string>();
  for (const { value } of listOf(files.queues)) if (str(value.id)) queues.set(str(value.id)!, String(value.Name ?? ''));

  const attachmentsOf = new Map<string, Obj[]>();
  for (const { value } of listOf(files.attachments)) {
    const txn = str(value.TransactionId);
    if (!txn) continue;
    const list = attachmentsOf.get(txn) ?? [];
    list.push(value);
    attachmentsOf.set(txn, list);
  }
  const transactionsOf = new Map<string, { value: Obj; line: number }[]>();
  for (const item of listOf(files.transactions)) {
    const ticket = str(item.value.Object) ?? str(item.value.ObjectId);
    if (!ticket || (item.value.ObjectType && item.value.ObjectType !== 'RT::Ticket')) continue;
    const list = transactionsOf.get(ticket) ?? [];
    list.push(item);
    transactionsOf.set(ticket, list);
  }
  const email = (userId: string | undefined) => {
    if (!userId) return { email: undefined, name: undefined };
    const user = users.get(userId);
    const address = (user?.EmailAddress as string | undefined) || (userId.includes('@') ? userId : undefined);
    return { email: address, name: (user?.RealName as string | undefined) || userId };
  };

  for (const { value: t, line } of listOf(files.tickets)) {
    const id = str(t.id);
    const where = { file: files.tickets.name, line };
    const requestors = Array.isArray(t.Requestor) ? (t.Requestor as unknown[]) : t.Requestor ? [t.Requestor] : [];
    const requester = email(str(requestors[0]));
    const owner = str(t.Owner);
    const draft: Draft = {
      where,
      externalId: id,
      title: str(t.Subject),
      description: '',
      state: str(t.Status),
      priority: str(t.Priority),
      createdAt: time(t.Created),
      resolvedAt: time(t.Resolved),
      requesterEmail: requester.email ?? (requestors.length ? str(requestors[0]) : undefined),
      requesterName: requester.name,
      assignee: owner && owner !== 'Nobody' ? (email(owner).email ?? owner) : undefined,
      group: queues.get(str(t.Queue) ?? '') || undefined,
      comments: [],
      attachments: [],
    };
    for (const { value: txn, line: txnLine } of transactionsOf.get(id ?? '') ?? []) {
      const type = String(txn.Type ?? '');
      if (type !== 'Create' && type !== 'Correspond' && type !== 'Comment') continue;
      const parts = attachmentsOf.get(str(txn.id) ?? '') ?? [];
      const body =
        parts.find((p) => !p.Filename && String(p.ContentType).toLowerCase() === 'text/plain') ??
        parts.find((p) => !p.Filename && String(p.ContentType).toLowerCase() === 'text/html');
      const text = body ? decode(body) : '';
      const txnWhere = { file: files.transactions?.name ?? files.tickets.name, line: txnLine };
      if (type === 'Create' && !draft.description) draft.description = text;
      else if (text)
        draft.comments.push({
          where: { ...txnWhere, field: 'Created' },
          body: text,
          visibility: type === 'Comment' ? 'internal' : 'public',
          at: time(txn.Created),
          author: email(str(txn.Creator)).email ?? str(txn.Creator),
        });
      for (const part of parts.filter((p) => p.Filename)) {
        const file: DraftAttachment = {
          where: { file: files.attachments?.name ?? txnWhere.file, field: 'Filename' },
          filename: String(part.Filename),
          load: () => Buffer.from(typeof part.Content === 'string' ? part.Content : '', 'base64'),
          at: time(part.Created),
        };
        draft.attachments.push(file);
      }
    }
    drafts.push(draft);
  }
  return { drafts, issues };
}
