/**
 * The layout of the site's search index, shared by the indexer (Node:
 * ./search-index.ts), the publish service's refresher and the browser
 * (./search-client.ts). Nothing here may import Node modules.
 *
 * Pagefind builds an index in memory, about 60 KB per page on this site:
 * 8.3 GiB at 150,000 pages, more than a build machine should need. So the
 * searchable pages are indexed in parts of at most `TILSHI_SEARCH_PART_PAGES`
 * pages, one Pagefind run each, and the browser merges a language's parts
 * (Pagefind's `mergeIndex`). Every part holds one language only: Pagefind
 * answers a language it lacks with its largest other language.
 *
 *   /pagefind/parts.json        {"version":1,"languages":{"ru":["ru-1/","ru-2/"],"kk":["kk-1/"]}}
 *   /pagefind/ru-1/pagefind.js  a whole Pagefind bundle of part 1 of the Russian pages
 */

/** The index's table of contents, written last: readers load the parts it names. */
export const SEARCH_PARTS_FILE = 'parts.json';

/** Pagefind's own table of contents of one bundle. */
export const PAGEFIND_ENTRY_FILE = 'pagefind-entry.json';

/** Default largest part: the indexer peaked at 2,397 MiB in all with parts of 23,575 pages of this site (BENCHMARKS.md, "Search index"), so ~2.5–3 GiB at most. */
export const DEFAULT_SEARCH_PART_PAGES = 30_000;

/** Bundle folders (relative to /pagefind/, ending in "/") per language code of the pages' `lang`. */
export type SearchParts = { version: 1; languages: Record<string, string[]> };

/** The folder of part `n` (1-based) of a language. */
export function partFolder(language: string, n: number): string {
  return `${language}-${n}/`;
}

/** Reads parts.json as the browser gets it; null when it is not a table of contents this code knows. */
export function parseSearchParts(value: unknown): SearchParts | null {
  if (typeof value !== 'object' || value === null || !('version' in value) || value.version !== 1) return null;
  if (!('languages' in value) || typeof value.languages !== 'object' || value.languages === null) return null;
  const languages: Record<string, string[]> = {};
  for (const [language, folders] of Object.entries(value.languages)) {
    if (!Array.isArray(folders) || folders.length === 0) return null;
    // Only folders this indexer writes: no other path, no other origin.
    if (!folders.every((folder): folder is string => typeof folder === 'string' && /^[a-z0-9-]+-\d+\/$/i.test(folder))) return null;
    languages[language] = folders;
  }
  return { version: 1, languages };
}

/** The parts of a page's language (`kk`, or `kk` for `kk-KZ`), or null when the index has none. */
export function partsOfLanguage(parts: SearchParts, lang: string): string[] | null {
  return parts.languages[lang] ?? parts.languages[lang.split('-')[0] ?? ''] ?? null;
}
