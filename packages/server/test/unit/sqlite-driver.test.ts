import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Generated, Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, reusingStatements } from '../../src/platform/db/database.js';

type TestDb = Kysely<{ t: { id: Generated<number>; v: string } }>;

describe('SQLite statement reuse', () => {
  const open: SQLite.Database[] = [];
  const sqlite = () => {
    const db = new SQLite(':memory:');
    db.exec('create table t (id integer primary key, v text)');
    open.push(db);
    return db;
  };
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
  });

  it('prepares a query once and hands back the same statement for the same text', () => {
    const db = reusingStatements(sqlite());
    const first = db.prepare('select * from t where id = ?');
    expect(db.prepare('select * from t where id = ?')).toBe(first);
    expect(db.prepare('select * from t where v = ?')).not.toBe(first);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const raw = sqlite();
    raw.prepare('insert into t (v) values (?), (?), (?)').run('a', 'b', 'c');
    const db = reusingStatements(raw);
    const streaming = db.prepare('select v from t order by id');
    const rows = streaming.iterate();
    expect(rows.next().value).toEqual({ v: 'a' });
    const meanwhile = db.prepare('select v from t order by id');
    expect(meanwhile).not.toBe(streaming);
    expect(meanwhile.all()).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
    expect([...rows]).toEqual([{ v: 'b' }, { v: 'c' }]);
    // Done iterating, the cached one is reused again.
    expect(db.prepare('select v from t order by id')).toBe(streaming);
  });

  it('keeps the most recently used statements within its size', () => {
    const db = reusingStatements(sqlite(), 2);
    const a = db.prepare('select 1');
    const b = db.prepare('select 2');
    expect(db.prepare('select 1')).toBe(a);
    db.prepare('select 3'); // evicts "select 2", the least recently used
    expect(db.prepare('select 1')).toBe(a);
    expect(db.prepare('select 2')).not.toBe(b);
  });

  it('runs the app database through the cache, with results unchanged', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-stmt-'));
    const handle = openDatabase({ dataDir });
    try {
      await handle.db.schema
        .createTable('t')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('v', 'text')
        .execute();
      const t = handle.db as unknown as TestDb;
      for (const v of ['x', 'y']) await t.insertInto('t').values({ v }).execute();
      const read = () => t.selectFrom('t').select('v').where('v', '=', 'y').execute();
      expect(await read()).toEqual([{ v: 'y' }]);
      await t.updateTable('t').set({ v: 'z' }).where('v', '=', 'y').execute();
      expect(await read()).toEqual([]);
      expect(await t.selectFrom('t').select('v').orderBy('id').execute()).toEqual([{ v: 'x' }, { v: 'z' }]);
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('SQLite checkpoints', () => {
  it('copies committed writes into the database file in the background, without the writer', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trellis-ckpt-'));
    const handle = openDatabase({ dataDir });
    try {
      const t = handle.db as unknown as TestDb;
      await handle.db.schema
        .createTable('t')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('v', 'text')
        .execute();
      // A few pages: far below the 1,000 at which SQLite's writer would checkpoint on its own.
      for (const v of ['a', 'b', 'c']) await t.insertInto('t').values({ v }).execute();
      // The database file alone, without its WAL, holds them once a checkpoint ran.
      const copy = path.join(dataDir, 'copy.db');
      const rowsInFileAlone = () => {
        fs.copyFileSync(handle.sqlitePath!, copy);
        const db = new SQLite(copy, { readonly: true });
        try {
          return db.prepare("select count(*) as n from sqlite_master where name = 't'").get() as { n: number };
        } catch {
          return { n: 0 };
        } finally {
          db.close();
        }
      };
      const deadline = Date.now() + 5000;
      let found = 0;
      while (Date.now() < deadline) {
        fs.rmSync(copy, { force: true });
        found = rowsInFileAlone().n;
        if (found) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(found).toBe(1);
      const db = new SQLite(copy, { readonly: true });
      try {
        expect(db.prepare('select v from t order by id').all()).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }]);
      } finally {
        db.close();
      }
    } finally {
      await handle.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
