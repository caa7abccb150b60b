/**
 * Benchmark of the comments function (not a timed test): throughput and
 * p50/p99 latency of the static article page and, beside it in the same run,
 * GET /api/comments/, GET /api/comments/counts/ and POST /api/comments/ —
 * all through the site's own Node server (site/serve.mjs: the static files
 * and the function in one process, as `npm start` serves them; it answers
 * requests under /api/ with the handler directly) against a real Strapi on
 * SQLite, and the three again through the Node adapter and Astro
 * (TILSHI_API_THROUGH_ADAPTER=1, as the server answered them before); then
 * the function alone (comments/src/node-server.ts)
 * against Strapi on SQLite and on PostgreSQL (when a PostgreSQL server is
 * installed), so the database's share shows.
 *
 *   node scripts/bench/comments.ts [--duration 10] [--connections 10] [--comments 100] [--posters 20] [--no-postgres] [--no-write]
 *
 * One run: starts Strapi (compiled cms/dist, temporary SQLite), creates 20
 * published articles with approved comments over REST, builds the site
 * against it (astro build, like the publish service), serves it with the
 * function's settings, registers the posting readers (e-mail code at a real
 * SMTP server, SMS code at the Mobizon stand-in), and runs each scenario after
 * a warm-up. autocannon runs in this process; Strapi, the servers and
 * autocannon share the machine's cores. The reader's and the address's rate
 * limits are raised so they never trip, but they are counted on every POST all
 * the same. The POSTs come from --posters readers in turn, as a site's writes
 * come from many readers: the CMS's per-reader window reads up to "per minute"
 * of the reader's newest comments, so with the limit raised one poster would
 * make every POST read all the comments it wrote in the run.
 * Results replace the "Comments function" section of BENCHMARKS.md (between
 * its markers) unless --no-write.
 */
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { findPostgresBin, startPostgres, strapiPostgresEnv, type PostgresInstance } from '@tilshi/testing/postgres';
import { freePort } from '@tilshi/testing/ports';
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';
import { startMobizon } from '@tilshi/testing/mobizon';
import { startSmtp } from '@tilshi/testing/smtp';
import { decideModeration } from '../../comments/src/core/rules.ts';
import { buildFolder, buildSite, serveSite, SiteBuildError, type RunningSite } from '@tilshi/testing/site';
import { runSeed } from '../src/seed/index.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BENCHMARKS = path.join(REPO, 'BENCHMARKS.md');
const SECTION_START = '<!-- bench:comments -->';
const SECTION_END = '<!-- /bench:comments -->';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
    comments: { type: 'string', default: '100' },
    posters: { type: 'string', default: '20' },
    'no-postgres': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const COMMENTS = Number(args.comments);
const POSTERS = Number(args.posters);
if (!Number.isInteger(POSTERS) || POSTERS < 1 || POSTERS > 200)
  throw new RangeError(`--posters must be a whole number from 1 to 200, got ${args.posters}`);
for (const [name, value] of Object.entries({ duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, comments: COMMENTS })) {
  if (!Number.isInteger(value) || value < 0 || value > 100_000) throw new RangeError(`--${name} must be a whole number, got ${value}`);
}

const log = (line: string): void => {
  process.stdout.write(`[bench:comments] ${line}\n`);
};

const smtp = await startSmtp();
const mobizon = await startMobizon();

/** The function's settings: rate limits out of the way (still counted), codes to the stand-ins. */
function functionEnv(strapiUrl: string, commentsToken: string, origin: string): Record<string, string> {
  return {
    STRAPI_URL: strapiUrl,
    STRAPI_COMMENTS_TOKEN: commentsToken,
    COMMENTS_SESSION_SECRET: SESSION_SECRET,
    COMMENTS_MAIL_URL: smtp.url,
    COMMENTS_SMS: 'mobizon',
    MOBIZON_API_KEY: mobizon.apiKey,
    MOBIZON_API_URL: mobizon.url,
    // The load comes from one address: the per-address limit would stop it (limits take at most 6 digits).
    COMMENTS_LIMITS:
      'commentsPerAddress=999999/60,registerPerAddress=1000/3600,smsPerAddress=1000/3600,codePerAddress=1000/900,phoneCodePerAddress=1000/900',
    COMMENTS_AUTH_FLOOR_MS: '0',
    COMMENTS_RATE_PER_MINUTE: '100000000',
    COMMENTS_RATE_PER_DAY: '100000000',
    SITE_ORIGIN: origin,
  };
}
const SESSION_SECRET = randomBytes(32).toString('hex');

