import type { Core } from '@strapi/strapi';
import { previewUrl } from '@tilshi/shared-types/preview-token';
import { PREVIEW } from '../src/constants';
import { requiredEnv } from '../src/utils/required-env';

const ARTICLE = 'api::article.article';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Admin => ({
  auth: {
    secret: requiredEnv('ADMIN_JWT_SECRET'),
  },
  apiToken: {
    salt: requiredEnv('API_TOKEN_SALT'),
  },
  transfer: {
    token: {
      salt: requiredEnv('TRANSFER_TOKEN_SALT'),
    },
  },
  secrets: {
    encryptionKey: requiredEnv('ENCRYPTION_KEY'),
  },
  // Tests and headless runs do not need the React panel bundle.
  serveAdminPanel: env.bool('SERVE_ADMIN_PANEL', true),
  flags: {
    nps: false,
    promoteEE: false,
  },
  // "Preview" in the article form: the draft rendered by the site's on-demand /preview/ route
  // (site/src/pages/preview/), through a signed link that expires (shared-types/src/preview-token.ts).
  preview: {
    enabled: env(PREVIEW.secretEnv, '') !== '',
    config: {
      allowedOrigins: [new URL(env(PREVIEW.siteUrlEnv, 'http://127.0.0.1:4321')).origin],
      handler: (uid, { documentId, locale, status }) => {
        const secret = env(PREVIEW.secretEnv, '');
        if (uid !== ARTICLE || !secret) return null;
        return previewUrl(
          env(PREVIEW.siteUrlEnv, 'http://127.0.0.1:4321'),
          secret,
          { documentId, locale: locale ?? 'ru', status: status === 'published' ? 'published' : 'draft' },
          PREVIEW.ttlSeconds,
        );
      },
    },
  },
});

export default config;
