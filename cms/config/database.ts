import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { cacheStatements, type PreparingConnection } from '../src/utils/statement-cache';

/**
 * SQLite in a git-ignored folder by default (`cms/.data/`), in WAL mode; PostgreSQL
 * when DATABASE_CLIENT=postgres and the usual DATABASE_* variables are set.
 * Copying a SQLite database while Strapi runs needs its `-wal` file too (or
 * `sqlite3 data.db ".backup copy.db"`); a stopped Strapi leaves none.
 */
/** SQLite's `synchronous` settings (https://sqlite.org/pragma.html#pragma_synchronous). */
const SQLITE_SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'];

/** The part of better-sqlite3's connection used here. */
type SqliteConnection = PreparingConnection & { pragma(source: string): unknown };

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');

  if (client === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          connectionString: env('DATABASE_URL', ''),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'tilshi'),
          user: env('DATABASE_USERNAME', 'tilshi'),
          password: env('DATABASE_PASSWORD', ''),
          ssl: env.bool('DATABASE_SSL', false) ? { rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true) } : false,
          schema: env('DATABASE_SCHEMA', 'public'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 2), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
      },
    };
  }

  if (client !== 'sqlite') {
    throw new Error(`DATABASE_CLIENT must be "sqlite" or "postgres", got "${client}" (see cms/.env.example)`);
  }

  const synchronous = env('DATABASE_SQLITE_SYNCHRONOUS', 'NORMAL').toUpperCase();
  if (!SQLITE_SYNCHRONOUS.includes(synchronous)) {
    throw new Error(
      `DATABASE_SQLITE_SYNCHRONOUS must be one of ${SQLITE_SYNCHRONOUS.join(', ')}, got "${synchronous}" (see cms/.env.example)`,
    );
  }
  return {
    connection: {
      client: 'sqlite',
      connection: {
        filename: path.resolve(process.cwd(), env('DATABASE_FILENAME', '.data/data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // Write-ahead logging: readers never wait for the writer, and with synchronous=NORMAL a commit
        // does not wait for the disk (SQLite's documented setting for WAL; the database stays consistent,
        // a power cut may lose the last commits). FULL waits for the disk at every commit, at ~4 ms each here.
        afterCreate(connection: unknown, done: (error?: Error, connection?: unknown) => void) {
          try {
            const sqlite = connection as SqliteConnection;
            sqlite.pragma('journal_mode = WAL');
            sqlite.pragma(`synchronous = ${synchronous}`);
            // Each SQL text is prepared once per connection, not on every query (src/utils/statement-cache.ts).
            cacheStatements(sqlite);
            done(undefined, connection);
          } catch (error) {
            done(error instanceof Error ? error : new Error(String(error)), connection);
          }
        },
      },
    },
  };
};

export default config;
