import type { Core } from '@strapi/strapi';

const config = (): Core.Config.Api => ({
  rest: {
    // Strapi's default page size; the largest page the site's loader asks for (strapi-client's MAX_PAGE_SIZE):
    // a full sync of 10,000 articles spent ~6 s in Strapi with pages of 100, ~4.8 s with 250 (BENCHMARKS.md).
    defaultLimit: 25,
    maxLimit: 250,
    withCount: true,
  },
});

export default config;
