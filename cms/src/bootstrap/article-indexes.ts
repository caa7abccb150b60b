import type { Core } from '@strapi/strapi';

/**
 * Database indexes for the queries publishing makes at every archive size,
 * which Strapi does not create by itself: the newest articles of a locale
 * (home, rubric, tag… listings: ORDER BY publication_date DESC, id DESC
 * LIMIT n), a month of articles (publication_date range) and its count, and
 * paging through a locale by change time (the full build's incremental
 * sync). `published_at` is in them so that Strapi's "published only" filter
 * and its counts read the index alone. Without them each of these queries
 * sorts or scans the whole table: 0.3–1 s each at 100,000 articles instead of
 * 1–50 ms (BENCHMARKS.md). Created once (IF NOT EXISTS, SQLite and
 * PostgreSQL); Strapi's schema sync leaves indexes it did not create alone.
 * On SQLite the planner's statistics are refreshed too (ANALYZE when an index
 * is new, PRAGMA optimize otherwise): without them it may not pick them.
 */
export const ARTICLE_INDEXES = [
  { name: 'tilshi_articles_listing_idx', columns: ['locale', 'publication_date', 'id', 'published_at'] },
  { name: 'tilshi_articles_changed_idx', columns: ['locale', 'updated_at', 'id', 'published_at'] },
  { name: 'tilshi_articles_published_at_idx', columns: ['published_at'] },
] as const;

type Knex = {
  schema: { hasTable(name: string): Promise<boolean> };
  raw(sql: string, bindings?: unknown[]): Promise<unknown>;
};

async function indexExists(knex: Knex, sqlite: boolean, name: string): Promise<boolean> {
  const result = sqlite
    ? await knex.raw("SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?", [name])
    : await knex.raw('SELECT indexname FROM pg_indexes WHERE indexname = ?', [name]);
  // knex.raw answers an array of rows on SQLite and { rows } on PostgreSQL.
  const rows = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null && 'rows' in result && Array.isArray(result.rows)
      ? result.rows
      : [];
  return rows.length > 0;
}

export async function ensureArticleIndexes(strapi: Core.Strapi): Promise<void> {
  const knex = strapi.db.connection as unknown as Knex;
  const sqlite = String(strapi.db.config.connection.client).includes('sqlite');
  const table = strapi.getModel('api::article.article').collectionName ?? 'articles';
  if (!(await knex.schema.hasTable(table))) return;
  let created = 0;
  for (const index of ARTICLE_INDEXES) {
    if (await indexExists(knex, sqlite, index.name)) continue;
    const columns = index.columns.map((column) => `"${column}"`).join(', ');
    await knex.raw(`CREATE INDEX IF NOT EXISTS "${index.name}" ON "${table}" (${columns})`);
    created += 1;
  }
  if (sqlite) await knex.raw(created > 0 ? 'ANALYZE' : 'PRAGMA optimize');
  if (created > 0) strapi.log.info(`publishing indexes: ${created} created on ${table}`);
}
