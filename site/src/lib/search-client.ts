/**
 * Browser side of the search page: reads ?q=, loads the Pagefind bundle
 * (/pagefind/pagefind.js, which picks the index of the page's `lang`) and
 * renders the results with the page's own translated strings.
 */

type PagefindResult = { url: string; title: string; excerpt: string };

/** The subset of Pagefind's browser API used here, checked at runtime (it is loaded by URL, untyped). */
type PagefindApi = { search(query: string): Promise<{ results: Array<{ data(): Promise<unknown> }> }> };

function isPagefindApi(value: unknown): value is PagefindApi {
  return typeof value === 'object' && value !== null && 'search' in value && typeof value.search === 'function';
}

function toResult(value: unknown): PagefindResult | null {
  if (typeof value !== 'object' || value === null || !('url' in value) || typeof value.url !== 'string') return null;
  const meta = 'meta' in value && typeof value.meta === 'object' && value.meta !== null ? value.meta : {};
  const title = 'title' in meta && typeof meta.title === 'string' ? meta.title : value.url;
  const excerpt = 'excerpt' in value && typeof value.excerpt === 'string' ? value.excerpt : '';
  return { url: value.url, title, excerpt };
}

const BUNDLE = '/pagefind/pagefind.js';
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
  let api: unknown;
  try {
    api = await import(/* @vite-ignore */ BUNDLE);
  } catch {
    say(output.dataset.unavailable ?? '');
    return;
  }
  if (!isPagefindApi(api)) {
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
