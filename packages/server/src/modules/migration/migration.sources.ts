import fs from 'node:fs';
import path from 'node:path';
import { readFirstSheet } from '../../platform/spreadsheet/xlsx.js';
import { glpiVocabulary, readGlpi } from './formats/glpi.js';
import { type JsonFile, jsonFile } from './formats/json.js';
import { readRt, rtVocabulary } from './formats/rt.js';
import { parseCsv, readTable, TABLE_COLUMNS, type TableRow, tableVocabulary } from './formats/table.js';
import { readZammad, zammadVocabulary } from './formats/zammad.js';
import { type Draft, type ImportFormat, type ImportIssue, issue, type Vocabulary } from './migration.model.js';

/**
 * Reads an export from disk into drafts: the only part of the import that knows about files.
 * `input` is a file, or a folder holding the format's files (docs/migrating.md lists them).
 */
export interface ReadExport {
  drafts: Draft[];
  issues: ImportIssue[];
  vocabulary: Vocabulary;
}

/** A file inside `dir` by a name the export gave; never outside it ("../../etc/passwd"). */
function inside(dir: string, name: string): string | null {
  const full = path.resolve(dir, name);
  return full.startsWith(path.resolve(dir) + path.sep) ? full : null;
}

function readInside(dir: string, name: string): Buffer | null {
  const full = inside(dir, name);
  if (!full) return null;
  try {
    return fs.statSync(full).isFile() ? fs.readFileSync(full) : null;
  } catch {
    return null;
  }
}

const display = (file: string) => path.basename(file);

export async function readExport(
  format: ImportFormat,
  input: string,
  options: { utcOffset: string },
): Promise<ReadExport> {
  const stat = fs.statSync(input);
  const dir = stat.isDirectory() ? input : path.dirname(input);
  const issues: ImportIssue[] = [];

  const json = (...names: string[]): JsonFile | undefined => {
    for (const name of names) {
      const full = path.join(dir, name);
      if (!fs.existsSync(full)) continue;
      const parsed = jsonFile(name, fs.readFileSync(full, 'utf8'));
      issues.push(...parsed.issues);
      return parsed.file;
    }
    return undefined;
  };
  /** A single combined JSON file given instead of a folder: each part under its key. */
  const combined = (): Record<string, JsonFile> | null => {
    if (stat.isDirectory()) return null;
    const parsed = jsonFile(display(input), fs.readFileSync(input, 'utf8'));
    issues.push(...parsed.issues);
    if (!parsed.file) return {};
    const data = parsed.file.data as Record<string, unknown>;
    if (Array.isArray(data) || !data || typeof data !== 'object') return { tickets: parsed.file, Ticket: parsed.file };
    const parts: Record<string, JsonFile> = {};
    for (const key of Object.keys(data))
      parts[key] = { name: parsed.file.name, data: data[key], lines: prefixed(parsed.file.lines, key) };
    return parts;
  };

  switch (format) {
    case 'csv':
    case 'xlsx': {
      const file = stat.isDirectory() ? findTable(input, format) : input;
      if (!file) {
        issues.push(issue({ file: display(input) }, 'error', 'import.bad_file', { value: `*.${format}` }));
        return { drafts: [], issues, vocabulary: tableVocabulary(options.utcOffset) };
      }
      const rows: TableRow[] =
        format === 'csv'
          ? parseCsv(fs.readFileSync(file, 'utf8'))
          : await readFirstSheet(fs.readFileSync(file), {
              columns: Object.keys(TABLE_COLUMNS).length + 10,
              maxRows: 10_000_000,
              maxUnpacked: 4 * 1024 * 1024 * 1024,
              headerRows: 0,
            }).then((r) => r.map((row) => ({ line: row.row, cells: Array.from(row.cells, (c) => c ?? '') })));
      const attachments = path.join(path.dirname(file), 'attachments');
      const read = readTable(display(file), rows, (name) => readInside(attachments, name));
      return {
        drafts: read.drafts,
        issues: [...issues, ...read.issues],
        vocabulary: tableVocabulary(options.utcOffset),
      };
    }
    case 'rt': {
      const parts = combined();
      const files = parts
        ? {
            tickets: parts.tickets!,
            transactions: parts.transactions,
            attachments: parts.attachments,
            users: parts.users,
            queues: parts.queues,
          }
        : {
            tickets: json('tickets.json')!,
            transactions: json('transactions.json'),
            attachments: json('attachments.json'),
            users: json('users.json'),
            queues: json('queues.json'),
          };
      if (!files.tickets) return missing(issues, input, 'tickets.json', rtVocabulary(options.utcOffset));
      const read = readRt(files);
      return { drafts: read.drafts, issues: [...issues, ...read.issues], vocabulary: rtVocabulary(options.utcOffset) };
    }
    case 'glpi': {
      const types = [
        'Ticket',
        'ITILFollowup',
        'TicketTask',
        'Document_Item',
        'Document',
        'Ticket_User',
        'User',
        'UserEmail',
        'ITILCategory',
        'Group',
        'Group_Ticket',
        'ITILSolution',
      ] as const;
      const parts = combined();
      const files = Object.fromEntries(types.map((t) => [t, parts ? parts[t] : json(`${t}.json`)])) as Record<
        (typeof types)[number],
        JsonFile | undefined
      >;
      if (!files.Ticket) return missing(issues, input, 'Ticket.json', glpiVocabulary(options.utcOffset));
      const filesDir = path.join(dir, 'files');
      const read = readGlpi(
        { ...files, Ticket: files.Ticket },
        (doc) =>
          (doc.filepath ? readInside(filesDir, doc.filepath) : null) ??
          (doc.filename ? readInside(filesDir, doc.filename) : null),
      );
      return {
        drafts: read.drafts,
        issues: [...issues, ...read.issues],
        vocabulary: glpiVocabulary(options.utcOffset),
      };
    }
    case 'zammad': {
      const parts = combined();
      const files = parts
        ? { tickets: parts.tickets!, articles: parts.articles, users: parts.users }
        : { tickets: json('tickets.json')!, articles: json('articles.json'), users: json('users.json') };
      if (!files.tickets) return missing(issues, input, 'tickets.json', zammadVocabulary(options.utcOffset));
      const attachments = path.join(dir, 'attachments');
      const read = readZammad(files, (id) => readInside(attachments, id));
      return {
        drafts: read.drafts,
        issues: [...issues, ...read.issues],
        vocabulary: zammadVocabulary(options.utcOffset),
      };
    }
  }
}

function missing(issues: ImportIssue[], input: string, name: string, vocabulary: Vocabulary): ReadExport {
  issues.push(issue({ file: path.join(display(input), name) }, 'error', 'import.bad_file', { value: name }));
  return { drafts: [], issues, vocabulary };
}

function findTable(dir: string, ext: string): string | null {
  const name = fs
    .readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith(`.${ext}`))
    .sort()[0];
  return name ? path.join(dir, name) : null;
}

/** Line tables of a combined file, re-rooted under one of its keys. */
function prefixed(lines: Map<string, number[]>, key: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [p, list] of lines) {
    if (p === key) out.set('', list);
    else if (p.startsWith(`${key}.`)) out.set(p.slice(key.length + 1), list);
    else out.set(p, list);
  }
  return out;
}
