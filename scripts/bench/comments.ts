/**
 * Benchmark of the comments function (not a timed test): throughput and
 * p50/p99 latency of GET /api/comments, GET /api/comments/counts and
 * POST /api/comments on loopback, with autocannon, against a real Strapi.
 *
 *   node scripts/bench/comments.ts [--duration 10] [--connections 10] [--comments 100] [--no-write]
 *
 * One run: starts Strapi (compiled cms/dist, temporary SQLite, the test
 * harness), creates 20 published articles and approved comments over REST,
 * starts the function on plain node:http in its own process
 * (comments/src/node-server.ts, as `npm`-less local runs do), then runs each
 * scenario after a short warm-up. autocannon runs in this process; Strapi,
 * the function and autocannon share the machine's cores. The rate limits
 * are raised so they never trip, but their database counts still run on
 * every POST. Results replace the "Comments function" section of
 * BENCHMARKS.md (between its markers) unless --no-write.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';
import { freePort, startStrapi, type StrapiInstance } from '../../cms/tests/harness/strapi.ts';
import { startSmtp } from '../../comments/tests/smtp.ts';

const REPO = path.resolve(import.meta.dirname, '../..');
const BENCHMARKS = path.join(REPO, 'BENCHMARKS.md');
const SECTION_START = '<!-- bench:comments -->';
const SECTION_END = '<!-- /bench:comments -->';
const SITE = 'http://localhost:4321';
/** Registration codes arrive at a real SMTP server the benchmark runs. */
const smtp = await startSmtp();

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10' },
    comments: { type: 'string', default: '100' },
    'no-write': { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const COMMENTS = Number(args.comments);
for (const [name, value] of Object.entries({ duration: DURATION, warmup: WARMUP, connections: CONNECTIONS, comments: COMMENTS })) {
  if (!Number.isInteger(value) || value < 0 || value > 100_000) throw new RangeError(`--${name} must be a whole number, got ${value}`);
}

const log = (line: string): void => {
  process.stdout.write(`[bench:comments] ${line}\n`);
};

async function rest(url: string, method: string, token: string | null, body?: unknown): Promise<unknown> {
  const response = await fetch(url, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${url} → ${response.status}: ${text.slice(0, 300)}`);
  return text === '' ? null : JSON.parse(text);
}

/** Runs `tasks` with at most `limit` at a time. */
async function pool<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: limit }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
  }));
}

type Dataset = { articles: string[]; listArticle: string; reader: { id: number; username: string; token: string }; approved: number };

async function prepareDataset(strapi: StrapiInstance, commentsToken: string, functionUrl: string): Promise<Dataset> {
  const articles: string[] = [];
  for (let index = 0; index < 20; index += 1) {
    const created = z
      .object({ data: z.object({ documentId: z.string() }) })
      .parse(await rest(`${strapi.url}/api/articles`, 'POST', strapi.writeToken, { data: { title: `Бенчмарк комментариев ${index} ${randomUUID().slice(0, 6)}`, lead: 'Лид.' } }));
    articles.push(created.data.documentId);
  }
  const register = async (prefix: string) => {
    const username = `${prefix}_${randomUUID().slice(0, 8)}`;
    const email = `${username}@example.com`;
    const since = smtp.messages.length;
    await rest(`${functionUrl}/api/auth/register`, 'POST', null, { username, email, password: 'Bench-pass-1' });
    const response = await fetch(`${functionUrl}/api/auth/verify`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: SITE },
      body: JSON.stringify({ email, code: await smtp.codeFor(email, { since }) }),
    });
    const verified = z.object({ data: z.object({ user: z.object({ id: z.number() }) }) }).parse(await response.json());
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tilshi_session=')) ?? '';
    return { id: verified.data.user.id, username, token: decodeURIComponent(cookie.slice('tilshi_session='.length).split(';')[0] ?? '') };
  };
  // The approved comments are by one reader; the POST scenario uses another, who has none approved,
  // so each post stays pending (not trusted) and can be counted afterwards.
  const author = await register('bench_author');
  const reader = await register('bench_poster');

  const [listArticle = ''] = articles;
  // Approved comments as moderators would leave them: COMMENTS on the listed article, i on the i-th other one.
  const jobs = [
    ...Array.from({ length: COMMENTS }, (_, index) => ({ article: listArticle, index })),
    ...articles.slice(1).flatMap((article, position) => Array.from({ length: position + 1 }, (_, index) => ({ article, index }))),
  ];
  await pool(jobs, 8, async ({ article, index }) => {
    await rest(`${strapi.url}/api/comments`, 'POST', commentsToken, {
      data: {
        body: `Комментарий ${index}: ${'текст '.repeat(20 + (index % 30))}`.trim(),
        moderationStatus: 'approved',
        articleDocumentId: article,
        authorId: author.id,
        authorName: author.username,
        language: 'ru',
      },
    });
  });
  return { articles, listArticle, reader, approved: jobs.length };
}

async function startFunction(strapi: StrapiInstance, commentsToken: string): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(REPO, 'comments/src/node-server.ts')], {
    cwd: REPO,
    env: {
      ...process.env,
      STRAPI_URL: strapi.url,
      STRAPI_COMMENTS_TOKEN: commentsToken,
      COMMENTS_SESSION_SECRET: randomBytes(32).toString('hex'),
      COMMENTS_MAIL_URL: smtp.url,
      // The load comes from one address: the per-address limits would stop it (they are measured as part of each POST all the same).
      COMMENTS_LIMITS: 'commentsPerAddress=100000000/60,registerPerAddress=1000/3600',
      SITE_ORIGIN: SITE,
      COMMENTS_HOST: '127.0.0.1',
      COMMENTS_PORT: String(port),
      COMMENTS_RATE_PER_MINUTE: '100000000',
      COMMENTS_RATE_PER_DAY: '100000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-5000);
    // The function logs every 5xx it answers: show them as they happen.
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
    child,
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
  /** 2xx answers of the warm-up and the measured run together. */
  ok: number;
  /** Requests sent by both, including those still in flight when autocannon stopped (the server still handles them). */
  sent: number;
};

async function measure(scenario: Scenario): Promise<Row> {
  const warm = WARMUP > 0 ? await autocannon({ ...scenario.options, duration: WARMUP, connections: CONNECTIONS }) : undefined;
  const load = os.loadavg()[0]?.toFixed(2) ?? '?';
  const result = await autocannon({ ...scenario.options, duration: DURATION, connections: CONNECTIONS });
  const row = {
    name: scenario.name,
    note: scenario.note,
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx + (warm?.non2xx ?? 0),
    errors: result.errors + (warm?.errors ?? 0),
    load,
    ok: result['2xx'] + (warm?.['2xx'] ?? 0),
    sent: result.requests.sent + (warm?.requests.sent ?? 0),
  };
  const statuses = [warm, result]
    .flatMap((run) => Object.entries(run?.statusCodeStats ?? {}))
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, stats]) => `${code}×${stats.count ?? 0}`);
  log(`${row.name}: ${row.rps.toFixed(0)} req/s, p50 ${row.p50} ms, p99 ${row.p99} ms, non-2xx ${row.non2xx}${statuses.length ? ` (${statuses.join(', ')})` : ''}, errors ${row.errors}`);
  return row;
}

function fmt(value: number, digits = 0): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function section(rows: Row[], context: { date: string; machine: string; software: string; dataset: string; postCheck: string; command: string }): string {
  const table = [
    '| scenario | requests | req/s | p50 ms | p99 ms | non-2xx | errors | load (1 min) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.name} | ${fmt(row.requests)} | ${fmt(row.rps)} | ${fmt(row.p50, 1)} | ${fmt(row.p99, 1)} | ${row.non2xx} | ${row.errors} | ${row.load} |`),
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
    ...rows.map((row) => `- ${row.name}: ${row.note}`),
    `- ${context.postCheck}`,
    SECTION_END,
  ].join('\n');
}

