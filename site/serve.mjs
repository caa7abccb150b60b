// Serves the built site on 127.0.0.1:SITE_PORT (default 4321) with the Node
// adapter's handler: the prerendered files of the build's client folder, the
// on-demand routes (comments API, draft preview), and the 404 page for
// everything else.
//
// Two layouts:
// - TILSHI_LIVE_DIR (the publish service's live tree, publish/README.md):
//   every request follows `<live>/current` to the release it points at, so
//   a release switch (one symlink rename) is seen by the next request, and
//   files a scoped publish replaced in place are served as soon as they are
//   renamed into place. Each release's server bundle is loaded once, on its
//   first request.
// - otherwise one build folder: TILSHI_OUT_DIR or site/dist (`astro build`).
//
// Before the adapter sees a request (requestPlan below):
// - every answer carries the site's security headers (src/lib/security-headers.ts);
// - static paths answer GET and HEAD only; any other method is 405 with
//   `Allow` (the adapter would serve the file, or answer 500 for TRACE);
// - /api/… goes to the comments function for every method, with or without
//   the trailing slash (internally rewritten: a 301 would make clients
//   re-send a POST as a GET); only TRACE, which a web-standard Request
//   cannot carry, is answered here with the function's own 405
//   `method_not_allowed`. CONNECT gets 405 from the 'connect' listener;
//   TRACK never arrives (Node's HTTP parser answers 400).
//
// Requests under /api/ (comment lists and counts, the reader's account,
// posting, replying, reporting, deleting) are answered here with the comments
// function's handler directly, once the route has made it
// (src/lib/comments-host.ts: the route leaves it in this server's slot on its
// first request, so the process has one handler, one read cache, one write
// batch, whichever path a request takes). The adapter's static-file lookup and
// Astro's routing and rendering cost more than a cached read or a batched
// write itself (BENCHMARKS.md, "Comments function") and add nothing to the
// answer, with one exception kept here: Astro's origin check of cross-site
// form posts (`crossSiteForm`, the same rule and answer), in front of every
// write. HEAD, and a target or Host the adapter treats specially, still go
// through the adapter. TILSHI_API_THROUGH_ADAPTER=1 sends everything under
// /api/ through the adapter (as before this path: the reference the tests
// compare it with, tests/comments-reads.test.ts and
// tests/comments-writes.test.ts, and a way back).
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { COMMENTS_HOST } from './src/lib/comments-host.ts';
import { SECURITY_HEADERS } from './src/lib/security-headers.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const liveDir = process.env.TILSHI_LIVE_DIR ? path.resolve(process.env.TILSHI_LIVE_DIR) : null;
const buildDir = liveDir ? path.join(liveDir, 'current') : path.resolve(here, process.env.TILSHI_OUT_DIR || 'dist');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.SITE_PORT || process.env.PORT || '4321');

if (!liveDir && !existsSync(path.join(buildDir, 'server', 'entry.mjs'))) {
  process.stderr.write(
    `[site] ${path.join(buildDir, 'server', 'entry.mjs')} is missing: build the site first (STRAPI_URL=… STRAPI_SITE_TOKEN=… pnpm --filter @tilshi/site build).\n`,
  );
  process.exit(1);
}

// We run the server; the bundle must not start its own.
process.env.ASTRO_NODE_AUTOSTART = 'disabled';

/** Loaded handlers by the real folder of their build (at most a few: the releases kept for rollback). */
const handlers = new Map();
const KEEP_HANDLERS = 6;

async function handlerOf(dir) {
  const real = await realpath(dir);
  let loading = handlers.get(real);
  if (!loading) {
    loading = import(pathToFileURL(path.join(real, 'server', 'entry.mjs')).href).then((module) => {
      if (typeof module.handler !== 'function')
        throw new Error(`${real}/server/entry.mjs exports no handler (is the adapter in standalone mode?)`);
      return module.handler;
    });
    handlers.set(real, loading);
    loading.catch(() => handlers.delete(real));
    if (handlers.size > KEEP_HANDLERS) handlers.delete(handlers.keys().next().value);
  }
  return loading;
}

/** This process's comments handler, once the route has made it (src/lib/comments-host.ts). */
const commentsHost = {};
globalThis[COMMENTS_HOST] = commentsHost;
const apiThroughAdapter = process.env.TILSHI_API_THROUGH_ADAPTER === '1';

