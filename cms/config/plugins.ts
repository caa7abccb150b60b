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
});

export default config;
