/**
 * `npm run import-archive -- DIR [options]`: imports every .txt/.html export
 * under DIR into Strapi as drafts in their own language (see
 * scripts/src/importer/archive.ts). Idempotent and resumable: run it again
 * after an interruption. Writes a report (Markdown for editors, JSON beside it).
 *
 * Options:
 *   --report FILE        where to write the report (default import-report-<time>.md in the current folder)
 *   --concurrency N      files in flight (default 4; the CMS runs the imports one at a time)
 *   --publish            publish what passed every rule (no warning, no placeholder photo), in batches
 *   --publish-batch N    articles per publish request (default 100)
 *   --no-link-translations   do not link a Russian and a Kazakh export of one story
 *
 * Strapi's URL and write token come from STRAPI_URL / STRAPI_WRITE_TOKEN,
 * else from cms/.env. Ctrl-C stops after the files in flight and still
 * writes the report.
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import { importArchive, renderReport, type FileOutcome } from '../src/importer/archive.ts';
import { assertStrapiWritable, StrapiConnectionError, strapiConnectionFromEnv } from '../lib/strapi-connection.ts';
import { EnvFileError } from '../lib/env-file.ts';
import { StrapiRequestError } from '@tilshi/strapi-client';

const USAGE =
  'usage: npm run import-archive -- DIR [--report FILE] [--concurrency N] [--publish] [--publish-batch N] [--no-link-translations]';

type Args = { dir: string; report: string | null; concurrency: number; publish: boolean; publishBatch: number; link: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { dir: '', report: null, concurrency: 4, publish: false, publishBatch: 100, link: true };
  const number = (flag: string, value: string | undefined) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`${flag} needs a whole number ≥ 1, got «${value ?? ''}». ${USAGE}`);
    return parsed;
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] as string;
    if (arg === '--report') args.report = argv[++index] ?? '';
    else if (arg === '--concurrency') args.concurrency = number(arg, argv[++index]);
    else if (arg === '--publish') args.publish = true;
    else if (arg === '--publish-batch') args.publishBatch = number(arg, argv[++index]);
    else if (arg === '--no-link-translations') args.link = false;
    else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}. ${USAGE}`);
    else if (args.dir) throw new Error(`one folder at a time (got ${args.dir} and ${arg}). ${USAGE}`);
    else args.dir = arg;
  }
  if (!args.dir) throw new Error(`no folder given. ${USAGE}`);
  return args;
}

function describe(outcome: FileOutcome): string {
  if (outcome.status === 'refused' || outcome.status === 'failed') return `${outcome.status}: ${outcome.reason}`;
  const { result } = outcome;
  const warnings = result.warnings.length ? `, ${result.warnings.length} warning(s)` : '';
  return `${outcome.status} → ${result.documentId} (${result.locale})${warnings}${result.translationOf ? ', linked as translation' : ''}`;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2).filter((arg) => arg !== '--');
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let args: Args;
  try {
    args = parseArgs(argv);
    const info = await stat(args.dir).catch(() => null);
    if (!info?.isDirectory()) throw new Error(`${args.dir} is not a folder. ${USAGE}`);
  } catch (error) {
    process.stderr.write(`[import-archive] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }

  try {
    const connection = strapiConnectionFromEnv();
    await assertStrapiWritable(connection);
    const abort = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write(
        '\n[import-archive] stopping after the files in flight (Ctrl-C again to quit at once; a re-run resumes either way)…\n',
      );
      abort.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    const tty = process.stdout.isTTY === true;
    const bar = tty
      ? new cliProgress.SingleBar(
          { format: '[import-archive] {bar} {value}/{total} files · {eta_formatted} left · {last}', hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : null;
    let lastPrinted = 0;
    process.stdout.write(
      `[import-archive] importing ${args.dir} into ${connection.url} (${args.concurrency} in flight${args.publish ? ', publishing what passes every rule' : ', as drafts'})\n`,
    );
    const report = await importArchive({
      dir: args.dir,
      url: connection.url,
      writeToken: connection.writeToken,
      concurrency: args.concurrency,
      publish: args.publish,
      publishBatch: args.publishBatch,
      linkTranslations: args.link,
      signal: abort.signal,
      log: (line) => process.stdout.write(`[import-archive] ${line}\n`),
      onFile: (outcome, done, total) => {
        if (bar) {
          if (done === 1) bar.start(total, 0, { last: '' });
          bar.update(done, { last: `${outcome.file}: ${outcome.status}` });
          if (done === total) bar.stop();
        } else {
          process.stdout.write(`[import-archive] ${done}/${total} ${outcome.file}: ${describe(outcome)}\n`);
          lastPrinted = done;
        }
      },
    });
    bar?.stop();
    void lastPrinted;
    const stamp = report.startedAt.replace(/[:.]/gu, '-');
    const reportFile = path.resolve(args.report || `import-report-${stamp}.md`);
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, renderReport(report, connection.url));
    const jsonFile = reportFile.replace(/\.md$/u, '') + '.json';
    await writeFile(jsonFile, `${JSON.stringify(report, null, 2)}\n`);
    const { counts } = report;
    process.stdout.write(
      `[import-archive] ${report.interrupted ? `INTERRUPTED (${report.interrupted}); ` : ''}${report.outcomes.length}/${report.files} files in ${report.seconds.toFixed(1)} s: ${counts.imported} imported (${counts.withWarnings} with warnings, ${counts.linked} linked as translations), ${counts.skipped} skipped, ${counts.refused} refused, ${counts.failed} failed${args.publish ? `, ${counts.published} published` : ''}\n[import-archive] report: ${reportFile} (and ${path.basename(jsonFile)})\n`,
    );
    if (report.interrupted) process.exit(130);
    if (counts.refused + counts.failed > 0) process.exitCode = 2;
  } catch (error) {
    const known = error instanceof StrapiConnectionError || error instanceof StrapiRequestError || error instanceof EnvFileError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[import-archive] error: ${known ? message : `unexpected: ${message}`}\n`);
    process.exit(1);
  }
}

await main();
