/**
 * The site's side of one content sync shared by the partitions of a full build (`SharedStore` in the
 * build contract, @tilshi/shared-types): the lead partition announces its store once Astro has written it
 * (../../integrations/content-store.ts, at astro:build:start), and the loaders of the other partitions
 * wait for that announcement instead of reading the CMS (./loader.ts); their pages read the lead's store
 * file (the same integration points the prerender bundle at it).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { storeReadySchema, type StoreReady } from '@tilshi/shared-types';

/** How often a waiting partition looks for the ready file. */
const POLL_MS = 50;
/** How long a partition waits for its lead: a 100,000-article sync takes minutes, not an hour. */
const WAIT_MS = 60 * 60_000;

/** The lead partition's store is not there for a partition that reads it. */
export class SharedStoreError extends Error {
  constructor(ready: string, detail: string) {
    super(`the lead partition's content store (TILSHI_STORE_READY=${ready}): ${detail}`);
    this.name = 'SharedStoreError';
  }
}

/** The lead: says that `store` is complete. Written under another name first, so a waiting partition never reads half of it. */
export async function announceStore(ready: string, store: string): Promise<void> {
  const temporary = `${ready}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ store, at: Date.now() } satisfies StoreReady)}\n`);
  await rename(temporary, ready);
}

/**
 * Another partition: waits for the lead's announcement and checks that it names `store`, the file this
 * partition's pages read (a partition started against another lead fails here, before it renders).
 */
export async function waitForStore(ready: string, store: string, options: { pollMs?: number; waitMs?: number } = {}): Promise<StoreReady> {
  const { pollMs = POLL_MS, waitMs = WAIT_MS } = options;
  const until = Date.now() + waitMs;
  for (;;) {
    const text = await readFile(ready, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw new SharedStoreError(ready, `the ready file cannot be read (${error.message})`);
    });
    if (text !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new SharedStoreError(ready, 'the ready file is not JSON');
      }
      const announced = storeReadySchema.safeParse(parsed);
      if (!announced.success)
        throw new SharedStoreError(ready, `the ready file is not an announcement (${announced.error.issues[0]?.message})`);
      if (announced.data.store !== store)
        throw new SharedStoreError(ready, `it announces ${announced.data.store}, but this build reads ${store} (TILSHI_STORE_FROM)`);
      return announced.data;
    }
    if (Date.now() >= until) throw new SharedStoreError(ready, `no announcement after ${Math.round(waitMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

const KEY = Symbol.for('tilshi.shared-store');
const shared = globalThis as typeof globalThis & { [KEY]?: { ready: string; waiting: Promise<StoreReady> } };

/** `waitForStore` once per build, whichever loader asks first (the loaders run at once). */
export function sharedStoreReady(ready: string, store: string): Promise<StoreReady> {
  if (shared[KEY]?.ready !== ready) shared[KEY] = { ready, waiting: waitForStore(ready, store) };
  return shared[KEY].waiting;
}
