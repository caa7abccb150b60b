/**
 * Prepared statements kept per SQLite connection, by SQL text.
 *
 * Knex's better-sqlite3 client prepares every query afresh
 * (`connection.prepare(sql)` in knex/lib/dialects/better-sqlite3), so SQLite
 * parses and plans the same SQL on every request: for the comments write path
 * that was ~1.5 ms of a ~7 ms batch of five comments (its per-reader facts query alone 0.12 ms to
 * prepare), and the API-token lookup of every authenticated request another
 * ~0.35 ms. A statement is reusable as long as nobody changes its modes
 * (`pluck`, `raw`, `expand`, `safeIntegers`: knex never does, nor does this
 * project's code) and it is not iterated while it runs again (knex only calls
 * `all` and `run`, which finish before they return). SQLite re-prepares a kept
 * statement by itself after a schema change (sqlite3_prepare_v2), so
 * migrations need nothing. The cache is bounded (least recently used out):
 * Strapi's queries with `IN (?, ?, …)` lists of varying length make many
 * texts.
 */

/** The part of better-sqlite3's Database this wraps. */
export type PreparingConnection = { prepare(source: string): unknown };

export const STATEMENT_CACHE_SIZE = 500;

/** Replaces the connection's `prepare` with one that answers a kept statement for SQL it has seen. */
export function cacheStatements(connection: PreparingConnection, size = STATEMENT_CACHE_SIZE): void {
  const prepare = connection.prepare.bind(connection);
  const kept = new Map<string, unknown>();
  connection.prepare = (source: string) => {
    const statement = kept.get(source);
    if (statement !== undefined) {
      // Most recently used last: the first key is the one to drop.
      kept.delete(source);
      kept.set(source, statement);
      return statement;
    }
    const prepared = prepare(source);
    kept.set(source, prepared);
    if (kept.size > size) kept.delete(kept.keys().next().value as string);
    return prepared;
  };
}