async function rest(
  url: string,
  method: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ json: unknown; response: Response }> {
  const response = await fetch(url, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url} → ${response.status}: ${text.slice(0, 300)}`);
  return { json: text === '' ? null : JSON.parse(text), response };
}

/** Runs `task` over `items` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

type Dataset = { articles: Array<{ documentId: string; slug: string }>; listArticle: string; approved: number };

/**
 * The seed article (settings, photo, event: a real article page) and 19 more published articles, with
 * approved comments (COMMENTS on the seed article, i on the i-th other one) by one author.
 */
async function prepareDataset(strapi: StrapiInstance, commentsToken: string): Promise<Dataset> {
  const seed = await runSeed({ url: strapi.url, writeToken: strapi.writeToken });
  const articles: Dataset['articles'] = [{ documentId: seed.seedArticle.documentId, slug: seed.seedArticle.slugs.ru }];
  for (let index = 1; index < 20; index += 1) {
    const { json } = await rest(`${strapi.url}/api/articles`, 'POST', strapi.writeToken, {
      data: { title: `Бенчмарк комментариев ${index} ${randomUUID().slice(0, 6)}`, lead: 'Лид.' },
    });
    articles.push(z.object({ data: z.object({ documentId: z.string(), slug: z.string() }) }).parse(json).data);
  }
  const [first] = articles;
  if (!first) throw new Error('no article was created');
  const jobs = [
    ...Array.from({ length: COMMENTS }, (_, index) => ({ article: first.documentId, index })),
    ...articles
      .slice(1)
      .flatMap((article, position) => Array.from({ length: position + 1 }, (_, index) => ({ article: article.documentId, index }))),
  ];
  // A reader to author them (the CMS links each comment to its reader).
  const { json } = await rest(`${strapi.url}/api/reader-accounts/register`, 'POST', commentsToken, {
    data: {
      username: `bench_author_${randomUUID().slice(0, 6)}`,
      email: `author-${randomUUID().slice(0, 6)}@example.com`,
      password: 'Bench-pass-1',
    },
  });
  const author = z.object({ data: z.object({ userId: z.number() }) }).parse(json).data.userId;
  await pool(jobs, 8, async ({ article, index }) => {
    await rest(`${strapi.url}/api/comments`, 'POST', commentsToken, {
      data: {
        body: `Комментарий ${index}: ${'текст '.repeat(20 + (index % 30))}`.trim(),
        moderationStatus: 'approved',
        articleDocumentId: article,
        authorId: author,
        authorName: 'bench_author',
        language: 'ru',
      },
    });
  });
  return { articles, listArticle: first.documentId, approved: jobs.length };
}

/** Kazakh mobile numbers (+7 701 …) from a random start, one more per reader: unique within a run. */
const PHONE_BASE = Math.floor(Math.random() * 9_000_000);
let phoneCount = 0;

/** A reader registered through the function: e-mail code, then the SMS code; returns the session token. */
async function registerReader(functionUrl: string, origin: string): Promise<string> {
  const username = `bench_poster_${randomUUID().slice(0, 6)}`;
  const email = `${username}@example.com`;
  const headers = { Origin: origin };
  const since = smtp.messages.length;
  await rest(`${functionUrl}/api/auth/register/`, 'POST', null, { username, email, password: 'Bench-pass-1' }, headers);
  const verified = await rest(
    `${functionUrl}/api/auth/verify/`,
    'POST',
    null,
    { email, code: await smtp.codeFor(email, { since }) },
    headers,
  );
  const cookie = verified.response.headers.getSetCookie().find((line) => line.startsWith('tilshi_session=')) ?? '';
  const token = decodeURIComponent(cookie.slice('tilshi_session='.length).split(';')[0] ?? '');
  phoneCount += 1;
  const phone = `+7701${String(PHONE_BASE + phoneCount).padStart(7, '0')}`;
  await rest(`${functionUrl}/api/auth/phone/`, 'POST', token, { phone }, headers);
  await rest(`${functionUrl}/api/auth/phone/verify/`, 'POST', token, { code: mobizon.codeFor(phone) }, headers);
  return token;
}

/** POSTERS readers registered through the function, four at a time; their session tokens. */
async function registerPosters(functionUrl: string, origin: string): Promise<string[]> {
  const tokens: string[] = [];
  await pool(
    Array.from({ length: POSTERS }, (_, index) => index),
    4,
    async () => {
      tokens.push(await registerReader(functionUrl, origin));
    },
  );
  return tokens;
}

/** The function alone on node:http (comments/src/node-server.ts), in its own process. */
async function startFunction(env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO, 'comments/src/node-server.ts')], {
    cwd: REPO,
    env: { ...process.env, ...env, COMMENTS_HOST: '127.0.0.1', COMMENTS_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-5000)));
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-5000);
    process.stderr.write(`[function] ${chunk.toString()}`);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the comments function exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/api/auth/logout`, { method: 'POST' })).status === 204) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the comments function did not start in time:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

