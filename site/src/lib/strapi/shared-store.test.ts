import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { announceStore, waitForStore } from './shared-store.ts';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-shared-store-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('one content sync shared by the partitions of a full build', () => {
  it('lets a partition go on once the lead announces its store, and not before', async () => {
    const ready = path.join(dir, 'ready-1');
    const store = path.join(dir, 'lead', 'data-store.json');
    let settled = false;
    const waiting = waitForStore(ready, store, { pollMs: 5 }).then((announced) => {
      settled = true;
      return announced;
    });
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(settled).toBe(false);
    const before = Date.now();
    await announceStore(ready, store);
    const announced = await waiting;
    expect(announced.store).toBe(store);
    expect(announced.at).toBeGreaterThanOrEqual(before);
    // Written under another name and renamed: nothing half-written is left beside it.
    expect((await readdir(dir)).filter((name) => name.startsWith('ready-1'))).toEqual(['ready-1']);
  });

  it('refuses an announcement of another store than the one the partition reads', async () => {
    const ready = path.join(dir, 'ready-2');
    await announceStore(ready, path.join(dir, 'other-lead', 'data-store.json'));
    await expect(waitForStore(ready, path.join(dir, 'lead', 'data-store.json'), { pollMs: 5 })).rejects.toThrow(
      `it announces ${path.join(dir, 'other-lead', 'data-store.json')}, but this build reads ${path.join(dir, 'lead', 'data-store.json')} (TILSHI_STORE_FROM)`,
    );
  });

  it('refuses a ready file that is not an announcement, naming it', async () => {
    const ready = path.join(dir, 'ready-3');
    await writeFile(ready, '{"store":');
    await expect(waitForStore(ready, 'x', { pollMs: 5 })).rejects.toThrow(`(TILSHI_STORE_READY=${ready}): the ready file is not JSON`);
    await writeFile(ready, JSON.stringify({ store: 'x' }));
    await expect(waitForStore(ready, 'x', { pollMs: 5 })).rejects.toThrow('the ready file is not an announcement');
  });

  it('gives up on a lead that never announces, saying how long it waited', async () => {
    await expect(waitForStore(path.join(dir, 'never'), 'x', { pollMs: 5, waitMs: 40 })).rejects.toThrow(
      `(TILSHI_STORE_READY=${path.join(dir, 'never')}): no announcement after 0 s`,
    );
  });
});
