/**
 * site/patches/astro@7.3.5.patch: Astro's content store, asked to finish saving
 * (`waitUntilSaveComplete`, what every content sync awaits), writes its pending
 * asset and module imports at once instead of waiting out their debounce timers
 * — which a `delete()` arms, and which held every primed scoped build ~0.4 s.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

type Store = {
  set(collection: string, key: string, value: unknown): void;
  delete(collection: string, key: string): void;
  writeAssetImports(file: URL): Promise<void>;
  writeModuleImports(file: URL): Promise<void>;
  waitUntilSaveComplete(): Promise<void>;
};

async function emptyStore(): Promise<Store> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist', 'content', 'mutable-data-store.js');
  const { MutableDataStore } = (await import(pathToFileURL(file).href)) as {
    MutableDataStore: { fromMap(map: Map<string, Map<string, unknown>>): Promise<Store> };
  };
  return MutableDataStore.fromMap(new Map());
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-astro-store-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('Astro’s content store, patched', () => {
  it('finishes saving after a delete without waiting for its debounce timers, and writes the imports files', async () => {
    const store = await emptyStore();
    const assets = pathToFileURL(path.join(dir, 'content-assets.mjs'));
    const modules = pathToFileURL(path.join(dir, 'content-modules.mjs'));
    // What a content sync does: the files are known from an earlier sync, then a loader removes an entry.
    await store.writeAssetImports(assets);
    await store.writeModuleImports(modules);
    store.set('articles', 'ru:a', { id: 'ru:a', data: {}, digest: '1' });
    // Timers never fire on their own now (file I/O and setImmediate still run): a save that waits for one never ends.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    store.delete('articles', 'ru:a');
    let finished = false;
    void store.waitUntilSaveComplete().then(() => (finished = true));
    const deadline = Date.now() + 2_000;
    while (!finished && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
    expect(finished).toBe(true);
    expect(vi.getTimerCount()).toBe(0); // no debounced write left to run later
    expect(await readFile(assets, 'utf8')).toMatch(/export default new Map\(/);
    expect(await readFile(modules, 'utf8')).toMatch(/export default new Map\(/);
  });
});