type Scenario = { name: string; options: autocannon.Options; note: string };

/**
 * The machine's CPU time so far and the part of it the hypervisor gave to other guests ("steal",
 * /proc/stat's first line: user nice system idle iowait irq softirq steal …), or null off Linux.
 * This machine is a shared VM whose speed moves by 2–3× within an hour; the steal share during a
 * scenario says how much of it the benchmark did not get.
 */
function cpuTimes(): { steal: number; total: number } | null {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    if (fields.length < 8 || fields.some((value) => !Number.isFinite(value))) return null;
    return { steal: fields[7] ?? 0, total: fields.reduce((sum, value) => sum + value, 0) };
  } catch {
    return null;
  }
}

function stealShare(before: ReturnType<typeof cpuTimes>, after: ReturnType<typeof cpuTimes>): string {
  if (!before || !after || after.total <= before.total) return '?';
  return `${Math.round((100 * (after.steal - before.steal)) / (after.total - before.total))} %`;
}
/** The site server with TILSHI_API_THROUGH_ADAPTER=1: its requests under /api/ go through the Node adapter and Astro, as before the direct path. */
const ADAPTER_LABEL = 'site server through the adapter (before)';
type Row = {
  name: string;
  note: string;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  load: string;
  /** CPU steal during the measured part (not the warm-up). */
  steal: string;
  ok: number;
  sent: number;
};

async function measure(scenario: Scenario): Promise<Row> {
  const warm = WARMUP > 0 ? await autocannon({ ...scenario.options, duration: WARMUP, connections: CONNECTIONS }) : undefined;
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  const cpuBefore = cpuTimes();
  const result = await autocannon({ ...scenario.options, duration: DURATION, connections: CONNECTIONS });
  const steal = stealShare(cpuBefore, cpuTimes());
  const row: Row = {
    name: scenario.name,
    note: scenario.note,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + (warm?.non2xx ?? 0),
    errors: result.errors + (warm?.errors ?? 0),
    load,
    steal,
    ok: result['2xx'] + (warm?.['2xx'] ?? 0),
    sent: result.requests.sent + (warm?.requests.sent ?? 0),
  };
  const statuses = [warm, result]
    .flatMap((run) => Object.entries(run?.statusCodeStats ?? {}))
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, stats]) => `${code}×${stats.count ?? 0}`);
  log(
    `${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}${statuses.length ? ` (${statuses.join(', ')})` : ''}, errors ${row.errors}, CPU steal ${row.steal}`,
  );
  return row;
}

