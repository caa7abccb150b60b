/**
 * Scoped builds — the pure rules (no Astro import: the publish service uses
 * them too); ./scope.ts adds what a build reads through Astro.
 *
 * Scoped builds. The publish service runs the same build with
 * TILSHI_BUILD_SCOPE=<file.json> listing the articles that changed; every
 * route's getStaticPaths asks `inScope(kind, key)` and renders only the
 * bounded set those articles touch:
 *
 * - the article's pages in every locale (a new translation changes the other
 *   version's language switch and hreflang);
 * - home, and the latest-N pages of its rubric, tags, authors, event and the
 *   event's organizations, in the article's locale;
 * - its archive day and archive month (which lists the month's days) in
 *   every locale (their language switch), and the day's sitemap;
 * - the feeds of its locale and of its rubric.
 *
 * Without a scope everything is in scope. Pages that do not depend on
 * articles (search, 404) are outside every scope.
 *
 * Scope file:
 * {
 *   "articles": [{ "documentId": "x8f2…", "locales": ["ru", "kk"] }],
 *   "extra": [{ "kind": "rubric", "key": "ru:<rubric documentId>" }],
 *   "since": "2026-11-25T08:00:00.000Z",
 *   "days": { "ru": { "2026-11-25": "<newest change>" }, "kk": { … } }
 * }
 * `locales` defaults to every locale. An article that was deleted or
 * unpublished is no longer in the content store, so its old rubric, tags,
 * day… cannot be derived: the publish service lists them in `extra`
 * (it knows the previous version), as it does when an article moved to
 * another rubric or day.
 *
 * `since`: every article of the content store that changed at or after this
 * instant renders its own pages too. A listing fetched during the build may
 * already show an article published after the build started; rendering that
 * article's page in the same build keeps every link of the build pointing at
 * a page that goes live with it. `live` names the versions of that time the
 * live site already shows (`locale:documentId` → change time): their pages
 * are live as they are and are left alone (a newsroom publishing every few
 * seconds would otherwise re-render the last minute's articles every time).
 *
 * `days`: the archive days of the live site (per locale, with the newest
 * change of each), for the pages that list days or months (archive months,
 * archive index, sitemap index, pages sitemap). A scoped build loads only the
 * days in its scope completely (lib/strapi/scoped.ts); every other day comes
 * from here. Without it those pages list only the days the build loaded.
 *
 * Why days: a month of a large archive holds thousands of articles, and an
 * edit of any of them would re-load and re-render that month's archive page
 * and sitemap. A day holds tens to a couple of hundred, so an edit costs the
 * same in a 10,000- and a 100,000-article archive (BENCHMARKS.md).
 */
import { readFileSync } from 'node:fs';
import { LOCALES, parseScopeEntry, scopeEntry, scopeFileSchema, type Locale, type ScopeFile, type ScopeKind } from '@tilshi/shared-types';
import { z } from 'zod';
import { dayOf } from './format.ts';
import { changedAt, type ListedArticle } from './listing-rules.ts';

export {
  SCOPE_KINDS,
  dayKeySchema,
  scopeEntry,
  parseScopeEntry,
  scopeFileSchema,
  type ScopeFile,
  type ScopeKind,
} from '@tilshi/shared-types';
/** The `page` key of the pages sitemap (every page but articles): the publish service puts it in every scope. */
export const PAGES_SITEMAP_KEY = 'sitemap-pages';

/** The TILSHI_BUILD_SCOPE file cannot be used: the build stops rather than render the wrong set. */
export class BuildScopeError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`TILSHI_BUILD_SCOPE=${file}: ${detail}`);
    this.name = 'BuildScopeError';
    this.file = file;
  }
}

/** What scope resolution needs of an article (a subset of the shared Article type): its dates and its relations. */
export type ScopeArticle = {
  documentId: string;
  locale: Locale;
  publicationDate: string | null;
  publishedAt: string;
  /** With publishedAt, when the version last changed (the `since` rule); optional for callers that do not use it. */
  updatedAt?: string;
} & ListedArticle;

/** The resolved scope: a set of `kind|key` strings, or `null` for "everything". */
export type ResolvedScope = ReadonlySet<string> | null;

/** Parses and validates the text of a scope file. */
export function parseScopeFile(text: string, file = '(scope)'): ScopeFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BuildScopeError(file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = scopeFileSchema.safeParse(json);
  if (!parsed.success) throw new BuildScopeError(file, z.prettifyError(parsed.error));
  return parsed.data;
}

/** The archive day (`YYYY-MM-DD`, Aktau time) an article is filed under. */
export function articleDay(article: Pick<ScopeArticle, 'publicationDate' | 'publishedAt'>): string {
  return dayOf(article.publicationDate ?? article.publishedAt);
}

/**
 * The `since` rule: whether this article version changed at or after the scope's `since` and is not the
 * version the live site shows (`live`), so its own pages render in this build. Never without a `since`.
 */
