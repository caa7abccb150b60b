/**
 * Benchmark of publish-to-live latency (a script, not a test):
 *
 *   node publish/bench/latency.ts --demo 10000 [--data-dir DIR] [--publishes 12] [--full-builds 2] [--state-dir DIR] [--no-write]
 *
 * --state-dir keeps the live tree and the build caches there (inside the
 * workspace) and reuses them on the next run: no first full build then.
 *
 * On a copy of a prepared dataset (Strapi's SQLite file and uploads seeded
 * with `--demo N`, by default the site-build benchmark's
 * $TMPDIR/tilshi-bench/demo-N; the copy keeps it untouched), it starts the
 * whole stack of tests/harness.ts — real Strapi with its webhook, the publish
 * service, the site server — and measures:
 *
 * 1. the first full build (empty caches) and a second one (caches kept), as
 *    the service runs them (`POST /build`) — `--full-builds 1` skips the second;
 * 2. `--publishes` publishes, one at a time, alternating a new article and an
 *    edit of an existing one of a random month: from the moment the REST call
 *    that publishes returns (Strapi has committed and queued the webhook) to
 *    the moment the new title is served over HTTP by the site server (polled
 *    every 25 ms). Two warm-up publishes first (not counted). Each publish also
 *    records the service's own breakdown (/status): wait before the build
 *    (debounce), `astro build` by phase, checks and apply.
 *
 * Prints the report and writes it into BENCHMARKS.md between
 * `<!-- bench:publish-latency demo=N -->` markers (only that section).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { machineInfo } from '../../scripts/bench/lib/machine.ts';
import { createStrapiRest } from '../../scripts/lib/strapi-rest.ts';
import { publishStatus, startStack, waitUntil, type Stack } from '../tests/harness.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
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
  if (!Number.isInteger(demo) || demo <= 0) throw new Error('usage: node publish/bench/latency.ts --demo N [--data-dir DIR] [--publishes 12] [--no-write]');
  if (!Number.isInteger(publishes) || publishes < 10) throw new Error('--publishes must be at least 10');
  const fullBuilds = Number(values['full-builds']);
  if (fullBuilds !== 1 && fullBuilds !== 2) throw new Error('--full-builds is 1 or 2');
  return { demo, publishes, fullBuilds, stateDir: values['state-dir'] ? path.resolve(values['state-dir']) : undefined, dataDir: path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), 'tilshi-bench', `demo-${demo}`)), write: !values['no-write'] };
}

const buildRecord = z.looseObject({
  id: z.string(),
  kind: z.string(),
  ok: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number(),
  buildMs: z.number().nullable(),
  firstEventAt: z.string().nullable(),
  written: z.number(),
  reason: z.string().nullable(),
  contentSync: z.string().nullable(),
  phases: z.object({ startup: z.number(), contentSync: z.number(), bundle: z.number(), render: z.number(), images: z.number(), finish: z.number() }).nullable(),
});
type BuildRecord = z.infer<typeof buildRecord>;

async function recent(stack: Stack): Promise<BuildRecord[]> {
  const body: unknown = await (await fetch(`${stack.publishUrl}/status`)).json();
  return z.object({ recent: z.array(buildRecord) }).parse(body).recent;
}

async function waitQuiet(stack: Stack): Promise<void> {
  let since = 0;
  await waitUntil('idle', async () => {
    const status = await publishStatus(stack.publishUrl);
    const idle = status.building === null && status.queue.articles === 0 && !status.queue.full && status.queue.retries === 0 && status.queue.pages === 0;
    if (!idle) since = 0;
    else since ||= Date.now();
    return idle && Date.now() - since > 1_000;
  }, 3_600_000, 200);
}

async function fullBuild(stack: Stack): Promise<BuildRecord> {
  const requested = Date.now();
  const response = await fetch(`${stack.publishUrl}/build`, { method: 'POST', headers: { 'X-Tilshi-Webhook-Secret': stack.webhookSecret } });
  if (response.status !== 202) throw new Error(`POST /build answered ${response.status}`);
  return waitUntil('the full build', async () => (await recent(stack)).find((b) => b.kind === 'full' && Date.parse(b.startedAt) >= requested), 4 * 3_600_000, 500);
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const s = (ms: number) => (ms / 1000).toFixed(2);

type Sample = { kind: string; latencyMs: number; restMs: number; build: BuildRecord | undefined; sync: string };

async function main(): Promise<void> {
  const options = cli();
  if (!existsSync(path.join(options.dataDir, 'data.db'))) throw new Error(`no prepared dataset in ${options.dataDir} (run scripts/bench/site-build.ts --demo ${options.demo} once, or pass --data-dir)`);
  const marker = z.object({ demo: z.number(), articleVersions: z.number() }).safeParse(JSON.parse(await readFile(path.join(options.dataDir, 'bench-dataset.json'), 'utf8').catch(() => '{}')));
  const copy = path.join(os.tmpdir(), 'tilshi-publish-bench', `demo-${options.demo}`);
  log(`copying the dataset ${options.dataDir} → ${copy}`);
  await rm(copy, { recursive: true, force: true });
  await mkdir(copy, { recursive: true });
  await cp(path.join(options.dataDir, 'data.db'), path.join(copy, 'data.db'));
  await cp(path.join(options.dataDir, 'public'), path.join(copy, 'public'), { recursive: true });
  const machine = machineInfo(path.join(REPO, 'node_modules'));
  const startedAt = new Date();

  log('starting Strapi, the publish service (first full build, empty caches) and the site server…');
  const t0 = Date.now();
  const stack = await startStack({
    label: `bench-${options.demo}`,
    strapiEnv: { DATABASE_FILENAME: path.join(copy, 'data.db'), STRAPI_PUBLIC_DIR: path.join(copy, 'public'), CRON_ENABLED: 'false' },
    // The search index is refreshed asynchronously; here it would compete with the measured builds for the 2 cores.
    publishEnv: { PUBLISH_SEARCH_DELAY_MS: String(24 * 3_600_000), PUBLISH_KEEP_RELEASES: '2' },
    firstBuildTimeoutMs: 4 * 3_600_000,
    ...(options.stateDir ? { rootDir: options.stateDir } : {}),
  });
  const samples: Sample[] = [];
  let coldFull: BuildRecord | undefined;
  let warmFull: BuildRecord | undefined;
  try {
    coldFull = (await recent(stack)).find((b) => b.kind === 'full');
    log(coldFull ? `first full build: ${s(coldFull.durationMs)} s (stack up in ${s(Date.now() - t0)} s)` : `reused the live tree in ${options.stateDir ?? '?'}: no first full build`);
    await waitQuiet(stack);
    if (options.fullBuilds === 2) {
      log('second full build (caches kept)…');
      warmFull = await fullBuild(stack);
      log(`second full build: ${s(warmFull.durationMs)} s`);
      await waitQuiet(stack);
    }

    const rest = createStrapiRest({ url: stack.strapiUrl, token: stack.writeToken });
    // One page of 100 demo articles to edit (from every month: demo dates are random), not the whole archive.
    const page = await fetch(`${stack.strapiUrl}/api/articles?locale=ru&fields[0]=slug&filters[slug][$startsWith]=demo-&sort[0]=id:asc&pagination[pageSize]=100&pagination[withCount]=false`, {
      headers: { Authorization: `Bearer ${stack.siteToken}` },
    });
    const existing = z.object({ data: z.array(z.looseObject({ documentId: z.string(), slug: z.string() })) }).parse(await page.json()).data;
    const total = options.publishes + 2;
    for (let run = 0; run < total; run += 1) {
      const marker = `Замер ${run} ${Date.now()}`;
      const edit = run % 2 === 1;
      const before = Date.now();
      const restStarted = performance.now();
      let slug: string;
      if (edit) {
        const target = existing[(run * 37) % existing.length];
        if (!target) throw new Error('no demo article to edit');
        await rest.update('articles', target.documentId, { title: `${marker}: правка демо-материала` }, { locale: 'ru' });
        slug = target.slug;
      } else {
        const created = await rest.create('articles', { title: `${marker}: новый материал`, slug: `zamer-${run}-${Date.now()}`, lead: 'Материал для замера задержки публикации.', ageRating: 'age0' }, { locale: 'ru' });
        const entry = await rest.findOne('articles', created.documentId, { locale: 'ru', fields: ['slug'] }, z.looseObject({ slug: z.string() }));
        slug = entry?.slug ?? '';
      }
      const restEnded = performance.now();
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
      await waitQuiet(stack);
      const build = (await recent(stack)).filter((b) => b.kind === 'scoped' && Date.parse(b.startedAt) >= before).at(-1);
      if (build && !build.ok) throw new Error(`publish ${run} failed: ${build.reason ?? ''}`);
      const sync = build?.contentSync ?? '';
      const sample: Sample = { kind: edit ? 'edit of a random demo article' : 'new article', latencyMs, restMs: restEnded - restStarted, build, sync };
      log(`${run < 2 ? 'warm-up' : 'publish'} ${run}: ${sample.kind}, live after ${s(latencyMs)} s (service: wait ${build?.firstEventAt ? s(Date.parse(build.startedAt) - Date.parse(build.firstEventAt)) : '?'} s, build ${build?.buildMs ? s(build.buildMs) : '?'} s, total ${build ? s(build.durationMs) : '?'} s)`);
      if (run >= 2) samples.push(sample);
    }
  } finally {
    await stack.stop();
    await rm(copy, { recursive: true, force: true });
  }

  const latencies = samples.map((sample) => sample.latencyMs);
  const avg = (pick: (b: BuildRecord) => number) => {
    const values = samples.map((sample) => sample.build).filter((b): b is BuildRecord => b !== undefined).map(pick);
    return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  };
  const phase = (key: keyof NonNullable<BuildRecord['phases']>) => avg((b) => b.phases?.[key] ?? 0);
  const wait = avg((b) => (b.firstEventAt ? Date.parse(b.startedAt) - Date.parse(b.firstEventAt) : 0));
  const buildMs = avg((b) => b.buildMs ?? 0);
  const serviceMs = avg((b) => b.durationMs);
  const latencyAvg = latencies.reduce((a, b) => a + b, 0) / latencies.length;
  const date = startedAt.toISOString().slice(0, 10);
  const dataset = marker.success ? `${marker.data.articleVersions.toLocaleString('en-US')} published article versions (--demo ${marker.data.demo})` : `--demo ${options.demo}`;
  const section = [
    `#### --demo ${options.demo} (${date})`,
    '',
    `- command: \`node publish/bench/latency.ts --demo ${options.demo} --publishes ${options.publishes}${options.fullBuilds === 1 ? ' --full-builds 1' : ''}${options.dataDir.includes('prepared') ? ` --data-dir ${options.dataDir}` : ''}\``,
    `- machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average at start ${machine.loadAverage}`,
    `- software: Node ${machine.node}, Astro ${machine.astro}; warm builder on, debounce 300 ms`,
    `- dataset: ${dataset}, Strapi 5 on SQLite`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    `| publish-to-live latency, p50 (${samples.length} publishes) | **${s(percentile(latencies, 50))} s** |`,
    `| publish-to-live latency, p95 | **${s(percentile(latencies, 95))} s** |`,
    `| publish-to-live latency, min / max | ${s(Math.min(...latencies))} / ${s(Math.max(...latencies))} s |`,
    `| p50 of new articles (current month) / of edits in a random month | ${s(percentile(samples.filter((x) => x.kind === 'new article').map((x) => x.latencyMs), 50))} / ${s(percentile(samples.filter((x) => x.kind !== 'new article').map((x) => x.latencyMs), 50))} s |`,
    `| full build through the service, empty caches | ${coldFull ? `${s(coldFull.durationMs)} s` : 'not run (live tree reused)'} |`,
    `| full build through the service, caches kept | ${warmFull ? `${s(warmFull.durationMs)} s` : 'not run'} |`,
    '',
    `Where a publish's ${s(latencyAvg)} s went (means over the ${samples.length} publishes):`,
    '',
    '| part | s |',
    '| --- | ---: |',
    `| webhook → build starts (debounce 300 ms, delivery) | ${s(wait)} |`,
    `| \`astro build\`: start-up (config, Vite, content layer) | ${s(phase('startup'))} |`,
    `| \`astro build\`: content sync (scoped store: Strapi queries, validation, store write) | ${s(phase('contentSync'))} |`,
    `| \`astro build\`: Vite bundle | ${s(phase('bundle'))} |`,
    `| \`astro build\`: rendering pages | ${s(phase('render'))} |`,
    `| \`astro build\`: images + finish | ${s(phase('images') + phase('finish'))} |`,
    `| checks + apply + index (service total − build) | ${s(serviceMs - buildMs)} |`,
    `| rest: webhook delivery before the service sees it, polling (25 ms) | ${s(Math.max(0, latencyAvg - wait - serviceMs))} |`,
    '',
    ...samples.map((sample, i) => `- publish ${i + 1}: ${sample.kind}, ${s(sample.latencyMs)} s (REST call ${s(sample.restMs)} s; build ${sample.build?.buildMs ? s(sample.build.buildMs) : '?'} s, ${sample.build?.written ?? '?'} files written)${sample.sync ? `; ${sample.sync.replace(/^articles: /, '')}` : ''}`),
  ].join('\n');
  console.log(`\n${section}\n`);
  if (options.write) await writeSection(options.demo, section);
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