/** GET list, GET counts and POST scenarios against one server. */
// eslint-disable-next-line max-params -- a benchmark's scenario table, called twice with every value named at the call
function apiScenarios(
  label: string,
  baseUrl: string,
  data: Dataset,
  tokens: string[],
  origin: string,
  counter: { posted: number },
): Scenario[] {
  const countsQuery = data.articles.map((article) => article.documentId).join(',');
  return [
    {
      name: `${label}: GET /api/comments/ (first page of 20)`,
      note: `approved comments of an article with ${COMMENTS}, oldest first, 20 per page, anonymous (from the function's read cache)`,
      options: { url: `${baseUrl}/api/comments/?article=${data.listArticle}` },
    },
    {
      name: `${label}: GET /api/comments/counts/ (20 articles)`,
      note: 'counts of the 20 articles of a listing page in one request (from the read cache)',
      options: { url: `${baseUrl}/api/comments/counts/?articles=${countsQuery}` },
    },
    {
      name: `${label}: POST /api/comments/`,
      note: `${tokens.length} signed-in readers with confirmed numbers in turn (Bearer session), a new Idempotency-Key and text per request; each 201 stored one pending comment`,
      options: {
        url: `${baseUrl}/api/comments/`,
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: origin },
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              counter.posted += 1;
              const article = data.articles[counter.posted % data.articles.length]?.documentId ?? data.listArticle;
              const token = tokens[counter.posted % tokens.length] ?? '';
              return {
                ...request,
                headers: { ...request.headers, Authorization: `Bearer ${token}`, 'Idempotency-Key': `bench-${randomUUID()}` },
                body: JSON.stringify({ article, body: `Комментарий нагрузочного теста №${counter.posted}` }),
              };
            },
          },
        ],
      },
    },
  ];
}

/**
 * The CMS's write path alone: `POST /api/comments/submit` on Strapi with the comments token, one comment
 * per request, as the function sends it (the posters' ids and session versions from their tokens, the
 * same raised windows, an address bucket, the three decisions). What POST /api/comments costs Strapi
 * itself, without the function's batching.
 */
// eslint-disable-next-line max-params -- a benchmark's scenario, called twice with every value named at the call
function submitScenario(
  label: string,
  strapi: StrapiInstance,
  commentsToken: string,
  data: Dataset,
  tokens: string[],
  counter: { posted: number },
): Scenario {
  const readers = tokens.map((token) => {
    const claims = z.object({ sub: z.string(), sv: z.number() }).parse(decodeJwt(token));
    return { readerId: Number(claims.sub), sessionVersion: claims.sv };
  });
  const decisions = {
    trusted: decideModeration({ trusted: true, bannedWords: [], links: 0 }),
    untrusted: decideModeration({ trusted: false, bannedWords: [], links: 0 }),
    premoderated: decideModeration({ trusted: false, premoderated: true, bannedWords: [], links: 0 }),
  };
  return {
    name: `${label}: Strapi directly, POST /api/comments/submit (reference)`,
    note: `the CMS's write path with the comments token, one comment per request (no batching), ${readers.length} readers in turn; each 200 stored one pending comment`,
    options: {
      url: `${strapi.url}/api/comments/submit`,
      method: 'POST',
      headers: { Authorization: `Bearer ${commentsToken}`, 'Content-Type': 'application/json' },
      requests: [
        {
          method: 'POST',
          setupRequest: (request) => {
            counter.posted += 1;
            const reader = readers[counter.posted % readers.length] ?? { readerId: 0, sessionVersion: 0 };
            const article = data.articles[counter.posted % data.articles.length]?.documentId ?? data.listArticle;
            const item = {
              ...reader,
              requirePhone: true,
              article,
              parent: null,
              body: `Комментарий нагрузочного теста №${counter.posted}`,
              language: 'ru',
              idempotencyKey: null,
              window: { perMinute: 100_000_000, perDay: 100_000_000, now: Date.now() },
              addressLimit: { bucket: 'commentsPerAddress:bench', limit: 999_999, windowSeconds: 60 },
              autoTrustAfter: 3,
              decisions,
            };
            return { ...request, body: JSON.stringify({ data: { items: [item] } }) };
          },
        },
      ],
    },
  };
}

