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
  // Hourly: ended rate-limit windows, expired codes, never-confirmed accounts, deleted accounts' numbers
  // past their retention (READER_SWEEP_RULE overrides the rule: tests run it every few seconds).
  sweepReaderTables: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      await sweepReaderTables(strapi);
    },
    options: { rule: process.env.READER_SWEEP_RULE || '0 17 * * * *' },
  },
};
