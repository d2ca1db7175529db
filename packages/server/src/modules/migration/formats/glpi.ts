import { type Draft, htmlToText, type Vocabulary, vocabulary } from '../migration.model.js';
import { type JsonFile, listOf } from './json.js';

/**
 * GLPI's REST API (apirest.php) export: `GET /Ticket`, `/ITILFollowup`, `/TicketTask`,
 * `/Document_Item`, `/Document`, `/Ticket_User`, `/User`, `/UserEmail` (and optionally
 * `/ITILCategory`, `/Group`, `/Group_Ticket`, `/ITILSolution`), one JSON array per item type, as
 * the API returns them. Document files are read from the export's `files/` folder by the
 * Document's `filepath` (as GLPI stores them) or `filename`.
 *
 * GLPI writes times without a zone, in the server's zone, and keeps text as encoded HTML.
 */
export const glpiVocabulary = (utcOffset: string): Vocabulary => ({
  utcOffset,
  // Ticket::INCOMING … Ticket::CLOSED
  state: vocabulary({
    '1': 'pending',
    '2': 'in_progress',
    '3': 'in_progress',
    '4': 'on_hold',
    '5': 'resolved',
    '6': 'archived',
  }),
  // very low, low, medium, high, very high, major
  priority: vocabulary({ '1': 4, '2': 4, '3': 3, '4': 2, '5': 1, '6': 1 } as const),
});

type Obj = Record<string, unknown>;
const str = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : String(v));
/** GLPI stores HTML entity-encoded (&lt;p&gt;): decode once, then read as HTML. */
const text = (v: unknown) => htmlToText(htmlToText(String(v ?? '')));

export interface GlpiFiles {
  Ticket: JsonFile;
  ITILFollowup?: JsonFile;
  TicketTask?: JsonFile;
  Document_Item?: JsonFile;
  Document?: JsonFile;
  Ticket_User?: JsonFile;
  User?: JsonFile;
  UserEmail?: JsonFile;
  ITILCategory?: JsonFile;
  Group?: JsonFile;
  Group_Ticket?: JsonFile;
  ITILSolution?: JsonFile;
}

function groupBy(file: JsonFile | undefined, key: (o: Obj) => string | undefined) {
  const map = new Map<string, { value: Obj; line: number }[]>();
  for (const item of listOf(file)) {
    const k = key(item.value);
    if (!k) continue;
    const list = map.get(k) ?? [];
    list.push(item);
    map.set(k, list);
  }
  return map;
}

const onTicket = (o: Obj) => (o.itemtype === 'Ticket' ? str(o.items_id) : undefined);

export function readGlpi(files: GlpiFiles, document: (doc: { filepath?: string; filename?: string }) => Buffer | null) {
  const byId = (file: JsonFile | undefined) => new Map(listOf(file).map(({ value }) => [str(value.id)!, value]));
  const users = byId(files.User);
  const documents = byId(files.Document);
  const categories = byId(files.ITILCategory);
  const groupNames = byId(files.Group);
  const emails = new Map<string, string>();
  for (const { value } of listOf(files.UserEmail)) {
    const user = str(value.users_id);
    if (user && value.email && (!emails.has(user) || Number(value.is_default) === 1))
      emails.set(user, String(value.email));
  }
  const followups = groupBy(files.ITILFollowup, onTicket);
  const tasks = groupBy(files.TicketTask, (o) => str(o.tickets_id));
  const docItems = groupBy(files.Document_Item, onTicket);
  const actors = groupBy(files.Ticket_User, (o) => str(o.tickets_id));
  const groups = groupBy(files.Group_Ticket, (o) => str(o.tickets_id));
  const solutions = groupBy(files.ITILSolution, onTicket);
  const person = (userId: string | undefined) => {
    const user = userId ? users.get(userId) : undefined;
    const name = [user?.firstname, user?.realname].filter(Boolean).join(' ') || str(user?.name);
    return { email: userId ? emails.get(userId) : undefined, name, login: str(user?.name) };
  };
  const drafts: Draft[] = [];
  for (const { value: t, line } of listOf(files.Ticket)) {
    const id = str(t.id)!;
    const people = actors.get(id) ?? [];
    // Ticket_User type: 1 requester, 2 assigned, 3 observer.
    const requesterId =
      str(people.find((p) => Number(p.value.type) === 1)?.value.users_id) ?? str(t.users_id_recipient);
    const requester = person(requesterId);
    const assigned = person(str(people.find((p) => Number(p.value.type) === 2)?.value.users_id));
    const group = (groups.get(id) ?? []).find((g) => Number(g.value.type) === 2);
    const solution = (solutions.get(id) ?? []).at(-1);
    const draft: Draft = {
      where: { file: files.Ticket.name, line },
      externalId: id,
      title: str(t.name),
      description: text(t.content),
      state: str(t.status),
      priority: str(t.priority),
      createdAt: str(t.date) ?? str(t.date_creation),
      resolvedAt: str(t.solvedate),
      closedAt: str(t.closedate),
      requesterEmail: requester.email ?? requester.login,
      requesterName: requester.name,
      assignee: assigned.email ?? assigned.login,
      group: group ? str(groupNames.get(str(group.value.groups_id)!)?.name) : undefined,
      category: str(categories.get(str(t.itilcategories_id) ?? '')?.name),
      resolution: solution ? text(solution.value.content) : undefined,
      comments: [],
      attachments: [],
    };
    for (const [file, list] of [
      [files.ITILFollowup, followups.get(id)],
      [files.TicketTask, tasks.get(id)],
    ] as const) {
      for (const { value, line: at } of list ?? [])
        draft.comments.push({
          where: { file: file!.name, line: at, field: 'date' },
          body: text(value.content),
          visibility: Number(value.is_private) === 1 ? 'internal' : 'public',
          at: str(value.date) ?? str(value.date_creation),
          author: person(str(value.users_id)).email ?? person(str(value.users_id)).login,
        });
    }
    for (const { value, line: at } of docItems.get(id) ?? []) {
      const doc = documents.get(str(value.documents_id) ?? '');
      const filename = str(doc?.filename) ?? `document-${str(value.documents_id)}`;
      draft.attachments.push({
        where: { file: files.Document_Item!.name, line: at, field: 'documents_id' },
        filename,
        load: () => (doc ? document({ filepath: str(doc.filepath), filename: str(doc.filename) }) : null),
      });
    }
    drafts.push(draft);
  }
  return { drafts, issues: [] };
}
