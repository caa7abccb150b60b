/**
 * Astro integration that builds the Pagefind search index after a full build.
 * Pagefind splits the index by the `lang` of each page, so Russian and Kazakh
 * get one index each; only article bodies (`data-pagefind-body`) are indexed.
 * The same `indexSearch()` serves the publish service after it merged a
 * scoped build into the full output.
 */
import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import * as pagefind from 'pagefind';

/** Pagefind reported problems; the build must not ship a broken search. */
export class SearchIndexError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Pagefind could not index the site: ${problems.join('; ')}`);
    this.name = 'SearchIndexError';
    this.problems = problems;
  }
}

/** Indexes every HTML page under `siteDir` into `<siteDir>/pagefind/`; returns the page count. */
export async function indexSearch(siteDir: string): Promise<number> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new SearchIndexError(errors);
  try {
    const added = await index.addDirectory({ path: siteDir });
    if (added.errors.length > 0) throw new SearchIndexError(added.errors);
    const written = await index.writeFiles({ outputPath: path.join(siteDir, 'pagefind') });
    if (written.errors.length > 0) throw new SearchIndexError(written.errors);
    return added.page_count;
  } finally {
    await pagefind.close();
  }
}

export function pagefindIntegration(): AstroIntegration {
  return {
    name: 'tilshi-pagefind',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const pages = await indexSearch(fileURLToPath(dir));
        logger.info(`search index: ${pages} page(s) indexed`);
      },
    },
  };
}
