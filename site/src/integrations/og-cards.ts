/**
 * Draws the link-preview cards the pages of this build asked for
 * (src/lib/og-card.ts) and puts them into `_astro/` of the output after the
 * pages are written. A card is named by a hash of what it shows, so one drawn
 * by an earlier build is copied from `cacheDir` instead of drawn again (the
 * publish service shares that folder between its full and scoped builds), and
 * the publish service copies `_astro/` files only when missing.
 *
 * Drawing starts while the pages render: a card is drawn into the cache the
 * moment a page first notes it, one at a time (Astro renders on the main
 * thread; sharp draws in libuv's threads). After the pages, only the cards
 * not drawn yet are drawn, four at a time. A cold full build has dozens of
 * cards (home, rubrics, tags, authors, organizations, events, archives): they
 * were its last ~2–3 s, after every page was written; a change of the site's
 * name renames every card.
 */
import type { AstroIntegration } from 'astro';
import { access, copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { notedCards, renderOgCard, resetNotedCards, type OgCardSpec } from '../lib/og-card.ts';

/** Cards drawn at once after the pages (each is a few sharp operations). */
const PARALLEL = 4;

/** Draws a card into the cache unless it is there; true when it was drawn. */
async function drawIntoCache(cacheDir: string, name: string, spec: OgCardSpec): Promise<boolean> {
  const cached = path.join(cacheDir, name);
  try {
    await access(cached);
    return false;
  } catch {
    // not drawn yet
  }
  const png = await renderOgCard(spec);
  const tmp = `${cached}.${process.pid}.tmp`;
  await mkdir(cacheDir, { recursive: true });
  await writeFile(tmp, png);
  await rename(tmp, cached);
  return true;
}

export function ogCardsIntegration(options: { cacheDir: string }): AstroIntegration {
  const cacheDir = path.join(options.cacheDir, 'og-cards');
  /** The cards being drawn or drawn while the pages render, by name; `stop` leaves the rest to the end. */
  let early = { drawing: new Map<string, Promise<boolean>>(), stop: () => {} };
  return {
    name: 'tilshi-og-cards',
    hooks: {
      'astro:build:start': () => {
        const drawing = new Map<string, Promise<boolean>>();
        let queue: Promise<unknown> = Promise.resolve();
        let stopped = false;
        early = { drawing, stop: () => (stopped = true) };
        resetNotedCards((name, spec) => {
          const drawn = queue.then(() => (stopped ? false : drawIntoCache(cacheDir, name, spec)));
          // A failed early draw is drawn again after the pages, where its error is reported.
          drawing.set(
            name,
            drawn.catch(() => false),
          );
          queue = drawn.catch(() => undefined);
        });
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = path.join(fileURLToPath(dir), '_astro');
        const cards = [...notedCards()];
        // Cards the early queue has not reached are drawn here, several at once.
        const { drawing, stop } = early;
        stop();
        resetNotedCards();
        await mkdir(outDir, { recursive: true });
        let drawn = 0;
        let next = 0;
        const worker = async () => {
          while (next < cards.length) {
            const [name, spec] = cards[next] ?? [];
            next += 1;
            if (!name || !spec) continue;
            if (await drawing.get(name)) drawn += 1; // drawn early (or a moment ago: the one in progress)
            // What the early queue did not get to (or failed to draw) is drawn now; a cached card is left as it is.
            if (await drawIntoCache(cacheDir, name, spec)) drawn += 1;
            await copyFile(path.join(cacheDir, name), path.join(outDir, name));
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
        logger.info(`link-preview cards: ${cards.length} (${drawn} drawn, ${cards.length - drawn} from the cache)`);
      },
    },
  };
}
