import type { Core } from '@strapi/strapi';

/**
 * Two small tables of the reader-account API that are not content: one-time
 * codes and rate-limit windows. They are plain tables (created here, at every
 * start, if missing) rather than content types: nobody edits them in the panel,
 * they have no document ids, locales or REST routes, and the rate-limit window
 * needs one atomic `INSERT … ON CONFLICT … RETURNING` (SQLite ≥ 3.35 and
 * PostgreSQL alike). Strapi's schema sync leaves tables it did not create alone.
 */
export const CODES_TABLE = 'tilshi_reader_codes';
export const LIMITS_TABLE = 'tilshi_rate_limits';

type TableBuilder = {
  integer(name: string): ColumnBuilder;
  bigInteger(name: string): ColumnBuilder;
  string(name: string, length: number): ColumnBuilder;
  primary(columns: string[]): void;
  index(columns: string[], name: string): void;
};
type ColumnBuilder = { notNullable(): ColumnBuilder; defaultTo(value: number): ColumnBuilder };
export type Knex = {
  schema: { hasTable(name: string): Promise<boolean>; createTable(name: string, build: (table: TableBuilder) => void): Promise<unknown> };
  raw(sql: string, bindings?: unknown[]): Promise<unknown>;
};

export function knexOf(strapi: Core.Strapi): Knex {
  return strapi.db.connection as unknown as Knex;
}

/** Rows of a `knex.raw` answer: an array on SQLite, `{ rows }` on PostgreSQL. */
export function rowsOf(result: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(result)) return result as Array<Record<string, unknown>>;
  if (typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)) {
    return result.rows as Array<Record<string, unknown>>;
  }
  return [];
}

/**
 * Unique indexes that make "one account per e-mail, one per username, whatever
 * the case" hold under concurrent registrations (users-permissions only checks
 * before inserting). Skipped with a warning when old data already breaks them.
 */
const USER_INDEXES = [
  { name: 'tilshi_up_users_email_lower_idx', column: 'email' },
  { name: 'tilshi_up_users_username_lower_idx', column: 'username' },
] as const;

export async function ensureReaderTables(strapi: Core.Strapi): Promise<void> {
  const knex = knexOf(strapi);
  const users = strapi.db.metadata.get('plugin::users-permissions.user').tableName;
  for (const index of USER_INDEXES) {
    try {
      await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${index.name} ON ${users} (LOWER(${index.column}))`);
    } catch (error) {
      strapi.log.warn(`reader accounts: ${users}.${index.column} has duplicates ignoring case, index ${index.name} not created (${String(error)})`);
    }
  }
  if (!(await knex.schema.hasTable(CODES_TABLE))) {
    await knex.schema.createTable(CODES_TABLE, (table) => {
      table.integer('user_id').notNullable();
      table.string('purpose', 16).notNullable();
      table.string('code_hash', 64).notNullable();
      // Milliseconds since the epoch: compared as numbers on both databases.
      table.bigInteger('expires_at').notNullable();
      table.integer('attempts').notNullable().defaultTo(0);
      table.primary(['user_id', 'purpose']);
    });
  }
  if (!(await knex.schema.hasTable(LIMITS_TABLE))) {
    await knex.schema.createTable(LIMITS_TABLE, (table) => {
      table.string('bucket', 200).notNullable();
      table.integer('hits').notNullable();
      table.bigInteger('window_ends').notNullable();
      table.primary(['bucket']);
      table.index(['window_ends'], `${LIMITS_TABLE}_window_ends_idx`);
    });
  }
}

/**
 * Hourly clean-up (config/cron-tasks.ts): rate-limit windows that ended,
 * codes that expired, and accounts never confirmed within a day (they only
 * reserved a username).
 */
export async function sweepReaderTables(strapi: Core.Strapi, now = Date.now(), unconfirmedTtlMs = 24 * 60 * 60 * 1000): Promise<void> {
  const knex = knexOf(strapi);
  await knex.raw(`DELETE FROM ${LIMITS_TABLE} WHERE window_ends <= ?`, [now]);
  await knex.raw(`DELETE FROM ${CODES_TABLE} WHERE expires_at <= ?`, [now]);
  await strapi.db.query('plugin::users-permissions.user').deleteMany({
    where: { confirmed: false, createdAt: { $lt: new Date(now - unconfirmedTtlMs).toISOString() } },
  });
}
