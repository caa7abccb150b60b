/**
 * Dependents: which live pages show an entity, from the site's index (every
 * build's manifest records what each page shows: site-index.ts and the build
 * contract in @tilshi/shared-types).
 *
 * - tag, author, credit: the article pages carrying it (their tag list,
 *   byline, photo credits), plus its own page (tag, author); listings show
 *   none of them (ArticleCard: photo, rubric, time, title, lead);
 * - event: its own page, the article pages carrying it (their event box),
 *   and the organization pages listing it;
 * - organization: its own page, the event pages naming it, and the article
 *   pages whose event box names it;
 * - a photo file: the articles showing it, as article changes (the cover is
 *   on their listings, feeds and day pages too, and the articles are fetched
 *   again: a replaced file keeps its id but not its URL).
 *
 * Pages an edit makes show the entity for the first time (an organization
 * added to an event) are found after the build, from what the new pages
 * show (`newlyShown`).
 *
 * Everything (site settings, a rubric — the menu of every page): every page
 * the index knows (`everyPage`). How a fan-out is rebuilt (in the batch, in
 * background chunks, or as a full build): `planFanOut`.
 */
import { LOCALES, scopeEntry, type BuildManifest, type Locale } from '@tilshi/shared-types';
import { PAGES_SITEMAP_KEY } from '@tilshi/site/build-contract';
import { ARTICLE_CHANGE_COST, mergeArticle, versionCount } from './queue.ts';
import type { ManifestArticle, SiteIndex } from './site-index.ts';
import type { EntityRef } from './webhook.ts';

/** The `page|<locale>:<name>` pages (site/src/pages): no article on them, but the layout (settings, menu) is. */
const STANDALONE_PAGES = ['search', 'register', 'login', 'password', 'account', 'unsubscribe'] as const;

/** What a change needs rebuilt: articles as article changes (all their pages), and single pages (scope entries). */
export type Dependents = { articles: Map<string, Set<Locale> | null>; pages: Set<string> };

const emptyDependents = (): Dependents => ({ articles: new Map(), pages: new Set() });

function carries(article: ManifestArticle, entity: EntityRef): boolean {
  switch (entity.type) {
    case 'tag':
      return article.tags.includes(entity.documentId);
    case 'author':
      return article.authors.includes(entity.documentId);
    case 'credit':
      return article.credits.includes(entity.documentId);
    case 'event':
      return article.event?.documentId === entity.documentId;
    case 'organization':
      return article.event !== null && [...article.event.organizers, ...article.event.supporters].includes(entity.documentId);
    case 'file':
      return article.files.includes(entity.id);
  }
}

/** The locales an entity edit concerns (a localized entity's event names its locale; null: every locale). */
const localesOf = (entity: EntityRef): readonly Locale[] => ('locale' in entity && entity.locale ? [entity.locale] : LOCALES);

/** What orders article versions newest first (ISO instants compare as strings). */
const newness = (article: ManifestArticle): string => article.publicationDate ?? article.publishedAt;

/** The live pages that show `entity`. */
export function dependentsOf(index: SiteIndex, entity: EntityRef): Dependents {
  const result = emptyDependents();
  const locales = new Set(localesOf(entity));
  // Its own page first: in a background job, the page editors look at is rebuilt in the first chunk.
  if (entity.type === 'tag' || entity.type === 'author' || entity.type === 'event' || entity.type === 'organization') {
    for (const locale of locales) {
      const own = scopeEntry(entity.type, `${locale}:${entity.documentId}`);
      result.pages.add(own);
      for (const entry of index.pagesShowing(own)) result.pages.add(entry);
      // What the page showed before (an event's organizations): an edit may drop one, whose page lists it no more.
      for (const entry of index.page(own)?.shows ?? []) result.pages.add(entry);
    }
  }
  // The newest articles first: readers (and the editor who made the change) look at those, and a
  // background job or the head of a full build's fan-out (`headOf`) rebuilds them first.
  const carrying: ManifestArticle[] = [];
  for (const article of index.allVersions()) if (locales.has(article.locale) && carries(article, entity)) carrying.push(article);
  carrying.sort((a, b) => newness(b).localeCompare(newness(a)));
  for (const article of carrying) {
    if (entity.type === 'file') {
      mergeArticle(result.articles, article.documentId, [article.locale]);
    } else {
      result.pages.add(scopeEntry('article', `${article.locale}:${article.documentId}`));
    }
  }
  return result;
}

/**
 * Entity pages a build's new pages show that the live ones did not (an
 * organization added to an event: its page lists the event now). They are
 * rebuilt next, as pages.
 */
