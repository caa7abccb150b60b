/**
 * The public REST API serves published content only.
 *
 * Strapi 5 lets any caller allowed to `find` ask for drafts with
 * `?status=draft`; a newsroom's unpublished stories must never leak that way.
 * This global middleware removes the `status` parameter from every content-API
 * read, so Strapi falls back to its default: published versions only. Draft
 * preview (editors) goes through the panel's own admin API, not through here.
 */
import type { Core } from '@strapi/strapi';

export default (_config: unknown, _context: { strapi: Core.Strapi }): Core.MiddlewareHandler => {
  return async (ctx, next) => {
    if (ctx.method === 'GET' && ctx.path.startsWith('/api/') && ctx.query && 'status' in ctx.query) {
      const { status: _ignored, ...rest } = ctx.query;
      ctx.query = rest;
    }
    await next();
  };
};
