import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cutIntoParts, indexSearch, pagesByLanguage, SearchIndexError, searchPartPages } from './search-index.ts';
import { parseSearchParts, partsOfLanguage } from './search-parts.ts';

let root: string;
let site: string;

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'tilshi-search-index-'));
  site = path.join(root, 'client');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writePage(file: string, lang: string | null, body: string, searchable = true): Promise<void> {
  await mkdir(path.dirname(path.join(site, file)), { recursive: true });
  const html = `<!DOCTYPE html><html${lang ? ` lang="${lang}"` : ''}><head><meta charset="utf-8"><title>${body}</title></head><body><nav>Меню сайта</nav>${
    searchable ? `<article data-pagefind-body><h1>${body}</h1><p>${body} — текст статьи.</p></article>` : `<main><p>${body}</p></main>`
  }</body></html>`;
  await writeFile(path.join(site, file), html);
}

type Entry = { languages: Record<string, { page_count: number }> };
const entryOf = async (folder: string): Promise<Entry> =>
  JSON.parse(await readFile(path.join(site, 'pagefind', folder, 'pagefind-entry.json'), 'utf8')) as Entry;

describe('indexSearch', () => {
  it('cuts each language into parts of at most partPages, one language per Pagefind bundle, and names them in parts.json', async () => {
    for (let i = 1; i <= 7; i += 1) await writePage(`news/ru-${i}/index.html`, 'ru', `Новость ${i}`);
    for (let i = 1; i <= 3; i += 1) await writePage(`kk/news/kk-${i}/index.html`, 'kk', `Жаңалық ${i}`);
    // Listings and the home page have no data-pagefind-body: not searchable, so in no part.
    await writePage('index.html', 'ru', 'Главная', false);
    await writePage('kk/index.html', 'kk', 'Басты бет', false);

    const result = await indexSearch(site, path.join(site, 'pagefind'), { partPages: 3 });

    expect(result).toEqual({ pages: 10, parts: { kk: [3], ru: [3, 2, 2] } });
    const toc = parseSearchParts(JSON.parse(await readFile(path.join(site, 'pagefind', 'parts.json'), 'utf8')));
    expect(toc).toEqual({ version: 1, languages: { kk: ['kk-1/'], ru: ['ru-1/', 'ru-2/', 'ru-3/'] } });
    for (const [language, folders] of Object.entries(toc?.languages ?? {})) {
      for (const folder of folders) {
        const entry = await entryOf(folder);
        expect(Object.keys(entry.languages), folder).toEqual([language]);
        expect(await readdir(path.join(site, 'pagefind', folder))).toContain('pagefind.js');
      }
    }
    expect((await entryOf('ru-1/')).languages.ru?.page_count).toBe(3);
    expect((await entryOf('ru-3/')).languages.ru?.page_count).toBe(2);
    // The folders of links beside the site are gone, and the site's own pages are untouched.
    expect((await readdir(root)).sort()).toEqual(['client']);
    expect(await readFile(path.join(site, 'news/ru-1/index.html'), 'utf8')).toContain('Новость 1');
  });

  it('replaces an older index: no part of a previous layout survives', async () => {
    for (let i = 1; i <= 4; i += 1) await writePage(`news/ru-${i}/index.html`, 'ru', `Новость ${i}`);
    await indexSearch(site, path.join(site, 'pagefind'), { partPages: 1 });
    expect(await readdir(path.join(site, 'pagefind'))).toContain('ru-4');

    await indexSearch(site, path.join(site, 'pagefind'), { partPages: 10 });
    expect((await readdir(path.join(site, 'pagefind'))).sort()).toEqual(['parts.json', 'ru-1']);
  });

  it('indexes every page when none marks its body, as Pagefind does, and does not index its own output folder', async () => {
    await writePage('a/index.html', 'ru', 'Первая', false);
    await writePage('b/index.html', 'ru', 'Вторая', false);
    await writePage('pagefind/stale.html', 'ru', 'Старое', false);
    const result = await indexSearch(site, path.join(site, 'pagefind'), { partPages: 5 });
    expect(result).toEqual({ pages: 2, parts: { ru: [2] } });
  });

  it('fails with a message naming the folder when there is nothing to index', async () => {
    await mkdir(site, { recursive: true });
    const error = await indexSearch(site, path.join(site, 'pagefind')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SearchIndexError);
    expect((error as Error).message).toContain(`no HTML page to index under ${site}`);
  });
});

describe('the parts of an index', () => {
  it('puts a page without lang with the largest language, as Pagefind does', () => {
    const byLanguage = pagesByLanguage([
      { file: 'a.html', searchable: true, language: 'ru' },
      { file: 'b.html', searchable: true, language: 'ru' },
      { file: 'c.html', searchable: true, language: 'kk' },
      { file: 'd.html', searchable: true, language: null },
      { file: 'e.html', searchable: false, language: 'kk' },
    ]);
    expect(Object.fromEntries(byLanguage)).toEqual({ ru: ['a.html', 'b.html', 'd.html'], kk: ['c.html'] });
  });

  it('cuts into the fewest parts of about equal size', () => {
    expect(cutIntoParts([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
    expect(cutIntoParts([1, 2, 3, 4, 5, 6, 7, 8], 6)).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    expect(cutIntoParts([], 5)).toEqual([[]]);
  });

  it('reads TILSHI_SEARCH_PART_PAGES, refusing what is not a page count', () => {
    expect(searchPartPages({})).toBe(30_000);
    expect(searchPartPages({ TILSHI_SEARCH_PART_PAGES: ' 500 ' })).toBe(500);
    for (const bad of ['0', '-3', '2.5', 'many']) {
      expect(() => searchPartPages({ TILSHI_SEARCH_PART_PAGES: bad }), bad).toThrow(
        `TILSHI_SEARCH_PART_PAGES must be a whole number of pages, at least 1 (got "${bad}")`,
      );
    }
  });

  it('lets the browser load only folders the indexer writes, for the page’s language', () => {
    const parts = parseSearchParts({ version: 1, languages: { ru: ['ru-1/', 'ru-2/'], kk: ['kk-1/'] } });
    expect(parts && partsOfLanguage(parts, 'ru')).toEqual(['ru-1/', 'ru-2/']);
    expect(parts && partsOfLanguage(parts, 'kk-KZ')).toEqual(['kk-1/']);
    expect(parts && partsOfLanguage(parts, 'en')).toBeNull();
    for (const hostile of ['../admin/', 'https://evil.example/', '//evil.example/', 'ru-1', '/ru-1/', 'ru-1/../../']) {
      expect(parseSearchParts({ version: 1, languages: { ru: [hostile] } }), hostile).toBeNull();
    }
    expect(parseSearchParts({ version: 2, languages: { ru: ['ru-1/'] } })).toBeNull();
    expect(parseSearchParts({ version: 1, languages: { ru: [] } })).toBeNull();
    expect(parseSearchParts('ru-1/')).toBeNull();
  });
});
