/**
 * Listings' comment counts, refreshed: every `[data-comment-count]` element
 * (CommentCount.astro) gets the current approved count from the comments
 * function, 50 articles a request, with the same plural forms as the build.
 * A failure keeps the counts the build wrote.
 */
import { commentCountLabel, commentsUi } from '../i18n/comments.ts';
import { isCounts, pageLocale, request } from './api.ts';

export async function refreshCommentCounts(doc: Document): Promise<void> {
  const nodes = [...doc.querySelectorAll<HTMLElement>('[data-comment-count]')];
  const ids = [...new Set(nodes.map((node) => node.dataset.commentCount ?? '').filter(Boolean))];
  const locale = pageLocale(doc);
  for (let start = 0; start < ids.length; start += 50) {
    const chunk = ids.slice(start, start + 50);
    const answer = await request('GET', `/comments/counts/?articles=${chunk.join(',')}`, isCounts, { locale, messages: commentsUi[locale] });
    if (!answer.ok) return;
    for (const node of nodes) {
      const count = answer.data.data[node.dataset.commentCount ?? ''];
      if (count === undefined) continue;
      node.dataset.n = String(count);
      node.textContent = commentCountLabel(count, locale);
    }
  }
}
