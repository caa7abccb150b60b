/**
 * Browser side of the search page: reads ?q=, reads the index's table of
 * contents (/pagefind/parts.json, ./search-parts.ts), loads the Pagefind
 * bundle of the first part of the page's language and merges its other parts
 * (Pagefind's `mergeIndex`), and renders the results with the page's own
 * translated strings.
 */
import { parseSearchParts, partsOfLanguage, SEARCH_PARTS_FILE } from './search-parts.ts';

type PagefindResult = { url: string; title: string; excerpt: string };

/** The subset of Pagefind's browser API used here, checked at runtime (it is loaded by URL, untyped). */
type PagefindApi = {
  search(query: string): Promise<{ results: Array<{ data(): Promise<unknown> }> }>;
  mergeIndex(bundlePath: string): Promise<void>;
};

function isPagefindApi(value: unknown): value is PagefindApi {
  return (
    typeof value === 'object' &&
    value !== null &&
    'search' in value &&
    typeof value.search === 'function' &&
    'mergeIndex' in value &&
    typeof value.mergeIndex === 'function'
  );
}

const INDEX_ROOT = '/pagefind/';

/** Pagefind with every part of the page's language merged in; null when the index is missing or unreadable. */
async function loadIndex(lang: string): Promise<PagefindApi | null> {
  try {
    // Revalidated: the parts change when the site is re-indexed.
    const response = await fetch(`${INDEX_ROOT}${SEARCH_PARTS_FILE}`, { cache: 'no-cache' });
    if (!response.ok) return null;
    const parts = parseSearchParts(await response.json());
    const folders = parts ? partsOfLanguage(parts, lang) : null;
    if (!folders) return null;
    const [first, ...others] = folders;
    // A plain variable, as Vite leaves it alone: a template literal here makes Vite add its preload helper, a shared chunk every page with the comments island would then load.
    const bundle = `${INDEX_ROOT}${first ?? ''}pagefind.js`;
    const api: unknown = await import(/* @vite-ignore */ bundle);
    if (!isPagefindApi(api)) return null;
    for (const folder of others) await api.mergeIndex(`${INDEX_ROOT}${folder}`);
    return api;
  } catch {
    return null;
  }
}

function toResult(value: unknown): PagefindResult | null {
  if (typeof value !== 'object' || value === null || !('url' in value) || typeof value.url !== 'string') return null;
  const meta = 'meta' in value && typeof value.meta === 'object' && value.meta !== null ? value.meta : {};
  const title = 'title' in meta && typeof meta.title === 'string' ? meta.title : value.url;
  const excerpt = 'excerpt' in value && typeof value.excerpt === 'string' ? value.excerpt : '';
  return { url: value.url, title, excerpt };
}

const MAX_RESULTS = 20;

export async function runSearch(doc: Document): Promise<void> {
  const output = doc.getElementById('search-results');
  const input = doc.getElementById('q');
  if (!output || !(input instanceof HTMLInputElement)) return;
  const query = new URLSearchParams(doc.location.search).get('q')?.trim() ?? '';
  input.value = query;
  if (query.length < 2) return;
  const say = (text: string) => {
    const p = doc.createElement('p');
    p.textContent = text;
    output.replaceChildren(p);
  };
  const api = await loadIndex(doc.documentElement.lang);
  if (!api) {
    say(output.dataset.unavailable ?? '');
    return;
  }
  const search = await api.search(query);
  const results = (await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()))).map(toResult).filter((r) => r !== null);
  if (results.length === 0) {
    say(output.dataset.noResults ?? '');
    return;
  }
  const summary = doc.createElement('p');
  summary.textContent = `${output.dataset.found ?? ''}: ${search.results.length}`;
  const list = doc.createElement('ol');
  list.className = 'cards';
  for (const result of results) {
    const item = doc.createElement('li');
    const heading = doc.createElement('h2');
    const link = doc.createElement('a');
    link.href = result.url;
    link.textContent = result.title;
    heading.append(link);
    const excerpt = doc.createElement('p');
    // Pagefind's excerpt is HTML-escaped page text with <mark> around the matches.
    excerpt.innerHTML = result.excerpt;
    item.append(heading, excerpt);
    list.append(item);
  }
  output.replaceChildren(summary, list);
}
