/**
 * Draws the link-preview cards the pages of this build asked for
 * (src/lib/og-card.ts) into `_astro/` of the output, after the pages are
 * written. A card is named by a hash of what it shows, so one drawn by an
 * earlier build is copied from `cacheDir` instead of drawn again (the publish
 * service shares that folder between its full and scoped builds), and the
 * publish service copies `_astro/` files only when missing.
 */
import type { AstroIntegration } from 'astro';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { notedCards, renderOgCard, resetNotedCards } from '../lib/og-card.ts';

/** Cards drawn at once (each is a few sharp operations). */
const PARALLEL = 4;

export function ogCardsIntegration(options: { cacheDir: string }): AstroIntegration {
  const cacheDir = path.join(options.cacheDir, 'og-cards');
  return {
    name: 'tilshi-og-cards',
    hooks: {
      'astro:build:start': () => {
        resetNotedCards();
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = path.join(fileURLToPath(dir), '_astro');
        const cards = [...notedCards()];
        await mkdir(outDir, { recursive: true });
        await mkdir(cacheDir, { recursive: true });
        let drawn = 0;
        let next = 0;
        const worker = async () => {
          while (next < cards.length) {
            const [name, spec] = cards[next] ?? [];
            next += 1;
            if (!name || !spec) continue;
            const cached = path.join(cacheDir, name);
            try {
              await copyFile(cached, path.join(outDir, name));
              continue;
            } catch {
              // not drawn yet
            }
            const png = await renderOgCard(spec);
            const tmp = `${cached}.${process.pid}.tmp`;
            await writeFile(tmp, png);
            await rename(tmp, cached);
            await copyFile(cached, path.join(outDir, name));
            drawn += 1;
          }
        };
        await Promise.all(Array.from({ length: PARALLEL }, worker));
        logger.info(`link-preview cards: ${cards.length} (${drawn} drawn, ${cards.length - drawn} from the cache)`);
      },
    },
  };
}
