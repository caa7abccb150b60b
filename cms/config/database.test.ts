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

/** Opens a database the way knex's pool would and runs the configured afterCreate on it. */
function connect(values: Record<string, string>): Database.Database {
  const connection = config(paramsOf(values)).connection as unknown as {
    pool: { afterCreate(connection: unknown, done: (error?: Error) => void): void };
  };
  const db = new Database(path.join(dir, `${Object.values(values).join('-') || 'default'}.db`));
  let failure: Error | undefined;
  connection.pool.afterCreate(db, (error) => {
    failure = error;
  });
  if (failure) throw failure;
  return db;
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