const SECTION_INTRO = `## Comments function — \`scripts/bench/comments.ts\`

Throughput and latency of the comments function (\`comments/\`) on loopback: the handler served by
its plain node:http host (\`comments/src/node-server.ts\`, one process), a real Strapi (compiled
\`cms/dist\`, SQLite, the test harness) and the load generator (autocannon, in the benchmark's
process) on the same machine. Each scenario runs after a warm-up of a few seconds; latencies are
autocannon's, from request written to response read. The rate limits are raised so that they never
trip, but their database query still runs on every POST. What one function request costs in Strapi
requests: GET comments 2 (published check + page, in parallel), GET counts 1 (one GROUP BY in the
CMS), POST 5 (the reader with their approved/rejected counts; then the idempotency key, the
published check and the rate-limit window in parallel; then the insert; banned words are cached for
60 s per instance).

\`\`\`sh
export PATH=/tmp/node24/package/bin:$PATH   # Node 24 (runs .ts directly)
node scripts/bench/comments.ts              # ~2 minutes; --duration, --connections, --comments, --no-write
\`\`\`

Reading the numbers: the function's own work per request (JWT check with jose, zod parsing, the
rules, JSON) is small next to Strapi's REST pipeline, so throughput follows the number of Strapi
requests behind each route — compare the Strapi reference row (one list query) with the function's
GET comments (two such requests). The two public GETs are meant to be served mostly from the CDN
(\`s-maxage\`), so their uncached rates matter only on a miss; POST is bounded by Strapi's writes
(SQLite here: one writer at a time).

The script replaces only the block between its markers below.

`;

async function writeSection(block: string): Promise<void> {
  // Re-read right before writing: other sections of this file are written by other benchmarks.
  const current = existsSync(BENCHMARKS) ? await readFile(BENCHMARKS, 'utf8') : '# Benchmarks\n';
  const start = current.indexOf(SECTION_START);
  const end = current.indexOf(SECTION_END);
  let next: string;
  if (start !== -1 && end > start) {
    next = `${current.slice(0, start)}${block}${current.slice(end + SECTION_END.length)}`;
  } else {
    next = `${current.replace(/\s*$/, '\n')}\n${SECTION_INTRO}${block}\n`;
  }
  await writeFile(BENCHMARKS, next);
}