export function changedDuringBuild(
  file: Pick<ScopeFile, 'since' | 'live'>,
  article: Pick<ScopeArticle, 'documentId' | 'locale' | 'publishedAt' | 'updatedAt'>,
): boolean {
  if (!file.since) return false;
  const at = Date.parse(changedAt(article));
  if (!(at >= Date.parse(file.since))) return false;
  const live = file.live?.[`${article.locale}:${article.documentId}`];
  return live === undefined || Date.parse(live) !== at;
}

/** Expands a scope file into every page key it touches, using the articles now in the content store. */
export function resolveScope(file: ScopeFile, articles: readonly ScopeArticle[]): Set<string> {
  const keys = new Set<string>();
  const add = (kind: ScopeKind, key: string) => keys.add(scopeEntry(kind, key));
  for (const { kind, key } of file.extra) add(kind, key);
  for (const article of articles) if (changedDuringBuild(file, article)) add('article', `${article.locale}:${article.documentId}`);
  for (const change of file.articles) {
    const locales = change.locales ?? LOCALES;
    // Every locale version's own page: the language switch of each depends on the others.
    for (const locale of LOCALES) add('article', `${locale}:${change.documentId}`);
    for (const locale of locales) {
      add('home', locale);
      add('feed', locale);
      const article = articles.find((a) => a.documentId === change.documentId && a.locale === locale);
      if (!article) continue; // deleted or unpublished: its old relations come through `extra`
      const day = articleDay(article);
      // The day and month pages of every locale: their language switch depends on the other locale's day.
      // The day is loaded in both locales anyway (its sitemap), so the other locale's page costs little.
      for (const each of LOCALES) {
        add('archive', `${each}:${day}`);
        add('month', `${each}:${day.slice(0, 7)}`);
      }
      add('sitemap', day);
      if (article.rubric) {
        add('rubric', `${locale}:${article.rubric.documentId}`);
        add('feed', `${locale}:${article.rubric.documentId}`);
      }
      for (const tag of article.tags) add('tag', `${locale}:${tag.documentId}`);
      for (const author of article.authors) add('author', `${locale}:${author.documentId}`);
      if (article.event) {
        add('event', `${locale}:${article.event.documentId}`);
        for (const org of [...article.event.organizers, ...article.event.supporters]) add('organization', `${locale}:${org.documentId}`);
      }
    }
  }
  return keys;
}

/** The pages one published article version touches (its own page, listings, day, month, feeds), as `kind|key` entries. */
export function articleKeys(article: ScopeArticle): string[] {
  return [...resolveScope({ articles: [{ documentId: article.documentId, locales: [article.locale] }], extra: [] }, [article])];
}

/**
 * The days a scoped build loads completely, in every locale: those of its
 * archive-day and day-sitemap pages. Their lists come from the content store;
 * every other day from the scope file's `days`.
 */
export function completeDays(scope: ReadonlySet<string>): Set<string> {
  const days = new Set<string>();
  for (const entry of scope) {
    const parsed = parseScopeEntry(entry);
    if (parsed?.kind === 'sitemap') days.add(parsed.key);
    if (parsed?.kind === 'archive') days.add(parsed.key.slice(parsed.key.indexOf(':') + 1));
  }
  return days;
}

/** Whether a page belongs to a resolved scope (`null`: no scope, everything does). */
export function isInScope(scope: ResolvedScope, kind: ScopeKind, key: string): boolean {
  return scope === null || scope.has(scopeEntry(kind, key));
}

/**
 * One partition of a full build rendered in several processes
 * (TILSHI_BUILD_PARTITION=`<index>/<count>`, set by the publish service):
 * each process renders the pages whose scope entry hashes to its index, so
 * the partitions together render every page once. On one machine they share
 * one content sync (the build contract's `SharedStore`); CI shard jobs sync
 * each on its own. Pages with no scope entry (404, robots.txt, the sitemap index) are
 * rendered by each, the same in each.
 */
export type BuildPartition = { index: number; count: number };

export function parsePartition(text: string | undefined): BuildPartition | null {
  if (!text) return null;
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new BuildScopeError(`TILSHI_BUILD_PARTITION=${text}`, 'not <index>/<count> with index < count');
  return { index, count };
}

/** Whether a page belongs to a partition: FNV-1a of its scope entry, modulo the count. */
export function inPartition(partition: BuildPartition | null, kind: ScopeKind, key: string): boolean {
  if (!partition || partition.count === 1) return true;
  let hash = 0x811c9dc5;
  for (const char of scopeEntry(kind, key)) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 0x01000193) >>> 0;
  return hash % partition.count === partition.index;
}

/** Reads and validates a scope file from disk. */
export function readScopeFile(file: string): ScopeFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BuildScopeError(file, `cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  return parseScopeFile(text, file);
}
