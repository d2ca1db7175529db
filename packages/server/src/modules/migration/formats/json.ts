import { type ImportIssue, issue, jsonElementLines } from '../migration.model.js';

/** A JSON export file, parsed, with the line each listed object starts on. */
export interface JsonFile {
  name: string;
  data: unknown;
  lines: Map<string, number[]>;
}

/** Parses one export file; a file that is not JSON is one error naming it, not a crash. */
export function jsonFile(name: string, text: string): { file?: JsonFile; issues: ImportIssue[] } {
  try {
    return { file: { name, data: JSON.parse(text), lines: jsonElementLines(text) }, issues: [] };
  } catch (err) {
    return { issues: [issue({ file: name }, 'error', 'import.bad_json', { value: (err as Error).message })] };
  }
}

type Obj = Record<string, unknown>;

/**
 * The objects a file lists: a bare array, an API collection page (`items` in RT's REST2, `data`
 * elsewhere), or the array under `key` in a combined export. Each comes with its line.
 */
export function listOf(file: JsonFile | undefined, key?: string): { value: Obj; line: number }[] {
  if (!file) return [];
  const { data } = file;
  let path = '';
  let list: unknown;
  if (Array.isArray(data)) list = data;
  else if (data && typeof data === 'object') {
    for (const k of [key, 'items', 'data'].filter((k): k is string => !!k)) {
      if (Array.isArray((data as Obj)[k])) {
        path = k;
        list = (data as Obj)[k];
        break;
      }
    }
    // A single object (one GET /ticket/:id saved as is) is a list of one.
    if (!list && !key) list = [data];
  }
  if (!Array.isArray(list)) return [];
  const lines = file.lines.get(path) ?? [];
  return list.flatMap((value, i) =>
    value && typeof value === 'object' && !Array.isArray(value) ? [{ value: value as Obj, line: lines[i] ?? 1 }] : [],
  );
}
