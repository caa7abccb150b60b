/** The comments function's shared rate-limit counters; only its API token may call this (bootstrap/comments.ts). */
export default {
  type: 'content-api' as const,
  routes: [{ method: 'POST' as const, path: '/rate-limits', handler: 'api::rate-limit.rate-limit.hit', config: { policies: [] } }],
};
