import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely';
import type { Db } from './database.js';

/**
 * Migrations are the files of one folder, applied in name order (names start with their date).
 * Adding one is adding a file; nothing lists them.
 */
const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');

let loaded: Promise<Record<string, Migration>> | null = null;

function loadMigrations(): Promise<Record<string, Migration>> {
  loaded ??= (async () => {
    const files = fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => /\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    const entries = await Promise.all(
      files.map(async (file) => {
        const module = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
        return [file.replace(/\.(ts|js|mjs)$/, ''), module] as const;
      }),
    );
    return Object.fromEntries(entries);
  })();
  return loaded;
}

const provider: MigrationProvider = { getMigrations: loadMigrations };

export function migrator(db: Db): Migrator {
  return new Migrator({ db, provider });
}

export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const result = await migrator(db).migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** For /readyz: every known migration has been applied. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
