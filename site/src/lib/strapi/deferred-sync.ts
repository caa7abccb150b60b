/**
 * The content sync of a primed build, moved after its Vite bundle.
 *
 * A primed build (the publish service's warm worker: `buildIsPrimed` in the build contract) starts right
 * after the previous build and waits at its gate until a publish asks for it. Astro 7 runs a build as
 * start-up, content sync, Vite bundle, rendering, and the bundle (0.7–1.1 s of a publish) reads no content:
 * the pages read the store file when they render (../../integrations/content-store.ts). So a primed build
 * bundles before it waits, not after:
 *
 * 1. during Astro's content sync the loaders only note that they were asked (`deferLoad`) and leave the
 *    store as it is;
 * 2. the Vite bundle runs;
 * 3. before any page renders (a Vite `buildApp` hook, ../../integrations/primed-sync.ts), the build waits at
 *    its gate, then runs Astro's content sync again (`runDeferredSync`): the loaders now read the scope and
 *    the CMS as they are when the build was asked for, and the store is written before a page reads it.
 *
 * A build without a gate (the CLI, a full build, a warm build asked for at once) syncs in place.
 * Kept on globalThis: the loaders run in the content layer's module graph, the integration in the config's.
 */
import { buildIsPrimed, passBuildGate } from '@tilshi/shared-types';

const KEY = Symbol.for('tilshi.deferred-sync');
/** `deferred`: a loader left the store alone for later; `syncing`: that later sync runs now. */
type State = 'deferred' | 'syncing';
const shared = globalThis as typeof globalThis & { [KEY]?: State };

/** A build starts (astro:config:setup): nothing is deferred. */
export function resetDeferredSync(): void {
  shared[KEY] = undefined;
}

/** Asked by each loader first: true when it must leave the store alone now (a primed build, before its bundle). */
export function deferLoad(): boolean {
  if (!buildIsPrimed() || shared[KEY] === 'syncing') return false;
  shared[KEY] = 'deferred';
  return true;
}

/**
 * If a loader deferred: says so (`waiting`), waits at the build gate, then runs `sync` (Astro's content
 * sync, which calls the loaders again, in place this time). Returns whether it ran. A failed sync fails
 * the build, as in place.
 */
export async function runDeferredSync(waiting: () => void, sync: () => Promise<void>): Promise<boolean> {
  if (shared[KEY] !== 'deferred') return false;
  shared[KEY] = 'syncing';
  try {
    waiting();
    await passBuildGate();
    await sync();
  } finally {
    shared[KEY] = undefined;
  }
  return true;
}
