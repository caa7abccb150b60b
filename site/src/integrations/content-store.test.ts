import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentStorePlugin, ON_DEMAND_MESSAGE, onDemandStoreModule, prerenderStoreModule, STORE_MODULE_ID } from './content-store.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-content-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let written = 0;
/** Imports generated module code the way the bundle would run it. */
async function importModule(code: string): Promise<{ default: unknown }> {
  written += 1;
  const file = path.join(dir, `module-${written}.mjs`);
  await writeFile(file, code);
  return (await import(pathToFileURL(file).href)) as { default: unknown };
}

type LoadHandler = (this: { environment: { name: string } }, id: string) => { code: string } | null;

function loadIn(environment: string, storeFile: string, id: string, own = true): { code: string } | null {
  const { load } = contentStorePlugin(storeFile, own);
  if (!load || typeof load !== 'object' || !('handler' in load)) throw new Error('the plugin has no load handler');
  expect(load.order).toBe('pre');
  return (load.handler as unknown as LoadHandler).call({ environment: { name: environment } }, id);
}

describe('the content store outside the bundles', () => {
  it('gives the prerender bundle the store file as it is when the pages render, not when the bundle was made', async () => {
    const storeFile = path.join(dir, 'data-store.json');
    await writeFile(storeFile, JSON.stringify([['Map', 1, 2], 'articles', ['Map']]));
    const code = prerenderStoreModule(storeFile);
    expect(code).not.toContain('articles');
    // Written after the module was generated: the module reads the file when it runs.
    const store = [['Map', 1, 2], 'articles', ['Map', 3, 4], 'ru:abc', { title: 5 }, 'Ақтауда жаңа мектеп ашылды'];
    await writeFile(storeFile, JSON.stringify(store));
    expect((await importModule(code)).default).toEqual(store);
  });

  it('gives the prerender bundle an empty store when the build synced none, as Astro does', async () => {
    const { default: store } = await importModule(prerenderStoreModule(path.join(dir, 'missing', 'data-store.json')));
    expect(store).toBeInstanceOf(Map);
    expect((store as Map<string, unknown>).size).toBe(0);
  });

  it('fails the bundle of a partition whose lead never wrote the store it reads, naming the file', () => {
    const leadStore = path.join(dir, 'lead', 'data-store.json');
    expect(() => prerenderStoreModule(leadStore, false)).toThrow(`the content store ${leadStore} (TILSHI_STORE_FROM) does not exist`);
    expect(() => loadIn('prerender', leadStore, STORE_MODULE_ID, false)).toThrow('the lead partition has not written it');
  });

  it('fails the build of a page when the store file is not JSON, naming the file', async () => {
    const storeFile = path.join(dir, 'broken-store.json');
    await writeFile(storeFile, '[["Map"');
    await expect(importModule(prerenderStoreModule(storeFile))).rejects.toThrow(`the content store ${storeFile} cannot be read:`);
  });

  it('gives the on-demand routes a store that refuses every read with a message saying why', async () => {
    const { default: store } = await importModule(onDemandStoreModule());
    expect(store).toBeInstanceOf(Map);
    const map = store as Map<string, unknown>;
    expect(() => map.get('articles')).toThrow(ON_DEMAND_MESSAGE);
    expect(() => map.has('articles')).toThrow(ON_DEMAND_MESSAGE);
    expect(() => [...map.values()]).toThrow(ON_DEMAND_MESSAGE);
    expect(() => [...map.keys()]).toThrow(ON_DEMAND_MESSAGE);
    expect(() => [...map.entries()]).toThrow(ON_DEMAND_MESSAGE);
  });

  it('answers only for the store module, per Vite environment, and only in builds', async () => {
    const storeFile = path.join(dir, 'data-store.json');
    expect(contentStorePlugin(storeFile).apply).toBe('build');
    expect(loadIn('prerender', storeFile, 'astro:content')).toBeNull();
    expect(loadIn('prerender', storeFile, `${STORE_MODULE_ID}-chunk:x`)).toBeNull();
    expect(loadIn('prerender', storeFile, STORE_MODULE_ID)?.code).toContain(JSON.stringify(storeFile));
    for (const environment of ['ssr', 'client']) {
      const code = loadIn(environment, storeFile, STORE_MODULE_ID)?.code ?? '';
      expect(code).not.toContain(storeFile);
      expect(code).toContain('new NoStore()');
    }
  });
});
