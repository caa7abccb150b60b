import type { Core } from '@strapi/strapi';

const config = (): Core.Config.Api => ({
  rest: {
    // Strapi's defaults, stated here because the site's loader depends on them.
    defaultLimit: 25,
    maxLimit: 100,
    withCount: true,
  },
});

export default config;
