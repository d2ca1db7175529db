import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';

const run = promisify(execFile);

/**
 * SQLite: an online, consistent copy through SQLite's backup API while the app may be running.
 * PostgreSQL: pg_dump in its custom format.
 */
export async function backup(options: { sqlitePath?: string; databaseUrl?: string; target: string }): Promise<string> {
  const target = path.resolve(options.target);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  if (options.databaseUrl) {
    await run('pg_dump', ['--format=custom', '--no-owner', `--file=${target}`, options.databaseUrl]);
    return target;
  }
  if (!options.sqlitePath || !fs.existsSync(options.sqlitePath))
    throw new Error(`no database at ${options.sqlitePath}`);
  const db = new SQLite(options.sqlitePath, { readonly: true });
  try {
    await db.backup(target);
  } finally {
    db.close();
  }
  return target;
}

/** Replaces the database with a backup. The app must be stopped. */
export async function restore(options: { sqlitePath?: string; databaseUrl?: string; source: string }): Promise<void> {
  const source = path.resolve(options.source);
  if (!fs.existsSync(source)) throw new Error(`no backup at ${source}`);
  if (options.databaseUrl) {
    await run('pg_restore', ['--clean', '--if-exists', '--no-owner', `--dbname=${options.databaseUrl}`, source]);
    return;
  }
  if (!options.sqlitePath) throw new Error('no SQLite path configured');
  const check = new SQLite(source, { readonly: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`backup failed its integrity check: ${String(ok)}`);
  } finally {
    check.close();
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(`${options.sqlitePath}${suffix}`, { force: true });
  fs.mkdirSync(path.dirname(options.sqlitePath), { recursive: true });
  fs.copyFileSync(source, options.sqlitePath);
}