/**
 * The URL the adapter gives the route for a request, when the request is
 * plain enough to answer here: a target the adapter does not refuse (it
 * answers 400 to one decodeURI rejects) and that needs no normalising (dot
 * segments, characters the URL parser escapes: the adapter's static-file
 * lookup might see those differently), with a Host header that parses with
 * it (the adapter drops the path otherwise). Null sends the request the
 * adapter's way.
 */
function plainUrl(req) {
  try {
    decodeURI(req.url);
  } catch {
    return null;
  }
  const url = URL.parse(`http://${typeof req.headers.host === 'string' ? req.headers.host : 'localhost'}${req.url}`);
  return url && `${url.pathname}${url.search}` === req.url ? url : null;
}

/** Content types of the forms a browser posts across sites without asking (Astro's origin check). */
const FORM_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Astro's origin check (astro/dist/core/app/origin-check.js,
 * `security.checkOrigin`), which runs in front of the route: a request that
 * is not GET, HEAD or OPTIONS is refused when its Origin is not the request
 * URL's own and it declares a form-like content type or none at all. The
 * direct path must refuse what the adapter refuses (tests/comments-writes.test.ts).
 */
function crossSiteForm(method, url, headers) {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return false;
  if (headers.get('origin') === url.origin) return false;
  const type = headers.get('content-type');
  if (type === null) return true;
  const lower = type.toLowerCase();
  return FORM_CONTENT_TYPES.some((form) => lower.includes(form));
}

/**
 * The request body as a web stream the function pulls from. When the function
 * stops reading (a body over its limit: it cancels the stream), the rest is
 * read and dropped rather than the connection torn down, as Node does for a
 * body nobody reads: the reader's client gets the 413 instead of a reset, and
 * an endless body holds no memory (Node's requestTimeout ends it).
 */
function bodyStream(req) {
  let settled = false;
  return new ReadableStream(
    {
      start(controller) {
        req.on('data', (chunk) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        // A reader who goes away mid-body ends the stream with an error (the function answers 400).
        req.once('error', (error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        });
        req.pause();
      },
      pull() {
        req.resume();
      },
      cancel() {
        settled = true;
        req.resume();
      },
    },
    { highWaterMark: 1 },
  );
}

/**
 * A request under /api/ answered by the function directly: the request as the
 * adapter builds it for the route (the function reads its method, path,
 * query, headers and body stream; the peer's address is the reader's) after
 * the origin check Astro would run, the answer as the adapter writes it
 * (Set-Cookie lines kept apart), in one write with its length.
 */
async function answerDirectly(handler, url, req, res) {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const item of [value ?? []].flat()) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  let response;
  if (crossSiteForm(method, url, headers)) {
    response = new Response(`Cross-site ${method} form submissions are forbidden`, { status: 403 });
  } else {
    const body = method === 'GET' ? undefined : { body: bodyStream(req), duplex: 'half' };
    const request = new Request(url, { method, headers, ...body });
    const address = req.socket.remoteAddress;
    response = await handler(request, address ? { clientAddress: address } : {});
  }
  const body = response.body ? Buffer.from(await response.arrayBuffer()) : undefined;
  const outgoing = Object.fromEntries(response.headers);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 1) outgoing['set-cookie'] = cookies;
  if (body) outgoing['content-length'] = String(body.byteLength);
  res.writeHead(response.status, outgoing);
  res.end(body);
}