async function pendingCount(strapi: StrapiInstance, commentsToken: string): Promise<number> {
  const { json } = await rest(
    `${strapi.url}/api/comments?filters[moderationStatus][$eq]=pending&pagination[pageSize]=1`,
    'GET',
    commentsToken,
  );
  return z.object({ meta: z.object({ pagination: z.object({ total: z.number() }) }) }).parse(json).meta.pagination.total;
}

/** "check: …": the POST rows' 201s against the pending comments the CMS holds. */
function postCheck(rows: Row[], stored: number, label: string): { line: string; consistent: boolean } {
  const posts = rows.filter((row) => row.name.includes('POST'));
  const ok = posts.reduce((sum, row) => sum + row.ok, 0);
  const sent = posts.reduce((sum, row) => sum + row.sent, 0);
  // Requests still in flight when autocannon stops are handled (and stored) without being counted as answered.
  const consistent = stored >= ok && stored <= sent;
  return {
    consistent,
    line: `check (${label}): the POST scenarios and their warm-ups sent ${fmt(sent)} requests and got ${fmt(ok)} × 2xx (201 from the function, 200 from Strapi's submit); Strapi holds ${fmt(stored)} pending comments${consistent ? ' (at least one per 201, at most one per request sent)' : ' — MISMATCH'}`,
  };
}

function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

type Context = { date: string; machine: string; software: string; dataset: string; checks: string[]; command: string; targets: string[] };

function section(rows: Row[], context: Context): string {
  const table = [
    '| scenario | requests | req/s | p50 ms | p99 ms | non-2xx | errors | load (1 min) | CPU steal |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (row) =>
        `| ${row.name} | ${fmt(row.requests)} | ${fmt(row.rps)} | ${fmt(row.p50, 1)} | ${fmt(row.p99, 1)} | ${row.non2xx} | ${row.errors} | ${row.load} | ${row.steal} |`,
    ),
  ];
  return [
    SECTION_START,
    `### ${context.date}, ${CONNECTIONS} connections, ${DURATION} s per scenario`,
    '',
    `- command: \`${context.command}\``,
    `- machine: ${context.machine}`,
    `- software: ${context.software}`,
    `- dataset: ${context.dataset}`,
    '',
    ...table,
    '',
    ...context.targets.map((line) => `- ${line}`),
    ...rows.map((row) => `- ${row.name}: ${row.note}`),
    ...context.checks.map((line) => `- ${line}`),
    SECTION_END,
  ].join('\n');
}

const SECTION_INTRO = `## Comments function — \`scripts/bench/comments.ts\`

Throughput and latency of the comments function (\`comments/\`) beside the static article page, in
one run: the site's own Node server (\`site/serve.mjs\`: the static files and the function in one
process, as \`npm start\` serves them) with a real Strapi (compiled \`cms/dist\`, SQLite, the test
harness); then the function alone on plain node:http (\`comments/src/node-server.ts\`) against the
same Strapi, and against a second Strapi on PostgreSQL (the harness's throwaway server,
\`cms/tests/harness/postgres.ts\`, when Debian's \`postgresql\` is installed); and Strapi's write path
alone (\`POST /api/comments/submit\`, one comment per request) as the reference of what a POST costs
the CMS. The load generator (autocannon) runs in the benchmark's process on the same machine. Each
scenario runs after a 3 s warm-up; latencies are autocannon's, from request written to response
read. The POSTs come from 20 readers (\`--posters\`) registered through the function as a reader
does: the e-mail code from a real SMTP server the script runs, the SMS code from the Mobizon
stand-in (\`comments/tests/mobizon.ts\`, as the site tests use it). The per-reader and per-address
limits are raised so they never trip, but they are counted on every POST. The targets of issue #15:
GET list and counts ≥ 50 % of the static page's req/s with p99 ≤ 20 ms; POST ≥ 200 req/s with
p99 ≤ 100 ms on SQLite, with the PostgreSQL numbers beside them.

\`\`\`sh
npm test -- --project unit       # once: installs and builds the CMS (the benchmark needs cms/dist)
node scripts/bench/comments.ts   # Node 24; ~6 minutes; --duration, --connections, --comments, --posters, --no-postgres, --no-write
\`\`\`

Reading the numbers: the two GETs are answered from the function's read cache (no request to Strapi
once warm; \`comments/README.md\`, "Reading at the speed of the site"): the "function alone" rows are
the cache's own cost on plain node:http; the "site server" rows are the site's own server, which calls
the same handler directly for requests under /api/ (after Astro's origin check, which it runs
itself); the "through the adapter (before)" rows are that server with
\`TILSHI_API_THROUGH_ADAPTER=1\`, every request through the Node adapter's static-file lookup and
Astro's routing and origin check, as it answered before. A POST is
one request to Strapi (\`POST /api/comments/submit\`), batched: the comments that arrive while one
batch is being written go together in the next, in one transaction; the "Strapi directly" rows are
that write path without the function and without batching.

The script replaces only the block between its markers below.

`;

