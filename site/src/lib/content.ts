/**
 * Read side of the content store for pages: one `Catalog` per build, built
 * from `astro:content`, with the lookups pages need (articles of a locale,
 * translations, members of a rubric/tag/author/event/organization, months).
 *
 * An article embeds copies of its rubric, tags, authors, event and photo
 * credits as they were when the article was last saved. Incremental sync does
 * not re-fetch an article when only its rubric is renamed, so the catalog
 * resolves each relation from its own collection by documentId and falls back
 * to the embedded copy only when that entry is gone.
 */
import { getCollection } from 'astro:content';
import { STRAPI_URL } from 'astro:env/server';
import type { Article, Author, Credit, Locale, NgoEvent, Organization, Photo, Rubric, SiteSettings, Tag } from '@tilshi/shared-types';
import { LOCALES } from '../config.ts';
import { monthOf } from './format.ts';
import { absoluteFileUrl } from './strapi/client.ts';
import { paths } from './urls.ts';

/** An article with its relations resolved to their current versions. */
export type ArticleView = Article & {
  /** When the article counts as published: publicationDate, or the moment Strapi published it. */
  date: string;
  /** When it last changed: its own update or its latest correction. */
  modified: string;
  year: string;
  month: string;
  path: string;
  /** The same article in the other locales (published versions only). */
  translations: ReadonlyArray<{ locale: Locale; slug: string; path: string }>;
};

export type MonthKey = { year: string; month: string };

export type Catalog = {
  settings(locale: Locale): SiteSettings | null;
  articles(locale: Locale): readonly ArticleView[];
  article(locale: Locale, documentId: string): ArticleView | undefined;
  rubrics(locale: Locale): readonly Rubric[];
  tags(locale: Locale): readonly Tag[];
  authors(): readonly Author[];
  events(locale: Locale): readonly NgoEvent[];
  organizations(locale: Locale): readonly Organization[];
  months(locale: Locale): readonly MonthKey[];
  /** Absolute URL of an uploaded file. */
  fileUrl(url: string): string;
};

const byDateDesc = (a: ArticleView, b: ArticleView) => (a.date < b.date ? 1 : a.date > b.date ? -1 : b.id - a.id);

function index<T extends { documentId: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.documentId, item]));
}

