/**
 * A primed build syncs its content after its Vite bundle (../lib/strapi/deferred-sync.ts says why and
 * how). This integration adds the Vite `buildApp` hook where that sync runs: ordered `post`, it runs after
 * Vite's builder has built every environment (the prerender, server and client bundles), and, not
 * enforced, before Astro's own `post` hook (`astro:build-generate`, enforced `post`), which renders the
 * pages. It runs Astro's content layer sync again through the content layer Astro's build set up
 * (`globalContentLayer`, internal to Astro 7.3: the sync job the CLI's `astro sync` runs, with the same
 * loaders, store and writer). After it, the bundle's phase mark moves to the end of the sync, so the
 * build result says a primed build spent its time on the sync, not on a bundle done before it was asked for.
 */
import type { AstroIntegration, AstroIntegrationLogger } from 'astro';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Plugin } from 'vite';
import { remarkPhase } from '../lib/build-result.ts';
import { resetDeferredSync, runDeferredSync } from '../lib/strapi/deferred-sync.ts';

type ContentLayer = { sync(): Promise<void> };

/** Astro's running content layer (astro/dist/content/instance.js: the module instance Astro's build uses). */
export function astroContentLayer(): ContentLayer {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist', 'content', 'instance.js');
  const instance = require(file) as { globalContentLayer?: { get(): ContentLayer | null } };
  const layer = instance.globalContentLayer?.get();
  if (!layer || typeof layer.sync !== 'function')
    throw new Error(`tilshi: Astro's content layer (${file}) is not running: a primed build cannot sync its content after the bundle`);
  return layer;
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
