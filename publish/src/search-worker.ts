/**
 * Builds a Pagefind index of a site folder into another folder, in its own
 * (low-priority) process: `node search-worker.ts <siteDir> <outputDir>`.
 * Same settings as the site's own integration (site/src/integrations/
 * pagefind.ts): one index per `lang`, article bodies only. Prints the page
 * count as JSON on success.
 */
import * as pagefind from 'pagefind';

const [siteDir, outputPath] = process.argv.slice(2);
if (!siteDir || !outputPath) {
  process.stderr.write('usage: node search-worker.ts <siteDir> <outputDir>\n');
  process.exit(2);
}

try {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
  const added = await index.addDirectory({ path: siteDir });
  if (added.errors.length > 0) throw new Error(`Pagefind could not index ${siteDir}: ${added.errors.join('; ')}`);
  const written = await index.writeFiles({ outputPath });
  if (written.errors.length > 0) throw new Error(`Pagefind could not write ${outputPath}: ${written.errors.join('; ')}`);
  process.stdout.write(`${JSON.stringify({ pages: added.page_count })}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
} finally {
  await pagefind.close();
}
