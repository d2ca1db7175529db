import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The module boundaries of docs/decisions/0004-module-boundaries.md, checked on the source:
 * a module reaches another through its index.ts (or a domain event), never through its tables.
 */
const SRC = path.resolve(import.meta.dirname, '../../src');
const MODULES_DIR = path.join(SRC, 'modules');

/** Tables any module may join for labels (names of people, organisations, groups, services, categories). */
const REFERENCE_TABLES = new Set([
  'users',
  'organizations',
  'departments',
  'support_groups',
  'group_members',
  'group_organizations',
  'services',
  'categories',
]);
/**
 * The record core every record kind is built on (ARCHITECTURE.md, "The shared record core"): its row,
 * timeline, watchers and links are read by the kinds and the lists over them; only the records
 * module writes them.
 */
const SHARED_READ_TABLES = new Set(['work_records', 'record_timeline', 'record_watchers', 'record_links']);

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const moduleOf = (file: string) => path.relative(MODULES_DIR, file).split(path.sep)[0]!;
const moduleFiles = tsFiles(MODULES_DIR).filter((file) => path.dirname(file) !== MODULES_DIR);

/** Table → owning module, from each `*.table.ts`'s `<Name>Tables` interface. */
function tableOwners(): Map<string, string> {
  const owners = new Map<string, string>();
  for (const file of moduleFiles.filter((f) => f.endsWith('.table.ts'))) {
    const block = fs.readFileSync(file, 'utf8').match(/export interface \w+Tables \{([^}]*)\}/);
    for (const [, table] of block?.[1]?.matchAll(/(\w+):/g) ?? []) owners.set(table!, moduleOf(file));
  }
  return owners;
}

describe('module boundaries', () => {
  it('knows who owns every table', () => {
    expect(tableOwners().size).toBeGreaterThan(60);
  });

  it('imports other modules only through their index.ts, never their tables', () => {
    const offences: string[] = [];
    for (const file of moduleFiles) {
      const own = moduleOf(file);
      for (const [, target, name] of fs.readFileSync(file, 'utf8').matchAll(/from '\.\.\/([\w-]+)\/([\w.-]+)\.js'/g)) {
        if (target !== own && name !== 'index') offences.push(`${path.relative(SRC, file)} → ${target}/${name}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it('keeps the platform free of module imports (the Database type composition aside)', () => {
    const offences = tsFiles(path.join(SRC, 'platform'))
      .filter((file) => /from '(\.\.\/)+modules\//.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(SRC, file));
    expect(offences).toEqual(['platform/db/schema.ts']);
  });

  it('writes only its own tables, and reads others only for labels or the record core', () => {
    const owners = tableOwners();
    const offences: string[] = [];
    for (const file of moduleFiles) {
      const own = moduleOf(file);
      const source = fs.readFileSync(file, 'utf8');
      for (const [, verb, table] of source.matchAll(
        /\b(selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin)\(\s*'(\w+)(?: as \w+)?'/g,
      )) {
        const owner = owners.get(table!);
        if (!owner || owner === own) continue;
        const writes = verb === 'insertInto' || verb === 'updateTable' || verb === 'deleteFrom';
        if (!writes && (REFERENCE_TABLES.has(table!) || SHARED_READ_TABLES.has(table!))) continue;
        offences.push(`${path.relative(SRC, file)} ${verb} ${table} (${owner})`);
      }
      // Raw SQL that writes another module's table.
      for (const [, table] of source.matchAll(/\b(?:update|insert into|delete from)\s+(\w+)\b/gi)) {
        const owner = owners.get(table!);
        if (owner && owner !== own) offences.push(`${path.relative(SRC, file)} sql write ${table} (${owner})`);
      }
    }
    expect(offences).toEqual([]);
  });
});
