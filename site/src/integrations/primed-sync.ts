/**
 * A primed build syncs its content after its Vite bundle (../lib/strapi/deferred-sync.ts says why and
 * how). This integration adds the Vite `buildApp` hook where that sync runs: ordered `post`, it runs after
 * Vite's builder has built every environment (the prerender, server and client bundles), and, not
 * enforced, before Astro's own `post` hook (`astro:build-generate`, enforced `post`), which renders the
 * pages. It runs Astro's content layer sync again through the content layer Astro's build set up
 * (`globalContentLayer`, internal to Astro 7.3: the sync job the CLI's `astro sync` runs, with the same
 * loaders, store and writer). After it, the bundle's phase mark moves to the end of the sync, so the
 * build result says a primed build spent its time on the sync, not on a bundle done before it was asked for.
 * Then, in every build, the content layer is let go (`releaseContentLayer`).
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { remarkPhase } from '../lib/build-result.ts';
import { resetDeferredSync, runDeferredSync } from '../lib/strapi/deferred-sync.ts';

type ContentLayer = { sync(): Promise<void> };
type ContentLayerSingleton = { get(): ContentLayer | null; dispose(): void };

/** Astro's holder of the running content layer (astro/dist/content/instance.js: the module instance Astro's build uses). */
function contentLayerSingleton(): { file: string; singleton: ContentLayerSingleton | undefined } {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist', 'content', 'instance.js');
  return { file, singleton: (require(file) as { globalContentLayer?: ContentLayerSingleton }).globalContentLayer };
}

/** Astro's running content layer. */
export function astroContentLayer(): ContentLayer {
  const { file, singleton } = contentLayerSingleton();
  const layer = singleton?.get();
  if (!layer || typeof layer.sync !== 'function')
    throw new Error(`tilshi: Astro's content layer (${file}) is not running: a primed build cannot sync its content after the bundle`);
  return layer;
}

/**
 * Lets go of Astro's content layer once the content is synced and saved, before the pages render. Astro's
 * build keeps it (and so its store of every entry) until the process ends, although no page reads it:
 * the pages read the saved store file (./content-store.ts), which holds the same entries a second time.
 * Less for the garbage collector to walk: rendering ~3 s shorter at 10,000 articles (site/README.md); the
 * build's peak memory is not lowered by it (that was the store's save). Only Astro's dev server
 * uses the layer again (to refresh content); a next build in the same process (the warm worker) makes
 * a new one.
 */
export function releaseContentLayer(): void {
  contentLayerSingleton().singleton?.dispose();
}

/** Said when a primed build has bundled the site and waits to be asked for (the publish service's tests look for it). */
export const WAITING_MESSAGE = 'bundled; the content sync waits until the build is asked for';

export function primedSyncPlugin(logger: AstroIntegrationLogger): Plugin {
  return {
    name: 'tilshi-primed-sync',
    apply: 'build',
    buildApp: {
      order: 'post',
      async handler() {
        const ran = await runDeferredSync(
          () => logger.info(WAITING_MESSAGE),
          () => astroContentLayer().sync(),
        );
        if (ran) remarkPhase('bundle');
        releaseContentLayer();
      },
    },
  };
}

export function primedSyncIntegration(): AstroIntegration {
  return {
    name: 'tilshi-primed-sync',
    hooks: {
      'astro:config:setup': ({ command, updateConfig, logger }) => {
        resetDeferredSync();
        if (command === 'build') updateConfig({ vite: { plugins: [primedSyncPlugin(logger)] } });
      },
    },
  };
}
