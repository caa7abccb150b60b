/**
 * Read side of the content store for pages: one `Catalog` per build, built
 * from `astro:content`, with the lookups pages need (articles of a locale,
 * translations, members of a rubric/tag/author/event/organization, archive
 * days and months).
 *
 * An article embeds copies of its rubric, tags, authors, event and photo
 * credits as they were when the article was last saved. Incremental sync does
 * not re-fetch an article when only its rubric is renamed, so the catalog
 * resolves each relation from its own collection by documentId. A rubric,
 * tag, author or event that is gone from its collection was deleted (none of
 * them has drafts): the article no longer shows it, and no page links to the
 * page the publish service removes. A credit has no page: a photo keeps its
 * embedded copy when the credit is gone.
 *
 * In a scoped build the store holds only the articles of the scope's pages
 * (lib/strapi/scoped.ts): the archive days it loaded completely come from the
 * store, every other day from the scope file's summary of the live site.
 */
import { getCollection } from 'astro:content';
import { STRAPI_URL } from 'astro:env/server';
import type { Article, Author, Credit, Locale, NgoEvent, Organization, Photo, Rubric, SiteSettings, Tag } from '@tilshi/shared-types';
import { LOCALES } from '../config.ts';
import { LISTING_RULES, newerFirst, type ListingKind } from './listing-rules.ts';
import { buildScope } from './scope.ts';
import { chromeOf, sortRubrics, type Chrome } from './chrome.ts';
import { relatedFacts, relatedIndex } from './related.ts';
import { articleView, type ArticleView } from './view.ts';
import { absoluteFileUrl } from '@tilshi/strapi-client';
import { paths, versionedFileUrl, type UploadRef } from './urls.ts';

export type { ArticleView } from './view.ts';

export type MonthKey = { year: string; month: string };

export type Catalog = {
  /** The build's "now" (when the catalog was made): the same for every page of a build (the 48-hour window). */
  now: Date;
  settings(locale: Locale): SiteSettings | null;
  articles(locale: Locale): readonly ArticleView[];
  article(locale: Locale, documentId: string): ArticleView | undefined;
  rubrics(locale: Locale): readonly Rubric[];
  tags(locale: Locale): readonly Tag[];
  authors(): readonly Author[];
  events(locale: Locale): readonly NgoEvent[];
  organizations(locale: Locale): readonly Organization[];
  /** The months of a locale that have articles, newest first. */
  months(locale: Locale): readonly MonthKey[];
  /** The days (`YYYY-MM-DD`) of one month of a locale that have articles, newest first. */
  days(locale: Locale, year: string, month: string): readonly string[];
  /** Every archive day of a locale (`YYYY-MM-DD`) with the newest change of its articles, newest day first. */
  dayStats(locale: Locale): ReadonlyMap<string, string>;
  /** The articles of one archive day (`YYYY-MM-DD`) of a locale, newest first. */
  dayArticles(locale: Locale, day: string): readonly ArticleView[];
  /** Absolute URL of an uploaded file, versioned by its last change (urls.ts `versionedFileUrl`). */
  fileUrl(file: UploadRef): string;
};

const byDateDesc = newerFirst((article: ArticleView) => article.date);

function index<T extends { documentId: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.documentId, item]));
}

