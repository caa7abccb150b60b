/**
 * The warm builder: a long-lived child process that has Astro loaded and runs
 * one `astro build` after another through Astro's programmatic `build()` —
 * the same build the CLI runs, without paying Node's and Astro's start-up
 * (about half of a small scoped build) every time. Started by builder.ts
 * with `fork()`; receives `{ type: 'build', id, env }` and answers
 * `{ type: 'done', id, ok, error?, rssBytes }`. Astro's log goes to stdout.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

const siteDir = process.env.TILSHI_SITE_DIR;
if (!siteDir || !process.send) {
  process.stderr.write('build-worker: start me with fork() and TILSHI_SITE_DIR\n');
  process.exit(2);
}

const requestSchema = z.object({
  type: z.literal('build'),
  id: z.string(),
  /** Variables to set for this build; `null` removes one. */
  env: z.record(z.string(), z.string().nullable()),
});

const astroEntry = createRequire(path.join(siteDir, 'package.json')).resolve('astro');
type AstroBuild = (config: { root: string; logLevel: 'info' }) => Promise<void>;
const astro: { build?: unknown } = await import(pathToFileURL(astroEntry).href);
if (typeof astro.build !== 'function') {
  process.stderr.write(`build-worker: ${astroEntry} exports no build()\n`);
  process.exit(2);
}
const build = astro.build as AstroBuild;

const send = (message: Record<string, unknown>) => process.send?.(message);

let busy = false;
process.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'error', error: `bad request: ${z.prettifyError(parsed.error)}` });
    return;
  }
  if (busy) {
    send({ type: 'done', id: parsed.data.id, ok: false, error: 'the worker is already building', rssBytes: process.memoryUsage().rss });
    return;
  }
  busy = true;
  const { id, env } = parsed.data;
  for (const [name, value] of Object.entries(env)) {
    if (value === null) delete process.env[name];
    else process.env[name] = value;
  }
  process.stdout.write(`\n[build-worker] build ${id} starting\n`);
  build({ root: siteDir, logLevel: 'info' }).then(
    () => {
      busy = false;
      send({ type: 'done', id, ok: true, rssBytes: process.memoryUsage().rss });
    },
    (error: unknown) => {
      busy = false;
      const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      send({ type: 'done', id, ok: false, error: detail, rssBytes: process.memoryUsage().rss });
    },
  );
});

// The service went away: so does its worker.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready' });
