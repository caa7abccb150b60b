/**
 * Scoped builds. The publish service runs the same build with
 * TILSHI_BUILD_SCOPE=<file.json> listing the articles that changed; every
 * route's getStaticPaths asks `inScope(kind, key)` and renders only the
 * bounded set those articles touch:
 *
 * - the article's pages in every locale (a new translation changes the other
 *   version's language switch and hreflang);
 * - home, and the latest-N pages of its rubric, tags, authors, event and the
 *   event's organizations, in the article's locale;
 * - its month archive and the month's sitemap;
 * - the feeds of its locale and of its rubric.
 *
 * Without a scope everything is in scope. Pages that do not depend on
 * articles (search, 404) are outside every scope.
 *
 * Scope file:
 * {
 *   "articles": [{ "documentId": "x8f2…", "locales": ["ru", "kk"] }],
 *   "extra": [{ "kind": "rubric", "key": "ru:<rubric documentId>" }]
 * }
 * `locales` defaults to every locale. An article that was deleted or
 * unpublished is no longer in the content store, so its old rubric, tags,
 * month… cannot be derived: the publish service lists them in `extra`
 * (it knows the previous version), as it does when an article moved to
 * another rubric or month.
 */
import { readFileSync } from 'node:fs';
import { LOCALES, localeSchema, type Locale } from '@tilshi/shared-types';
import { z } from 'zod';
import { monthOf } from './format.ts';

/** What a getStaticPaths renders; keys are documented per kind. */
export const SCOPE_KINDS = [
  /** `<locale>:<article documentId>` */
  'article',
  /** `<locale>` */
  'home',
  /** `<locale>:<documentId>` of the rubric, tag, author, event or organization */
  'rubric',
  'tag',
  'author',
  'event',
  'organization',
  /** `<locale>:<yyyy>-<mm>` */
  'archive',
  /** `<yyyy>-<mm>` (one file for both locales) */
  'sitemap',
  /** `<locale>` for the locale's feed, `<locale>:<rubric documentId>` for a rubric's */
  'feed',
  /** `<locale>:<name>` of a page that does not depend on articles (search, 404, archive index) */
  'page',
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const scopeFileSchema = z.strictObject({
  articles: z.array(z.strictObject({ documentId: z.string().min(1), locales: z.array(localeSchema).min(1).optional() })),
  extra: z.array(z.strictObject({ kind: z.enum(SCOPE_KINDS), key: z.string().min(1) })).default([]),
});
export type ScopeFile = z.infer<typeof scopeFileSchema>;

/** The TILSHI_BUILD_SCOPE file cannot be used: the build stops rather than render the wrong set. */
export class BuildScopeError extends Error {
  readonly file: string;

  constructor(file: string, detail: string) {
    super(`TILSHI_BUILD_SCOPE=${file}: ${detail}`);
    this.name = 'BuildScopeError';
    this.file = file;
  }
}

/** What scope resolution needs of an article (a subset of the shared Article type). */
export type ScopeArticle = {
  documentId: string;
  locale: Locale;
  publicationDate: string | null;
  publishedAt: string;
  rubric: { documentId: string } | null;
  tags: ReadonlyArray<{ documentId: string }>;
  authors: ReadonlyArray<{ documentId: string }>;
  event: { documentId: string; organizers: ReadonlyArray<{ documentId: string }>; supporters: ReadonlyArray<{ documentId: string }> } | null;
};

/** The resolved scope: a set of `kind|key` strings, or `null` for "everything". */
export type ResolvedScope = ReadonlySet<string> | null;

export const scopeEntry = (kind: ScopeKind, key: string): string => `${kind}|${key}`;

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

/** Expands a scope file into every page key it touches, using the articles now in the content store. */
export function resolveScope(file: ScopeFile, articles: readonly ScopeArticle[]): Set<string> {
  const keys = new Set<string>();
  const add = (kind: ScopeKind, key: string) => keys.add(scopeEntry(kind, key));
  for (const { kind, key } of file.extra) add(kind, key);
  for (const change of file.articles) {
    const locales = change.locales ?? LOCALES;
    // Every locale version's own page: the language switch of each depends on the others.
    for (const locale of LOCALES) add('article', `${locale}:${change.documentId}`);
    for (const locale of locales) {
      add('home', locale);
      add('feed', locale);
      const article = articles.find((a) => a.documentId === change.documentId && a.locale === locale);
      if (!article) continue; // deleted or unpublished: its old relations come through `extra`
      const { year, month } = monthOf(article.publicationDate ?? article.publishedAt);
      add('archive', `${locale}:${year}-${month}`);
      add('sitemap', `${year}-${month}`);
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

/** Whether a page belongs to a resolved scope (`null`: no scope, everything does). */
export function isInScope(scope: ResolvedScope, kind: ScopeKind, key: string): boolean {
  return scope === null || scope.has(scopeEntry(kind, key));
}

let current: Promise<ResolvedScope> | undefined;

/** Reads TILSHI_BUILD_SCOPE once per build and resolves it against the content store. */
async function loadScope(): Promise<ResolvedScope> {
  const { TILSHI_BUILD_SCOPE: file } = await import('astro:env/server');
  if (!file) return null;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BuildScopeError(file, `cannot read it (${error instanceof Error ? error.message : String(error)})`);
  }
  const spec = parseScopeFile(text, file);
  const { getCollection } = await import('astro:content');
  const articles = (await getCollection('articles')).map((entry) => entry.data);
  return resolveScope(spec, articles);
}

/** Whether the page `kind`/`key` is rendered by this build. Call it from every getStaticPaths. */
export async function inScope(kind: ScopeKind, key: string): Promise<boolean> {
  current ??= loadScope();
  return isInScope(await current, kind, key);
}
