import type { Core } from '@strapi/strapi';
import { ADMIN_LANGUAGE, type AdminLanguage } from '../constants';

/**
 * The panel's interface language for people who have not chosen one:
 * ADMIN_LANGUAGE (ru, kk or en; Russian when unset). Every new admin user
 * (the first one from STRAPI_ADMIN_*, invited and registered ones alike) gets
 * it as the preferred language of their profile unless one was given, which
 * the panel applies as they sign in; the sign-in page itself reads it from
 * GET /tilshi-panel/settings (public: it says nothing but the language)
 * before the browser has a choice of its own (src/admin/interface-language.ts).
 */

export class AdminLanguageError extends Error {
  constructor(value: string) {
    super(
      `${ADMIN_LANGUAGE.env} must be one of ${ADMIN_LANGUAGE.values.join(', ')} (the panel's default interface language); got "${value}"`,
    );
    this.name = 'AdminLanguageError';
  }
}

export function adminLanguage(env: NodeJS.ProcessEnv = process.env): AdminLanguage {
  const value = (env[ADMIN_LANGUAGE.env] ?? '').trim();
  if (value === '') return ADMIN_LANGUAGE.fallback;
  const known = ADMIN_LANGUAGE.values.find((language) => language === value);
  if (!known) throw new AdminLanguageError(value);
  return known;
}

type UserCreateEvent = { params: { data?: Record<string, unknown> } };

/** New admin users get the default interface language unless one was chosen (register phase: before the first admin exists). */
export function registerAdminLanguageDefault(strapi: Core.Strapi): void {
  const language = adminLanguage();
  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    beforeCreate(event: UserCreateEvent) {
      const data = event.params.data;
      if (data && (data.preferedLanguage === undefined || data.preferedLanguage === null || data.preferedLanguage === ''))
        data.preferedLanguage = language;
    },
  });
}

type Context = { body: unknown; set(name: string, value: string): void };

/** GET /tilshi-panel/settings (admin API, no sign-in): `{ defaultLanguage }` for the sign-in page. */
export function registerPanelSettingsRoute(strapi: Core.Strapi): void {
  const defaultLanguage = adminLanguage();
  strapi.server.routes({
    type: 'admin',
    prefix: '/tilshi-panel',
    routes: [
      {
        method: 'GET',
        path: '/settings',
        handler: (ctx: Context) => {
          ctx.set('Cache-Control', 'no-cache');
          ctx.body = { defaultLanguage };
        },
        config: { auth: false },
      },
    ],
  } as never);
}
