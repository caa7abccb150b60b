/**
 * comment route (Strapi core route). The comments function's own routes are in
 * 01-comments-function.ts, loaded first so that `/comments/counts` is not taken
 * for a document id by the core `/comments/:id`.
 */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::comment.comment');
