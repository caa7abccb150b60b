// Serves the built site with the Node adapter's standalone server: every
// prerendered page from dist/client, plus the on-demand routes later issues
// add. Listens on 127.0.0.1:SITE_PORT (default 4321). Build first (`astro build`).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const outDir = path.resolve(here, process.env.TILSHI_OUT_DIR || 'dist');
const entry = path.join(outDir, 'server', 'entry.mjs');
if (!existsSync(entry)) {
  process.stderr.write(`[site] ${entry} is missing: build the site first (STRAPI_URL=… STRAPI_SITE_TOKEN=… pnpm --filter @tilshi/site build).\n`);
  process.exit(1);
}
process.env.HOST ||= '127.0.0.1';
process.env.PORT = process.env.SITE_PORT || process.env.PORT || '4321';
await import(pathToFileURL(entry).href);
