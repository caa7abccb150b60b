/**
 * Keeps the content store out of the build's bundles.
 *
 * Astro 7 inlines the whole content store (`data-store.json` in cacheDir) into
 * the server bundles as one JavaScript string literal (`astro:data-layer-content`:
 * `export default JSON.parse("…")`), twice: in the prerender bundle that renders
 * the static pages and in the server bundle of the on-demand routes. At 10,000
 * articles that is a 43 MB module bundled twice per build; at 100,000 about ten
 * times as much, close to V8's largest string (2^29 − 24 characters), and the
 * server bundle deployed with the site carries it although no on-demand route
 * reads it.
 *
 * Here, in `astro build` only:
 * - the prerender bundle reads the store file when the pages are rendered, in
 *   the same build process on the same machine (Astro deletes that bundle after
 *   rendering), so the pages get the very data Astro would have inlined;
 * - the on-demand routes' bundle gets a store that refuses to be read: this
 *   site's on-demand routes (the comments API, the draft preview) fetch from
 *   Strapi and never read collections. A route that starts reading one fails
 *   with this module's message instead of rendering from an empty or stale store.
 *
 * `astro dev` and a chunked store (`experimental.collectionStorage`) are left to
 * Astro. The hook runs before Astro's own loader of the module (hook order `pre`).
 */
import type { AstroIntegration } from 'astro';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { CONTENT_STORE_FILE } from '@tilshi/shared-types';
import { announceStore } from '../lib/strapi/shared-store.ts';

/** Astro's id of the resolved store module (`RESOLVED_DATA_STORE_VIRTUAL_ID` in astro/dist/content/consts.js). */
export const STORE_MODULE_ID = '\0astro:data-layer-content';
/** The file Astro writes the store to in a build (the build contract's CONTENT_STORE_FILE). */
export const STORE_FILE = CONTENT_STORE_FILE;

export const ON_DEMAND_MESSAGE =
  'tilshi: the on-demand routes are built without the content store (site/src/integrations/content-store.ts): ' +
  'read from Strapi there, or drop that integration to inline the whole store into the server bundle';

/**
 * The prerender environment's module: the store file, read when the pages render. A build's own store
 * may be missing (no collection loaded anything: an empty map, as Astro's); another build's store must be there.
 */
export function prerenderStoreModule(storeFile: string, own = true): string {
  if (!existsSync(storeFile)) {
    if (own) return 'export default new Map();';
    throw new Error(`tilshi: the content store ${storeFile} (TILSHI_STORE_FROM) does not exist: the lead partition has not written it`);
  }
  const file = JSON.stringify(storeFile);
  return [
    "import { readFileSync } from 'node:fs';",
    'let store;',
    `try { store = JSON.parse(readFileSync(${file}, 'utf8')); }`,
    `catch (error) { throw new Error(\`the content store \${${file}} cannot be read: \${error.message}\`, { cause: error }); }`,
    'export default store;',
  ].join('\n');
}

/** The on-demand routes' module: a collections map that throws on every read. */
export function onDemandStoreModule(): string {
  return [
    `const message = ${JSON.stringify(ON_DEMAND_MESSAGE)};`,
    'class NoStore extends Map {',
    '  get() { throw new Error(message); }',
    '  has() { throw new Error(message); }',
    '  entries() { throw new Error(message); }',
    '  keys() { throw new Error(message); }',
    '  values() { throw new Error(message); }',
    '  forEach() { throw new Error(message); }',
    '}',
    'export default new NoStore();',
  ].join('\n');
}

export function contentStorePlugin(storeFile: string, own = true): Plugin {
  return {
    name: 'tilshi-content-store',
    apply: 'build',
    load: {
      order: 'pre',
      handler(id) {
        if (id !== STORE_MODULE_ID) return null;
        const code = this.environment.name === 'prerender' ? prerenderStoreModule(storeFile, own) : onDemandStoreModule();
        return { code, map: { mappings: '' } };
      },
    },
  };
}

/**
 * `from`: the store file this build's pages read instead of its own (a partition of a full build reading
 * the lead partition's store); `ready`: where the lead announces that its store is written (both: the
 * build contract's `SharedStore`, ../lib/strapi/shared-store.ts). Astro writes the store at the end of its
 * content sync, before astro:build:start.
 */
export function contentStoreIntegration(options: { ready?: string; from?: string } = {}): AstroIntegration {
  let ownStore: string | undefined;
  return {
    name: 'tilshi-content-store',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig, logger }) => {
        if (command !== 'build') return;
        const storage = config.experimental.collectionStorage;
        if (storage !== undefined && storage !== 'single-file') {
          logger.warn('a chunked content store is bundled by Astro as it is');
          return;
        }
        ownStore = fileURLToPath(new URL(STORE_FILE, config.cacheDir));
        updateConfig({ vite: { plugins: [contentStorePlugin(options.from ?? ownStore, !options.from)] } });
      },
      'astro:build:start': async ({ logger }) => {
        if (!options.ready || options.from || !ownStore) return;
        await announceStore(options.ready, ownStore);
        logger.info(`content store announced to the other partitions (${options.ready})`);
      },
    },
  };
}
