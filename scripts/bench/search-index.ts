/**
 * What the search index costs the machine that builds it and the reader who
 * searches, as one index of the whole site (Pagefind's way) and in parts
 * (site/src/lib/search-index.ts), side by side on the same built site:
 *
 *   node scripts/bench/search-index.ts --site DIST_CLIENT [--copies 10] [--part-pages 30000] [--queries "Актау,волонтёры"] [--work DIR]
 *
 * `--site` is a built site's client folder (e.g. what `site-build.ts` leaves in
 * scripts/bench/.tmp/demo-N/site-dist/client). `--copies K` links its article
 * pages (`news/…`, `kk/news/…`) K times under other paths into a work folder:
 * a site K times the size with the same text (so the word list stays, the
 * pages and postings grow), in seconds instead of a K-times build. Then:
 *
 * 1. one Pagefind run over the whole site, and the parts indexer (the publish
 *    service's search worker), each measured for wall time and the peak RSS of
 *    its process tree;
 * 2. in Chromium, for each query and each layout with an empty browser cache,
 *    what a search on a Russian page loads (requests and bytes under
 *    /pagefind/, the top 20 results' fragments included, as the site's search
 *    page does) and how long until the results are there.
 */
import { link, mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { launchChromium } from '@tilshi/testing/chromium';
import { machineInfo } from './lib/machine.ts';
import { measure, type Measurement } from './lib/measure.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const USAGE =
  'usage: node scripts/bench/search-index.ts --site DIST_CLIENT [--copies 10] [--part-pages 30000] [--queries "a,b"] [--work DIR]';

const { values } = parseArgs({
  options: {
    site: { type: 'string' },
    copies: { type: 'string', default: '1' },
    'part-pages': { type: 'string', default: '30000' },
    queries: { type: 'string', default: 'Актау,волонтёры собрали,форт Шевченко' },
    work: { type: 'string' },
  },
  strict: true,
});
const copies = Number(values.copies);
const partPages = Number(values['part-pages']);
if (!values.site || !Number.isInteger(copies) || copies < 1 || !Number.isInteger(partPages) || partPages < 1) throw new Error(USAGE);
const site = path.resolve(values.site);
const work = path.resolve(values.work ?? path.join(REPO, 'scripts/bench/.tmp/search-index'));
const queries = values.queries
  .split(',')
  .map((query) => query.trim())
  .filter(Boolean);
const log = (line: string) => console.log(`[bench] ${line}`);

/** The site with its article pages linked `copies` times (`<slug>-x<k>`); everything else once. */
async function linkedSite(): Promise<string> {
  const target = path.join(work, 'site');
  await rm(target, { recursive: true, force: true });
  const files = (await readdir(site, { recursive: true, withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.relative(site, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`pagefind${path.sep}`));
  const article = /^((?:kk\/)?news)\/([^/]+)\/index\.html$/;
  for (const file of files) {
    const match = article.exec(file);
    const targets = match ? Array.from({ length: copies }, (_, k) => `${match[1]}/${match[2]}-x${k}/index.html`) : [file];
    for (const each of targets) {
      await mkdir(path.dirname(path.join(target, each)), { recursive: true });
      await link(path.join(site, file), path.join(target, each));
    }
  }
  return target;
}

/** A one-index run the way Pagefind is used out of the box (and was here until 3a9f201). */
const WHOLE_INDEX = `
import * as pagefind from 'pagefind';
const [siteDir, outputPath] = process.argv.slice(-2);
const { index, errors } = await pagefind.createIndex({});
if (!index) throw new Error(errors.join('; '));
const added = await index.addDirectory({ path: siteDir });
if (added.errors.length > 0) throw new Error(added.errors.join('; '));
const written = await index.writeFiles({ outputPath });
if (written.errors.length > 0) throw new Error(written.errors.join('; '));
console.log(JSON.stringify({ pages: added.page_count }));
await pagefind.close();
`;

type Layout = { name: string; dir: string; measurement: Measurement; pages: string };

async function indexBoth(siteDir: string): Promise<Layout[]> {
  const logFile = path.join(work, 'bench.log');
  const whole = path.join(work, 'whole');
  const parts = path.join(work, 'parts');
  await rm(whole, { recursive: true, force: true });
  await rm(parts, { recursive: true, force: true });
  log('one Pagefind index of the whole site…');
  const one = await measure(process.execPath, ['--input-type=module', '-e', WHOLE_INDEX, siteDir, path.join(whole, 'pagefind')], {
    cwd: path.join(REPO, 'site'),
    logFile,
  });
  log(`parts of at most ${partPages} pages…`);
  const split = await measure(process.execPath, [path.join(REPO, 'publish/src/search-worker.ts'), siteDir, path.join(parts, 'pagefind')], {
    cwd: REPO,
    env: { ...process.env, TILSHI_SEARCH_PART_PAGES: String(partPages) },
    logFile,
  });
  const pagesOf = (measurement: Measurement) =>
    measurement.lines.map((line) => line.text).find((text) => text.startsWith('{"pages"')) ?? '?';
  for (const measurement of [one, split]) if (measurement.exitCode !== 0) throw new Error(`an index run failed; see ${logFile}`);
  return [
    { name: 'one index of the whole site', dir: whole, measurement: one, pages: pagesOf(one) },
    { name: `parts of at most ${partPages.toLocaleString('en')} pages`, dir: parts, measurement: split, pages: pagesOf(split) },
  ];
}

/** Serves `root` (the index under /pagefind/) and a blank Russian page at /. */
function serve(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const types: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.html': 'text/html; charset=utf-8' };
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (pathname === '/') {
      response.writeHead(200, { 'Content-Type': types['.html'] });
      response.end('<!DOCTYPE html><html lang="ru"><head><meta charset="utf-8"><title>Поиск</title></head><body></body></html>');
      return;
    }
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        response.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((done) => server.close(() => done())),
      }),
    ),
  );
}

