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
import { countApprovedByArticle, findReader } from '../reads';
import { CommentQueryError, parseArticleIds, parseReaderId } from '../query';

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

  /** GET /api/comments/readers/:id → { data: { id, username, trusted, blocked, approvedComments, rejectedComments } }, 404 when there is no such reader. */
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