async function main(): Promise<void> {
  const loadAtStart = os.loadavg().map((value) => value.toFixed(2)).join(' ');
  const commentsToken = randomBytes(32).toString('hex');
  log('starting Strapi (temporary SQLite)…');
  const strapi = await startStrapi({ env: { STRAPI_COMMENTS_TOKEN: commentsToken } });
  let fn: Awaited<ReturnType<typeof startFunction>> | undefined;
  try {
    fn = await startFunction(strapi, commentsToken);
    log(`function on ${fn.url}; preparing the dataset…`);
    const data = await prepareDataset(strapi, commentsToken, fn.url);
    const auth = { Authorization: `Bearer ${data.reader.token}`, 'Content-Type': 'application/json', Origin: SITE };
    const countsQuery = data.articles.join(',');
    const storeListQuery =
      `filters[articleDocumentId][$eq]=${data.listArticle}&filters[moderationStatus][$eq]=approved&sort[0]=id:asc` +
      `&pagination[page]=1&pagination[pageSize]=21&pagination[withCount]=false` +
      ['articleDocumentId', 'body', 'moderationStatus', 'authorId', 'authorName', 'language', 'idempotencyKey', 'createdAt'].map((field, index) => `&fields[${index}]=${field}`).join('');
    let posted = 0;
    const scenarios: Scenario[] = [
      {
        name: 'Strapi REST directly: the page query the function sends (reference)',
        note: 'GET /api/comments?filters…&pagination[pageSize]=21 on Strapi with the comments token: what one list page costs Strapi itself',
        options: { url: `${strapi.url}/api/comments?${encodeURI(storeListQuery)}`, headers: { Authorization: `Bearer ${commentsToken}` } },
      },
      {
        name: 'GET /api/comments (first page of 20)',
        note: `approved comments of an article with ${COMMENTS}, oldest first, 20 per page, anonymous`,
        options: { url: `${fn.url}/api/comments?article=${data.listArticle}` },
      },
      {
        name: 'GET /api/comments/counts (20 articles)',
        note: 'counts of the 20 articles of a listing page in one request (CDN-cacheable; measured uncached)',
        options: { url: `${fn.url}/api/comments/counts?articles=${countsQuery}` },
      },
      {
        name: 'POST /api/comments',
        note: 'one signed-in reader (Bearer JWT verified with jose), a new Idempotency-Key and text per request; each 201 stored one pending comment',
        options: {
          url: `${fn.url}/api/comments`,
          method: 'POST',
          headers: auth,
          requests: [
            {
              method: 'POST',
              setupRequest: (request) => {
                posted += 1;
                return {
                  ...request,
                  headers: { ...request.headers, 'Idempotency-Key': `bench-${randomUUID()}` },
                  body: JSON.stringify({ article: data.articles[posted % data.articles.length], body: `Комментарий нагрузочного теста №${posted}` }),
                };
              },
            },
          ],
        },
      },
    ];
    const rows: Row[] = [];
    for (const scenario of scenarios) rows.push(await measure(scenario));

    const stored = z
      .object({ meta: z.object({ pagination: z.object({ total: z.number() }) }) })
      .parse(await rest(`${strapi.url}/api/comments?filters[moderationStatus][$eq]=pending&pagination[pageSize]=1`, 'GET', commentsToken));
    const post = rows.at(-1);
    const total = stored.meta.pagination.total;
    // Requests still in flight when autocannon stops are handled (and stored) without being counted as answered.
    const consistent = post !== undefined && total >= post.ok && total <= post.sent;
    const postCheck =
      `check: the POST scenario and its warm-up sent ${fmt(post?.sent ?? 0)} requests and got ${fmt(post?.ok ?? 0)} × 201; ` +
      `Strapi holds ${fmt(total)} pending comments${consistent ? ' (at least one per 201, at most one per request sent)' : ' — MISMATCH'}`;
    log(postCheck);

    const cpus = os.cpus();
    const context = {
      date: new Date().toISOString().slice(0, 10),
      command: `node scripts/bench/comments.ts --duration ${DURATION} --connections ${CONNECTIONS} --comments ${COMMENTS}`,
      machine: `${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${fmt(os.totalmem() / 2 ** 30)} GiB, load average at start ${loadAtStart}; shared with other work`,
      software: `Node ${process.version}, Strapi 5 (SQLite), autocannon 9`,
      dataset: `20 published articles, ${fmt(data.approved)} approved comments (${COMMENTS} on the listed article)`,
      postCheck,
    };
    const clean = rows.every((row) => row.non2xx === 0 && row.errors === 0) && consistent;
    if (clean && args['no-write'] !== true) {
      await writeSection(section(rows, context));
      log(`wrote the "Comments function" section of ${path.relative(REPO, BENCHMARKS)}`);
    } else {
      process.stdout.write(`${section(rows, context)}\n`);
      if (!clean) log('some requests failed or the stored count does not match: BENCHMARKS.md was not updated');
    }
  } finally {
    await fn?.stop();
    await strapi.stop();
    await smtp.stop();
  }
}

await main();
