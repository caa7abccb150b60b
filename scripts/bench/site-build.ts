/**
 * Benchmark of the static site build (a script, not a test):
 *
 *   node scripts/bench/site-build.ts --demo 1000 [--data-dir DIR] [--work-dir DIR] [--no-write]
 *
 * --data-dir: Strapi's SQLite file and uploads (default $TMPDIR/tilshi-bench/demo-N);
 *   seeded on the first run, reused by the next ones.
 * --work-dir: the builds' output and caches (default scripts/bench/.tmp/demo-N,
 *   git-ignored; it must be inside the workspace so built chunks find node_modules).
 *
 * In one run, on one Strapi seeded with `--demo N` synthetic articles:
 *   1. ceilings from the same articles: a trivial Astro build, an Astro build
 *      of a Markdown content collection, and a Hugo build (Debian's `hugo`);
 *      and Strapi alone answering the articles loader's requests
 *      (fetch-articles.ts);
 *   2. the tilshi site: a cold full build (no Astro cache), then a rebuild
 *      with the cache kept after one article was changed over REST, and two
 *      scoped builds (TILSHI_BUILD_SCOPE: what the publish service runs),
 *      each after another change: with an empty scoped cache, then kept;
 *   3. the content loaders alone (`astro sync`): cold (no data store) and
 *      after one article was changed.
 * Each scenario reports wall time, pages (or entries) per second and the
 * peak RSS of its process tree; the table goes to stdout and into this N's
 * section of BENCHMARKS.md. A scenario that cannot run is reported as
 * "not yet measured" with its reason, and the others still run. The run
 * builds a copy of site/ taken at its start (lib/site-snapshot.ts).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, stripVTControlCharacters } from 'node:util';
import { MAX_PAGE_SIZE } from '@tilshi/strapi-client';
import { countHtml, writeCeilings, type BenchArticle } from './lib/ceilings.ts';
import { changeOneArticle, prepareDataset, readArticles } from './lib/dataset.ts';
import { machineInfo } from './lib/machine.ts';
import { ASTRO_BIN, astroEnv, siteBuildEnv } from './lib/site.ts';
import { siteRevision, snapshotSite } from './lib/site-snapshot.ts';
import { MeasuredCommandError, measure, treeRssKiB, type Measurement, type OutputLine } from './lib/measure.ts';
import { hasPhases, phaseColumns } from './lib/phases.ts';
import { markdownTable, phasesTable, updateBenchmarksFile, type PhaseRow, type Row, type RunReport } from './lib/report.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const SITE = path.join(REPO, 'site');
const NODE_MODULES = path.join(REPO, 'node_modules');
const FETCH_SCRIPT = path.join(import.meta.dirname, 'fetch-articles.ts');

const log = (line: string) => console.log(`[bench] ${line}`);

function parseCli() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'string' },
      'data-dir': { type: 'string' },
      'work-dir': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const usage = 'usage: node scripts/bench/site-build.ts --demo N [--data-dir DIR] [--work-dir DIR] [--no-write]';
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const demo = Number(values.demo);
  if (!Number.isInteger(demo) || demo <= 0) throw new Error(`--demo must be a positive integer\n${usage}`);
  return {
    demo,
    dataDir: path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), 'tilshi-bench', `demo-${demo}`)),
    // Inside the workspace (and git-ignored as .tmp/): the site's prerender chunks in the out dir import packages from node_modules.
    workDir: path.resolve(values['work-dir'] ?? path.join(REPO, 'scripts/bench/.tmp', `demo-${demo}`)),
    write: !values['no-write'],
  };
}

/** Files under `dir` (recursively) whose text contains `needle`. */
async function filesContaining(dir: string, needle: string, suffix: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  let found = 0;
  for (const file of await readdir(dir, { recursive: true })) {
    if (file.endsWith(suffix) && (await readFile(path.join(dir, file), 'utf8')).includes(needle)) found += 1;
  }
  return found;
}

/**
 * Why a measured command failed, for a "not measured" row: its error message
 * (the first line of its last 60 that reads like one, and the two after it,
 * stack frames left out), or else its last lines.
 */
function failureReason(lines: readonly OutputLine[]): string {
  const texts = lines
    .slice(-60)
    .map((line) => stripVTControlCharacters(line.text).trim())
    .filter((text) => text !== '' && !text.startsWith('at ') && !/^(Location|Stack trace):?$/.test(text));
  const first = texts.findIndex((text) => /error|unexpected|✖|cannot|failed/i.test(text));
  const picked = first === -1 ? texts.slice(-4) : texts.slice(first, first + 3);
  return picked.join(' ⏎ ').replace(/\|/g, '/').slice(0, 600);
}

