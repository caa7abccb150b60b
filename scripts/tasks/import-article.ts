/**
 * `npm run import-article -- FILE [--no-link-translations]`: imports one
 * plain-text export or saved HTML page into Strapi as a draft in its own
 * language (ru or kk), linked to its other-language version when that was
 * imported before (same date and figures).
 * Strapi's URL and write token come from STRAPI_URL / STRAPI_WRITE_TOKEN, else
 * from cms/.env. Every known failure ends with one message and exit code 1.
 */
import { ImportParseError } from '../src/importer/parse.ts';
import { ImportArticleError, importArticle } from '../src/importer/index.ts';
import { assertStrapiWritable, StrapiConnectionError, strapiConnectionFromEnv } from '../lib/strapi-connection.ts';
import { EnvFileError } from '../lib/env-file.ts';
import { StrapiRequestError } from '@tilshi/strapi-client';

const USAGE =
  'usage: npm run import-article -- FILE [--no-link-translations]   (a plain-text export or a saved HTML page, e.g. scripts/seed/article-ngo-open-day-aktau.txt)';

async function main(): Promise<void> {
  const all = process.argv.slice(2).filter((arg) => arg !== '--');
  const linkTranslations = !all.includes('--no-link-translations');
  const args = all.filter((arg) => arg !== '--no-link-translations');
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
      linkTranslations,
      // parse errors are reported before Strapi is even contacted
      beforeWrite: () => assertStrapiWritable(connection),
      log: (line) => process.stdout.write(`[import-article] ${line}\n`),
    });
    const credits =
      result.credits.map((credit) => `«${credit.name}» (${credit.created ? 'created, to review' : 'reused'})`).join(', ') || 'none';
    process.stdout.write(
      result.status === 'skipped'
        ? `[import-article] skipped: this content was imported before as ${result.documentId} (${result.locale}); nothing was created\n`
        : `[import-article] done: ${result.locale} draft «${result.title}» documentId=${result.documentId} slug=${result.slug}${result.translationOf ? ` (the ${result.locale} version of «${result.translationOf.title ?? result.translationOf.documentId}»)` : ''}; ${result.photoSlots} photo slot(s), ${result.placeholders} placeholder(s); credits ${credits}; ${result.warnings.length} warning(s)\n`,
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
