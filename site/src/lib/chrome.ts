/**
 * The frame of every page (masthead, navigation, footer) and the language
 * switch, computed from site settings and rubrics alone — no content store —
 * so the on-demand preview route (pages/preview/) builds the same frame as
 * the static pages (lib/content.ts) from data it fetches itself.
 */
import type { Locale, Rubric, SiteSettings } from '@tilshi/shared-types';
import { LOCALES } from '../config.ts';
import { paths } from './urls.ts';

/** Where a page's language switch leads, or that the page has no version in that language. */
export type LanguageSwitch = { locale: Locale; path: string } | { locale: Locale; missing: true };

/** What every page's frame (masthead, navigation, footer) shows for a locale. */
export type Chrome = {
  locale: Locale;
  siteName: string;
  /** The site's name in the other locale, for the bilingual masthead. */
  otherSiteName: { locale: Locale; name: string } | null;
  ageLabel: string;
  nav: ReadonlyArray<{ name: string; path: string }>;
  settings: SiteSettings | null;
};

/** Fallback name when the site settings were never filled in. */
const DEFAULT_SITE_NAME: Record<Locale, string> = { ru: 'Новости Актау и Мангыстау', kk: 'Ақтау және Манғыстау жаңалықтары' };

/** Menu order of rubrics: position, then name. */
export function sortRubrics(rubrics: readonly Rubric[], locale: Locale): Rubric[] {
  return [...rubrics].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9) || a.name.localeCompare(b.name, locale));
}

/** The frame of a locale's pages, from the settings of each locale and the locale's rubrics in menu order. */
export function chromeOf(locale: Locale, settingsOf: (locale: Locale) => SiteSettings | null, rubrics: readonly Rubric[]): Chrome {
  const settings = settingsOf(locale);
  const other = LOCALES.find((candidate) => candidate !== locale);
  const otherSettings = other ? settingsOf(other) : null;
  return {
    locale,
    siteName: settings?.siteName ?? DEFAULT_SITE_NAME[locale],
    otherSiteName: other ? { locale: other, name: otherSettings?.siteName ?? DEFAULT_SITE_NAME[other] } : null,
    ageLabel: settings?.ageLabel ?? '18+',
    nav: rubrics.map((rubric) => ({ name: rubric.name, path: paths.rubric(locale, rubric.slug) })),
    settings,
  };
}

/** The language switch of a page whose other-language version is `otherPath` (null: there is none). */
export function languageSwitch(locale: Locale, otherPath: (other: Locale) => string | null): LanguageSwitch | null {
  const other = LOCALES.find((candidate) => candidate !== locale);
  if (!other) return null;
  const path = otherPath(other);
  return path ? { locale: other, path } : { locale: other, missing: true };
}

/** hreflang alternates of a page that exists in every locale at `pathOf(locale)`. */
export function everyLocale(pathOf: (locale: Locale) => string): Array<{ locale: Locale; path: string }> {
  return LOCALES.map((locale) => ({ locale, path: pathOf(locale) }));
}
