/**
 * Benchmark of publish-to-live latency (a script, not a test):
 *
 *   node scripts/bench/publish-latency.ts --demo 10000 [--data-dir DIR] [--publishes 12] [--full-builds 2] [--state-dir DIR] [--no-write]
 *
 * --state-dir keeps the live tree and the build caches there (inside the
 * workspace) and reuses them on the next run: no first full build then.
 *
 * On a copy of a prepared dataset (Strapi's SQLite file and uploads seeded
 * with `--demo N`, by default the site-build benchmark's
 * $TMPDIR/tilshi-bench/demo-N; the copy keeps it untouched), it starts the
 * whole stack of @tilshi/testing/publish-stack — real Strapi with its webhook, the publish
 * service, the site server — and measures:
 *
 * 1. the first full build (empty caches) and a second one (caches kept), as
 *    the service runs them (`POST /build`) — `--full-builds 1` skips the second;
 * 2. `--publishes` publishes, one at a time, alternating a new article and an
 *    edit of an existing one of a random day: from the moment the REST call
 *    that publishes returns (Strapi has committed and queued the webhook) to
 *    the moment the new title is served over HTTP by the site server (polled
 *    every 25 ms). Two warm-up publishes first (not counted). Each publish also
 *    records the service's own breakdown (/status): wait before the build
 *    (debounce), `astro build` by phase, checks and apply;
 * 3. with the stack stopped, the same-run ceilings from the same article
 *    versions: Astro 7 building one trivial page per version (full, then its
 *    `experimental.incrementalBuild` after one changed), and Hugo.
 *
 * Prints the report and writes it into BENCHMARKS.md between
 * `<!-- bench:publish-latency demo=N -->` markers (only that section).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeSync, serviceStepsSchema, type BuildRecord, type ServiceSteps } from '@tilshi/shared-types';
import { z } from 'zod';
import { countHtml, emptyDir, writeCeilings, writeIncrementalCeiling, type BenchArticle } from './lib/ceilings.ts';
import { copyDataset, readArticles } from './lib/dataset.ts';
import { machineInfo } from './lib/machine.ts';
import { ASTRO_BIN, astroEnv } from './lib/site.ts';
import { MeasuredCommandError, matchingTreeRssKiB, measure, watchPeak, type Measurement } from './lib/measure.ts';
import { StrapiClient } from '@tilshi/strapi-client';
import { publishStatus, startStack, waitQuiet, waitUntil, type Stack } from '@tilshi/testing/publish-stack';

const REPO = path.resolve(import.meta.dirname, '../..');
const NODE_MODULES = path.join(REPO, 'node_modules');
const log = (line: string) => console.log(`[bench] ${line}`);

function cli() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'string' },
      'data-dir': { type: 'string' },
      publishes: { type: 'string', default: '12' },
      'full-builds': { type: 'string', default: '2' },
      'state-dir': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const demo = Number(values.demo);
  const publishes = Number(values.publishes);
  if (!Number.isInteger(demo) || demo <= 0)
    throw new Error('usage: node scripts/bench/publish-latency.ts --demo N [--data-dir DIR] [--publishes 12] [--no-write]');
  if (!Number.isInteger(publishes) || publishes < 10) throw new Error('--publishes must be at least 10');
  const fullBuilds = Number(values['full-builds']);
  if (fullBuilds !== 1 && fullBuilds !== 2) throw new Error('--full-builds is 1 or 2');
  return {
    demo,
    publishes,
    fullBuilds,
    stateDir: values['state-dir'] ? path.resolve(values['state-dir']) : undefined,
    dataDir: path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), 'tilshi-bench', `demo-${demo}`)),
    write: !values['no-write'],
  };
}

const STEPS = serviceStepsSchema.keyof().options;
/** The publish service's coalescing window (its default, publish/src/config.ts, unless PUBLISH_DEBOUNCE_MS says otherwise), set explicitly so the report names what ran. */
const DEBOUNCE_MS = Number(process.env.PUBLISH_DEBOUNCE_MS ?? 50);

/** How long the benchmark waits for the service to settle after a full build. */
const SETTLE = { timeoutMs: 3_600_000, intervalMs: 200 };

async function recent(stack: Stack): Promise<BuildRecord[]> {
  return (await publishStatus(stack)).recent;
}

