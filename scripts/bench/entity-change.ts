/**
 * Benchmark of what edits other than articles cost, and of publishing while
 * large work runs (a script, not a test):
 *
 *   node scripts/bench/entity-change.ts --demo 10000 [--data-dir DIR] [--no-write] [--only STEPS]
 *
 * On a copy of a prepared dataset (seeded with `--demo N` on the first run,
 * as scripts/bench/site-build.ts does; default $TMPDIR/tilshi-bench/demo-N),
 * with the whole stack of @tilshi/testing/publish-stack (real Strapi and its
 * webhook, the publish service, the site server), it measures in one run:
 *
 * 1. the first full build (what every non-article edit cost before
 *    dependency tracking, and what publishing waited behind); the first
 *    publish after start, then eight one after the other on the idle
 *    service (p50 / p95, the baseline of 3 and 6);
 * 2. a tag rename: edit → the first of its article pages and the tag page
 *    serve the new name, and → all its pages rebuilt (the background job
 *    ends), with the number of pages;
 * 3. publishes, one after the other, while that background job runs:
 *    edit → live, p50 / p95, and (logged) where their time went, p50 of
 *    each part of the service's records;
 * 4. the photo credit every demo photo carries renamed (every article page:
 *    a full build): a carrying article live, every page rebuilt, files written;
 * 5. an author, an organization, an NGO event and a rubric renamed, and the
 *    site name changed: edit → the entity's own page (the home page) live and
 *    → every dependent rebuilt, with the files written and how (scoped builds,
 *    background chunks or a full build); then the file of a demo cover photo
 *    replaced in the media library (POST /api/upload?id=): a carrying
 *    article's page shows the new image, every article showing it rebuilt;
 * 6. a full build requested with `POST /build` (what a template deploy runs)
 *    and publishes, one after the other, while it runs: edit → live, p50 /
 *    p95, and the full build's own duration beside them.
 *
 * `--only tag,rubric,…` runs some of the steps (idle, tag, credit, author,
 * organization, event, rubric, settings, photo, deploy): at 100,000 articles
 * the whole run takes well over an hour.
 *
 * The service runs with its defaults (PUBLISH_FULL_BUILD_ABOVE 0.1, full
 * builds planned by the memory estimate) and PUBLISH_CHUNK_PAGES=100.
 *
 * Prints the report and writes it into BENCHMARKS.md between
 * `<!-- bench:entity-change demo=N -->` markers (only that section).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import sharp from 'sharp';
import { z } from 'zod';
import { prepareDataset } from './lib/dataset.ts';
import { machineInfo } from './lib/machine.ts';
import { StrapiClient } from '@tilshi/strapi-client';
import {
  fullBuildAfter,
  isIdle,
  publishStatus,
  requestFullBuild,
  startStack,
  waitQuiet,
  waitUntil,
  type Stack,
} from '@tilshi/testing/publish-stack';
import type { BuildRecord } from '@tilshi/shared-types';
import { imageSources } from '@tilshi/testing/site';

const REPO = path.resolve(import.meta.dirname, '../..');
const log = (line: string) => console.log(`[bench] ${line}`);
const s = (ms: number) => (ms / 1000).toFixed(2);

const STEPS = ['idle', 'tag', 'credit', 'author', 'organization', 'event', 'rubric', 'settings', 'photo', 'deploy'] as const;
type Step = (typeof STEPS)[number];

function cli() {
  const { values } = parseArgs({
    options: {
      demo: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-write': { type: 'boolean', default: false },
      only: { type: 'string' },
    },
    strict: true,
  });
  const demo = Number(values.demo);
  if (!Number.isInteger(demo) || demo <= 0)
    throw new Error('usage: node scripts/bench/entity-change.ts --demo N [--data-dir DIR] [--no-write] [--only STEPS]');
  const only = values.only === undefined ? null : new Set(values.only.split(',').map((step) => step.trim()));
  const unknown = [...(only ?? [])].filter((step) => !(STEPS as readonly string[]).includes(step));
  if (unknown.length > 0) throw new Error(`--only: unknown step(s) ${unknown.join(', ')}; the steps are ${STEPS.join(', ')}`);
  return {
    want: (step: Step) => only === null || only.has(step),
    demo,
    dataDir: path.resolve(values['data-dir'] ?? path.join(os.tmpdir(), 'tilshi-bench', `demo-${demo}`)),
    write: !values['no-write'],
  };
}

/** How long the benchmark waits for the service to settle (a full build at 100,000 articles takes half an hour). */
const SETTLE = { timeoutMs: 4 * 3_600_000, intervalMs: 200 };

