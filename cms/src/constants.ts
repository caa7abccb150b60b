/**
 * Site-wide constants of the CMS, declared once.
 */

/** Locales of the newsroom; the first one is the default. */
export const LOCALES = [
  { code: 'ru', name: 'Русский (ru)' },
  { code: 'kk', name: 'Қазақ тілі (kk)' },
] as const;
export const DEFAULT_LOCALE = 'ru';

/** Content types of the published site: the site's read-only token may read them (find/findOne); the public role reads nothing. */
export const PUBLIC_CONTENT_TYPES = [
  'api::article.article',
  'api::rubric.rubric',
  'api::tag.tag',
  'api::author.author',
  'api::credit.credit',
  'api::organization.organization',
  'api::ngo-event.ngo-event',
  'api::site-setting.site-setting',
] as const;
export type PublicContentType = (typeof PUBLIC_CONTENT_TYPES)[number];

/**
 * What the archive importer recorded (source hash → article): never public,
 * read and written by the write token only, through its own routes.
 */
export const IMPORT_RECORD_UID = 'api::import-record.import-record';

/** Content types the seed/importer token may write (create/update/delete + reads). */
export const WRITABLE_CONTENT_TYPES = PUBLIC_CONTENT_TYPES;

/**
 * API tokens provisioned at start-up from secrets in the environment, so the
 * site build and the scripts can be configured before Strapi first starts.
 */
export const SITE_TOKEN = { name: 'site-build (read-only)', env: 'STRAPI_SITE_TOKEN' } as const;
export const WRITE_TOKEN = { name: 'seed-import (write)', env: 'STRAPI_WRITE_TOKEN' } as const;
/** Server-only token of the comments function (comments/): comments, banned words, published articles. */
export const COMMENTS_TOKEN = { name: 'comments-function', env: 'STRAPI_COMMENTS_TOKEN' } as const;

/**
 * The publish service's webhook (src/bootstrap/webhook.ts): one Strapi
 * webhook, created or updated at every start from PUBLISH_WEBHOOK_URL and
 * PUBLISH_WEBHOOK_SECRET; the secret travels in `header`.
 */
export const PUBLISH_WEBHOOK = {
  name: 'tilshi publish service',
  urlEnv: 'PUBLISH_WEBHOOK_URL',
  secretEnv: 'PUBLISH_WEBHOOK_SECRET',
  header: 'X-Tilshi-Webhook-Secret',
  events: [
    'entry.create',
    'entry.update',
    'entry.delete',
    'entry.publish',
    'entry.unpublish',
    'media.create',
    'media.update',
    'media.delete',
  ],
} as const;

/** Draft preview (config/admin.ts, src/api/article-preview): signed links to the site's /preview/ route. */
export const PREVIEW = { secretEnv: 'TILSHI_PREVIEW_SECRET', siteUrlEnv: 'SITE_URL', ttlSeconds: 3600 } as const;

/**
 * The panel's interface language of people who have not chosen one
 * (src/bootstrap/interface-language.ts, src/admin/interface-language.ts).
 * `kk` is the newsroom's own translation (src/admin/translations/kk.ts).
 */
export const ADMIN_LANGUAGE = { env: 'ADMIN_LANGUAGE', values: ['ru', 'kk', 'en'], fallback: 'ru' } as const;
export type AdminLanguage = (typeof ADMIN_LANGUAGE.values)[number];
