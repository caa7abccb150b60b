/**
 * `npm run import-article -- FILE` (or `node scripts/tasks/import-article.ts FILE`):
 * imports one plain-text article export into Strapi as a draft (locale ru).
 * Strapi's URL and write token come from STRAPI_URL / STRAPI_WRITE_TOKEN, else
 * from cms/.env. Every known failure ends with one message and exit code 1.
 */
import { ImportParseError } from '../src/importer/parse.ts';
import { ImportArticleError, importArticle } from '../src/importer/index.ts';
import { assertStrapiWritable, StrapiConnectionError, strapiConnectionFromEnv } from '../lib/strapi-connection.ts';
import { EnvFileError } from '../lib/env-file.ts';
import { StrapiRequestError } from '../lib/strapi-rest.ts';

const USAGE = 'usage: node scripts/tasks/import-article.ts FILE   (a plain-text export, e.g. scripts/seed/article-ngo-open-day-aktau.txt)';

async function main(): Promise<void> {
  const args = process.argv.slice(2).filter((arg) => arg !== '--');
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [file, ...extra] = args;
  if (!file || extra.length > 0) {
    process.stderr.write(`[import-article] ${file ? 'one file at a time' : 'no file given'}. ${USAGE}\n`);
    process.exit(1);
  }

  try {
    const connection = strapiConnectionFromEnv();
    process.stdout.write(`[import-article] importing ${file} into ${connection.url}\n`);
    const result = await importArticle({
      url: connection.url,
      writeToken: connection.writeToken,
      file,
      // parse errors are reported before Strapi is even contacted
      beforeWrite: () => assertStrapiWritable(connection),
      log: (line) => process.stdout.write(`[import-article] ${line}\n`),
    });
    process.stdout.write(
      `[import-article] done: draft «${result.title}» documentId=${result.documentId} slug=${result.slug}; ${result.photoSlots} photo slot(s); credits ${result.credits.map((credit) => `«${credit.name}» (${credit.created ? 'created' : 'reused'})`).join(', ') || 'none'}\n`,
    );
  } catch (error) {
    const known =
      error instanceof ImportParseError ||
      error instanceof ImportArticleError ||
      error instanceof StrapiConnectionError ||
      error instanceof StrapiRequestError ||
      error instanceof EnvFileError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[import-article] error: ${known ? message : `unexpected: ${message}`}\n`);
    if (error instanceof ImportParseError) process.stderr.write('[import-article] nothing was sent to Strapi.\n');
    process.exit(1);
  }
}

await main();