/** The adapter's handler of the current build: its static files, the on-demand routes, its 404 page. */
function serveFromBuild(req, res) {
  handlerOf(buildDir).then(
    (handler) => handler(req, res),
    (error) => {
      process.stderr.write(`[site] cannot serve ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' });
      res.end(liveDir ? 'The site is being published for the first time; try again in a few seconds.\n' : 'The site is not built.\n');
    },
  );
}

/** Methods of the static files (pages, feeds, images, the search index). */
const STATIC_METHODS = ['GET', 'HEAD'];
/** Methods the comments function serves (its own 405 names those of each path). */
const API_METHODS = ['GET', 'POST', 'DELETE', 'OPTIONS'];
/** Methods the Fetch standard forbids in a Request: the adapter cannot hand them to the function (it answered 500). */
const UNREQUESTABLE_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
const API_PREFIX = '/api';

/**
 * What to do with a request: pass it to the adapter (possibly with a
 * rewritten URL), or answer it here. The path is read as the adapter
 * resolves it (dot segments, percent-encoded ones too, collapsed), so
 * `/api/../news/x/` is a page and `/news/../api/comments` the API.
 */
function requestPlan(method, target) {
  const url = targetUrl(target);
  if (!url) return { answer: { status: 400, text: 'Bad request: the request target is not a path.\n' } };
  // Absolute-form targets (`GET http://host/path`) are served as their path.
  const rawUrl = target.startsWith('/') ? target : `${url.pathname}${url.search}`;
  const api = url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`);
  if (api) {
    if (UNREQUESTABLE_METHODS.has(method)) return { answer: { status: 405, allow: API_METHODS, api: true } };
    // The function ignores a trailing slash; the adapter would answer 301 without it (trailingSlash: 'always').
    return { api: true, url: url.pathname.endsWith('/') ? rawUrl : `${url.pathname}/${url.search}` };
  }
  if (!STATIC_METHODS.includes(method)) return { answer: { status: 405, allow: STATIC_METHODS } };
  return { url: rawUrl };
}

/** The URL of a request target: a path (origin-form) or an absolute http(s) URL; null for anything else. */
function targetUrl(target) {
  try {
    if (target.startsWith('/')) return new URL(`http://site.invalid${target}`);
    const url = new URL(target);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

async function answerHere(res, answer) {
  const headers = { 'Cache-Control': 'no-store' };
  if (answer.allow) headers.Allow = answer.allow.join(', ');
  if (answer.api) {
    // The comments function's error envelope and message (comments/src/core/errors.ts), in the site's default language.
    const [{ errorMessage }, { DEFAULT_LOCALE }] = await Promise.all([import('@tilshi/comments'), import('@tilshi/shared-types')]);
    const body = JSON.stringify({
      error: { code: 'method_not_allowed', message: errorMessage('method_not_allowed', DEFAULT_LOCALE), status: answer.status },
    });
    res.writeHead(answer.status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Language': DEFAULT_LOCALE });
    res.end(body);
    return;
  }
  res.writeHead(answer.status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end(answer.text ?? `${http.STATUS_CODES[answer.status]}: this address answers ${headers.Allow ?? 'nothing'}.\n`);
}

/**
 * The security headers on every answer. An on-demand page brings its own
 * policy (Astro's, with its hashes): both policies are sent, and a
 * resource must pass both.
 */
function addSecurityHeaders(res) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  const writeHead = res.writeHead;
  res.writeHead = function writeHeadWithPolicies(status, ...rest) {
    const headers = rest.find((argument) => typeof argument === 'object' && argument !== null && !Array.isArray(argument));
    const policyName = headers && Object.keys(headers).find((name) => name.toLowerCase() === 'content-security-policy');
    if (policyName) headers[policyName] = [SECURITY_HEADERS['Content-Security-Policy'], ...[headers[policyName]].flat()];
    return writeHead.call(this, status, ...rest);
  };
}

function failed(req, res, error) {
  process.stderr.write(`[site] cannot serve ${req.method} ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('Internal server error.\n');
}

const server = http.createServer((req, res) => {
  addSecurityHeaders(res);
  const plan = requestPlan(req.method ?? 'GET', req.url ?? '/');
  if (plan.answer) {
    answerHere(res, plan.answer).catch((error) => failed(req, res, error));
    return;
  }
  req.url = plan.url;
  const directUrl = plan.api && req.method !== 'HEAD' && commentsHost.handler && !apiThroughAdapter ? plainUrl(req) : null;
  if (directUrl) {
    answerDirectly(commentsHost.handler, directUrl, req, res).catch((error) => failed(req, res, error));
    return;
  }
  serveFromBuild(req, res);
});

// CONNECT (a proxy tunnel) never reaches the request handler: Node would drop the connection unanswered.
server.on('connect', (req, socket) => {
  const head = [
    `HTTP/1.1 405 ${http.STATUS_CODES[405]}`,
    `Allow: ${STATIC_METHODS.join(', ')}`,
    ...Object.entries(SECURITY_HEADERS).map(([name, value]) => `${name}: ${value}`),
    'Content-Length: 0',
    'Connection: close',
  ];
  socket.on('error', () => {});
  socket.end(`${head.join('\r\n')}\r\n\r\n`);
});
// Idle keep-alive connections stay open longer than the idle timeouts of the proxies
// usually put in front (60 s): a proxy, or a client, sending on a connection the server
// is closing at that moment gets a reset instead of an answer (Node's default is 5 s).
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => {
  process.stdout.write(`[site] serving ${liveDir ? `${buildDir} (live tree)` : buildDir} on http://${host}:${port}/\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
