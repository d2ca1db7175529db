import type { IncidentState, MessageKey, MessageParams, TimelineVisibility } from '@trellis/core';

/**
 * The shape every export format is read into, and the checks every record passes before it is
 * written. Pure: no I/O, unit-tested per format (test/unit/migration-*.test.ts).
 */

export const IMPORT_FORMATS = ['csv', 'xlsx', 'rt', 'glpi', 'zammad'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Where something was found: the file, its line (a spreadsheet row, or where a JSON object starts), the field. */
export interface Where {
  file: string;
  line?: number;
  field?: string;
}

export interface ImportIssue extends Where {
  /** An error rejects the record (or row); a warning imports it without the part named. */
  severity: 'error' | 'warning';
  code: MessageKey;
  params?: MessageParams;
  /** The source's number for the record the issue concerns, when known. */
  externalId?: string;
}

export const issue = (
  where: Where,
  severity: ImportIssue['severity'],
  code: MessageKey,
  params: MessageParams = {},
  externalId?: string,
): ImportIssue => ({ ...where, severity, code, params, externalId });

export const whereText = (w: Where) => `${w.file}${w.line ? `:${w.line}` : ''}`;

export interface DraftComment {
  where: Where;
  body: string;
  visibility: TimelineVisibility;
  at: string | undefined;
  author?: string;
}

export interface DraftAttachment {
  where: Where;
  filename: string;
  /** The bytes, or null when the file is not there. Called at write time, so a large export is not held in memory. */
  load: () => Buffer | null;
  at?: string;
}

/** A record as read from an export, its values still as the source wrote them. */
export interface Draft {
  where: Where;
  externalId: string | undefined;
  title: string | undefined;
  description: string | undefined;
  state: string | undefined;
  priority: string | undefined;
  createdAt: string | undefined;
  resolvedAt?: string;
  closedAt?: string;
  requesterEmail: string | undefined;
  requesterName?: string;
  assignee?: string;
  group?: string;
  category?: string;
  resolution?: string;
  comments: DraftComment[];
  attachments: DraftAttachment[];
}

export type Level = 1 | 2 | 3 | 4;

/** A record ready to be written: every value checked and in Trellis's terms. */
export interface ImportTicket {
  where: Where;
  externalId: string;
  title: string;
  description: string;
  state: IncidentState;
  level: Level;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  requester: { email: string; name: string };
  assignee: string | null;
  group: string | null;
  category: string | null;
  resolution: string | null;
  comments: { body: string; visibility: TimelineVisibility; at: string; author: string | null }[];
  attachments: DraftAttachment[];
}

/** How one format names its states and priorities, and the zone of its times written without one. */
export interface Vocabulary {
  state: (raw: string) => IncidentState | undefined;
  priority: (raw: string) => Level | undefined;
  /** "+08:00": the offset of times written without a zone (a spreadsheet's 2024-03-01 09:30). */
  utcOffset: string;
}

export const TITLE_MAX = 200;
const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;
const NAIVE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO time in UTC, or undefined when the text is no time at all. Times without a zone are read at `utcOffset`. */
export function parseTime(raw: string, utcOffset: string): string | undefined {
  const text = raw.trim().replace(/\//g, '-');
  if (ZONED.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const m = NAIVE.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1 || day > 31 || Number(h) > 23 || Number(mi) > 59 || Number(s) > 59)
    return undefined;
  const pad = (v: string | number, n = 2) => String(v).padStart(n, '0');
  const iso = `${y}-${pad(month)}-${pad(day)}T${pad(h)}:${pad(mi)}:${pad(s)}${utcOffset}`;
  const ms = Date.parse(iso);
  // Date.parse rolls 31 February over to March; a real date reads back the same day.
  if (Number.isNaN(ms) || new Date(ms + offsetMs(utcOffset)).getUTCDate() !== day) return undefined;
  return new Date(ms).toISOString();
}

function offsetMs(offset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';

/**
 * Checks a draft and turns it into Trellis's terms. Problems that make the record meaningless
 * (no number, no title, no requester, a state or time that cannot be read) reject it; a value
 * that is merely unknown here is the service's business (it warns and imports without it).
 */
export function checkDraft(draft: Draft, vocab: Vocabulary): { ticket?: ImportTicket; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const at = (field: string): Where => ({ ...draft.where, field });
  const id = draft.externalId?.trim();
  const fail = (field: string, code: MessageKey, params: MessageParams = {}) =>
    issues.push(issue(at(field), 'error', code, { field, ...params }, id));

  if (!id) fail('number', 'import.missing_field');
  let title = draft.title?.trim() ?? '';
  let description = draft.description ?? '';
  if (!title) fail('title', 'import.missing_field');
  else if ([...title].length > TITLE_MAX) {
    issues.push(issue(at('title'), 'warning', 'import.title_truncated', { max: TITLE_MAX }, id));
    description = description ? `${title}\n\n${description}` : title;
    title = [...title].slice(0, TITLE_MAX).join('');
  }
  let state: IncidentState | undefined;
  if (blank(draft.state)) fail('state', 'import.missing_field');
  else {
    state = vocab.state(draft.state!.trim());
    if (!state) fail('state', 'import.unknown_state', { value: draft.state!.trim() });
  }
  let level: Level = 3;
  if (!blank(draft.priority)) {
    const mapped = vocab.priority(draft.priority!.trim());
    if (mapped) level = mapped;
    else fail('priority', 'import.unknown_priority', { value: draft.priority!.trim() });
  }
  const time = (field: string, raw: string | undefined, required: boolean): string | null => {
    if (blank(raw)) {
      if (required) fail(field, 'import.missing_field');
      return null;
    }
    const parsed = parseTime(raw!, vocab.utcOffset);
    if (!parsed) fail(field, 'import.bad_time', { value: raw!.trim() });
    return parsed ?? null;
  };
  const createdAt = time('created_at', draft.createdAt, true);
  let resolvedAt = time('resolved_at', draft.resolvedAt, false);
  let closedAt = time('closed_at', draft.closedAt, false);
  for (const [field, value] of [
    ['resolved_at', resolvedAt],
    ['closed_at', closedAt],
  ] as const)
    if (createdAt && value && value < createdAt) fail(field, 'import.time_order', { value });
  const email = draft.requesterEmail?.trim().toLowerCase() ?? '';
  if (!email) fail('requester_email', 'import.missing_field');
  else if (!EMAIL.test(email)) fail('requester_email', 'import.bad_email', { value: email });

  const comments: ImportTicket['comments'] = [];
  for (const c of draft.comments) {
    if (!c.body.trim()) continue;
    const parsed = c.at ? parseTime(c.at, vocab.utcOffset) : createdAt;
    if (!parsed) {
      issues.push(
        issue(
          { ...c.where, field: c.where.field ?? 'comment_at' },
          'error',
          'import.bad_time',
          {
            field: c.where.field ?? 'comment_at',
            value: c.at ?? '',
          },
          id,
        ),
      );
      continue;
    }
    comments.push({ body: c.body, visibility: c.visibility, at: parsed, author: c.author?.trim() || null });
  }
  if (issues.some((i) => i.severity === 'error') || !state || !createdAt || !id) return { issues };

  // A finished record carries when it finished: the source's time, else its last word, else its creation.
  const finished = state === 'resolved' || state === 'archived' || state === 'cancelled';
  let lastWord = createdAt;
  for (const c of comments) if (c.at > lastWord) lastWord = c.at;
  if (finished && state !== 'cancelled') resolvedAt ??= closedAt ?? lastWord;
  if (state === 'archived' || state === 'cancelled') closedAt ??= resolvedAt ?? lastWord;
  if (!finished) {
    resolvedAt = null;
    closedAt = null;
  }
  if (state === 'resolved') closedAt = null;
  comments.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    issues,
    ticket: {
      where: draft.where,
      externalId: id,
      title,
      description,
      state,
      level,
      createdAt,
      resolvedAt,
      closedAt,
      requester: { email, name: draft.requesterName?.trim() || email.split('@')[0]! },
      assignee: draft.assignee?.trim() || null,
      group: draft.group?.trim() || null,
      category: draft.category?.trim() || null,
      resolution: draft.resolution?.trim() || null,
      comments,
      attachments: draft.attachments,
    },
  };
}

/** A lookup that ignores case and surrounding spaces. */
export function vocabulary<T>(table: Record<string, T>): (raw: string) => T | undefined {
  const map = new Map(Object.entries(table).map(([k, v]) => [k.trim().toLowerCase(), v]));
  return (raw) => map.get(raw.trim().toLowerCase());
}

/** HTML bodies (GLPI, Zammad, RT's text/html parts) as the plain text the timeline shows. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<\s*br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  amp: '&',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  middot: '·',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * The line each element of the JSON arrays starts on, by the key path of its array ('' for a
 * top-level array, 'items' for a REST collection's page), so a bad object is reported where it is.
 */
export function jsonElementLines(text: string): Map<string, number[]> {
  const lines = new Map<string, number[]>();
  const stack: { array: boolean; path: string; key: string | null }[] = [];
  let line = 1;
  // Where the last string was, sliced only when it turns out to be a key (most strings are values).
  let lastStart = -1;
  let lastEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '\n') line++;
    else if (ch === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') j++;
        else if (text[j] === '\n') line++;
        j++;
      }
      lastStart = i + 1;
      lastEnd = j;
      i = j;
    } else if (ch === ':') {
      const top = stack.at(-1);
      if (top && !top.array) top.key = lastStart >= 0 ? text.slice(lastStart, lastEnd) : null;
    } else if (ch === '{' || ch === '[') {
      const parent = stack.at(-1);
      if (parent?.array) {
        const list = lines.get(parent.path) ?? [];
        list.push(line);
        lines.set(parent.path, list);
      }
      const path = !parent
        ? ''
        : parent.array
          ? parent.path
          : parent.path
            ? `${parent.path}.${parent.key}`
            : String(parent.key);
      stack.push({ array: ch === '[', path, key: null });
    } else if (ch === '}' || ch === ']') stack.pop();
    else if (ch === ',') {
      const top = stack.at(-1);
      if (top && !top.array) top.key = null;
    } else if (ch !== ' ' && ch !== '\t' && ch !== '\r') {
      const parent = stack.at(-1);
      if (parent?.array && /[-\d tfn]/.test(ch)) {
        // A scalar element: record it once, then skip to its end.
        const list = lines.get(parent.path) ?? [];
        list.push(line);
        lines.set(parent.path, list);
        while (i + 1 < text.length && !/[,\]\s]/.test(text[i + 1]!)) i++;
      }
    }
  }
  return lines;
}
