/**
 * comment controller: Strapi's core actions (used by the comments function
 * with its server-only API token) plus two actions of its own, each a
 * permission the token is granted by name (cms/src/bootstrap/comments.ts):
 *
 * - `counts`: approved comments per published article, in one GROUP BY;
 * - `reader`: the few fields of a reader the function needs (username,
 *   trusted, blocked, and how many of their comments were approved and
 *   rejected) — never the e-mail, so the token needs no access to
 *   users-permissions' user API at all.
 */
import { factories } from '@strapi/strapi';
import { z } from 'zod';
import { changesAfter } from '../changes';
import { countApprovedByArticle, findReader } from '../reads';
import { CommentQueryError, DOCUMENT_ID_PATTERN, parseArticleIds, parseReaderId } from '../query';
import { claimReplyNotices, REPORT_REASONS, reportComment } from '../reports';
import { submitComments, submitItemSchema } from '../submit';

const submitSchema = z.object({ items: z.array(submitItemSchema).min(1).max(50) });

const reportSchema = z.object({
  readerId: z.number().int().positive(),
  reason: z.enum(REPORT_REASONS),
  note: z.string().max(1000).nullable(),
  hideAt: z.number().int().min(1).max(1000),
});
const claimSchema = z.object({ limit: z.number().int().min(1).max(100) });

/** The `data` of a JSON body. */
function dataOf(body: unknown): unknown {
  return typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined;
}

export default factories.createCoreController('api::comment.comment', ({ strapi }) => ({
  /** GET /api/comments/counts?articles=a,b,c → { data: { a: 3, b: 0, c: 0 } }; unpublished or unknown articles count 0. */
  async counts(ctx) {
    try {
      const ids = parseArticleIds(ctx.query.articles);
      ctx.body = { data: await countApprovedByArticle(strapi, ids) };
    } catch (error) {
      if (error instanceof CommentQueryError) return ctx.badRequest(error.message, { parameter: error.parameter });
      throw error;
    }
  },

  /** GET /api/comments/changes?after=N → { data: { seq, articles, reset } }: the feed the function's read cache follows (../changes.ts). */
  async changes(ctx) {
    const raw = typeof ctx.query.after === 'string' ? ctx.query.after : '';
    if (!/^\d{1,15}$/.test(raw)) return ctx.badRequest('after must be a whole number', { parameter: 'after' });
    ctx.body = { data: await changesAfter(strapi, Number(raw)) };
  },

  /**
   * POST /api/comments/:id/reports { data: { readerId, reason, note, hideAt } } → { data: { outcome, hidden? } }:
   * reported | not_found | own | already (../reports.ts). `note` is unsanitised reader input.
   */
  async report(ctx) {
    const id = typeof ctx.params.id === 'string' ? ctx.params.id : '';
    const parsed = reportSchema.safeParse(dataOf(ctx.request.body));
    if (!DOCUMENT_ID_PATTERN.test(id) || !parsed.success) {
      return ctx.badRequest('invalid report', {
        fields: parsed.success ? ['id'] : parsed.error.issues.map((issue) => issue.path.join('.')),
      });
    }
    ctx.body = { data: await reportComment(strapi, { commentDocumentId: id, ...parsed.data }) };
  },

  /**
   * POST /api/comments/submit { data: { items: SubmitItem[] } } → { data: SubmitOutcome[] }: new comments,
   * checked and written in one transaction (../submit.ts). `body` is unsanitised reader input.
   */
  async submit(ctx) {
    const parsed = submitSchema.safeParse(dataOf(ctx.request.body));
    if (!parsed.success)
      return ctx.badRequest('invalid submit', {
        fields: [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].slice(0, 20),
      });
    ctx.body = { data: await submitComments(strapi, parsed.data.items) };
  },

  /** POST /api/comments/reply-notices/claim { data: { limit } } → { data: ReplyNotice[] } (../reports.ts). */
  async claimReplies(ctx) {
    const parsed = claimSchema.safeParse(dataOf(ctx.request.body));
    if (!parsed.success) return ctx.badRequest('limit must be 1–100', { fields: ['limit'] });
    ctx.body = { data: await claimReplyNotices(strapi, parsed.data.limit) };
  },

  /** GET /api/comments/readers/:id → { data: Reader } (../reads.ts: never the e-mail or the number), 404 when there is no such reader. */
  async reader(ctx) {
    try {
      const reader = await findReader(strapi, parseReaderId(ctx.params.id));
      if (!reader) return ctx.notFound('No such reader');
      ctx.body = { data: reader };
    } catch (error) {
      if (error instanceof CommentQueryError) return ctx.badRequest(error.message, { parameter: error.parameter });
      throw error;
    }
  },
}));