async function writeSection(block: string): Promise<void> {
  // Re-read right before writing: other sections of this file are written by other benchmarks.
  const current = existsSync(BENCHMARKS) ? await readFile(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  const next =
    start !== -1 && end > start
      ? `${current.slice(0, start)}${block}${current.slice(end + SECTION_END.length)}`
      : `${current.replace(/\s*$/, '\n')}\n${SECTION_INTRO}${block}\n`;
  await writeFile(BENCHMARKS, next);
}

async function main(): Promise<void> {
  const loadAtStart = os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
  const commentsToken = randomBytes(32).toString('hex');
  const stops: Array<() => Promise<void> | void> = [];
  const rows: Row[] = [];
  const checks: string[] = [];
  let clean = true;
  try {
    log('starting Strapi (temporary SQLite)…');
    const strapi = await startStrapi({ env: { STRAPI_COMMENTS_TOKEN: commentsToken } });
    stops.push(() => strapi.stop());
    const data = await prepareDataset(strapi, commentsToken);
    log(`dataset ready (${data.approved} approved comments); building the site…`);
    const folder = await buildFolder('bench-comments');
    stops.push(() => rm(folder.root, { recursive: true, force: true }));
    const build = await buildSite({ strapiUrl: strapi.url, siteToken: strapi.siteToken, outDir: folder.outDir, cacheDir: folder.cacheDir });
    if (build.code !== 0) throw new SiteBuildError(build);
    const site: RunningSite = await serveSite(folder.outDir, { env: (url) => functionEnv(strapi.url, commentsToken, url) });
    stops.push(() => site.stop());
    const tokens = await registerPosters(site.url, site.url);
    const counter = { posted: 0 };
    const articlePath = `/news/${data.articles[0]?.slug ?? ''}/`;
    const staticRow = await measure({
      name: 'site server: GET the static article page',
      note: `${articlePath} — the seed article's HTML file (photo, event box, ${COMMENTS} comments baked as a count), the reference`,
      options: { url: `${site.url}${articlePath}` },
    });
    rows.push(staticRow);
    for (const scenario of apiScenarios('site server', site.url, data, tokens, site.url, counter)) rows.push(await measure(scenario));
    await site.stop();
    // The same requests through the adapter and Astro's pipeline, as the site server answered them before it called the handler directly.
    const viaAdapter = await serveSite(folder.outDir, {
      env: (url) => ({ ...functionEnv(strapi.url, commentsToken, url), TILSHI_API_THROUGH_ADAPTER: '1' }),
    });
    stops.push(() => viaAdapter.stop());
    for (const scenario of apiScenarios(ADAPTER_LABEL, viaAdapter.url, data, tokens, viaAdapter.url, counter))
      rows.push(await measure(scenario));
    await viaAdapter.stop();

    const alone = await startFunction(functionEnv(strapi.url, commentsToken, 'http://localhost:4321'));
    stops.push(() => alone.stop());
    const aloneTokens = await registerPosters(alone.url, 'http://localhost:4321');
    for (const scenario of apiScenarios('function alone, SQLite', alone.url, data, aloneTokens, 'http://localhost:4321', counter))
      rows.push(await measure(scenario));
    rows.push(await measure(submitScenario('SQLite', strapi, commentsToken, data, aloneTokens, counter)));
    await alone.stop();
    const sqliteCheck = postCheck(rows, await pendingCount(strapi, commentsToken), 'SQLite');
    checks.push(sqliteCheck.line);
    clean &&= sqliteCheck.consistent;
    await strapi.stop();

    if (!args['no-postgres'] && findPostgresBin()) {
      log('starting PostgreSQL and a second Strapi on it…');
      const postgres: PostgresInstance = await startPostgres();
      stops.push(() => postgres.stop());
      const pgToken = randomBytes(32).toString('hex');
      const pgStrapi = await startStrapi({
        env: {
          STRAPI_COMMENTS_TOKEN: pgToken,
          ...strapiPostgresEnv(postgres),
        },
      });
      stops.push(() => pgStrapi.stop());
      const pgData = await prepareDataset(pgStrapi, pgToken);
      const pgFunction = await startFunction(functionEnv(pgStrapi.url, pgToken, 'http://localhost:4321'));
      stops.push(() => pgFunction.stop());
      const pgReaders = await registerPosters(pgFunction.url, 'http://localhost:4321');
      const pgRows: Row[] = [];
      for (const scenario of apiScenarios('function alone, PostgreSQL', pgFunction.url, pgData, pgReaders, 'http://localhost:4321', {
        posted: 0,
      }))
        pgRows.push(await measure(scenario));
      pgRows.push(await measure(submitScenario('PostgreSQL', pgStrapi, pgToken, pgData, pgReaders, { posted: 0 })));
      rows.push(...pgRows);
      const pgCheck = postCheck(pgRows, await pendingCount(pgStrapi, pgToken), 'PostgreSQL');
      checks.push(pgCheck.line);
      clean &&= pgCheck.consistent;
    } else {
      checks.push('PostgreSQL: not measured in this run (no PostgreSQL server installed, or --no-postgres)');
    }

    const reference = staticRow.rps;
    const targets = rows
      .filter((row) => row.name.startsWith('site server: GET /api') || row.name.startsWith('site server: POST'))
      .map((row) =>
        row.name.includes('POST')
          ? `target POST ≥ 200 req/s, p99 ≤ 100 ms: ${fmt(row.rps)} req/s, p99 ${fmt(row.p99, 1)} ms — ${row.rps >= 200 && row.p99 <= 100 ? 'met' : 'NOT met'}`
          : `target ${row.name.replace('site server: ', '')} ≥ 50 % of the static page (${fmt(reference / 2)} req/s), p99 ≤ 20 ms: ${fmt((100 * row.rps) / reference)} %, p99 ${fmt(row.p99, 1)} ms — ${row.rps >= reference / 2 && row.p99 <= 20 ? 'met' : 'NOT met'}`,
      );
    const cpus = os.cpus();
    const context: Context = {
      date: new Date().toISOString().slice(0, 10),
      command: `node scripts/bench/comments.ts --duration ${DURATION} --connections ${CONNECTIONS} --comments ${COMMENTS} --posters ${POSTERS}`,
      machine: `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB, load average at start ${loadAtStart}; shared with other engineers' work (the load column is the 1-minute average as each scenario started; CPU steal is the share of the machine's CPU time the hypervisor gave to other guests while the scenario was measured)`,
      software: `Node ${process.version}, Strapi 5 (SQLite; PostgreSQL as named), Astro 7 Node adapter, autocannon 9`,
      dataset: `the seed article and 19 more published articles, ${fmt(data.approved)} approved comments (${COMMENTS} on the seed article, which is listed); ${POSTERS} posting readers per server, registered through it`,
      checks,
      targets,
    };
    clean &&= rows.every((row) => row.non2xx === 0 && row.errors === 0);
    if (clean && args['no-write'] !== true) {
      await writeSection(section(rows, context));
      log(`wrote the "Comments function" section of ${path.relative(REPO, BENCHMARKS)}`);
    } else {
      process.stdout.write(`${section(rows, context)}\n`);
      if (!clean) log('some requests failed or the stored count does not match: BENCHMARKS.md was not updated');
    }
  } finally {
    for (const stop of stops.reverse()) await Promise.resolve(stop()).catch(() => undefined);
    await smtp.stop();
    await mobizon.stop();
  }
}

await main();