async function buildCatalog(): Promise<Catalog> {
  const [articleEntries, rubricEntries, tagEntries, authorEntries, creditEntries, orgEntries, eventEntries, settingEntries] = await Promise.all([
    getCollection('articles'),
    getCollection('rubrics'),
    getCollection('tags'),
    getCollection('authors'),
    getCollection('credits'),
    getCollection('organizations'),
    getCollection('events'),
    getCollection('settings'),
  ]);
  const ofLocale = <T extends { locale: Locale }>(items: readonly { data: T }[], locale: Locale): T[] =>
    items.map((entry) => entry.data).filter((item) => item.locale === locale);

  const credits = index(creditEntries.map((entry) => entry.data));
  const authors = authorEntries.map((entry) => entry.data).sort((a, b) => a.name.localeCompare(b.name, 'ru'));
  const authorIndex = index(authors);
  const perLocale = new Map(
    LOCALES.map((locale) => {
      const orgs = index(ofLocale(orgEntries, locale));
      const freshOrg = (org: Organization) => orgs.get(org.documentId) ?? org;
      const events = ofLocale(eventEntries, locale).map((event) => ({
        ...event,
        organizers: event.organizers.map(freshOrg),
        supporters: event.supporters.map(freshOrg),
      }));
      return [
        locale,
        {
          rubrics: index(ofLocale(rubricEntries, locale)),
          tags: index(ofLocale(tagEntries, locale)),
          orgs,
          events: index(events),
          settings: ofLocale(settingEntries, locale)[0] ?? null,
        },
      ] as const;
    }),
  );
  const localeData = (locale: Locale) => {
    const data = perLocale.get(locale);
    if (!data) throw new RangeError(`no content for locale ${locale}`);
    return data;
  };

  const freshPhoto = (photo: Photo): Photo => ({ ...photo, credit: credits.get(photo.credit.documentId) ?? photo.credit });
  const allArticles = articleEntries.map((entry) => entry.data);
  const versions = new Map<string, Article[]>();
  for (const article of allArticles) versions.set(article.documentId, [...(versions.get(article.documentId) ?? []), article]);

  const views = new Map(
    LOCALES.map((locale) => {
      const { rubrics, tags, events } = localeData(locale);
      const list = allArticles
        .filter((article) => article.locale === locale)
        .map((article): ArticleView => {
          const date = article.publicationDate ?? article.publishedAt;
          const { year, month } = monthOf(date);
          const event = article.event ? (events.get(article.event.documentId) ?? article.event) : null;
          return {
            ...article,
            rubric: article.rubric ? (rubrics.get(article.rubric.documentId) ?? article.rubric) : null,
            tags: article.tags.map((tag) => tags.get(tag.documentId) ?? tag),
            authors: article.authors.map((author) => authorIndex.get(author.documentId) ?? author),
            event,
            cover: article.cover ? freshPhoto(article.cover) : null,
            gallery: article.gallery.map(freshPhoto),
            date,
            modified: [article.updatedAt, ...article.corrections.map((c) => c.date)].reduce((a, b) => (a > b ? a : b)),
            year,
            month,
            path: paths.article(locale, article.slug),
            // The store, not the embedded `localizations`, decides: it holds exactly the published versions this build renders.
            translations: (versions.get(article.documentId) ?? [])
              .filter((other) => other.locale !== locale)
              .map((other) => ({ locale: other.locale, slug: other.slug, path: paths.article(other.locale, other.slug) })),
          };
        })
        .sort(byDateDesc);
      return [locale, list] as const;
    }),
  );
  const articlesOf = (locale: Locale) => views.get(locale) ?? [];

  return {
    settings: (locale) => localeData(locale).settings,
    articles: articlesOf,
    article: (locale, documentId) => articlesOf(locale).find((article) => article.documentId === documentId),
    rubrics: (locale) => [...localeData(locale).rubrics.values()].sort((a, b) => (a.position ?? 1e9) - (b.position ?? 1e9) || a.name.localeCompare(b.name, locale)),
    tags: (locale) => [...localeData(locale).tags.values()],
    authors: () => authors,
    events: (locale) => [...localeData(locale).events.values()],
    organizations: (locale) => [...localeData(locale).orgs.values()],
    months: (locale) => {
      const seen = new Map<string, MonthKey>();
      for (const article of articlesOf(locale)) seen.set(`${article.year}-${article.month}`, { year: article.year, month: article.month });
      return [...seen.values()].sort((a, b) => (a.year + a.month < b.year + b.month ? 1 : -1));
    },
    fileUrl: (url) => absoluteFileUrl(STRAPI_URL, url),
  };
}

let catalogPromise: Promise<Catalog> | undefined;

/** The build's catalog (built once, shared by every page). */
export function catalog(): Promise<Catalog> {
  catalogPromise ??= buildCatalog();
  return catalogPromise;
}

/** Whether an article belongs to a listing, by relation documentIds (stable across locales). */
export const membership = {
  rubric: (article: ArticleView, documentId: string) => article.rubric?.documentId === documentId,
  tag: (article: ArticleView, documentId: string) => article.tags.some((tag) => tag.documentId === documentId),
  author: (article: ArticleView, documentId: string) => article.authors.some((author) => author.documentId === documentId),
  event: (article: ArticleView, documentId: string) => article.event?.documentId === documentId,
  organization: (article: ArticleView, documentId: string) =>
    article.event !== null &&
    [...article.event.organizers, ...article.event.supporters].some((org) => org.documentId === documentId),
};

export type { Article, Author, Credit, NgoEvent, Organization, Photo, Rubric, SiteSettings, Tag };

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

export async function chrome(locale: Locale): Promise<Chrome> {
  const c = await catalog();
  const settings = c.settings(locale);
  const other = LOCALES.find((candidate) => candidate !== locale);
  const otherSettings = other ? c.settings(other) : null;
  return {
    locale,
    siteName: settings?.siteName ?? DEFAULT_SITE_NAME[locale],
    otherSiteName: other ? { locale: other, name: otherSettings?.siteName ?? DEFAULT_SITE_NAME[other] } : null,
    ageLabel: settings?.ageLabel ?? '18+',
    nav: c.rubrics(locale).map((rubric) => ({ name: rubric.name, path: paths.rubric(locale, rubric.slug) })),
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
