/**
 * The feed of comment changes that the comments function's read cache follows
 * (comments/src/core/read-cache.ts): every create, moderation decision, report
 * that hides a comment, deletion of a comment or account, and every publish or
 * unpublish of an article adds a numbered row naming the article. Function
 * instances ask for the rows after the last number they saw
 * (GET /api/comments/changes?after=N, the comments token only) and drop what
 * they cached for those articles. So that an instance does not wait for its
 * next look, the CMS also calls the function's hook right after the change is
 * committed (`COMMENTS_HOOK_URLS`, one URL per instance), awaiting the answer
 * when it can: the moderator's save returns once the instances know.
 *
 * The hook is authenticated by a value both sides derive from the comments
 * token's secret (STRAPI_COMMENTS_TOKEN), so there is no secret to add. A
 * replayed call does no harm: it only makes the function look at the feed.
 */
import { createHmac } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { CHANGES_TABLE, knexOf, rowsOf, type Knex } from '../reader-account/tables';

/** The hook's bearer value: HMAC-SHA256 of a fixed label with the comments token's secret (the function computes the same). */
export function hookAuthorization(commentsToken: string): string {
  return createHmac('sha256', commentsToken).update('tilshi-comments-hook').digest('hex');
}

/**
 * The knex to run raw SQL on: the current transaction's inside one. SQLite has
 * a single connection, so a statement outside the running transaction would
 * wait for it forever.
 */
export async function sqlOf(strapi: Core.Strapi): Promise<Knex> {
  if (strapi.db.inTransaction()) return (await strapi.db.transaction()).get() as unknown as Knex;
  return knexOf(strapi);
}

function hookUrls(env: Record<string, string | undefined> = process.env): string[] {
  return (env.COMMENTS_HOOK_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter((url) => /^https?:\/\//.test(url));
}

/** Calls every configured function instance's hook; failures are logged, never thrown (the feed is the fallback). */
async function pushToFunctions(strapi: Core.Strapi, seq: number): Promise<void> {
  const token = process.env.STRAPI_COMMENTS_TOKEN ?? '';
  const urls = hookUrls();
  if (urls.length === 0 || token.length < 32) return;
  const authorization = `Bearer ${hookAuthorization(token)}`;
  await Promise.all(
    urls.map(async (url) => {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: authorization, 'Content-Type': 'application/json' },
          body: JSON.stringify({ seq }),
          signal: AbortSignal.timeout(3000),
        });
        await response.body?.cancel();
        if (!response.ok) strapi.log.warn(`comments hook ${url} answered ${response.status}`);
      } catch (error) {
        strapi.log.warn(`comments hook ${url} unreachable: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}

/**
 * Adds one feed row per article and tells the function instances — after the
 * surrounding transaction commits when there is one (its owner awaits
 * settlePushes()), at once otherwise (awaited here).
 */
export async function recordChanges(strapi: Core.Strapi, articleDocumentIds: Iterable<string>, now = Date.now()): Promise<void> {
  const ids = [...new Set(articleDocumentIds)].filter(Boolean);
  if (ids.length === 0) return;
  const sql = await sqlOf(strapi);
  let seq = 0;
  for (const id of ids) {
    const rows = rowsOf(await sql.raw(`INSERT INTO ${CHANGES_TABLE} (article_document_id, at) VALUES (?, ?) RETURNING seq`, [id, now]));
    seq = Math.max(seq, Number(rows[0]?.seq ?? 0));
  }
  if (strapi.db.inTransaction()) {
    // A nested transaction is the running one: its onCommit waits for the outermost commit. The push
    // it starts is tracked, so the code that ran the transaction can wait for it (settlePushes).
    await strapi.db.transaction(async ({ onCommit }) => {
      onCommit(() => {
        const push = pushToFunctions(strapi, seq).finally(() => pendingPushes.delete(push));
        pendingPushes.add(push);
      });
    });
  } else {
    await pushToFunctions(strapi, seq);
  }
}

/** Pushes started at a commit, until they end: the code that ran the transaction awaits them (settlePushes). */
const pendingPushes = new Set<Promise<void>>();

/**
 * Waits for the hooks that the commit of a transaction started: call it right
 * after `await strapi.db.transaction(…)` that recorded changes, so the caller's
 * answer (a moderator's decision, a report that hid a comment, a new comment)
 * goes out once the function instances know.
 */
export async function settlePushes(): Promise<void> {
  while (pendingPushes.size > 0) await Promise.all([...pendingPushes]);
}

export type ChangesPage = { seq: number; articles: string[]; reset: boolean };

/**
 * The articles changed after `after` (at most `limit` rows), and the newest
 * number. `reset`: the feed no longer reaches back that far (or the caller
 * never saw it): the caller must forget everything it cached.
 */
export async function changesAfter(strapi: Core.Strapi, after: number, limit = 500): Promise<ChangesPage> {
  const knex = knexOf(strapi);
  const [oldest] = rowsOf(await knex.raw(`SELECT MIN(seq) AS oldest, MAX(seq) AS newest FROM ${CHANGES_TABLE}`));
  const newest = Number(oldest?.newest ?? 0);
  const first = Number(oldest?.oldest ?? 0);
  if (after < 0 || after > newest || (first > 0 && after < first - 1)) return { seq: newest, articles: [], reset: true };
  const rows = rowsOf(
    await knex.raw(`SELECT seq, article_document_id FROM ${CHANGES_TABLE} WHERE seq > ? ORDER BY seq LIMIT ?`, [after, limit + 1]),
  );
  if (rows.length > limit) return { seq: newest, articles: [], reset: true };
  return {
    seq: rows.length > 0 ? Number(rows.at(-1)?.seq) : after,
    articles: [...new Set(rows.map((row) => String(row.article_document_id)))],
    reset: false,
  };
}
