/**
 * Routes only the comments function's API token may call (their permissions,
 * `api::comment.comment.counts` and `api::comment.comment.reader`, are given to
 * that token alone; the public and authenticated roles never get them).
 */
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'GET' as const,
      path: '/comments/counts',
      handler: 'api::comment.comment.counts',
      config: { policies: [] },
    },
    {
      method: 'GET' as const,
      path: '/comments/readers/:id',
      handler: 'api::comment.comment.reader',
      config: { policies: [] },
    },
  ],
};
