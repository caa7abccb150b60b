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
import { ARTICLE_CHANGE_COST, mergeArticle } from './queue.ts';
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
  for (const article of index.allVersions()) {
    if (!locales.has(article.locale) || !carries(article, entity)) continue;
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
  for (const article of index.allVersions()) mergeArticle(result.articles, article.documentId, [article.locale]);
  for (const entry of index.pages().keys()) result.pages.add(entry);
  for (const locale of LOCALES) {
    result.pages.add(scopeEntry('home', locale));
    result.pages.add(scopeEntry('feed', locale));
    for (const name of STANDALONE_PAGES) result.pages.add(scopeEntry('page', `${locale}:${name}`));
  }
  result.pages.add(scopeEntry('page', PAGES_SITEMAP_KEY));
  return result;
}

/** The pages a set of dependents renders: its single pages and its article versions. */
export function dependentsSize(dependents: Dependents): number {
  let articles = 0;
  for (const locales of dependents.articles.values()) articles += locales ? locales.size : LOCALES.length;
  return articles + dependents.pages.size;
}

/** What a set of dependents costs to rebuild, in single pages (an article version counts `ARTICLE_CHANGE_COST`). */
export function fanOutCost(dependents: Dependents): number {
  const articleVersions = dependentsSize(dependents) - dependents.pages.size;
  return dependents.pages.size + articleVersions * ARTICLE_CHANGE_COST;
}

/**
 * How a fan-out costing `cost` single pages (`fanOutCost`) is rebuilt: in the
 * batch's own build when it fits in a chunk; as a full build (beside
 * publishing) when it is more than `fullBuildAbove` of the site's `siteSize`
 * article versions — chunks rebuild ~26 pages/s, a full build ~350 article
 * versions/s with all their pages (BENCHMARKS.md); otherwise as a background
 * job of chunks.
 */
export function planFanOut(
  cost: number,
  options: { chunkPages: number; fullBuildAbove: number; siteSize: number },
): 'inline' | 'background' | 'full' {
  if (cost <= options.chunkPages) return 'inline';
  return cost > options.siteSize * options.fullBuildAbove ? 'full' : 'background';
}
