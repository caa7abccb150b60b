/**
 * Routes only the comments function's API token may call (their permissions,
 * `api::comment.comment.counts`, `.reader`, `.changes`, `.report` and
 * `.claimReplies`, are given to that token alone; the public and authenticated roles never get them).
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
      path: '/comments/changes',
      handler: 'api::comment.comment.changes',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/comments/submit',
      handler: 'api::comment.comment.submit',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/comments/reply-notices/claim',
      handler: 'api::comment.comment.claimReplies',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/comments/:id/reports',
      handler: 'api::comment.comment.report',
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
