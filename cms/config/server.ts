import type { Core } from '@strapi/strapi';
import { requiredEnvList } from '../src/utils/required-env';
import cronTasks from './cron-tasks';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  // Bind to loopback by default; operators put a reverse proxy in front.
  host: env('HOST', '127.0.0.1'),
  port: env.int('CMS_PORT', env.int('PORT', 1337)),
  url: env('PUBLIC_URL', ''),
  app: {
    keys: requiredEnvList('APP_KEYS'),
  },
  dirs: {
    // Uploaded photos go to <public>/uploads; tests point this at a temp folder.
    public: env('STRAPI_PUBLIC_DIR', './public'),
  },
  cron: {
    enabled: env.bool('CRON_ENABLED', true),
    // Scheduled publishing of articles (publishAt), every minute.
    tasks: cronTasks,
  },
});

export default config;