// eslint-disable-next-line max-lines-per-function -- a benchmark's script: prepare, run each row side by side, print; read top to bottom
async function main(): Promise<void> {
  const options = parseCli();
  const command = `node scripts/bench/site-build.ts ${process.argv.slice(2).join(' ')}`;
  const machine = machineInfo(NODE_MODULES);
  const logFile = path.join(options.workDir, 'bench.log');
  await rm(options.workDir, { recursive: true, force: true });
  await mkdir(options.workDir, { recursive: true });
  log(`work dir ${options.workDir}; child output goes to ${logFile}`);
  // The whole run builds one copy of the site, taken now: site/ may be edited meanwhile.
  const siteRoot = await snapshotSite(SITE, path.join(options.workDir, 'site'));
  const siteLine = `copy of site/ taken at the start of the run (${new Date().toISOString().slice(11, 16)} UTC), git ${siteRevision(REPO)}`;

  const rows: Row[] = [];
  const notes: string[] = [];
  const loads: string[] = [];
  const phases: PhaseRow[] = [];
  const baseEnv = astroEnv();
  const record = (scenario: string, pages: number, measurement: Measurement) => {
    rows.push({ scenario, pages, wallS: measurement.wallS, peakRssMiB: measurement.peakRssMiB });
    loads.push(measurement.loadAtStart.toFixed(1));
    log(`${scenario}: ${pages} pages in ${measurement.wallS.toFixed(1)} s, peak RSS ${measurement.peakRssMiB.toFixed(0)} MiB`);
    if (hasPhases(measurement)) phases.push({ scenario, wallS: measurement.wallS, columns: phaseColumns(measurement) });
  };

  const dataset = await prepareDataset({ dataDir: options.dataDir, demo: options.demo, log });
  const { strapi } = dataset;
  const onSignal = () => {
    void strapi.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  // Strapi is in no measured process tree: watch its RSS on the side while it serves the builds.
  let strapiPeakKiB = 0;
  const strapiWatch = setInterval(() => {
    void treeRssKiB(strapi.pid).then((kib) => {
      strapiPeakKiB = Math.max(strapiPeakKiB, kib);
    });
  }, 250);

  try {
    const articles = readArticles(options.dataDir);
    const perLocale = [...new Set(articles.map((article) => article.locale))].map(
      (locale) => `${articles.filter((article) => article.locale === locale).length} ${locale}`,
    );
    const datasetLine = `Strapi 5 on SQLite seeded with \`--demo ${options.demo}\`: ${articles.length} published article versions (${perLocale.join(', ')}); ${
      dataset.seedSeconds === null
        ? `prepared dataset reused (seeded ${dataset.marker.seededAt} in ${dataset.marker.seedSeconds.toFixed(0)} s)`
        : `seeded in this run in ${dataset.seedSeconds.toFixed(0)} s`
    }`;
    log(datasetLine);

    // 1. Ceilings, from the same article texts.
    const ceilings = await writeCeilings(path.join(options.workDir, 'ceilings'), articles, NODE_MODULES);
    for (const [scenario, root] of [
      ['Astro ceiling: trivial pages (getStaticPaths over JSON, no layout, no images)', ceilings.astroTrivial],
      ['Astro ceiling: Markdown content collection (glob loader + render, no images)', ceilings.astroMarkdown],
    ] as const) {
      try {
        const measurement = await measure(process.execPath, [ASTRO_BIN, 'build', '--root', root], { cwd: root, env: baseEnv, logFile });
        record(scenario, await countHtml(path.join(root, 'dist')), measurement);
      } catch (error) {
        await notMeasured({ rows }, scenario, error);
      }
    }
    const hugoOut = path.join(ceilings.hugo, 'public');
    try {
      const measurement = await measure('hugo', ['--source', ceilings.hugo, '--destination', hugoOut, '--quiet'], {
        cwd: ceilings.hugo,
        env: baseEnv,
        logFile,
      });
      record('Hugo ceiling: same articles as Markdown, one-file layout', await countHtml(hugoOut), measurement);
    } catch (error) {
      // A missing `hugo` (spawn ENOENT) lands here too.
      await notMeasured({ rows }, 'Hugo ceiling', error);
    }

    // Strapi alone: what the articles loader fetches on a cold build, without Astro.
    try {
      const fetchEnv = { ...baseEnv, STRAPI_URL: strapi.url, STRAPI_SITE_TOKEN: strapi.siteToken };
      const measurement = await measure(process.execPath, [FETCH_SCRIPT], { cwd: REPO, env: fetchEnv, logFile });
      record(
        `Strapi REST alone: every article version with the site's articleQuery, pages of ${MAX_PAGE_SIZE} (no Astro) — versions`,
        articles.length,
        measurement,
      );
      const summary = measurement.lines.find((line) => line.text.startsWith('fetched '))?.text;
      if (summary) notes.push(`Strapi REST alone: ${summary}`);
    } catch (error) {
      await notMeasured({ rows }, 'Strapi REST alone', error);
    }

    // 2 and 3. The tilshi site.
    const siteEnv = (cacheDir: string, outDir: string) => siteBuildEnv(strapi, { cacheDir, outDir });
    const pagesDir = path.join(siteRoot, 'src/pages');
    const sitePages = existsSync(pagesDir)
      ? (await readdir(pagesDir, { recursive: true })).filter((file) => /\.(astro|ts|md)$/.test(file))
      : [];
    const target = pickArticle(articles);
    const siteScenarios = [
      'tilshi full build, cold (no Astro cache)',
      'tilshi rebuild after one article changed (cache kept)',
      'tilshi scoped build of one changed article, first (TILSHI_BUILD_SCOPE, its own empty cache)',
      'tilshi scoped build of one changed article, next (TILSHI_BUILD_SCOPE, its cache kept)',
      'tilshi `astro sync` (loaders only), cold — article versions synced',
      'tilshi `astro sync` after one article changed — article versions synced',
    ];
    if (sitePages.length === 0 || !target) {
      const reason =
        sitePages.length === 0 ? 'site/src/pages has no pages yet (the site is being written)' : 'Strapi has no published article';
      for (const scenario of siteScenarios) rows.push({ scenario, notMeasured: reason });
    } else {
      const buildCache = path.join(options.workDir, 'site-cache');
      const buildOut = path.join(options.workDir, 'site-dist');
      await runSiteBuilds({
        siteRoot,
        strapi,
        target,
        env: siteEnv(buildCache, buildOut),
        buildOut,
        logFile,
        record,
        rows,
        notes,
        scenarios: siteScenarios,
        articleVersions: articles.length,
      });
      const syncCache = path.join(options.workDir, 'sync-cache');
      await runSyncs({
        siteRoot,
        strapi,
        target,
        env: siteEnv(syncCache, path.join(options.workDir, 'sync-dist')),
        syncCache,
        logFile,
        record,
        rows,
        notes,
        scenarios: siteScenarios,
        articleVersions: articles.length,
      });
    }

    clearInterval(strapiWatch);
    notes.push(
      `1-minute load average when each measured row started, in table order: ${loads.join(', ')} (2 cores; other work on the machine shares them)`,
    );
    notes.push(`Strapi (its own process, counted in no row's RSS) peaked at ${(strapiPeakKiB / 1024).toFixed(0)} MiB RSS during the run`);
    const report: RunReport = {
      demo: options.demo,
      date: new Date().toISOString().slice(0, 10),
      command,
      machine,
      dataset: datasetLine,
      site: siteLine,
      rows,
      phases,
      notes,
    };
    console.log(`\n${markdownTable(rows)}\n\n${phasesTable(phases)}\n`);
    for (const note of notes) console.log(`- ${note}`);
    if (options.write) {
      await updateBenchmarksFile(path.join(REPO, 'BENCHMARKS.md'), report);
      log('BENCHMARKS.md updated');
    }
  } finally {
    clearInterval(strapiWatch);
    await strapi.stop();
  }
}

/** A Russian article version in the middle of the list (not the newest: the change must move it). */
function pickArticle(articles: readonly BenchArticle[]): BenchArticle | undefined {
  const ru = articles.filter((article) => article.locale === 'ru');
  return ru[Math.floor(ru.length / 2)];
}

type SiteRunContext = {
  /** The copy of site/ this run builds. */
  siteRoot: string;
  strapi: Parameters<typeof changeOneArticle>[0];
  target: BenchArticle;
  env: NodeJS.ProcessEnv;
  logFile: string;
  record: (scenario: string, pages: number, measurement: Measurement) => void;
  rows: Row[];
  notes: string[];
  scenarios: string[];
  /** Published article versions in Strapi: the "pages" column of the sync rows (entries synced). */
  articleVersions: number;
};

async function notMeasured(context: Pick<SiteRunContext, 'rows'>, scenario: string, error: unknown): Promise<void> {
  const reason =
    error instanceof MeasuredCommandError
      ? `the command failed (exit ${error.measurement.exitCode ?? error.measurement.signal ?? '?'} after ${error.measurement.wallS.toFixed(1)} s): ${failureReason(error.measurement.lines)}`
      : error instanceof Error
        ? error.message
        : String(error);
  context.rows.push({ scenario, notMeasured: reason });
  log(`${scenario}: not measured: ${reason}`);
}

async function runSiteBuilds(context: SiteRunContext & { buildOut: string }): Promise<void> {
  const [cold = '', warm = '', scopedFirst = '', scopedNext = ''] = context.scenarios;
  await rm(context.env.TILSHI_CACHE_DIR ?? '', { recursive: true, force: true });
  await rm(context.buildOut, { recursive: true, force: true });
  try {
    const measurement = await measure(process.execPath, [ASTRO_BIN, 'build'], {
      cwd: context.siteRoot,
      env: context.env,
      logFile: context.logFile,
    });
    context.record(cold, await countHtml(context.buildOut), measurement);
  } catch (error) {
    await notMeasured(context, cold, error);
    await notMeasured(context, warm, new Error('the cold build failed, so there is no cache to rebuild from'));
    await notMeasured(context, scopedFirst, new Error('the cold build failed, so there is no cache to rebuild from'));
    await notMeasured(context, scopedNext, new Error('the cold build failed, so there is no cache to rebuild from'));
    return;
  }
  const edit = Date.now();
  const changed = await changeOneArticle(context.strapi, context.target, edit);
  try {
    const measurement = await measure(process.execPath, [ASTRO_BIN, 'build'], {
      cwd: context.siteRoot,
      env: context.env,
      logFile: context.logFile,
    });
    context.record(warm, await countHtml(context.buildOut), measurement);
    const pagesWithEdit = await filesContaining(context.buildOut, `[bench edit ${edit}]`, '.html');
    context.notes.push(`rebuild: changed the lead of ${changed}; the new lead is in ${pagesWithEdit} HTML page(s) of the rebuilt site`);
  } catch (error) {
    await notMeasured(context, warm, error);
  }

  // What the publish service runs: the same build limited to the pages one article touches, into its own
  // folder, with its own cache folder (its content store holds only what scoped pages need) and the full
  // build's encoded-image cache (TILSHI_IMAGE_CACHE_DIR). Twice: with an empty scoped store, then with it kept.
  const scopeFile = path.join(path.dirname(context.buildOut), 'scope.json');
  await writeFile(scopeFile, `${JSON.stringify({ articles: [{ documentId: context.target.documentId }], extra: [] })}\n`);
  const scopedOut = `${context.buildOut}-scoped`;
  const scopedCache = `${context.env.TILSHI_CACHE_DIR ?? context.buildOut}-scoped`;
  await rm(scopedCache, { recursive: true, force: true });
  const scopedEnv: NodeJS.ProcessEnv = {
    ...context.env,
    TILSHI_BUILD_SCOPE: scopeFile,
    TILSHI_OUT_DIR: scopedOut,
    TILSHI_CACHE_DIR: scopedCache,
    TILSHI_IMAGE_CACHE_DIR: path.join(context.env.TILSHI_CACHE_DIR ?? '', 'tilshi-images'),
  };
  for (const scenario of [scopedFirst, scopedNext]) {
    const edit = Date.now();
    await changeOneArticle(context.strapi, context.target, edit);
    await rm(scopedOut, { recursive: true, force: true });
    try {
      const measurement = await measure(process.execPath, [ASTRO_BIN, 'build'], {
        cwd: context.siteRoot,
        env: scopedEnv,
        logFile: context.logFile,
      });
      const pages = await countHtml(scopedOut);
      context.record(scenario, pages, measurement);
      const pagesWithEdit = await filesContaining(scopedOut, `[bench edit ${edit}]`, '.html');
      if (scenario === scopedFirst)
        context.notes.push(
          `scoped builds: scope = the changed article; the first one's new lead is in ${pagesWithEdit} of the ${pages} HTML page(s) it rendered`,
        );
    } catch (error) {
      await notMeasured(context, scenario, error);
    }
  }
}

async function runSyncs(context: SiteRunContext & { syncCache: string }): Promise<void> {
  const [, , , , cold = '', warm = ''] = context.scenarios;
  await rm(context.syncCache, { recursive: true, force: true });
  const storeFile = path.join(context.syncCache, 'data-store.json');
  try {
    const measurement = await measure(process.execPath, [ASTRO_BIN, 'sync'], {
      cwd: context.siteRoot,
      env: context.env,
      logFile: context.logFile,
    });
    context.record(cold, context.articleVersions, measurement);
  } catch (error) {
    await notMeasured(context, cold, error);
    await notMeasured(context, warm, new Error('the cold sync failed'));
    return;
  }
  const edit = Date.now();
  const changed = await changeOneArticle(context.strapi, context.target, edit);
  try {
    const measurement = await measure(process.execPath, [ASTRO_BIN, 'sync'], {
      cwd: context.siteRoot,
      env: context.env,
      logFile: context.logFile,
    });
    context.record(warm, context.articleVersions, measurement);
    const store = existsSync(storeFile) ? await readFile(storeFile, 'utf8') : '';
    context.notes.push(
      `sync: changed the lead of ${changed}; the data store ${store.includes(`[bench edit ${edit}]`) ? 'has' : 'does NOT have'} the new lead after the incremental sync`,
    );
  } catch (error) {
    await notMeasured(context, warm, error);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
