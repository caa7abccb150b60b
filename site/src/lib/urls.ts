/**
 * Every URL of the site, built in one place: Russian at the root, Kazakh
 * under /kk/, directory-style paths with a trailing slash.
 */
import type { Locale } from '@tilshi/shared-types';
import { LOCALE_PREFIX, LOCALES } from '../config.ts';

/** A site path in a locale: localePath('kk', '/news/x/') → "/kk/news/x/". */
export function localePath(locale: Locale, path: string): string {
  return `${LOCALE_PREFIX[locale]}${path}`;
}

/** The `[...locale]` route parameter of a locale: undefined for the default (root) locale. */
export function localeParam(locale: Locale): string | undefined {
  return LOCALE_PREFIX[locale] === '' ? undefined : LOCALE_PREFIX[locale].slice(1);
}

/** The locale a `[...locale]` route parameter stands for; unknown values are a routing bug. */
export function localeFromParam(param: string | undefined): Locale {
  const locale = LOCALES.find((candidate) => localeParam(candidate) === param);
  if (!locale) throw new RangeError(`unknown locale segment: ${String(param)}`);
  return locale;
}

export const paths = {
  home: (locale: Locale) => localePath(locale, '/'),
  article: (locale: Locale, slug: string) => localePath(locale, `/news/${slug}/`),
  rubric: (locale: Locale, slug: string) => localePath(locale, `/rubric/${slug}/`),
  rubricFeed: (locale: Locale, slug: string) => localePath(locale, `/rubric/${slug}/rss.xml`),
  tag: (locale: Locale, slug: string) => localePath(locale, `/tag/${slug}/`),
  author: (locale: Locale, slug: string) => localePath(locale, `/author/${slug}/`),
  event: (locale: Locale, slug: string) => localePath(locale, `/events/${slug}/`),
  organization: (locale: Locale, slug: string) => localePath(locale, `/organizations/${slug}/`),
  /** A month of the archive: links to its days. */
  archive: (locale: Locale, year: string, month: string) => localePath(locale, `/archive/${year}/${month}/`),
  /** A day of the archive (`day`: YYYY-MM-DD): every article of that day. */
  archiveDay: (locale: Locale, day: string) => localePath(locale, `/archive/${day.replaceAll('-', '/')}/`),
  archiveIndex: (locale: Locale) => localePath(locale, '/archive/'),
  search: (locale: Locale) => localePath(locale, '/search/'),
  feed: (locale: Locale) => localePath(locale, '/rss.xml'),
  /** The Dzen feed (full text, covers ≥ 700 px): lib/dzen.ts. */
  dzenFeed: (locale: Locale) => localePath(locale, '/dzen.xml'),
  /** Readers' account pages (comments function): registration, login, password reset. */
  register: (locale: Locale) => localePath(locale, '/register/'),
  login: (locale: Locale) => localePath(locale, '/login/'),
  password: (locale: Locale) => localePath(locale, '/password/'),
  /** The reader's own page: phone confirmation, password, notifications, account deletion. */
  account: (locale: Locale) => localePath(locale, '/account/'),
  /** The opt-out page of e-mails about replies (a token in the query, no sign-in). */
  unsubscribe: (locale: Locale) => localePath(locale, '/unsubscribe/'),
  /** Article URLs of one day (`day`: YYYY-MM-DD), both locales, with hreflang alternates. */
  daySitemap: (day: string) => `/sitemaps/news-${day}.xml`,
  newsSitemap: () => '/sitemaps/google-news.xml',
  sitemapIndex: () => '/sitemap-index.xml',
};

/** An uploaded file as a page refers to it: its URL and, from the media library, when it last changed. */
export type UploadRef = { readonly url: string; readonly updatedAt?: string | undefined };

/**
 * The absolute URL of an uploaded file, versioned by its `updatedAt`:
 * versionedFileUrl('https://cms.example/uploads/a.jpg', { url, updatedAt }) →
 * "https://cms.example/uploads/a.jpg?v=<updatedAt in ms, base 36>". Strapi keeps a
 * file's URL when the media library replaces it (new bytes under the same
 * name), and Astro names a processed image after its source URL: without the
 * version a replaced photo would keep its old `/_astro/` name, which the live
 * site (written once per name) and every cache already hold. A version Strapi
 * ignores (it serves /uploads as static files); an unchanged file keeps it.
 */
export function versionedFileUrl(absolute: string, file: UploadRef): string {
  const time = file.updatedAt ? Date.parse(file.updatedAt) : Number.NaN;
  if (Number.isNaN(time)) return absolute;
  return `${absolute}${absolute.includes('?') ? '&' : '?'}v=${time.toString(36)}`;
}

/** An absolute URL on the site: absoluteUrl('/news/x/', 'https://tilshi.kz') → "https://tilshi.kz/news/x/". */
export function absoluteUrl(path: string, site: string | URL): string {
  return new URL(path, site).href;
}