/** Polls a page until it shows `needle`; the time from `from` (performance.now()). */
async function liveAfter(stack: Stack, urlPath: string, needle: string, from: number): Promise<number> {
  await waitUntil(
    `${urlPath} to show «${needle}»`,
    async () => {
      const response = await fetch(`${stack.siteUrl}${urlPath}`);
      return response.ok && (await response.text()).includes(needle);
    },
    4 * 3_600_000,
    25,
  );
  return performance.now() - from;
}

/** The `src` of every image on a page (a replaced photo file changes its cover's). */
/** Waits until the images of `urlPath` are no longer `before`; ms since `from`. */
async function imagesChanged(stack: Stack, urlPath: string, before: string, from: number): Promise<number> {
  await waitUntil(
    `${urlPath} to show a new image`,
    async () => {
      const response = await fetch(`${stack.siteUrl}${urlPath}`);
      return response.ok && imageSources(await response.text()) !== before;
    },
    4 * 3_600_000,
    25,
  );
  return performance.now() - from;
}

/**
 * Replaces the file of `article`'s cover photo in the media library (POST /api/upload?id=, as the panel's
 * "replace media" does): every article showing that file is rebuilt. A row for issue #13's table.
 */
async function photoFileReplaced(
  stack: Stack,
  rest: StrapiClient,
  article: { documentId: string; slug: string },
): Promise<[string, string]> {
  const found = await rest.request('GET', '/api/articles', {
    query: {
      locale: 'ru',
      filters: { documentId: { $eq: article.documentId } },
      fields: ['slug'],
      populate: { cover: { populate: { image: { fields: ['url'] } } } },
    },
  });
  const file = z
    .object({ data: z.array(z.object({ cover: z.object({ image: z.object({ id: z.number(), url: z.string() }) }) })) })
    .parse(found).data[0]?.cover.image;
  if (!file) throw new Error(`article ${article.documentId} has no cover file`);
  const page = `/news/${article.slug}/`;
  const before = imageSources(await (await fetch(`${stack.siteUrl}${page}`)).text());
  const jpeg = await sharp({ create: { width: 1600, height: 1000, channels: 3, background: { r: 40, g: 90, b: Date.now() % 255 } } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const form = new FormData();
  form.append('files', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'zamena.jpg');
  const result = await changeKind(
    stack,
    page,
    '',
    () => rest.request('POST', '/api/upload', { query: { id: file.id }, form }).then(() => undefined),
    {
      live: (from) => imagesChanged(stack, page, before, from),
    },
  );
  log(`photo file replaced: ${s(result.first)} / ${s(result.total)} s, ${result.written} files, ${result.how}`);
  return [
    'photo file replaced (a demo cover, on many articles): a carrying article live / every page showing it rebuilt (files written; how)',
    `${s(result.first)} / ${s(result.total)} s (${result.written.toLocaleString('en-US')}; ${result.how})`,
  ];
}

/** Edits a demo article's title and measures edit → live. */
async function publishLatency(stack: Stack, rest: StrapiClient, target: { documentId: string; slug: string }, label: string) {
  const marker = `Замер ${label} ${Date.now()}`;
  await rest.update('articles', target.documentId, { title: `${marker}: правка` }, { locale: 'ru' });
  return liveAfter(stack, `/news/${target.slug}/`, marker, performance.now());
}

/**
 * Publishes (title edits of `targets`, one after the other) while `running()` says so; their times to live,
 * and the service's record of each (where its time went).
 */
async function publishesWhile(
  stack: Stack,
  rest: StrapiClient,
  targets: ReadonlyArray<{ documentId: string; slug: string }>,
  running: () => Promise<boolean>,
  label: string,
): Promise<{ latencies: number[]; records: BuildRecord[] }> {
  const latencies: number[] = [];
  const records: BuildRecord[] = [];
  for (const [i, target] of targets.entries()) {
    if (!(await running())) break;
    const since = new Date().toISOString();
    latencies.push(await publishLatency(stack, rest, target, `${label} ${i}`));
    // The service records a build once it has applied it and told the index, Telegram and search: a moment after the page is live.
    const record = await waitUntil(
      `the record of ${target.documentId}'s publish`,
      async () =>
        (await publishStatus(stack)).recent.find(
          (each) => each.startedAt >= since && each.trigger.some((t) => t.includes(target.documentId)),
        ),
      30_000,
      50,
    ).catch(() => undefined);
    if (record) records.push(record);
  }
  return { latencies, records };
}

/** Where the publishes' time went (p50 of each part, from the service's records): queue wait, the build's phases, checks and apply. */
function publishParts(records: readonly BuildRecord[]): string {
  if (records.length === 0) return 'no records';
  const p50 = (value: (record: BuildRecord) => number) => {
    const sorted = records.map(value).sort((a, b) => a - b);
    return s(sorted[Math.ceil(sorted.length / 2) - 1] ?? NaN);
  };
  const wait = (record: BuildRecord) => (record.firstEventAt ? Date.parse(record.startedAt) - Date.parse(record.firstEventAt) : 0);
  const phase = (key: keyof NonNullable<BuildRecord['phases']>) => p50((record) => record.phases?.[key] ?? 0);
  const step = (key: 'scope' | 'checks' | 'apply' | 'after') => p50((record) => record.steps?.[key] ?? 0);
  const modes = [...new Set(records.map((record) => record.mode ?? '?'))].join('/');
  return (
    `p50 of ${records.length} (${modes}): wait ${p50(wait)}, scope ${step('scope')}, start-up ${phase('startup')}, ` +
    `content sync ${phase('contentSync')}, bundle ${phase('bundle')}, rendering ${phase('render')}, images and finish ` +
    `${p50((record) => (record.phases?.images ?? 0) + (record.phases?.finish ?? 0))}, checks ${step('checks')}, apply ${step('apply')}, ` +
    `after ${step('after')} s`
  );
}

/** p50 / p95 of publish latencies, and how many. */
function latencySummary(values: number[]): string {
  if (values.length === 0) return 'none: it ended before the first';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  return `${s(at(0.5))} / ${s(at(0.95))} s (${values.length} publishes)`;
}

/** Waits for the background job whose label contains `needle` to appear and then to end; its pages and duration. */
async function backgroundJobOf(stack: Stack, needle: string): Promise<{ total: number; waitEnd: () => Promise<number> }> {
  const job = await waitUntil(
    `a background job for ${needle}`,
    async () => (await publishStatus(stack)).queue.background.find((each) => each.label.includes(needle)),
    600_000,
    50,
  );
  const started = performance.now();
  return {
    total: job.total,
    waitEnd: async () => {
      await waitUntil(
        `the background job for ${needle} to end`,
        async () => !(await publishStatus(stack)).queue.background.some((each) => each.label.includes(needle)),
        4 * 3_600_000,
        250,
      );
      return performance.now() - started;
    },
  };
}

/**
 * One change kind: `edit` is made, then `page` is polled until it shows `needle` (its first page live) and
 * the service until it is idle (every dependent rebuilt); the files its builds wrote, from every build record
 * that started after the edit (polled, so chunks beyond the status's history count too), and how they ran.
 */
async function changeKind(
  stack: Stack,
  page: string,
  needle: string,
  edit: () => Promise<void>,
  options: { live?: (from: number) => Promise<number> } = {},
) {
  const since = new Date().toISOString();
  const t0 = performance.now();
  await edit();
  const first = await (options.live ? options.live(t0) : liveAfter(stack, page, needle, t0));
  const records = new Map<string, BuildRecord>();
  let idleSince = 0;
  await waitUntil(
    'the service to be idle after the change',
    async () => {
      const status = await publishStatus(stack);
      for (const record of status.recent) if (record.startedAt >= since) records.set(record.id, record);
      const idle = isIdle(status);
      if (!idle) idleSince = 0;
      else idleSince ||= Date.now();
      return idleSince > 0 && Date.now() - idleSince >= 1_000 ? true : undefined;
    },
    4 * 3_600_000,
    250,
  );
  const total = performance.now() - t0 - 1_000;
  const built = [...records.values()];
  const failed = built.find((record) => !record.ok);
  if (failed) throw new Error(`a build after the change failed: ${failed.reason ?? ''}`);
  const written = built.reduce((sum, record) => sum + record.written, 0);
  const full = built.filter((record) => record.kind === 'full').length;
  const how = full > 0 ? `${full} full build(s)` : `${built.length} scoped build(s)`;
  return { first, total, written, how };
}

/** Issue #13's other change kinds, one after the other: time to the entity's own page (or the home page) and to the end of every rebuild, and the files written. */
async function otherChangeKinds(stack: Stack, want: (step: Step) => boolean): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  // 4b. The other change kinds, one after the other (issue #13's table): time to the entity's own page
  // (or the home page) and to the end of every rebuild, and the files written.
  const api = async (method: string, urlPath: string, data: unknown) => {
    const answer = await fetch(`${stack.strapiUrl}${urlPath}`, {
      method,
      headers: { Authorization: `Bearer ${stack.writeToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ data }),
    });
    if (!answer.ok) throw new Error(`${method} ${urlPath}: ${answer.status} ${await answer.text()}`);
  };
  const firstOf = async (urlPath: string, field: string) => {
    const answer = await fetch(`${stack.strapiUrl}${urlPath}&fields[0]=${field}&fields[1]=slug&sort[0]=id:asc&pagination[pageSize]=1`, {
      headers: { Authorization: `Bearer ${stack.siteToken}` },
    });
    const entry = z.object({ data: z.array(z.looseObject({ documentId: z.string(), slug: z.string() })) }).parse(await answer.json())
      .data[0];
    if (!entry) throw new Error(`no entry at ${urlPath}`);
    return { documentId: entry.documentId, slug: entry.slug, name: String(entry[field]) };
  };
  const stamp = () => `ред. ${Date.now()}`;
  const kinds: Array<{
    step: Step;
    label: string;
    page: (slug: string) => string;
    from: string;
    field: string;
    put: (id: string) => string;
  }> = [
    {
      step: 'author',
      label: 'author renamed',
      from: '/api/authors?',
      field: 'name',
      page: (slug) => `/author/${slug}/`,
      put: (id) => `/api/authors/${id}`,
    },
    {
      step: 'organization',
      label: 'organization renamed',
      from: '/api/organizations?locale=ru',
      field: 'name',
      page: (slug) => `/organizations/${slug}/`,
      put: (id) => `/api/organizations/${id}?locale=ru`,
    },
    {
      step: 'event',
      label: 'NGO event renamed',
      from: '/api/ngo-events?locale=ru',
      field: 'title',
      page: (slug) => `/events/${slug}/`,
      put: (id) => `/api/ngo-events/${id}?locale=ru`,
    },
    {
      step: 'rubric',
      label: 'rubric renamed',
      from: '/api/rubrics?locale=ru',
      field: 'name',
      page: (slug) => `/rubric/${slug}/`,
      put: (id) => `/api/rubrics/${id}?locale=ru`,
    },
  ];
  for (const kind of kinds.filter((each) => want(each.step))) {
    const entity = await firstOf(kind.from, kind.field);
    const name = `${entity.name} (${stamp()})`;
    const result = await changeKind(stack, kind.page(entity.slug), name, () =>
      api('PUT', kind.put(entity.documentId), { [kind.field]: name }),
    );
    out.push([
      `${kind.label}: its page live / every dependent rebuilt (files written; how)`,
      `${s(result.first)} / ${s(result.total)} s (${result.written.toLocaleString('en-US')}; ${result.how})`,
    ]);
    log(`${kind.label}: ${s(result.first)} / ${s(result.total)} s, ${result.written} files, ${result.how}`);
  }
  if (!want('settings')) return out;
  const siteName = `Тілші (${stamp()})`;
  const settings = await changeKind(stack, '/', siteName, () => api('PUT', '/api/site-setting?locale=ru', { siteName }));
  out.push([
    'site settings (the site name, on every page): the home page live / every page rebuilt (files written; how)',
    `${s(settings.first)} / ${s(settings.total)} s (${settings.written.toLocaleString('en-US')}; ${settings.how})`,
  ]);
  log(`site settings: ${s(settings.first)} / ${s(settings.total)} s, ${settings.written} files, ${settings.how}`);
  return out;
}

const demoArticles = z.object({
  data: z.array(
    z.looseObject({
      documentId: z.string(),
      slug: z.string(),
      tags: z.array(z.object({ documentId: z.string(), name: z.string(), slug: z.string() })),
      cover: z.object({ credit: z.object({ documentId: z.string(), name: z.string() }) }).nullable(),
    }),
  ),
});

async function main(): Promise<void> {
  const options = cli();
  if (!existsSync(path.join(options.dataDir, 'data.db'))) {
    const dataset = await prepareDataset({ dataDir: options.dataDir, demo: options.demo, log });
    await dataset.strapi.stop();
  }
  const copy = path.join(os.tmpdir(), 'tilshi-entity-bench', `demo-${options.demo}`);
  log(`copying the dataset ${options.dataDir} → ${copy}`);
  await rm(copy, { recursive: true, force: true });
  await mkdir(copy, { recursive: true });
  await cp(path.join(options.dataDir, 'data.db'), path.join(copy, 'data.db'));
  await cp(path.join(options.dataDir, 'public'), path.join(copy, 'public'), { recursive: true });
  const machine = machineInfo(path.join(REPO, 'node_modules'));
  const startedAt = new Date();

  log('starting Strapi, the publish service (first full build) and the site server…');
  const stack = await startStack({
    label: `entity-bench-${options.demo}`,
    strapiEnv: { DATABASE_FILENAME: path.join(copy, 'data.db'), STRAPI_PUBLIC_DIR: path.join(copy, 'public'), CRON_ENABLED: 'false' },
    publishEnv: {
      PUBLISH_SEARCH_DELAY_MS: String(24 * 3_600_000),
      PUBLISH_KEEP_RELEASES: '2',
      PUBLISH_CHUNK_PAGES: '100',
      // The service's default. The test stack sets 2 (its small site would make every fan-out "most of the
      // site"), which made this bench rebuild a credit on every photo, an author and a rubric in chunks.
      PUBLISH_FULL_BUILD_ABOVE: '0.1',
    },
    firstBuildTimeoutMs: 4 * 3_600_000,
  });
  const rows: Array<[string, string]> = [];
  let firstFull: BuildRecord | undefined;
  try {
    firstFull = (await publishStatus(stack)).recent.find((build) => build.kind === 'full');
    log(`first full build: ${firstFull ? s(firstFull.durationMs) : '?'} s`);
    await waitQuiet(stack, SETTLE);
    const rest = new StrapiClient({ baseUrl: stack.strapiUrl, token: stack.writeToken });
    const query =
      'locale=ru&fields[0]=slug&populate[tags][fields][0]=name&populate[tags][fields][1]=slug&populate[cover][populate][credit][fields][0]=name' +
      '&filters[slug][$startsWith]=demo-&sort[0]=id:asc&pagination[pageSize]=100&pagination[withCount]=false';
    const page = await fetch(`${stack.strapiUrl}/api/articles?${query}`, { headers: { Authorization: `Bearer ${stack.siteToken}` } });
    const sample = demoArticles.parse(await page.json()).data;
    const withTag = sample.find((article) => article.tags.length > 0);
    const tag = withTag?.tags[0];
    const credit = sample.find((article) => article.cover)?.cover?.credit;
    const others = sample.filter((article) => article !== withTag);
    if (!withTag || !tag || !credit || others.length < 3) throw new Error('the demo dataset has no tagged article with a cover');
    rows.push([
      'first full build (what every non-article edit cost before, and what publishing waited behind)',
      `${s(firstFull?.durationMs ?? NaN)} s`,
    ]);
    if (options.want('idle')) {
      rows.push([
        'publish-to-live, the first after start (the warm worker’s first build)',
        `${s(await publishLatency(stack, rest, others[0] ?? withTag, 'first'))} s`,
      ]);
      await waitQuiet(stack, SETTLE);
      // One after the other, as during the background job and the full build below.
      let left = 8;
      const idle = await publishesWhile(stack, rest, others.slice(-8), () => Promise.resolve(left-- > 0), 'idle');
      rows.push(['publish-to-live, idle, p50 / p95', latencySummary(idle.latencies)]);
      log(`idle: publishes ${latencySummary(idle.latencies)}; ${publishParts(idle.records)}`);
      await waitQuiet(stack, SETTLE);
    }

    // 2–3. A tag rename.
    if (options.want('tag')) {
      const renamed = `${tag.name} (ред. ${Date.now()})`;
      const t0 = performance.now();
      await rest.update('tags', tag.documentId, { name: renamed }, { locale: 'ru' });
      const tagPage = await liveAfter(stack, `/tag/${tag.slug}/`, renamed, t0);
      const job = await backgroundJobOf(stack, tag.documentId).catch(() => null);
      const tagRunning = async () => (await publishStatus(stack)).queue.background.some((each) => each.label.includes(tag.documentId));
      const duringTag = await publishesWhile(stack, rest, others.slice(1, 40), tagRunning, 'tag');
      const articlePage = await liveAfter(stack, `/news/${withTag.slug}/`, renamed, t0);
      const tagJobMs = job ? await job.waitEnd() : 0;
      await waitQuiet(stack, SETTLE);
      const tagTotal = performance.now() - t0;
      rows.push([`tag renamed: its page live`, `${s(tagPage)} s`]);
      rows.push([`tag renamed: a carrying article's page live`, `${s(articlePage)} s`]);
      rows.push([`tag renamed: all ${job ? job.total.toLocaleString('en-US') : '≤ 100'} dependent pages rebuilt`, `${s(tagTotal)} s`]);
      rows.push(['publish-to-live while the tag’s background job runs, p50 / p95', latencySummary(duringTag.latencies)]);
      log(
        `tag: page ${s(tagPage)} s, all ${s(tagTotal)} s (job ${s(tagJobMs)} s), publishes meanwhile ${latencySummary(duringTag.latencies)}; ${publishParts(duringTag.records)}`,
      );
    }

    // 4. The credit of every demo photo: more than PUBLISH_FULL_BUILD_ABOVE of the site, so a full build beside publishing.
    const credited = sample.find((article) => article.cover?.credit.documentId === credit.documentId) ?? withTag;
    if (options.want('credit')) {
      const creditName = `${credit.name} (ред. ${Date.now()})`;
      const creditChange = await changeKind(stack, `/news/${credited.slug}/`, creditName, async () => {
        await rest.update('credits', credit.documentId, { name: creditName }, {});
      });
      rows.push([
        'photo credit on every demo photo renamed: a carrying article live / every page rebuilt (files written; how)',
        `${s(creditChange.first)} / ${s(creditChange.total)} s (${creditChange.written.toLocaleString('en-US')}; ${creditChange.how})`,
      ]);
      log(`credit: ${s(creditChange.first)} / ${s(creditChange.total)} s, ${creditChange.written} files, ${creditChange.how}`);
    }

    rows.push(...(await otherChangeKinds(stack, options.want)));
    if (options.want('photo')) rows.push(await photoFileReplaced(stack, rest, credited));

    // 6. A full build beside publishing (a template deploy).
    if (options.want('deploy')) {
      const requested = await requestFullBuild(stack);
      await waitUntil('the full build to start', async () => (await publishStatus(stack)).fullBuild ?? undefined, 60_000, 50);
      await new Promise((resolve) => setTimeout(resolve, 5_000)); // well into it: content sync done, rendering
      const fullRunning = async () => (await publishStatus(stack)).fullBuild !== null;
      const duringFull = await publishesWhile(stack, rest, others.slice(40), fullRunning, 'full');
      const { full } = await fullBuildAfter(stack, requested, 4 * 3_600_000);
      if (!full.ok) throw new Error(`the full build failed: ${full.reason ?? ''}`);
      rows.push(['publish-to-live while a full build runs (it used to wait for its end), p50 / p95', latencySummary(duringFull.latencies)]);
      rows.push(['that full build (beside publishing, nice 10, catch-up included)', `${s(full.durationMs)} s`]);
      log(
        `full build ${s(full.durationMs)} s, publishes meanwhile ${latencySummary(duringFull.latencies)}; ${publishParts(duringFull.records)}`,
      );
    }
  } finally {
    await stack.stop();
    await rm(copy, { recursive: true, force: true });
  }

  const marker = z
    .object({ demo: z.number(), articleVersions: z.number() })
    .safeParse(JSON.parse(await readFile(path.join(options.dataDir, 'bench-dataset.json'), 'utf8').catch(() => '{}')));
  const section = [
    `#### --demo ${options.demo} (${startedAt.toISOString().slice(0, 10)})`,
    '',
    `- command: \`node scripts/bench/entity-change.ts ${process.argv.slice(2).join(' ')}\``,
    `- machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average at start ${machine.loadAverage}`,
    `- software: Node ${machine.node}, Astro ${machine.astro}; PUBLISH_CHUNK_PAGES=100, PUBLISH_FULL_BUILD_ABOVE=0.1`,
    `- dataset: ${marker.success ? `${marker.data.articleVersions.toLocaleString('en-US')} published article versions (--demo ${marker.data.demo})` : `--demo ${options.demo}`}, Strapi 5 on SQLite`,
    '',
    '| measure | value |',
    '| --- | ---: |',
    ...rows.map(([what, value]) => `| ${what} | ${value} |`),
  ].join('\n');
  console.log(`\n${section}\n`);
  if (options.write) await writeSection(options.demo, section);
}

async function writeSection(demo: number, section: string): Promise<void> {
  const file = path.join(REPO, 'BENCHMARKS.md');
  const text = await readFile(file, 'utf8');
  const open = `<!-- bench:entity-change demo=${demo} -->`;
  const close = `<!-- /bench:entity-change demo=${demo} -->`;
  const block = `${open}\n${section}\n${close}`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const anchor = '<!-- /bench:entity-change results -->';
  const next =
    start !== -1 && end > start
      ? `${text.slice(0, start)}${block}${text.slice(end + close.length)}`
      : text.includes(anchor)
        ? text.replace(anchor, `${block}\n\n${anchor}`)
        : `${text.trimEnd()}\n\n${block}\n`;
  await writeFile(file, next);
  log(`BENCHMARKS.md: section entity-change demo=${demo} written`);
}

await main();
