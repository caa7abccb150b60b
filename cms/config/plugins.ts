import type { Core } from '@strapi/strapi';
import { requiredEnv } from '../src/utils/required-env';

const config = (): Core.Config.Plugin => ({
  'users-permissions': {
    config: {
      jwtSecret: requiredEnv('JWT_SECRET'),
      // Readers' sessions are the comments function's (comments/src/core/sessions.ts); users-permissions' own
      // reader routes are closed (src/bootstrap/permissions.ts), so these JWTs are only ever made by hand.
      jwt: { expiresIn: '1h' },
      register: {
        allowedFields: [],
      },
    },
  },
  i18n: {
    enabled: true,
  },
  upload: {
    config: {
      providerOptions: {
        // koa-static's options for /uploads: an ETag of the file's size and modification time (milliseconds:
        // a photo replaced within the second it was uploaded still gets a new one), which
        // src/middlewares/conditional-uploads.ts compares with a revalidation's If-None-Match.
        localServer: {
          setHeaders: (
            response: { setHeader(name: string, value: string): void },
            _path: string,
            stats: { size: number; mtimeMs: number },
          ) => {
            response.setHeader('ETag', `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`);
          },
        },
      },
    },
  },
});

export default config;
