import type { Core } from '@strapi/strapi';

/**
 * Small tables of the reader-account API that are not content: one-time
 * codes, rate-limit windows, readers' confirmed phone numbers, readers'
 * reports of comments and the feed of comment changes the comments function's
 * cache follows. They are plain tables (created here, at every start, if
 * missing) rather than content types: nobody edits them in the panel, they
 * have no document ids, locales or REST routes — which is also what keeps the
 * phone numbers out of every API and panel page — and the rate-limit window
 * needs one atomic `INSERT … ON CONFLICT … RETURNING` (SQLite ≥ 3.35 and
 * PostgreSQL alike). Strapi's schema sync leaves tables it did not create alone.
 */
export const CODES_TABLE = 'tilshi_reader_codes';
export const LIMITS_TABLE = 'tilshi_rate_limits';
/**
 * Readers' confirmed mobile numbers (identification data, Law of the Republic
 * of Kazakhstan "On informatization", art. 36 p. 5-1): one row per account,
 * E.164, never sent anywhere. A deleted account's row is kept with
 * `account_deleted_at` and the username it had for the retention period, then
 * removed by the hourly sweep. One live account per number (a partial unique index).
 */
export const PHONES_TABLE = 'tilshi_reader_phones';
/** Readers' reports of comments: one per reader and comment (the comment keeps the count and the reasons). */
export const REPORTS_TABLE = 'tilshi_comment_reports';
/** Every change of a comment or an article's published state, numbered: the comments function's caches follow it. */
export const CHANGES_TABLE = 'tilshi_comment_changes';

type TableBuilder = {
  increments(name: string): ColumnBuilder;
  integer(name: string): ColumnBuilder;
  bigInteger(name: string): ColumnBuilder;
  string(name: string, length: number): ColumnBuilder;
  primary(columns: string[]): void;
  index(columns: string[], name: string): void;
};
type ColumnBuilder = { notNullable(): ColumnBuilder; nullable(): ColumnBuilder; defaultTo(value: number): ColumnBuilder };
export type Knex = {
  schema: {
    hasTable(name: string): Promise<boolean>;
    hasColumn(table: string, column: string): Promise<boolean>;
    createTable(name: string, build: (table: TableBuilder) => void): Promise<unknown>;
    alterTable(name: string, build: (table: TableBuilder) => void): Promise<unknown>;
  };
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

/** The table of confirmed numbers, with one live account per number (a partial unique index). */
export async function ensurePhonesTable(knex: Knex): Promise<void> {
  if (await knex.schema.hasTable(PHONES_TABLE)) return;
  await knex.schema.createTable(PHONES_TABLE, (table) => {
    table.integer('user_id').notNullable();
    table.string('phone', 32).notNullable();
    table.string('username', 100).notNullable();
    table.bigInteger('verified_at').notNullable();
    table.bigInteger('account_deleted_at').nullable();
    table.primary(['user_id']);
    table.index(['account_deleted_at'], `${PHONES_TABLE}_deleted_idx`);
  });
  await knex.raw(
    `CREATE UNIQUE INDEX IF NOT EXISTS ${PHONES_TABLE}_live_phone_uq ON ${PHONES_TABLE} (phone) WHERE account_deleted_at IS NULL`,
  );
}

/** Removes the numbers of accounts deleted longer ago than the retention period; live accounts' numbers stay. */
export async function sweepDeletedIdentities(knex: Knex, now: number, retentionMs: number): Promise<void> {
  await knex.raw(`DELETE FROM ${PHONES_TABLE} WHERE account_deleted_at IS NOT NULL AND account_deleted_at <= ?`, [now - retentionMs]);
}

export async function ensureReaderTables(strapi: Core.Strapi): Promise<void> {
  const knex = knexOf(strapi);
  const users = strapi.db.metadata.get('plugin::users-permissions.user').tableName;
  for (const index of USER_INDEXES) {
    try {
      await knex.raw(`CREATE UNIQUE INDEX IF NOT EXISTS ${index.name} ON ${users} (LOWER(${index.column}))`);
    } catch (error) {
      strapi.log.warn(
        `reader accounts: ${users}.${index.column} has duplicates ignoring case, index ${index.name} not created (${String(error)})`,
      );
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
      // What the code was sent to when that is not the account's e-mail: the number a phone code confirms.
      table.string('target', 32).nullable();
      table.primary(['user_id', 'purpose']);
    });
  } else if (!(await knex.schema.hasColumn(CODES_TABLE, 'target'))) {
    await knex.schema.alterTable(CODES_TABLE, (table) => {
      table.string('target', 32).nullable();
    });
  }
  await ensurePhonesTable(knex);
  if (!(await knex.schema.hasTable(REPORTS_TABLE))) {
    await knex.schema.createTable(REPORTS_TABLE, (table) => {
      table.string('comment_document_id', 64).notNullable();
      table.integer('reader_id').notNullable();
      table.string('reason', 16).notNullable();
      table.string('note', 1000).nullable();
      table.bigInteger('created_at').notNullable();
      table.primary(['comment_document_id', 'reader_id']);
      table.index(['reader_id'], `${REPORTS_TABLE}_reader_idx`);
    });
  }
  if (!(await knex.schema.hasTable(CHANGES_TABLE))) {
    await knex.schema.createTable(CHANGES_TABLE, (table) => {
      table.increments('seq');
      table.string('article_document_id', 64).notNullable();
      table.bigInteger('at').notNullable();
      table.index(['at'], `${CHANGES_TABLE}_at_idx`);
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
 * How long a deleted account's identification data (its confirmed number) are
 * kept: the law keeps them for the duration of the user agreement and three
 * months after it ends. `READER_IDENTITY_RETENTION_DAYS` (default 92, the
 * longest three months) may only lengthen it.
 */
export function identityRetentionMs(env: Record<string, string | undefined> = process.env): number {
  const days = Number(env.READER_IDENTITY_RETENTION_DAYS ?? '');
  return (Number.isInteger(days) && days >= 92 ? days : 92) * 24 * 60 * 60 * 1000;
}

/** The comment-change feed keeps a day: a function instance that fell further behind empties its cache. */
export const CHANGES_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * Hourly clean-up (config/cron-tasks.ts): rate-limit windows that ended,
 * codes that expired, accounts never confirmed within a day (they only
 * reserved a username), identification data of accounts deleted longer ago
 * than the retention period, and old entries of the change feed.
 */
export async function sweepReaderTables(
  strapi: Core.Strapi,
  now = Date.now(),
  unconfirmedTtlMs = 24 * 60 * 60 * 1000,
  retentionMs = identityRetentionMs(),
): Promise<void> {
  const knex = knexOf(strapi);
  await knex.raw(`DELETE FROM ${LIMITS_TABLE} WHERE window_ends <= ?`, [now]);
  await knex.raw(`DELETE FROM ${CODES_TABLE} WHERE expires_at <= ?`, [now]);
  await sweepDeletedIdentities(knex, now, retentionMs);
  await knex.raw(`DELETE FROM ${CHANGES_TABLE} WHERE at <= ?`, [now - CHANGES_KEPT_MS]);
  await strapi.db.query('plugin::users-permissions.user').deleteMany({
    where: { confirmed: false, createdAt: { $lt: new Date(now - unconfirmedTtlMs).toISOString() } },
  });
}
