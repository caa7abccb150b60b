/**
 * Benchmark of the panel's preview (a script, not a test): how long an
 * editor waits from clicking a preview button to a readable page.
 *
 *   node scripts/bench/preview.ts [--articles 8] [--no-write]
 *
 * One run starts the whole stack of @tilshi/testing/publish-stack (real Strapi
 * seeded like `npm start`, the publish service, the site server with the
 * on-demand /preview/ route), creates `--articles` articles, each with a
 * cover and two gallery photos uploaded for it (1600×1067 JPEGs of noise,
 * which encode like photographs, never transcoded before: every preview is
 * cold), publishes every other one and leaves its Kazakh version as a draft.
 * Then, in Chromium, for each article: the draft preview and, when
 * published, the published preview, as the panel's buttons open them (a
 * signed link from the content manager's preview API, fetched with an admin
 * session). Measured per open, from navigation start: the HTML answer
 * (`responseEnd`), `load` (the page with its lead photo), and every photo
 * of the page decoded (scrolled through). For comparison, the same photos'
 * AVIF at 1200 px through the site's image endpoint — what the preview
 * requested for the lead photo before it asked for one JPEG per photo.
 *
 * Prints the report and writes it into BENCHMARKS.md between
 * `<!-- bench:preview -->` markers (only that section).
 */
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { z } from 'zod';
import { StrapiClient, type UploadedFile } from '@tilshi/strapi-client';
import { startStack, type Stack } from '@tilshi/testing/publish-stack';

const REPO = path.resolve(import.meta.dirname, '../..');
const BENCHMARKS = path.join(REPO, 'BENCHMARKS.md');
const SECTION_START = '<!-- bench:preview -->';
const SECTION_END = '<!-- /bench:preview -->';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const log = (line: string) => console.log(`[bench:preview] ${line}`);

const { values } = parseArgs({
  options: { articles: { type: 'string', default: '8' }, 'no-write': { type: 'boolean', default: false } },
  strict: true,
});
const ARTICLES = Number(values.articles);
if (!Number.isInteger(ARTICLES) || ARTICLES < 2 || ARTICLES > 100)
  throw new RangeError(`--articles must be a whole number from 2 to 100, got ${values.articles}`);

type Open = { kind: 'draft' | 'published'; htmlMs: number; loadMs: number; imagesMs: number };

/** A photo-like JPEG: noise over a gradient encodes (and transcodes) like a photograph. */
async function photo(seed: number): Promise<Uint8Array> {
  const width = 1600;
  const height = 1067;
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let index = 0; index < pixels.length; index += 3) {
    state = (state * 1103515245 + 12345) >>> 0;
    const noise = state >>> 24;
    const x = (index / 3) % width;
    pixels[index] = (noise + x / 8) & 255;
    pixels[index + 1] = (noise / 2 + index / 3 / width / 5) & 255;
    pixels[index + 2] = (255 - noise) & 255;
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? NaN;
const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted[sorted.length - 1] ?? NaN };
};
const seconds = (ms: number) => (ms / 1000).toFixed(2);

