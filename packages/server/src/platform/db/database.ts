import { once } from 'node:events';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The SQLite file, for backup and restore; undefined on PostgreSQL. */
  sqlitePath?: string;
  close(): Promise<void>;
}

// COUNT(*) and BIGINT come back from pg as strings; numbers are what the code expects.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

export function openDatabase(options: { databaseUrl?: string; dataDir: string; poolSize?: number }): DatabaseHandle {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 });
    // A dropped connection must not crash the process. Idle ones report on the pool, which replaces
    // them; one in use reports on its client (pg-pool detaches its listener while a client is out),
    // and the query running on it fails on its own, so the request answers an error and the next
    // checkout connects afresh. Without this listener the first outage killed the app.
    pool.on('error', () => {});
    pool.on('connect', (client) => {
      client.on('error', () => {});
    });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, dialect: 'postgres', close: () => db.destroy() };
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const sqlitePath = path.join(options.dataDir, 'trellis.db');
  const sqlite = new SQLite(sqlitePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  // Sorts and temporary indexes in memory; 16 MB of page cache instead of 2.
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('cache_size = -16384');
  // Checkpoints (copying the WAL into the database, with an fsync) run on a thread of their own; the
  // writer only checkpoints itself should that thread fall far behind or stop.
  sqlite.pragma(`wal_autocheckpoint = ${WAL_SAFETY_PAGES}`);
  sqlite.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  const checkpoints = checkpointInBackground(sqlitePath);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reusingStatements(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    sqlitePath,
    close: async () => {
      // The checkpointer's connection closes first, so the writer's is the last and folds the WAL in.
      await checkpoints.stop();
      await db.destroy();
    },
  };
}

/** WAL pages (4 KB each) before the writer checkpoints on its own: a safety net, not the usual path. */
const WAL_SAFETY_PAGES = 20_000;
const CHECKPOINT_EVERY_MS = 200;

const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.path);
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {}
}, workerData.everyMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * A checkpoint copies the WAL's pages into the database file and fsyncs it. Done by the writer (SQLite's
 * default, every 1,000 pages) it stopped the event loop, and every request with it, for 5–100 ms at a time
 * under write load: most of the commit time and the p99. A worker thread with its own connection runs a
 * passive checkpoint every 200 ms instead; passive never waits for, nor blocks, the writer.
 */
function checkpointInBackground(sqlitePath: string): { stop(): Promise<void> } {
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: {
      path: sqlitePath,
      driver: createRequire(import.meta.url).resolve('better-sqlite3'),
      everyMs: CHECKPOINT_EVERY_MS,
    },
  });
  // Not a reason to keep the process alive, and its failure only means the writer checkpoints itself.
  worker.unref();
  worker.on('error', () => {});
  let stopped: Promise<void> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        // Closing is awaited: the thread (and a timer, should it not answer) keep the process alive till then.
        worker.ref();
        const exited = once(worker, 'exit').then(() => {});
        worker.postMessage('stop');
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, 2000);
        });
        await Promise.race([exited, timeout]);
        clearTimeout(timer);
        await worker.terminate();
      })();
      return stopped;
    },
  };
}

/** How many distinct statements stay prepared: every query the app writes, with room for IN-list variants. */
const STATEMENT_CACHE_SIZE = 2000;

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing cost as much CPU as running
 * (a fifth of the server's time under write load). The text of a query built by Kysely is the same
 * each time, so its prepared statement is kept, least recently used out. better-sqlite3 runs a
 * statement to completion synchronously, so reuse is safe; the one exception, a statement still
 * being iterated by a streamed query, reports itself busy and gets a fresh one.
 */
export function reusingStatements(sqlite: SQLite.Database, size = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      const cached = cache.get(sql);
      if (cached && !cached.busy) {
        // Most recently used goes last, so the first key is the one to evict.
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = sqlite.prepare(sql);
      if (!cached) {
        cache.set(sql, statement);
        if (cache.size > size) cache.delete(cache.keys().next().value!);
      }
      return statement;
    },
  };
}
