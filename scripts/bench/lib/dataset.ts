/**
 * The benchmark's dataset: a real Strapi (compiled CMS, SQLite, free loopback
 * port, see strapi.ts) whose database and uploads live in a folder
 * that survives between runs, seeded once with the project's seed
 * (`runSeed({ demo: N })`, scripts/src/seed).
 * A marker file in that folder records what was seeded, so the next run with
 * the same `--data-dir` and N starts Strapi and skips the seed (a new start
 * rotates the API tokens, which is fine: the bootstrap sets
 * them from the environment). Also reads every published article version
 * from the database file (for the ceilings) and changes one article (for the rebuild scenarios).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { LOCALES, blocksSchema } from '@tilshi/shared-types';
import { StrapiClient } from '@tilshi/strapi-client';
import { runSeed } from '../../src/seed/index.ts';
import type { BenchArticle } from './ceilings.ts';
import { startBenchStrapi, type BenchStrapi } from './strapi.ts';

const REPO = path.resolve(import.meta.dirname, '../../..');

const Marker = z.object({ demo: z.number().int(), seededAt: z.string(), seedSeconds: z.number(), articleVersions: z.number().int() });
type Marker = z.infer<typeof Marker>;

export type Dataset = {
  strapi: BenchStrapi;
  /** Seconds the seed took in this run; null when a prepared dataset was reused. */
  seedSeconds: number | null;
  marker: Marker;
};

const markerFile = (dataDir: string) => path.join(dataDir, 'bench-dataset.json');

async function readMarker(dataDir: string): Promise<Marker | null> {
  try {
    return Marker.parse(JSON.parse(await readFile(markerFile(dataDir), 'utf8')));
  } catch {
    return null;
  }
}

/** Starts Strapi on the dataset in `dataDir`, seeding `demo` synthetic articles unless that was done before. */
/**
 * Copies a dataset (the SQLite database and the uploads) to another folder. The CMS runs SQLite in WAL
 * mode (cms/config/database.ts): a Strapi that was killed rather than stopped leaves commits in
 * `data.db-wal`, so that file goes along when it exists.
 */
export async function copyDataset(from: string, to: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const file of ['data.db', 'data.db-wal']) {
    if (existsSync(path.join(from, file))) await cp(path.join(from, file), path.join(to, file));
  }
  await cp(path.join(from, 'public'), path.join(to, 'public'), { recursive: true });
}

export async function prepareDataset(options: { dataDir: string; demo: number; log: (line: string) => void }): Promise<Dataset> {
  const { dataDir, demo, log } = options;
  await mkdir(dataDir, { recursive: true });
  const previous = await readMarker(dataDir);
  const reuse = previous !== null && previous.demo === demo && existsSync(path.join(dataDir, 'data.db'));

  log(`starting Strapi on ${dataDir}${reuse ? ' (prepared dataset, seeded with --demo ' + demo + ')' : ''}`);
  const strapi = await startBenchStrapi(dataDir);
  try {
    if (reuse && previous) return { strapi, seedSeconds: null, marker: previous };
    log(`seeding --demo ${demo} (minutes for 10,000)…`);
    const start = process.hrtime.bigint();
    let lines = 0;
    await runSeed({
      url: strapi.url,
      writeToken: strapi.writeToken,
      demo,
      log: (line) => {
        lines += 1;
        if (lines <= 12 || lines % 10 === 0) log(`  seed: ${line}`);
      },
    });
    const seedSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    const articleVersions = await countArticleVersions(strapi);
    const marker: Marker = { demo, seededAt: new Date().toISOString(), seedSeconds, articleVersions };
    await writeFile(markerFile(dataDir), `${JSON.stringify(marker, null, 2)}\n`);
    log(`seeded in ${seedSeconds.toFixed(0)} s: ${articleVersions} published article versions`);
    return { strapi, seedSeconds, marker };
  } catch (error) {
    await strapi.stop();
    throw error;
  }
}

/** Published article versions over every locale. */
async function countArticleVersions(strapi: BenchStrapi): Promise<number> {
  const rest = new StrapiClient({ baseUrl: strapi.url, token: strapi.siteToken });
  let total = 0;
  for (const locale of LOCALES) total += await rest.count('articles', { locale });
  return total;
}

const ArticleRow = z.object({
  locale: z.enum(LOCALES),
  documentId: z.string(),
  slug: z.string(),
  title: z.string(),
  lead: z.string(),
  body: z
    .string()
    .nullable()
    .transform((text) => (text === null ? null : blocksSchema.parse(JSON.parse(text)))),
});

type ReadonlyDatabase = { prepare(sql: string): { iterate(): Iterable<unknown> }; close(): void };
const openDatabase = createRequire(path.join(REPO, 'cms', 'package.json'))('better-sqlite3') as (
  file: string,
  options: { readonly: boolean; fileMustExist: boolean },
) => ReadonlyDatabase;

/**
 * Every published article version (title, slug, lead, body), read from the
 * dataset's SQLite file (`dataDir/data.db`; Strapi may be running on it: WAL
 * lets a reader in). What the site's read token sees: Strapi 5 keeps a
 * published version as its own row, with `published_at` set. Over REST this
 * took more than 25 minutes at 160,000 versions (offset paging); here, seconds.
 */
export function readArticles(dataDir: string): BenchArticle[] {
  const file = path.join(dataDir, 'data.db');
  const db = openDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare('SELECT locale, document_id AS documentId, slug, title, lead, body FROM articles WHERE published_at IS NOT NULL ORDER BY id')
      .iterate();
    const articles: BenchArticle[] = [];
    for (const row of rows) {
      const parsed = ArticleRow.safeParse(row);
      if (!parsed.success)
        throw new Error(`${file}: an article row does not read as a published article: ${z.prettifyError(parsed.error)}`);
      articles.push(parsed.data);
    }
    // Locale by locale in the site's order (ru, then kk), as the REST reads gave them.
    return articles.sort((a, b) => LOCALES.indexOf(a.locale) - LOCALES.indexOf(b.locale));
  } finally {
    db.close();
  }
}

/** Edits the lead of one published article (a PUT publishes the change); returns what was changed. */
export async function changeOneArticle(strapi: BenchStrapi, article: BenchArticle, run: number): Promise<string> {
  const rest = new StrapiClient({ baseUrl: strapi.url, token: strapi.writeToken });
  const lead = `${article.lead.replace(/ \[bench edit \d+\]$/, '')} [bench edit ${run}]`;
  await rest.update('articles', article.documentId, { lead }, { locale: article.locale });
  return `${article.locale}:${article.documentId} (${article.slug})`;
}