async function adminToken(stack: Stack): Promise<string> {
  const response = await fetch(`${stack.strapiUrl}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(stack.admin),
  });
  return z.object({ data: z.object({ token: z.string() }) }).parse(await response.json()).data.token;
}

async function previewUrl(stack: Stack, token: string, documentId: string, locale: string, status: 'draft' | 'published'): Promise<string> {
  const response = await fetch(
    `${stack.strapiUrl}/content-manager/preview/url/api::article.article?documentId=${documentId}&locale=${locale}&status=${status}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  return z.object({ data: z.object({ url: z.string() }) }).parse(await response.json()).data.url;
}

async function main(): Promise<void> {
  const loadAtStart = os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
  log('starting the stack (Strapi, publish service, site server)…');
  const stack = await startStack({
    label: 'bench-preview',
    seed: async (strapi) => {
      const { runSeed } = await import('../src/seed/index.ts');
      await runSeed({ url: strapi.url, writeToken: strapi.writeToken, log: () => {} });
    },
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const rest = new StrapiClient({ baseUrl: stack.strapiUrl, token: stack.writeToken });
    const token = await adminToken(stack);
    const [credit] = await rest.find('credits', { filters: { name: { $eq: 'ЦОК Мангистауской области' } } });
    if (!credit) throw new Error('the seed credit is missing');
    const run = Date.now();
    const articles: Array<{ documentId: string; published: boolean; photos: string[] }> = [];
    log(`creating ${ARTICLES} articles with 3 new photos each…`);
    for (let index = 0; index < ARTICLES; index += 1) {
      const uploads: UploadedFile[] = [];
      for (let slot = 0; slot < 3; slot += 1)
        uploads.push(
          await rest.upload(await photo(run + index * 3 + slot), `bench-preview-${run}-${index}-${slot}.jpg`, 'image/jpeg', {
            alternativeText: 'Шум',
          }),
        );
      const photoOf = (slot: number) => ({
        image: uploads[slot]?.id,
        alt: `Фото ${slot + 1}`,
        caption: `Подпись ${slot + 1}`,
        credit: credit.documentId,
      });
      const published = index % 2 === 0;
      const data = {
        title: `Предпросмотр: замер ${run} №${index + 1}`,
        lead: 'Материал для замера предпросмотра.',
        ageRating: 'age0',
        body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Текст материала для замера предпросмотра. '.repeat(20) }] }],
        cover: photoOf(0),
        gallery: [photoOf(1), photoOf(2)],
      };
      const created = await rest.create('articles', data, { locale: 'ru', status: published ? 'published' : 'draft' });
      await rest.update(
        'articles',
        created.documentId,
        { ...data, title: `Алдын ала қарау: өлшеу ${run} №${index + 1}` },
        { locale: 'kk', status: 'draft' },
      );
      articles.push({ documentId: created.documentId, published, photos: uploads.map((upload) => upload.url) });
    }

    const opens: Open[] = [];
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const timeOpen = async (url: string, kind: Open['kind']) => {
      const started = Date.now();
      await page.goto(url, { waitUntil: 'load' });
      const loadMs = Date.now() - started;
      // Browser-side code as strings: this package is type-checked without the DOM library.
      const htmlMs = z.number().parse(await page.evaluate("performance.getEntriesByType('navigation')[0].responseEnd"));
      await page.evaluate(`(async () => {
        for (const image of [...document.images]) {
          image.loading = 'eager';
          image.scrollIntoView();
          await image.decode().catch(() => {});
        }
      })()`);
      opens.push({ kind, htmlMs: Math.round(htmlMs), loadMs, imagesMs: Date.now() - started });
      log(`  ${kind}: HTML ${Math.round(htmlMs)} ms, load ${loadMs} ms, every photo ${Date.now() - started} ms`);
      const status = z.string().parse(await page.evaluate("document.querySelector('.preview-note')?.textContent ?? ''"));
      if (!status) throw new Error(`${url} is not a preview page`);
    };
    for (const article of articles) {
      log(`previewing ${article.documentId}…`);
      await timeOpen(await previewUrl(stack, token, article.documentId, 'ru', 'draft'), 'draft');
      if (article.published) await timeOpen(await previewUrl(stack, token, article.documentId, 'ru', 'published'), 'published');
    }

    // What the lead photo alone cost before: its AVIF at 1200 px, encoded on the request (cold: other photos of the run).
    const avif: number[] = [];
    const sample = articles.slice(0, Math.min(4, articles.length));
    for (const article of sample) {
      const source = article.photos[2];
      if (!source) continue;
      const href = new URL(source, stack.strapiUrl).href;
      const started = Date.now();
      const response = await fetch(`${stack.siteUrl}/_image/?href=${encodeURIComponent(href)}&w=1200&h=800&f=avif`);
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`the site's image endpoint answered ${response.status}`);
      avif.push(Date.now() - started);
      log(`  AVIF 1200 px of ${source}: ${response.headers.get('content-type')}, ${Date.now() - started} ms`);
    }

    const section = report({ opens, avif, loadAtStart, articles: ARTICLES });
    console.log(section);
    if (!values['no-write']) await writeSection(section);
  } finally {
    await browser.close();
    await stack.stop();
  }
}

function report(input: { opens: Open[]; avif: number[]; loadAtStart: string; articles: number }): string {
  const date = new Date().toISOString().slice(0, 10);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const rows = (['draft', 'published'] as const).map((kind) => {
    const opens = input.opens.filter((open) => open.kind === kind);
    const [html, load, images] = [
      stats(opens.map((open) => open.htmlMs)),
      stats(opens.map((open) => open.loadMs)),
      stats(opens.map((open) => open.imagesMs)),
    ];
    return `| ${kind} | ${html.n} | ${seconds(html.p50)} / ${seconds(html.p95)} | ${seconds(load.p50)} / ${seconds(load.p95)} / ${seconds(load.max)} | ${seconds(images.p50)} / ${seconds(images.p95)} / ${seconds(images.max)} |`;
  });
  const avif = stats(input.avif);
  return [
    `### ${date}, ${input.articles} articles, 3 new photos each`,
    '',
    `- command: \`node scripts/bench/preview.ts --articles ${input.articles}\``,
    `- machine: ${os.cpus().length} CPUs (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, load average at start ${input.loadAtStart}; shared with other work`,
    `- software: Node ${process.version}, Strapi 5 (SQLite), Astro 7 site server, Chromium (playwright-core)`,
    '',
    '| preview | opens | HTML p50 / p95 s | load p50 / p95 / max s | every photo decoded p50 / p95 / max s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `- for comparison, the lead photo as the preview asked for it before (AVIF 1200 px, encoded on the request): p50 ${seconds(avif.p50)} s, max ${seconds(avif.max)} s (${avif.n} photos)`,
  ].join('\n');
}

async function writeSection(section: string): Promise<void> {
  const text = await readFile(BENCHMARKS, 'utf8');
  const start = text.indexOf(SECTION_START);
  const end = text.indexOf(SECTION_END);
  if (start < 0 || end < start) throw new Error(`BENCHMARKS.md has no ${SECTION_START} … ${SECTION_END} block`);
  await writeFile(BENCHMARKS, `${text.slice(0, start + SECTION_START.length)}\n${section}\n${text.slice(end)}`);
  log('BENCHMARKS.md updated');
}

await main();
