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
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const liveDir = process.env.TILSHI_LIVE_DIR ? path.resolve(process.env.TILSHI_LIVE_DIR) : null;
const buildDir = liveDir ? path.join(liveDir, 'current') : path.resolve(here, process.env.TILSHI_OUT_DIR || 'dist');
const host = process.env.HOST || '127.0.0.1';
const port = Number(process.env.SITE_PORT || process.env.PORT || '4321');

if (!liveDir && !existsSync(path.join(buildDir, 'server', 'entry.mjs'))) {
  process.stderr.write(`[site] ${path.join(buildDir, 'server', 'entry.mjs')} is missing: build the site first (STRAPI_URL=… STRAPI_SITE_TOKEN=… pnpm --filter @tilshi/site build).\n`);
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
      if (typeof module.handler !== 'function') throw new Error(`${real}/server/entry.mjs exports no handler (is the adapter in standalone mode?)`);
      return module.handler;
    });
    handlers.set(real, loading);
    loading.catch(() => handlers.delete(real));
    if (handlers.size > KEEP_HANDLERS) handlers.delete(handlers.keys().next().value);
  }
  return loading;
}

const server = http.createServer((req, res) => {
  handlerOf(buildDir).then(
    (handler) => handler(req, res),
    (error) => {
      process.stderr.write(`[site] cannot serve ${req.url}: ${error instanceof Error ? error.message : String(error)}\n`);
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '5' });
      res.end(liveDir ? 'The site is being published for the first time; try again in a few seconds.\n' : 'The site is not built.\n');
    },
  );
});
server.listen(port, host, () => {
  process.stdout.write(`[site] serving ${liveDir ? `${buildDir} (live tree)` : buildDir} on http://${host}:${port}/\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
