import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import config from './database';

type Params = Parameters<typeof config>[0];

/** Strapi's `env` helper over a plain object (only the readers database.ts uses). */
function paramsOf(values: Record<string, string>): Params {
  const env = Object.assign((key: string, fallback?: string) => values[key] ?? fallback, {
    int: (key: string, fallback?: number) => (values[key] === undefined ? fallback : Number(values[key])),
    bool: (key: string, fallback?: boolean) => (values[key] === undefined ? fallback : values[key] === 'true'),
  });
  return { env } as unknown as Params;
}

const dir = mkdtempSync(path.join(tmpdir(), 'tilshi-db-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the configured afterCreate on a database the way knex's pool would. */
function afterCreate(values: Record<string, string>, db: Database.Database): Database.Database {
  const connection = config(paramsOf(values)).connection as unknown as {
    pool: { afterCreate(connection: unknown, done: (error?: Error) => void): void };
  };
  let failure: Error | undefined;
  connection.pool.afterCreate(db, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  return db;
}

/** A database file of this test's folder, set up as the pool would. */
function connect(values: Record<string, string>): Database.Database {
  return afterCreate(values, new Database(path.join(dir, `${Object.values(values).join('-') || 'default'}.db`)));
}

describe('the SQLite connection', () => {
  it('runs in WAL mode with synchronous=NORMAL by default, FULL when asked', () => {
    const normal = connect({});
    expect(normal.pragma('journal_mode', { simple: true })).toBe('wal');
    // 1 = NORMAL, 2 = FULL (https://sqlite.org/pragma.html#pragma_synchronous)
    expect(normal.pragma('synchronous', { simple: true })).toBe(1);
    normal.close();
    const full = connect({ DATABASE_SQLITE_SYNCHRONOUS: 'full' });
    expect(full.pragma('synchronous', { simple: true })).toBe(2);
    full.close();
  });

  it('refuses an unknown synchronous setting, naming the variable and the allowed values', () => {
    expect(() => config(paramsOf({ DATABASE_SQLITE_SYNCHRONOUS: 'sometimes' }))).toThrow(
      /DATABASE_SQLITE_SYNCHRONOUS must be one of OFF, NORMAL, FULL, EXTRA, got "SOMETIMES"/,
    );
  });
});

describe('the statement cache of the SQLite connection', () => {
  /** Counts the statements SQLite really prepares: the native prepare below the cache. */
  function countingConnect(): { db: Database.Database; prepared: () => number } {
    let prepared = 0;
    const db = new Database(':memory:');
    const native = db.prepare.bind(db);
    db.prepare = ((source: string) => {
      prepared += 1;
      return native(source);
    }) as typeof db.prepare;
    return { db: afterCreate({}, db), prepared: () => prepared };
  }

  it('prepares a SQL text once and answers right with new bindings every time, as knex runs it', () => {
    const { db, prepared } = countingConnect();
    db.prepare('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)').run();
    const insert = 'INSERT INTO t (name) VALUES (?) RETURNING id';
    const select = 'SELECT name FROM t WHERE id = ?';
    for (const name of ['Айгерим', 'Данияр', 'Ерлан']) {
      const [row] = db.prepare(insert).all([name]) as Array<{ id: number }>;
      expect(db.prepare(select).all([row?.id])).toEqual([{ name }]);
    }
    expect(prepared()).toBe(3);
    db.close();
  });

  it('keeps working across a transaction rolled back and a schema change', () => {
    const { db } = countingConnect();
    db.prepare('CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)').run();
    const all = 'SELECT * FROM t ORDER BY id';
    db.prepare('BEGIN;').run();
    db.prepare('INSERT INTO t (name) VALUES (?)').run(['в транзакции']);
    expect(db.prepare(all).all()).toHaveLength(1);
    db.prepare('ROLLBACK;').run();
    expect(db.prepare(all).all()).toEqual([]);
    // The kept SELECT * sees the new column: SQLite re-prepares it after the schema change.
    db.prepare('ALTER TABLE t ADD COLUMN slug TEXT').run();
    db.prepare('INSERT INTO t (name, slug) VALUES (?, ?)').run(['Актау', 'aktau']);
    expect(db.prepare(all).all()).toEqual([{ id: 1, name: 'Актау', slug: 'aktau' }]);
    db.close();
  });

  it('holds a bounded number of statements, dropping the least recently used', async () => {
    const { STATEMENT_CACHE_SIZE } = await import('../src/utils/statement-cache');
    const { db, prepared } = countingConnect();
    const texts = Array.from({ length: STATEMENT_CACHE_SIZE + 1 }, (_, index) => `SELECT ${index} AS n`);
    for (const text of texts) db.prepare(text);
    expect(prepared()).toBe(STATEMENT_CACHE_SIZE + 1);
    // The newest is kept; the first one was dropped and is prepared again.
    db.prepare(texts.at(-1) ?? '');
    expect(prepared()).toBe(STATEMENT_CACHE_SIZE + 1);
    expect(db.prepare(texts[0] ?? '').all()).toEqual([{ n: 0 }]);
    expect(prepared()).toBe(STATEMENT_CACHE_SIZE + 2);
    db.close();
  });

  it('answers a replayed insert that breaks a constraint with the error every time, and the next good insert with its row', () => {
    const { db } = countingConnect();
    db.prepare('CREATE TABLE comments (id INTEGER PRIMARY KEY, idempotency_key TEXT UNIQUE)').run();
    const insert = 'INSERT INTO comments (idempotency_key) VALUES (?) RETURNING id';
    expect(db.prepare(insert).all(['reader-1:key-a'])).toEqual([{ id: 1 }]);
    for (let replay = 0; replay < 3; replay++) {
      expect(() => db.prepare(insert).all(['reader-1:key-a'])).toThrow(/UNIQUE constraint failed: comments.idempotency_key/);
    }
    expect(db.prepare(insert).all(['reader-1:key-b'])).toEqual([{ id: 2 }]);
    db.close();
  });

  it('does not hide a statement SQLite refuses: the error names it every time', () => {
    const { db } = countingConnect();
    expect(() => db.prepare('SELECT * FROM missing_table')).toThrow(/no such table: missing_table/);
    expect(() => db.prepare('SELECT * FROM missing_table')).toThrow(/no such table: missing_table/);
    db.close();
  });
});
