/**
 * Approved-comment counts at build time: the one helper article pages and
 * listings use (CommentCount.astro, ArticlePage), so a page without
 * JavaScript shows the right count as of its build. The site token may call
 * the CMS's `GET /api/comments/counts` (counts only, never a comment); all
 * the build's articles are asked for once, 100 per request, and memoised for
 * the build. Browsers refresh the numbers from the comments function
 * (scripts/comment-counts.ts, the comments island), and the publish service
 * rebuilds an article's page when moderation changes its count.
 */
import { commentCountsResponseSchema } from '@tilshi/shared-types';
import { STRAPI_SITE_TOKEN, STRAPI_URL } from 'astro:env/server';
import { StrapiClient } from '@tilshi/strapi-client';

/** The counts route takes at most this many ids (cms/src/api/comment/query.ts). */
const PER_REQUEST = 100;

let everyCount: Promise<ReadonlyMap<string, number>> | undefined;

/** Counts of these articles (0 for drafts and unknown ids); without a CMS token (astro check) every count is 0. */
export async function fetchCommentCounts(documentIds: readonly string[], client?: StrapiClient): Promise<ReadonlyMap<string, number>> {
  const counts = new Map<string, number>();
  const ids = [...new Set(documentIds)];
  if (ids.length === 0) return counts;
  const strapi =
    client ?? (STRAPI_SITE_TOKEN ? new StrapiClient({ baseUrl: STRAPI_URL, token: STRAPI_SITE_TOKEN, timeoutMs: 20_000 }) : null);
  if (!strapi) return counts;
  for (let start = 0; start < ids.length; start += PER_REQUEST) {
    const chunk = ids.slice(start, start + PER_REQUEST);
    const answer = commentCountsResponseSchema.parse(await strapi.getJson('/api/comments/counts', { articles: chunk.join(',') }));
    for (const id of chunk) counts.set(id, answer.data[id] ?? 0);
  }
  return counts;
}

/** The approved-comment count of an article as of this build (every article's count is fetched once per build). */
export async function commentCountOf(documentId: string): Promise<number> {
  everyCount ??= (async () => {
    const { catalog } = await import('./content.ts');
    const c = await catalog();
    return fetchCommentCounts([...c.articles('ru'), ...c.articles('kk')].map((article) => article.documentId));
  })();
  return (await everyCount).get(documentId) ?? 0;
}
