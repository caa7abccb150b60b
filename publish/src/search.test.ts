/**
 * The search refresher re-indexes the live tree in its worker process (the
 * site's indexer, in parts) and swaps the index in: a published article gets
 * into the index, the table of contents names only parts that exist, and the
 * parts of an older layout go.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LiveTree } from './live.ts';
import { SearchRefresher } from './search.ts';

let root: string;
let tree: LiveTree;
let client: string;
const logs: string[] = [];
const previousPartPages = process.env.TILSHI_SEARCH_PART_PAGES;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tilshi-search-'));
  tree = new LiveTree(path.join(root, 'live'));
  const id = tree.newReleaseId();
  client = path.join(tree.releaseDir(id), 'client');
  await mkdir(client, { recursive: true });
  await tree.activate(id);
  await mkdir(path.join(root, 'work'));
  // The worker inherits the service's environment: parts of two pages.
  process.env.TILSHI_SEARCH_PART_PAGES = '2';
  logs.length = 0;
});
afterEach(async () => {
  if (previousPartPages === undefined) delete process.env.TILSHI_SEARCH_PART_PAGES;
  else process.env.TILSHI_SEARCH_PART_PAGES = previousPartPages;
  await rm(root, { recursive: true, force: true });
});

async function publishPage(slug: string, lang: 'ru' | 'kk', title: string): Promise<void> {
  const dir = path.join(client, lang === 'ru' ? '' : 'kk', 'news', slug);
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title></head><body><article data-pagefind-body><h1>${title}</h1><p>${title}.</p></article></body></html>`,
  );
}

type Toc = { version: number; languages: Record<string, string[]> };
const readToc = async (): Promise<Toc> => JSON.parse(await readFile(path.join(client, 'pagefind', 'parts.json'), 'utf8')) as Toc;
const pageCount = async (folder: string, language: string): Promise<number> => {
  const entry = JSON.parse(await readFile(path.join(client, 'pagefind', folder, 'pagefind-entry.json'), 'utf8')) as {
    languages: Record<string, { page_count: number }>;
  };
  return entry.languages[language]?.page_count ?? 0;
};

/** A refresher of the test's live tree: re-indexes only when flushed, deletes old files at once. */
const liveRefresher = () =>
  new SearchRefresher({
    live: tree,
    delayMs: 60_000,
    workDir: path.join(root, 'work'),
    log: (line) => logs.push(line),
    oldFilesGraceMs: 0,
  });

describe('SearchRefresher', () => {
  it('indexes the live tree in parts, takes in newly published pages, and removes the parts of an older layout', async () => {
    for (const [i, title] of ['Первая новость', 'Вторая новость', 'Третья новость'].entries()) await publishPage(`ru-${i}`, 'ru', title);
    await publishPage('kk-0', 'kk', 'Бірінші жаңалық');
    const refresher = liveRefresher();

    refresher.schedule();
    expect(refresher.state().pendingSince).not.toBeNull();
    await refresher.flush();
    expect(refresher.state()).toMatchObject({ pendingSince: null, running: false, lastPages: 4, lastError: null });
    expect(await readToc()).toEqual({ version: 1, languages: { kk: ['kk-1/'], ru: ['ru-1/', 'ru-2/'] } });
    expect([await pageCount('ru-1/', 'ru'), await pageCount('ru-2/', 'ru')]).toEqual([2, 1]);

    // Two more Russian articles: a third part; then four are unpublished: back to one part, and the others go.
    await publishPage('ru-3', 'ru', 'Четвёртая новость');
    await publishPage('ru-4', 'ru', 'Пятая новость');
    refresher.schedule();
    await refresher.flush();
    expect((await readToc()).languages.ru).toEqual(['ru-1/', 'ru-2/', 'ru-3/']);
    expect(refresher.state().lastPages).toBe(6);

    for (const slug of ['ru-1', 'ru-2', 'ru-3', 'ru-4']) await rm(path.join(client, 'news', slug), { recursive: true });
    refresher.schedule();
    await refresher.flush();
    expect((await readToc()).languages.ru).toEqual(['ru-1/']);
    expect(await pageCount('ru-1/', 'ru')).toBe(1);
    expect((await readdir(path.join(client, 'pagefind'))).sort()).toEqual(['kk-1', 'parts.json', 'ru-1']);
    // The worker's folders of links and its output are gone; nothing but the release is left beside the client.
    expect(await readdir(path.dirname(client))).toEqual(['client']);
    expect(await readdir(path.join(root, 'work'))).toEqual([]);
    expect(logs.filter((line) => line.includes('failed'))).toEqual([]);
    refresher.close();
  });

  it('re-indexes at once when a full build went live with the previous index, after a run in progress if there is one', async () => {
    await publishPage('ru-0', 'ru', 'Первая новость');
    const refresher = liveRefresher(); // its delay is a minute: only refreshNow starts a run within this test
    const running = refresher.runNow();
    // Meanwhile a full build's release went live with the index of the tree before it (one page more here).
    await publishPage('ru-1', 'ru', 'Вторая новость');
    refresher.refreshNow();
    expect(refresher.state().pendingSince).not.toBeNull();
    await running;
    const deadline = Date.now() + 30_000;
    while ((refresher.state().running || refresher.state().pendingSince !== null) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refresher.state()).toMatchObject({ pendingSince: null, running: false, lastPages: 2, lastError: null });
    expect(await pageCount('ru-1/', 'ru')).toBe(2);
    refresher.close();
  });

  it('keeps the live index and the pending change when indexing fails, and says why', async () => {
    await publishPage('ru-0', 'ru', 'Первая новость');
    const refresher = liveRefresher();
    refresher.schedule();
    await refresher.flush();
    const before = await readToc();

    process.env.TILSHI_SEARCH_PART_PAGES = 'lots';
    await publishPage('ru-1', 'ru', 'Вторая новость');
    refresher.schedule();
    await refresher.flush();
    expect(refresher.state().lastError).toContain('TILSHI_SEARCH_PART_PAGES must be a whole number of pages, at least 1 (got "lots")');
    expect(refresher.state().pendingSince).not.toBeNull();
    expect(await readToc()).toEqual(before);
    expect(await pageCount('ru-1/', 'ru')).toBe(1);
    refresher.close();
  });
});