async function fullBuild(stack: Stack): Promise<BuildRecord> {
  const requested = Date.now();
  const response = await fetch(`${stack.publishUrl}/build`, {
    method: 'POST',
    headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret },
  });
  if (response.status !== 202) throw new Error(`POST /build answered ${response.status}`);
  return waitUntil(
    'the full build',
    async () => (await recent(stack)).find((b) => b.kind === 'full' && Date.parse(b.startedAt) >= requested),
    4 * 3_600_000,
    500,
  );
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const s = (ms: number) => (ms / 1000).toFixed(2);

type Sample = { kind: string; latencyMs: number; restMs: number; build: BuildRecord | undefined; sync: string };

// eslint-disable-next-line max-lines-per-function -- a benchmark's script: prepare, run each step, print; read top to bottom
async function main(): Promise<void> {
  const options = cli();
  if (!existsSync(path.join(options.dataDir, 'data.db')))
    throw new Error(
      `no prepared dataset in ${options.dataDir} (run scripts/bench/site-build.ts --demo ${options.demo} once, or pass --data-dir)`,
    );
  const marker = z
    .object({ demo: z.number(), articleVersions: z.number() })
    .safeParse(JSON.parse(await readFile(path.join(options.dataDir, 'bench-dataset.json'), 'utf8').catch(() => '{}')));
  const copy = path.join(os.tmpdir(), 'tilshi-publish-bench', `demo-${options.demo}`);
  log(`copying the dataset ${options.dataDir} → ${copy}`);
  await rm(copy, { recursive: true, force: true });
  await copyDataset(options.dataDir, copy);
  const machine = machineInfo(path.join(REPO, 'node_modules'));
  const startedAt = new Date();

  log('starting Strapi, the publish service (first full build, empty caches) and the site server…');
  const t0 = Date.now();
  // The service runs a full build as `node … astro.mjs build` processes, each with its Pagefind indexer (the warm worker of
  // scoped builds is another command).
  const fullBuildRss = watchPeak(() => matchingTreeRssKiB((cmdline) => cmdline.includes('astro.mjs\0build')));
  const fullBuildPeakMiB: { cold?: number; warm?: number } = {};
  const stack = await startStack({
    label: `bench-${options.demo}`,
    strapiEnv: { DATABASE_FILENAME: path.join(copy, 'data.db'), STRAPI_PUBLIC_DIR: path.join(copy, 'public'), CRON_ENABLED: 'false' },
    // The search index is refreshed asynchronously; here it would compete with the measured builds for the 2 cores.
    // Full builds as the service plans them (up to a process per core, as many as fit its memory budget;
    // PUBLISH_FULL_BUILD_WORKERS in this script's environment overrides it, as for the service).
    publishEnv: {
      PUBLISH_DEBOUNCE_MS: String(DEBOUNCE_MS),
      PUBLISH_SEARCH_DELAY_MS: String(24 * 3_600_000),
      PUBLISH_KEEP_RELEASES: '2',
      PUBLISH_FULL_BUILD_WORKERS: process.env.PUBLISH_FULL_BUILD_WORKERS ?? String(os.availableParallelism()),
    },
    firstBuildTimeoutMs: 4 * 3_600_000,
    ...(options.stateDir ? { rootDir: options.stateDir } : {}),
  });
  const samples: Sample[] = [];
  let articles: BenchArticle[] = [];
  let coldFull: BuildRecord | undefined;
  const partitionLines: string[] = [];
  let warmFull: BuildRecord | undefined;
  try {
    coldFull = (await recent(stack)).find((b) => b.kind === 'full');
    if (coldFull) fullBuildPeakMiB.cold = fullBuildRss.peak() / 1024;
    // Each partition's time and phases, as the service logs them (before the publishes push them out of its log's tail).
    partitionLines.push(...(stack.logs().match(/partition \d+\/\d+: .*$/gm) ?? []));
    log(
      coldFull
        ? `first full build: ${s(coldFull.durationMs)} s (stack up in ${s(Date.now() - t0)} s)`
        : `reused the live tree in ${options.stateDir ?? '?'}: no first full build`,
    );
    await waitQuiet(stack, SETTLE);
    if (options.fullBuilds === 2) {
      log('second full build (caches kept)…');
      fullBuildRss.reset();
      warmFull = await fullBuild(stack);
      fullBuildPeakMiB.warm = fullBuildRss.peak() / 1024;
      log(`second full build: ${s(warmFull.durationMs)} s`);
      await waitQuiet(stack, SETTLE);
    }

    const rest = new StrapiClient({ baseUrl: stack.strapiUrl, token: stack.writeToken });
    // One page of 100 demo articles to edit (from random days: demo dates are random), not the whole archive.
    const page = await fetch(
      `${stack.strapiUrl}/api/articles?locale=ru&fields[0]=slug&filters[slug][$startsWith]=demo-&sort[0]=id:asc&pagination[pageSize]=100&pagination[withCount]=false`,
      {
        headers: { Authorization: `Bearer ${stack.siteToken}` },
      },
    );
    const existing = z.object({ data: z.array(z.looseObject({ documentId: z.string(), slug: z.string() })) }).parse(await page.json()).data;
    const total = options.publishes + 2;
    for (let run = 0; run < total; run += 1) {
      const marker = `Замер ${run} ${Date.now()}`;
      const edit = run % 2 === 1;
      const before = Date.now();
      const restStarted = performance.now();
      let restEnded = 0;
      let slug: string;
      if (edit) {
        const target = existing[(run * 37) % existing.length];
        if (!target) throw new Error('no demo article to edit');
        await rest.update('articles', target.documentId, { title: `${marker}: правка демо-материала` }, { locale: 'ru' });
        slug = target.slug;
      } else {
        const created = await rest.create(
          'articles',
          {
            title: `${marker}: новый материал`,
            slug: `zamer-${run}-${Date.now()}`,
            lead: 'Материал для замера задержки публикации.',
            ageRating: 'age0',
          },
          { locale: 'ru' },
        );
        restEnded = performance.now();
        const entry = await rest.findOne(
          'articles',
          created.documentId,
          { locale: 'ru', fields: ['slug'] },
          z.looseObject({ slug: z.string() }),
        );
        slug = entry?.slug ?? '';
      }
      restEnded ||= performance.now();
      await waitUntil(
        `${marker} to be served`,
        async () => {
          const response = await fetch(`${stack.siteUrl}/news/${slug}/`);
          return response.ok && (await response.text()).includes(marker);
        },
        600_000,
        25,
      );
      const latencyMs = performance.now() - restEnded;
      await waitQuiet(stack, SETTLE);
      const build = (await recent(stack)).filter((b) => b.kind === 'scoped' && Date.parse(b.startedAt) >= before).at(-1);
      if (build && !build.ok) throw new Error(`publish ${run} failed: ${build.reason ?? ''}`);
      const sync = build?.contentSync ? describeSync(build.contentSync) : '';
      const sample: Sample = {
        kind: edit ? 'edit of a random demo article' : 'new article',
        latencyMs,
        restMs: restEnded - restStarted,
        build,
        sync,
      };
      log(
        `${run < 2 ? 'warm-up' : 'publish'} ${run}: ${sample.kind}, live after ${s(latencyMs)} s (service: wait ${build?.firstEventAt ? s(Date.parse(build.startedAt) - Date.parse(build.firstEventAt)) : '?'} s, build ${build?.buildMs ? s(build.buildMs) : '?'} s, total ${build ? s(build.durationMs) : '?'} s${build?.phases ? `; content sync ${s(build.phases.contentSync)}, rendering ${s(build.phases.render)}, images and finish ${s(build.phases.images + build.phases.finish)}` : ''}${build?.steps ? `; ${STEPS.map((key) => `${key} ${s(build.steps?.[key] ?? 0)}`).join(', ')}` : ''})`,
      );
      if (run >= 2) samples.push(sample);
    }
    log('reading every published article version for the ceilings…');
    articles = readArticles(copy);
  } finally {
    fullBuildRss.stop();
    // The service's and the site server's lines (each with its time): where an outlier went, afterwards.
    const stackLog = path.join(REPO, 'scripts/bench/.tmp', `publish-${options.demo}-stack.log`);
    await mkdir(path.dirname(stackLog), { recursive: true });
    await writeFile(stackLog, stack.logs());
    log(`the stack's log: ${stackLog}`);
    await stack.stop();
    await rm(copy, { recursive: true, force: true });
  }
  // With the stack stopped: the ceilings get the machine to themselves, like the service's builds did.
  const ceilings = await measureCeilings(articles, options.demo);

  const latencies = samples.map((sample) => sample.latencyMs);
  const avg = (pick: (b: BuildRecord) => number) => {
    const values = samples
      .map((sample) => sample.build)
      .filter((b): b is BuildRecord => b !== undefined)
      .map(pick);
    return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  };
  const phase = (key: keyof NonNullable<BuildRecord['phases']>) => avg((b) => b.phases?.[key] ?? 0);
  const step = (key: keyof ServiceSteps) => avg((b) => b.steps?.[key] ?? 0);
  const wait = avg((b) => (b.firstEventAt ? Date.parse(b.startedAt) - Date.parse(b.firstEventAt) : 0));
  const buildMs = avg((b) => b.buildMs ?? 0);
  const serviceMs = avg((b) => b.durationMs);
  const latencyAvg = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  /** Where a full build's time went, from the service's record (its phases, then its own checks and switch). */
  const fullBuildPhases = (label: string, b: BuildRecord | undefined, peakMiB: number | undefined): string[] => {
    if (!b?.phases) return [];
    const p = b.phases;
    const parts = [
      `start-up ${s(p.startup)}`,
      `content sync ${s(p.contentSync)}`,
      `Vite bundle ${s(p.bundle)}`,
      `rendering ${s(p.render)}`,
      `images ${s(p.images)}`,
      `finish (build hooks) ${s(p.finish)}`,
    ];
    const f = b.fullSteps;
    const service = f
      ? `the service's steps: render ${s(f.render)} s (the \`astro build\` ${s(b.buildMs ?? 0)} s, then its manifest), search index ${s(f.search)} s, checks ${s(f.checks)} s, catch-up ${s(f.catchUp)} s, switch ${s(f.switch)} s`
      : `checks and switch ${s(b.durationMs - (b.buildMs ?? b.durationMs))} s`;
    const followed =
      b === coldFull && stack.firstRelease?.search.lastIndexedAt
        ? `; its search index followed once it was live, ready ${s(Date.parse(stack.firstRelease.search.lastIndexedAt) - Date.parse(b.finishedAt))} s after the switch (${stack.firstRelease.search.lastPages?.toLocaleString('en-US') ?? '?'} pages)`
        : '';
    return [
      `- ${label}, ${s(b.durationMs)} s: ${parts.join(' s, ')} s${(b.processes ?? 1) > 1 ? " (partition 0's)" : ''}; ${service}${followed}` +
        (peakMiB ? `; peak RSS of its \`astro build\` process(es) ${peakMiB.toFixed(0)} MiB` : ''),
      ...(b === coldFull ? partitionLines.map((line) => `  - ${line}`) : []),
    ];
  };
  const date = startedAt.toISOString().slice(0, 10);
  const primed = !['false', '0'].includes(process.env.PUBLISH_PRIME_BUILDS ?? 'true');
  const perLocale = [...new Set(articles.map((article) => article.locale))]
    .map((locale) => `${articles.filter((article) => article.locale === locale).length.toLocaleString('en-US')} ${locale}`)
    .join(', ');
  const dataset = marker.success
    ? `${marker.data.articleVersions.toLocaleString('en-US')} published article versions (--demo ${marker.data.demo})`
    : `--demo ${options.demo}`;
  const section = [
    `#### --demo ${options.demo} (${date})`,
    '',
    `- command: \`node scripts/bench/publish-latency.ts ${process.argv.slice(2).join(' ')}\``,
    `- machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average at start ${machine.loadAverage}`,
    `- software: Node ${machine.node}, Astro ${machine.astro}; warm builder on, ${primed ? 'primed builds on' : 'primed builds off (PUBLISH_PRIME_BUILDS=false)'}, debounce ${DEBOUNCE_MS} ms; full builds with PUBLISH_FULL_BUILD_WORKERS=${process.env.PUBLISH_FULL_BUILD_WORKERS ?? os.availableParallelism()}${coldFull?.processes ? ` (the first in ${coldFull.processes} process(es))` : ''}`,
    `- dataset: ${dataset}, Strapi 5 on SQLite`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| publish-to-live latency, p50 (${samples.length} publishes) | **${s(percentile(latencies, 50))} s** |`,
    `| publish-to-live latency, p95 | **${s(percentile(latencies, 95))} s** |`,
    `| publish-to-live latency, min / max | ${s(Math.min(...latencies))} / ${s(Math.max(...latencies))} s |`,
    `| p50 of new articles (today) / of edits of articles from a random older day | ${s(
      percentile(
        samples.filter((x) => x.kind === 'new article').map((x) => x.latencyMs),
        50,
      ),
    )} / ${s(
      percentile(
        samples.filter((x) => x.kind !== 'new article').map((x) => x.latencyMs),
        50,
      ),
    )} s |`,
    `| full build through the service, empty caches (${coldFull?.written.toLocaleString('en-US') ?? '?'} files) | ${coldFull ? `${s(coldFull.durationMs)} s` : 'not run (live tree reused)'} |`,
    `| full build through the service, caches kept | ${warmFull ? `${s(warmFull.durationMs)} s` : 'not run'} |`,
    '',
    ...fullBuildPhases('full build, empty caches', coldFull, fullBuildPeakMiB.cold),
    ...fullBuildPhases('full build, caches kept', warmFull, fullBuildPeakMiB.warm),
    '',
    `Same run, same ${articles.length.toLocaleString('en-US')} article versions (${perLocale}), after the stack was stopped — what a plain static generator pays:`,
    '',
    '| ceiling | pages | wall s | peak RSS MiB |',
    '| --- | ---: | ---: | ---: |',
    ...ceilings.rows.map((row) =>
      'notMeasured' in row
        ? `| ${row.scenario} | — | not measured: ${row.notMeasured} | — |`
        : `| ${row.scenario} | ${row.pages.toLocaleString('en-US')} | ${row.wallS.toFixed(1)} | ${row.peakRssMiB.toFixed(0)} |`,
    ),
    '',
    ...ceilings.notes.map((note) => `- ${note}`),
    '',
    `Where a publish's ${s(latencyAvg)} s went (means over the ${samples.length} publishes):`,
    '',
    '| part | s |',
    '| --- | ---: |',
    `| webhook → build starts (debounce ${DEBOUNCE_MS} ms, delivery) | ${s(wait)} |`,
    `| \`astro build\`: start-up (config, Vite, content layer; a primed build: its gate opening) | ${s(phase('startup'))} |`,
    `| \`astro build\`: content sync (scoped store: Strapi queries, validation, store write) | ${s(phase('contentSync'))} |`,
    `| \`astro build\`: Vite bundle | ${s(phase('bundle'))} |`,
    `| \`astro build\`: rendering pages | ${s(phase('render'))} |`,
    `| \`astro build\`: images + finish | ${s(phase('images') + phase('finish'))} |`,
    `| service before the build: the scope (index, the CMS's facts for "read next") | ${s(step('scope'))} |`,
    `| service after the build: checks (manifest, pages parsed, links) | ${s(step('checks'))} |`,
    `| service after the build: files applied to the live tree | ${s(step('apply'))} |`,
    `| service after the build: index, Telegram, clean-up | ${s(step('after'))} |`,
    `| service, the rest (service total − build − the four above) | ${s(Math.max(0, serviceMs - buildMs - STEPS.reduce((sum, key) => sum + step(key), 0)))} |`,
    `| rest: webhook delivery before the service sees it, polling (25 ms) | ${s(Math.max(0, latencyAvg - wait - serviceMs))} |`,
    '',
    ...samples.map(
      (sample, i) =>
        `- publish ${i + 1}: ${sample.kind}, ${s(sample.latencyMs)} s (REST call ${s(sample.restMs)} s; ${sample.build?.mode ?? '?'} build ${sample.build?.buildMs ? s(sample.build.buildMs) : '?'} s, ${sample.build?.written ?? '?'} files written)${sample.sync ? `; ${sample.sync}` : ''}`,
    ),
  ].join('\n');
  console.log(`\n${section}\n`);
  if (options.write) await writeSection(options.demo, section);
}

