/**
 * Routes only the importer's write token may call (the permissions
 * `api::import-record.import-record.import` and `.publish` are given to that
 * token alone, cms/src/bootstrap/api-token.ts; the public role and the site
 * token never get them). Loaded before the core routes so that
 * `/import-records/import` is not taken for a document id.
 */
export default {
  type: 'content-api' as const,
  routes: [
    {
      method: 'POST' as const,
      path: '/import-records/import',
      handler: 'api::import-record.import-record.import',
      config: { policies: [] },
    },
    {
      method: 'POST' as const,
      path: '/import-records/publish',
      handler: 'api::import-record.import-record.publish',
      config: { policies: [] },
    },
  ],
};
