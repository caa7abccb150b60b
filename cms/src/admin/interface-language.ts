/**
 * The panel's interface languages: Russian by default (or ADMIN_LANGUAGE,
 * served by GET /tilshi-panel/settings), Strapi's own Russian translation
 * completed by ./translations/ru.ts, and the newsroom's Kazakh one
 * (./translations/kk.ts), where whatever is not translated falls back to
 * Russian rather than English.
 *
 * Strapi 5.54 has no API for a language it ships no file for, so three of its
 * steps are wrapped here (node_modules/@strapi/admin/dist/admin/admin/src:
 * render.mjs runs register → bootstrap → loadTrads → render):
 * - `loadTrads` gives Kazakh the Russian messages underneath its own, and
 *   stores the default language for a browser that has none yet (render reads
 *   `strapi-admin-language` from localStorage);
 * - `render` builds the store with the names of the languages of
 *   `languageNativeNames`, which has no Kazakh: the name is added to the
 *   fresh store before the first paint, so «Қазақша» is offered on the sign-in
 *   page and in the profile, and a stored Kazakh choice is restored.
 * After sign-in Strapi applies the profile's language (Auth.mjs), which the
 * CMS sets for every new admin (src/bootstrap/interface-language.ts).
 */
import type { StrapiApp } from '@strapi/strapi/admin';

export const LANGUAGE_STORAGE_KEY = 'strapi-admin-language';
export const KAZAKH = { code: 'kk', nativeName: 'Қазақша' } as const;
const FALLBACK_LANGUAGE = 'ru';

type Messages = Record<string, string>;
/** What Strapi's render.mjs puts on `window.strapi` (typed as the server's Strapi here). */
const backendUrl = (): string => (window as unknown as { strapi: { backendURL: string } }).strapi.backendURL;
type LanguageState = { locale: string; localeNames: Record<string, string> };
type AdminStore = { getState(): { admin_app: { language: LanguageState } }; dispatch(action: { type: string; payload: string }): unknown };

async function defaultLanguage(): Promise<string> {
  try {
    const response = await fetch(`${backendUrl()}/tilshi-panel/settings`, { headers: { Accept: 'application/json' } });
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'defaultLanguage' in body && typeof body.defaultLanguage === 'string')
      return body.defaultLanguage;
  } catch {
    // The CMS answers this before anything else works; if it does not, Russian it is.
  }
  return FALLBACK_LANGUAGE;
}

export function installInterfaceLanguages(app: StrapiApp): void {
  const configured = defaultLanguage();

  const loadTrads = app.loadTrads.bind(app);
  app.loadTrads = async (custom) => {
    await loadTrads(custom);
    const translations = app.configurations.translations as Record<string, Messages>;
    translations[KAZAKH.code] = { ...translations[FALLBACK_LANGUAGE], ...translations[KAZAKH.code] };
    if (!window.localStorage.getItem(LANGUAGE_STORAGE_KEY)) window.localStorage.setItem(LANGUAGE_STORAGE_KEY, await configured);
  };

  const render = app.render.bind(app);
  app.render = () => {
    const element = render();
    const store = app.store as unknown as AdminStore | null;
    const language = store?.getState().admin_app.language;
    if (store && language && !Object.isFrozen(language.localeNames)) {
      language.localeNames[KAZAKH.code] = KAZAKH.nativeName;
      // render() fell back to English for a language it did not know.
      if (window.localStorage.getItem(LANGUAGE_STORAGE_KEY) === KAZAKH.code)
        store.dispatch({ type: 'admin/setLocale', payload: KAZAKH.code });
    } else {
      console.warn('tilshi: could not offer the Kazakh interface language (the panel store changed shape)');
    }
    return element;
  };
}
