/**
 * Scoped builds as pages see them: `inScope(kind, key)` for every
 * getStaticPaths (`standalonePagePaths` for the one-off pages),
 * `buildScope()` for the catalog. The rules themselves (scope
 * file, keys, resolution) are in ./scope-rules.ts, re-exported here.
 */
export * from './scope-rules.ts';
import {
  completeDays,
  inPartition,
  isInScope,
  parsePartition,
  readScopeFile,
  resolveScope,
  type BuildPartition,
  type ScopeFile,
  type ScopeKind,
} from './scope-rules.ts';
import { LOCALES } from '../config.ts';
import { localeParam } from './urls.ts';

/** A scoped build's scope as pages see it; `null` in a full build. */
export type BuildScope = { file: ScopeFile; keys: ReadonlySet<string>; completeDays: ReadonlySet<string> } | null;

let current: Promise<BuildScope> | undefined;

/** Reads TILSHI_BUILD_SCOPE once per build and resolves it against the content store. */
async function loadScope(): Promise<BuildScope> {
  const { TILSHI_BUILD_SCOPE: file } = await import('astro:env/server');
  if (!file) return null;
  const spec = readScopeFile(file);
  const { getCollection } = await import('astro:content');
  const articles = (await getCollection('articles')).map((entry) => entry.data);
  const keys = resolveScope(spec, articles);
  return { file: spec, keys, completeDays: completeDays(keys) };
}

/** This build's scope (`null`: a full build). */
export function buildScope(): Promise<BuildScope> {
  current ??= loadScope();
  return current;
}

let partition: Promise<BuildPartition | null> | undefined;

/** This build's partition of a full build rendered in several processes (TILSHI_BUILD_PARTITION), or null. */
export function buildPartition(): Promise<BuildPartition | null> {
  partition ??= import('astro:env/server').then(({ TILSHI_BUILD_PARTITION }) => parsePartition(TILSHI_BUILD_PARTITION));
  return partition;
}

/** Whether the page `kind`/`key` is rendered by this build. Call it from every getStaticPaths. */
export async function inScope(kind: ScopeKind, key: string): Promise<boolean> {
  const scope = await buildScope();
  return isInScope(scope ? scope.keys : null, kind, key) && inPartition(await buildPartition(), kind, key);
}

/** The site's pages that are neither listings nor articles: one each per locale (scope kind `page`, key `<locale>:<name>`). */
export type StandalonePage = 'search' | 'register' | 'login' | 'password' | 'account' | 'unsubscribe';

/** getStaticPaths of a standalone page: the locales whose version this build renders. */
export async function standalonePagePaths(page: StandalonePage): Promise<Array<{ params: { locale: string | undefined } }>> {
  const pages = [];
  for (const locale of LOCALES) if (await inScope('page', `${locale}:${page}`)) pages.push({ params: { locale: localeParam(locale) } });
  return pages;
}
