/**
 * The warm builder: a long-lived child process that has Astro loaded and runs
 * one `astro build` after another through Astro's programmatic `build()` —
 * the same build the CLI runs, without paying Node's and Astro's start-up
 * (about half of a small scoped build) every time. Started by builder.ts
 * with `fork()`. Messages:
 *
 * - `{ type: 'build', id, env }`: build now; answered `{ type: 'done', id, ok, error?, rssBytes }`;
 * - `{ type: 'prime', id, env }`: start a build whose content sync waits at the build gate
 *   (`passBuildGate` of the build contract): Astro's start-up and the Vite bundle run now, the
 *   content sync and the rendering when `{ type: 'go', id }` comes; answered with `done` as a build;
 * - `{ type: 'go', id }` for anything but the primed build: answered `done` with `ok: false` for that id.
 *
 * Astro's log goes to stdout.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { setBuildGate } from '@tilshi/shared-types';
import { z } from 'zod';

const siteDir = process.env.TILSHI_SITE_DIR;
if (!siteDir || !process.send) {
  process.stderr.write('build-worker: start me with fork() and TILSHI_SITE_DIR\n');
  process.exit(2);
}

/** Variables to set for a build; `null` removes one. */
const buildEnv = z.record(z.string(), z.string().nullable());
const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('build'), id: z.string(), env: buildEnv }),
  z.object({ type: z.literal('prime'), id: z.string(), env: buildEnv }),
  z.object({ type: z.literal('go'), id: z.string() }),
]);

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
/** The primed build waiting at its gate, and how to open it. */
let parked: { id: string; open: () => void } | null = null;

process.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    send({ type: 'error', error: `bad request: ${z.prettifyError(parsed.error)}` });
    return;
  }
  const request = parsed.data;
  if (request.type === 'go') {
    if (parked?.id === request.id) {
      process.stdout.write(`\n[build-worker] build ${request.id} asked for\n`);
      parked.open();
      parked = null;
    } else {
      send({ type: 'done', id: request.id, ok: false, error: `no build primed as ${request.id}`, rssBytes: process.memoryUsage().rss });
    }
    return;
  }
  if (busy) {
    send({ type: 'done', id: request.id, ok: false, error: 'the worker is already building', rssBytes: process.memoryUsage().rss });
    return;
  }
  busy = true;
  const { id, env } = request;
  for (const [name, value] of Object.entries(env)) {
    if (value === null) delete process.env[name];
    else process.env[name] = value;
  }
  if (request.type === 'prime') {
    setBuildGate(new Promise<void>((open) => (parked = { id, open })));
    process.stdout.write(`\n[build-worker] build ${id} primed\n`);
  } else {
    setBuildGate(undefined);
    process.stdout.write(`\n[build-worker] build ${id} starting\n`);
  }
  const finish = (message: Record<string, unknown>) => {
    busy = false;
    parked = null;
    setBuildGate(undefined);
    send({ ...message, type: 'done', id, rssBytes: process.memoryUsage().rss });
  };
  build({ root: siteDir, logLevel: 'info' }).then(
    () => finish({ ok: true }),
    (error: unknown) => finish({ ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }),
  );
});

// The service went away: so does its worker.
process.on('disconnect', () => process.exit(0));

send({ type: 'ready' });
