/**
 * `npm run seed [-- --empty] [-- --demo N]` (or `node scripts/tasks/seed.ts …`):
 * seeds the running Strapi (idempotent) with the seed article and the demo
 * newsroom (40 stories, events, illustrations; `--empty`: the seed article
 * only), optionally with N synthetic demo articles for load tests. Strapi's URL and write token come from STRAPI_URL /
 * STRAPI_WRITE_TOKEN, else from cms/.env. Every known failure ends with one
 * message and exit code 1.
 */
import { EnvFileError } from '../lib/env-file.ts';
import { assertStrapiWritable, StrapiConnectionError, strapiConnectionFromEnv } from '../lib/strapi-connection.ts';
import { StrapiRequestError } from '@tilshi/strapi-client';
import { ImportParseError } from '../src/importer/parse.ts';
import { runSeed } from '../src/seed/index.ts';

const USAGE =
  'usage: node scripts/tasks/seed.ts [--empty] [--demo N]   (--empty: the seed article only, no demo newsroom; N synthetic demo articles, 0–99999)';

class UsageError extends Error {
  constructor(message: string) {
    super(`${message}. ${USAGE}`);
    this.name = 'UsageError';
  }
}

function parseArgs(args: string[]): { demo: number; empty: boolean } {
  let demo = 0;
  let empty = false;
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--') continue;
    if (arg === '--empty') {
      empty = true;
      continue;
    }
    const inline = /^--demo=(.*)$/.exec(arg);
    if (arg === '--demo' || inline) {
      const raw = inline ? (inline[1] ?? '') : args[(index += 1)];
      if (raw === undefined || !/^\d{1,5}$/.test(raw))
        throw new UsageError(`--demo needs a whole number from 0 to 99999${raw === undefined ? '' : `, got "${raw}"`}`);
      demo = Number(raw);
      continue;
    }
    throw new UsageError(`unknown argument "${arg}"`);
  }
  return { demo, empty };
}

const log = (line: string) => process.stdout.write(`[seed] ${line}\n`);

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  try {
    const { demo, empty } = parseArgs(process.argv.slice(2));
    const connection = strapiConnectionFromEnv();
    await assertStrapiWritable(connection);
    log(
      `seeding ${connection.url}${empty ? ' (the seed article only)' : ' with the demo newsroom'}${demo ? ` and ${demo} demo article(s)` : ''}`,
    );
    const report = await runSeed({ url: connection.url, writeToken: connection.writeToken, newsroom: !empty, demo, log });
    log(`done in ${(report.durationMs / 1000).toFixed(1)} s`);
  } catch (error) {
    const known =
      error instanceof UsageError ||
      error instanceof StrapiConnectionError ||
      error instanceof StrapiRequestError ||
      error instanceof EnvFileError ||
      error instanceof ImportParseError;
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`[seed] error: ${known ? message : `unexpected: ${message}`}\n`);
    process.exit(1);
  }
}

await main();
