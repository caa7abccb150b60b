/**
 * GET /api/article-previews/:documentId?locale=&status=&expires=&signature=&populate…
 * The one way to read an article draft over HTTP: for the site server's
 * preview route, with a signed link from the panel (shared-types/src/preview-token.ts).
 * No API token: the signature is the authorization, and covers exactly one
 * document, locale and status until it expires.
 */
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'GET' as const,
      path: '/article-previews/:documentId',
      handler: 'api::article-preview.article-preview.findOne',
      config: { auth: false as const, policies: [] },
    },
  ],
};