type CeilingRow = { scenario: string; pages: number; wallS: number; peakRssMiB: number } | { scenario: string; notMeasured: string };

const failure = (error: unknown) =>
  error instanceof MeasuredCommandError ? `${error.message}` : error instanceof Error ? error.message : String(error);

/**
 * The same-run ceilings from the issue: Astro 7 building one trivial page per
 * article version (full, then its `experimental.incrementalBuild` after one
 * article changed) and Hugo building the same articles. Work folder
 * scripts/bench/.tmp/publish-N (inside the workspace: the Astro projects
 * reach its node_modules), output of every command in bench.log there.
 */
async function measureCeilings(articles: readonly BenchArticle[], demo: number): Promise<{ rows: CeilingRow[]; notes: string[] }> {
  const workDir = path.join(REPO, 'scripts/bench/.tmp', `publish-${demo}`);
  const logFile = path.join(workDir, 'bench.log');
  await emptyDir(workDir);
  log(`ceilings in ${workDir} (output in ${logFile})`);
  const env = astroEnv();
  const rows: CeilingRow[] = [];
  const notes: string[] = [];
  const record = (scenario: string, pages: number, measurement: Measurement) => {
    rows.push({ scenario, pages, wallS: measurement.wallS, peakRssMiB: measurement.peakRssMiB });
    log(`${scenario}: ${pages} pages in ${measurement.wallS.toFixed(1)} s, peak RSS ${measurement.peakRssMiB.toFixed(0)} MiB`);
  };

  const incremental = await writeIncrementalCeiling(path.join(workDir, 'astro-incremental'), articles, NODE_MODULES);
  // 160,000 pages need more than Node's default heap.
  const astroBuild = () =>
    measure(process.execPath, ['--max-old-space-size=16384', ASTRO_BIN, 'build', '--root', incremental.root], {
      cwd: incremental.root,
      env,
      logFile,
    });
  const dist = path.join(incremental.root, 'dist');
  try {
    const full = await astroBuild();
    record('Astro 7, trivial pages: full build (`incrementalBuild` on, empty cache)', await countHtml(dist), full);
    const marker = `[bench edit ${Date.now()}]`;
    const changed = await incremental.changeOne(Math.floor(articles.length / 2), marker);
    const measurement = await astroBuild();
    const restored = measurement.lines.filter((line) => /\((restored|cached)\)/.test(line.text)).length;
    const page = await readFile(path.join(dist, changed, 'index.html'), 'utf8').catch(() => '');
    if (!page.includes(marker)) throw new Error(`the incremental build did not re-render the changed page /${changed}`);
    record(
      'Astro 7, trivial pages: incremental build after one article changed (`cacheKey` = content hash)',
      await countHtml(dist),
      measurement,
    );
    notes.push(
      `Astro's incremental build restored ${restored.toLocaleString('en-US')} of ${articles.length.toLocaleString('en-US')} pages from its cache and rendered the changed one again (its new lead is in /${changed})`,
    );
  } catch (error) {
    rows.push({ scenario: 'Astro 7, trivial pages', notMeasured: failure(error) });
    log(`Astro ceiling not measured: ${failure(error)}`);
  }

  const { hugo } = await writeCeilings(path.join(workDir, 'ceilings'), articles, NODE_MODULES);
  const hugoOut = path.join(hugo, 'public');
  try {
    const measurement = await measure('hugo', ['--source', hugo, '--destination', hugoOut, '--quiet'], { cwd: hugo, env, logFile });
    record('Hugo, same articles as Markdown, one-file layout: full build', await countHtml(hugoOut), measurement);
  } catch (error) {
    // A missing `hugo` (spawn ENOENT) lands here too.
    rows.push({ scenario: 'Hugo', notMeasured: failure(error) });
  }
  return { rows, notes };
}

/** Replaces this N's section in BENCHMARKS.md (between its markers), appending it under the publish heading the first time. */
async function writeSection(demo: number, section: string): Promise<void> {
  const file = path.join(REPO, 'BENCHMARKS.md');
  const text = existsSync(file) ? await readFile(file, 'utf8') : '# Benchmarks\n';
  const open = `<!-- bench:publish-latency demo=${demo} -->`;
  const close = `<!-- /bench:publish-latency demo=${demo} -->`;
  const block = `${open}\n${section}\n${close}`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  let next: string;
  if (start !== -1 && end > start) next = `${text.slice(0, start)}${block}${text.slice(end + close.length)}`;
  else {
    const anchor = '<!-- /bench:publish-latency results -->';
    next = text.includes(anchor) ? text.replace(anchor, `${block}\n\n${anchor}`) : `${text.trimEnd()}\n\n${block}\n`;
  }
  await writeFile(file, next);
  log(`BENCHMARKS.md: section demo=${demo} written`);
}

await main();