type SearchCost = { query: string; results: number; requests: number; kib: number; ms: number };

/** What the site's search page does (site/src/lib/search-client.ts), for either layout: parts.json if there is one. */
async function searchIn(page: import('playwright-core').Page, query: string): Promise<{ results: number; ms: number }> {
  return page.evaluate(async (q) => {
    const started = performance.now();
    type Api = {
      search(query: string): Promise<{ results: Array<{ data(): Promise<unknown> }> }>;
      mergeIndex(path: string): Promise<void>;
    };
    const toc = await fetch('/pagefind/parts.json', { cache: 'no-cache' });
    const folders: string[] = toc.ok ? (((await toc.json()) as { languages: Record<string, string[]> }).languages.ru ?? []) : [''];
    const [first, ...others] = folders;
    const bundle = `/pagefind/${first ?? ''}pagefind.js`;
    const api = (await import(bundle)) as Api;
    for (const folder of others) await api.mergeIndex(`/pagefind/${folder}`);
    const found = await api.search(q);
    await Promise.all(found.results.slice(0, 20).map((result) => result.data()));
    return { results: found.results.length, ms: performance.now() - started };
  }, query);
}

async function readerCost(layouts: Layout[]): Promise<Map<string, SearchCost[]>> {
  const chromium = await launchChromium({ width: 1280, height: 800 });
  const costs = new Map<string, SearchCost[]>();
  try {
    for (const layout of layouts) {
      const server = await serve(layout.dir);
      const rows: SearchCost[] = [];
      try {
        for (const query of queries) {
          const page = await chromium.context.newPage();
          const cdp = await chromium.context.newCDPSession(page);
          await cdp.send('Network.clearBrowserCache');
          let requests = 0;
          let bytes = 0;
          page.on('requestfinished', (request) => {
            if (!new URL(request.url()).pathname.startsWith('/pagefind/')) return;
            requests += 1;
            void request.sizes().then((sizes) => (bytes += sizes.responseBodySize + sizes.responseHeadersSize));
          });
          await page.goto(`${server.url}/`);
          const { results, ms } = await searchIn(page, query);
          await page.waitForLoadState('networkidle');
          rows.push({ query, results, requests, kib: bytes / 1024, ms });
          await page.close();
        }
      } finally {
        await server.close();
      }
      costs.set(layout.name, rows);
    }
  } finally {
    await chromium.close();
  }
  return costs;
}

await mkdir(work, { recursive: true });
const machine = machineInfo(path.join(REPO, 'node_modules'));
log(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average ${machine.loadAverage}`);
const siteDir = copies > 1 ? await linkedSite() : site;
if (copies > 1) log(`the site's article pages linked ${copies} times into ${siteDir}`);
const layouts = await indexBoth(siteDir);
const costs = await readerCost(layouts);

console.log(`\n- command: \`node scripts/bench/search-index.ts ${process.argv.slice(2).join(' ')}\``);
console.log(`- machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memory}, load average at start ${machine.loadAverage}`);
console.log(`- site: ${site}${copies > 1 ? `, its article pages linked ${copies} times` : ''}\n`);
console.log('| index | pages (worker output) | wall s | peak RSS MiB |');
console.log('| --- | --- | ---: | ---: |');
for (const layout of layouts) {
  console.log(
    `| ${layout.name} | \`${layout.pages}\` | ${layout.measurement.wallS.toFixed(1)} | ${Math.round(layout.measurement.peakRssMiB).toLocaleString('en')} |`,
  );
}
console.log('\n| a search on a Russian page, empty cache | query | results | requests under /pagefind/ | KiB | ms to results |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const [name, rows] of costs) {
  for (const row of rows) {
    console.log(
      `| ${name} | ${row.query} | ${row.results} | ${row.requests} | ${Math.round(row.kib).toLocaleString('en')} | ${Math.round(row.ms)} |`,
    );
  }
}