export function newlyShown(index: SiteIndex, manifest: BuildManifest): string[] {
  const added = new Set<string>();
  for (const [entry, page] of Object.entries(manifest.pages)) {
    const before = new Set(index.page(entry)?.shows ?? []);
    for (const shown of page.shows) if (!before.has(shown) && !(shown in manifest.pages)) added.add(shown);
  }
  return [...added];
}

/** Every page of the live site the index knows: every article version (with its listings, days, feeds), every entity page, the pages that depend on no article. */
export function everyPage(index: SiteIndex): Dependents {
  const result = emptyDependents();
  // The home pages first (`headOf`: what goes live at once when the rest is a full build).
  for (const locale of LOCALES) result.pages.add(scopeEntry('home', locale));
  for (const locale of LOCALES) {
    result.pages.add(scopeEntry('feed', locale));
    for (const name of STANDALONE_PAGES) result.pages.add(scopeEntry('page', `${locale}:${name}`));
  }
  result.pages.add(scopeEntry('page', PAGES_SITEMAP_KEY));
  for (const entry of index.pages().keys()) result.pages.add(entry);
  for (const article of index.allVersions()) mergeArticle(result.articles, article.documentId, [article.locale]);
  return result;
}

/** The pages a set of dependents renders: its single pages and its article versions. */
export function dependentsSize(dependents: Dependents): number {
  let articles = 0;
  for (const locales of dependents.articles.values()) articles += versionCount(locales);
  return articles + dependents.pages.size;
}

/** The article versions a set of dependents rebuilds as article changes (each with its listings). */
export function articleVersionsOf(dependents: Dependents): number {
  return dependentsSize(dependents) - dependents.pages.size;
}

/** What a set of dependents costs to rebuild, in single pages (an article version counts `ARTICLE_CHANGE_COST`). */
export function fanOutCost(dependents: Dependents): number {
  return dependents.pages.size + articleVersionsOf(dependents) * ARTICLE_CHANGE_COST;
}

/**
 * The first `budget` of a fan-out's cost, in its order: the entity's own page, the entity pages listing
 * it and the newest article pages (`dependentsOf`), then article changes. When the rest goes to a full
 * build or a background job, these go live in the batch's own build, in seconds (the full build takes
 * minutes at 100,000; the job's first chunk may wait for its worker's start).
 */
export function headOf(dependents: Dependents, budget: number): Dependents {
  const head = emptyDependents();
  let cost = 0;
  for (const entry of dependents.pages) {
    if (cost >= budget) return head;
    head.pages.add(entry);
    cost += 1;
  }
  for (const [documentId, locales] of dependents.articles) {
    if (cost >= budget) return head;
    head.articles.set(documentId, locales);
    cost += versionCount(locales) * ARTICLE_CHANGE_COST;
  }
  return head;
}

/** What is left of a fan-out once its head (`headOf`) went into the batch's own build. */
export function withoutHead(dependents: Dependents, head: Dependents): Dependents {
  return {
    articles: new Map([...dependents.articles].filter(([documentId]) => !head.articles.has(documentId))),
    pages: new Set([...dependents.pages].filter((entry) => !head.pages.has(entry))),
  };
}

/**
 * How a fan-out costing `cost` single pages (`fanOutCost`) is rebuilt: in the
 * batch's own build when it fits in a chunk; as a full build (beside
 * publishing) when it is more than `fullBuildAbove` of the site's `siteSize`
 * article versions — chunks rebuild ~26 pages/s, a full build ~350 article
 * versions/s with all their pages (BENCHMARKS.md) — or when its chunks, at
 * the measured cost of the chunks so far (`chunkMsPerCost`), would take
 * longer than the last full build did (`fullBuildMs`): at 100,000 articles a
 * page costs more in a chunk and a full build is minutes, which a fixed share
 * does not see; otherwise as a background job of chunks.
 */
export function planFanOut(
  cost: number,
  options: {
    chunkPages: number;
    fullBuildAbove: number;
    siteSize: number;
    chunkMsPerCost?: number | null;
    fullBuildMs?: number | null;
  },
): 'inline' | 'background' | 'full' {
  if (cost <= options.chunkPages) return 'inline';
  if (cost > options.siteSize * options.fullBuildAbove) return 'full';
  const { chunkMsPerCost, fullBuildMs } = options;
  if (chunkMsPerCost != null && fullBuildMs != null && cost * chunkMsPerCost > fullBuildMs) return 'full';
  return 'background';
}
