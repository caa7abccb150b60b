/**
 * Builds the search index of a site folder into another folder, in its own
 * (low-priority) process: `node search-worker.ts <siteDir> <outputDir>`.
 * The site's own indexer (site/src/lib/search-index.ts): article bodies only,
 * in parts of at most TILSHI_SEARCH_PART_PAGES pages, one language each.
 * Prints the page count as JSON on success.
 */
import { indexSearch } from '@tilshi/site/search-index';

const [siteDir, outputPath] = process.argv.slice(2);
if (!siteDir || !outputPath) {
  process.stderr.write('usage: node search-worker.ts <siteDir> <outputDir>\n');
  process.exit(2);
}

try {
  const { pages, parts } = await indexSearch(siteDir, outputPath);
  process.stdout.write(`${JSON.stringify({ pages, parts })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
