/**
 * The link-preview cards integration: a card is drawn into the cache while
 * the pages still render (the moment a page first notes it), the output gets
 * every noted card after the pages, and a card drawn by an earlier build is
 * copied, not drawn again.
 */
import { access, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardFileName, ogCard, type OgCardSpec } from '../lib/og-card.ts';
import { ogCardsIntegration } from './og-cards.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-og-cards-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Hooks = {
  'astro:build:start': () => void;
  'astro:build:done': (options: { dir: URL; logger: { info: (line: string) => void } }) => Promise<void>;
};

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 4_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const spec = (title: string): OgCardSpec => ({ siteName: 'Новости Актау и Мангыстау', title, kind: 'Рубрика', lang: 'ru' });

describe('the link-preview cards of a build', () => {
  it('are drawn while the pages render, put into the output after them, and reused by the next build', async () => {
    const cacheDir = path.join(dir, 'cache');
    const hooks = ogCardsIntegration({ cacheDir }).hooks as unknown as Hooks;
    const cards = [spec('Общество'), spec('Экология'), spec('Қоғам')];
    const cached = (card: OgCardSpec) => path.join(cacheDir, 'og-cards', cardFileName(card));

    hooks['astro:build:start']();
    // Pages note their cards; the same card noted by many pages is drawn once.
    for (const card of [...cards, cards[0], cards[0]]) if (card) ogCard(card);
    // Before the build ends (no astro:build:done yet), every card is in the cache.
    for (const card of cards) await until(() => exists(cached(card)), `the card "${card.title}" drawn early`);

    const out = path.join(dir, 'out-1');
    const logged: string[] = [];
    await hooks['astro:build:done']({ dir: pathToFileURL(`${out}/`), logger: { info: (line) => logged.push(line) } });
    expect((await readdir(path.join(out, '_astro'))).toSorted()).toEqual(cards.map((card) => cardFileName(card)).toSorted());
    const meta = await sharp(path.join(out, '_astro', cardFileName(spec('Экология')))).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 1200, 630]);
    expect(logged).toEqual(['link-preview cards: 3 (3 drawn, 0 from the cache)']);

    // The next build: the same cards come from the cache (not drawn again: their files keep their times).
    const times = await Promise.all(cards.map(async (card) => (await stat(cached(card))).mtimeMs));
    hooks['astro:build:start']();
    for (const card of cards) ogCard(card);
    const again = path.join(dir, 'out-2');
    const loggedAgain: string[] = [];
    await hooks['astro:build:done']({ dir: pathToFileURL(`${again}/`), logger: { info: (line) => loggedAgain.push(line) } });
    expect(loggedAgain).toEqual(['link-preview cards: 3 (0 drawn, 3 from the cache)']);
    expect(await Promise.all(cards.map(async (card) => (await stat(cached(card))).mtimeMs))).toEqual(times);
    expect(await readdir(path.join(again, '_astro'))).toHaveLength(3);
  });

  it('draws after the pages a card noted too late for the early queue', async () => {
    const cacheDir = path.join(dir, 'cache-late');
    const hooks = ogCardsIntegration({ cacheDir }).hooks as unknown as Hooks;
    const cards = Array.from({ length: 6 }, (_, index) => spec(`Тег ${index + 1}`));
    hooks['astro:build:start']();
    for (const card of cards) ogCard(card);
    // The build ends at once: the queue has not drawn them all; the rest are drawn here, none is missing.
    const out = path.join(dir, 'out-late');
    const logged: string[] = [];
    await hooks['astro:build:done']({ dir: pathToFileURL(`${out}/`), logger: { info: (line) => logged.push(line) } });
    expect((await readdir(path.join(out, '_astro'))).toSorted()).toEqual(cards.map((card) => cardFileName(card)).toSorted());
    expect(logged).toEqual(['link-preview cards: 6 (6 drawn, 0 from the cache)']);
  });
});
