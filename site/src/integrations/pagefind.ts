/**
 * Astro integration that builds the search index after a full build:
 * Pagefind, in parts of bounded size, one language per part
 * (../lib/search-index.ts; the layout in ../lib/search-parts.ts). Only
 * article bodies (`data-pagefind-body`) are indexed. The publish service
 * indexes its releases with the same code (publish/src/search-worker.ts).
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { indexSearch } from '../lib/search-index.ts';

export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'tilshi-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const siteDir = fileURLToPath(dir);
        const { pages, parts } = await indexSearch(siteDir, path.join(siteDir, 'pagefind'));
        const layout = Object.entries(parts)
          .map(([language, counts]) => `${language} ${counts.join(' + ')}`)
          .join(', ');
        logger.info(`search index: ${pages} page(s) indexed (${layout})`);
      },
    },
  };
}