async function buildCatalog(): Promise<Catalog> {
  const [articleEntries, rubricEntries, tagEntries, authorEntries, creditEntries, orgEntries, eventEntries, settingEntries] =
    await Promise.all([
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
        .map((article): ArticleView =>
          articleView(
            {
              ...article,
              rubric: article.rubric ? (rubrics.get(article.rubric.documentId) ?? null) : null,
              tags: article.tags.flatMap((tag) => tags.get(tag.documentId) ?? []),
              authors: article.authors.flatMap((author) => authorIndex.get(author.documentId) ?? []),
              event: article.event ? (events.get(article.event.documentId) ?? null) : null,
              cover: article.cover ? freshPhoto(article.cover) : null,
              gallery: article.gallery.map(freshPhoto),
            },
            // The store, not the embedded `localizations`, decides: it holds exactly the published versions this build renders.
            (versions.get(article.documentId) ?? [])
              .filter((other) => other.locale !== locale)
              .map((other) => ({ locale: other.locale, slug: other.slug, path: paths.article(other.locale, other.slug) })),
          ),
        )
        .sort(byDateDesc);
      return [locale, list] as const;
    }),
  );
  const articlesOf = (locale: Locale) => views.get(locale) ?? [];
  // An article page looks its article up by documentId: a scan of the locale's list per page made a full build
  // quadratic in the archive (7 s of 87 s of rendering at 10,000 articles; minutes at 100,000).
  const byDocument = new Map(LOCALES.map((locale) => [locale, index(articlesOf(locale))] as const));

  // Archive days: from the articles, except in a scoped build, where only the days it loaded completely are.
  const scope = await buildScope();
  const byDay = new Map(
    LOCALES.map((locale) => {
      const days = new Map<string, ArticleView[]>();
      for (const article of articlesOf(locale)) {
        const list = days.get(article.day);
        if (list) list.push(article);
        else days.set(article.day, [article]);
      }
      return [locale, days] as const;
    }),
  );
  const stats = new Map(
    LOCALES.map((locale) => {
      const newest = new Map<string, string>();
      for (const [day, list] of byDay.get(locale) ?? []) {
        if (scope && !scope.completeDays.has(day)) continue;
        newest.set(
          day,
          list.reduce((latest, article) => (article.modified > latest ? article.modified : latest), ''),
        );
      }
      for (const [day, lastmod] of Object.entries(scope?.file.days?.[locale] ?? {})) {
        if (scope && !scope.completeDays.has(day)) newest.set(day, lastmod);
      }
      return [locale, new Map([...newest.entries()].sort(([a], [b]) => (a < b ? 1 : -1)))] as const;
    }),
  );
  const dayStats = (locale: Locale): ReadonlyMap<string, string> => stats.get(locale) ?? new Map();
  const monthsOf = new Map(
    LOCALES.map((locale) => {
      const months = new Map<string, string[]>();
      for (const day of dayStats(locale).keys()) {
        const list = months.get(day.slice(0, 7));
        if (list) list.push(day);
        else months.set(day.slice(0, 7), [day]);
      }
      return [locale, months] as const;
    }),
  );

  return {
    now: new Date(),
    settings: (locale) => localeData(locale).settings,
    articles: articlesOf,
    article: (locale, documentId) => byDocument.get(locale)?.get(documentId),
    rubrics: (locale) => sortRubrics([...localeData(locale).rubrics.values()], locale),
    tags: (locale) => [...localeData(locale).tags.values()],
    authors: () => authors,
    events: (locale) => [...localeData(locale).events.values()],
    organizations: (locale) => [...localeData(locale).orgs.values()],
    months: (locale) =>
      [...(monthsOf.get(locale)?.keys() ?? [])].map((key) => {
        const [year = '', month = ''] = key.split('-');
        return { year, month };
      }),
    days: (locale, year, month) => monthsOf.get(locale)?.get(`${year}-${month}`) ?? [],
    dayStats,
    dayArticles: (locale, day) => byDay.get(locale)?.get(day) ?? [],
    fileUrl: (file) => versionedFileUrl(absoluteFileUrl(STRAPI_URL, file.url), file),
  };
}

let catalogPromise: Promise<Catalog> | undefined;

/** The build's catalog (built once, shared by every page). */
export function catalog(): Promise<Catalog> {
  catalogPromise ??= buildCatalog();
  return catalogPromise;
}

const relatedIndexes = new WeakMap<
  readonly ArticleView[],
  ReturnType<typeof relatedIndex<ReturnType<typeof relatedFacts> & { view: ArticleView }>>
>();

/** "Read next" of an article (lib/related.ts): older articles of its event, tags or rubric, from the build's catalog. */
export function relatedOf(c: Catalog, article: ArticleView): ArticleView[] {
  const articles = c.articles(article.locale);
  let index = relatedIndexes.get(articles);
  if (!index) {
    index = relatedIndex(articles.map((view) => ({ ...relatedFacts(view), view })));
    relatedIndexes.set(articles, index);
  }
  return index.of(relatedFacts(article)).map((facts) => facts.view);
}

/**
 * The articles of an entity page (a rubric, tag, author, event or organization), newest first, by the
 * rule the scoped sync uses too (lib/listing-rules.ts); `limit`: how many (all when omitted).
 */
export function listingOf(c: Catalog, kind: ListingKind, locale: Locale, documentId: string, limit?: number): ArticleView[] {
  const { member } = LISTING_RULES[kind];
  const members = c.articles(locale).filter((article) => member(article, documentId));
  return limit === undefined ? members : members.slice(0, limit);
}

export type { Article, Author, Credit, NgoEvent, Organization, Photo, Rubric, SiteSettings, Tag };

export { chromeOf, everyLocale, languageSwitch, sortRubrics, type Chrome, type LanguageSwitch } from './chrome.ts';

/** The frame of a locale's pages (lib/chrome.ts) from the build's catalog. */
export async function chrome(locale: Locale): Promise<Chrome> {
  const c = await catalog();
  return chromeOf(locale, c.settings, c.rubrics(locale));
}
