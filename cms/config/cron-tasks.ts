import type { Core } from '@strapi/strapi';
import { sweepReaderTables } from '../src/api/reader-account/tables';
import { publishDueArticles } from '../src/bootstrap/scheduled-publishing';

/**
 * Cron tasks (config/server.ts, enabled by CRON_ENABLED). Rules have six
 * fields, seconds first: "0 * * * * *" is the start of every minute.
 */
export default {
  publishScheduledArticles: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await publishDueArticles(strapi);
    },
    options: { rule: '0 * * * * *' },
  },
  sweepReaderTables: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await sweepReaderTables(strapi);
    },
    options: { rule: '0 17 * * * *' },
  },
};
