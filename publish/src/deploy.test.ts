import { mkdir, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deploy, diffTrees, readTreeState, scanTree } from './deploy.ts';

let root: string;
let source: string;
let host: string;
const lines: string[] = [];

async function put(relative: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(source, relative)), { recursive: true });
  await writeFile(path.join(source, relative), text);
}

const run = (extra: { to?: string; command?: string } = { to: host }) =>
  deploy({
    source,
    stateFile: path.join(root, 'state.json'),
    listsDir: path.join(root, 'lists'),
    log: (line) => lines.push(line),
    ...extra,
  });

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tilshi-deploy-'));
  source = path.join(root, 'client');
  host = path.join(root, 'host');
  await put('index.html', '<p>home</p>');
  await put('news/old/index.html', 'old');
  await put('_astro/photo.webp', 'image');
  await put('sitemap-index.xml', '<x/>');
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('deploying only what changed', () => {
  it('sends everything the first time, then only new, changed and deleted files, images first and listings last', async () => {
    const first = await run();
    expect(first.changed).toEqual(['_astro/photo.webp', 'news/old/index.html', 'index.html', 'sitemap-index.xml']);
    expect(await readFile(path.join(host, 'news/old/index.html'), 'utf8')).toBe('old');

    await put('news/new/index.html', 'new');
    await put('index.html', '<p>home, with the new article</p>');
    await rm(path.join(source, 'news/old'), { recursive: true });
    const untouched = (await stat(path.join(host, 'sitemap-index.xml'))).mtimeMs;
    const second = await run();
    expect(second).toEqual({ changed: ['news/new/index.html', 'index.html'], deleted: ['news/old/index.html'] });
    expect(await readFile(path.join(host, 'index.html'), 'utf8')).toContain('new article');
    await expect(stat(path.join(host, 'news/old'))).rejects.toThrow(/ENOENT/);
    expect((await stat(path.join(host, 'sitemap-index.xml'))).mtimeMs).toBe(untouched);
    expect(await readFile(path.join(root, 'lists', 'files.txt'), 'utf8')).toBe('news/new/index.html\nindex.html\nnews/old/index.html\n');
  });

  it('sends nothing for a file rewritten with the same content (a rebuilt page that did not change)', async () => {
    await run();
    await put('index.html', '<p>home</p>');
    await utimes(path.join(source, 'index.html'), new Date(), new Date(Date.now() + 5_000));
    expect(await run()).toEqual({ changed: [], deleted: [] });
  });

  it('keeps the old state when the upload command fails, so the next run sends the same files again', async () => {
    await run();
    await put('news/new/index.html', 'new');
    await expect(run({ command: 'exit 3' })).rejects.toThrow(/deploy command failed \(exit 3\)/);
    const retried = await run({ command: 'test -s "$TILSHI_DEPLOY_CHANGED" && grep -qx news/new/index.html "$TILSHI_DEPLOY_FILES"' });
    expect(retried.changed).toEqual(['news/new/index.html']);
    expect((await run({ command: 'true' })).changed).toEqual([]);
  });

  it('refuses a tampered state file naming a file outside the host’s folder, and deletes nothing', async () => {
    await run();
    const outside = path.join(root, 'outside.html');
    await writeFile(outside, 'not the site');
    const state = JSON.parse(await readFile(path.join(root, 'state.json'), 'utf8')) as { files: Record<string, unknown> };
    for (const forged of ['../outside.html', '/etc/hostname', 'news/../../outside.html']) {
      await writeFile(
        path.join(root, 'state.json'),
        JSON.stringify({ ...state, files: { ...state.files, [forged]: state.files['index.html'] } }),
      );
      await expect(run(), forged).rejects.toThrow(/state\.json is not a deployed-tree state \(a path outside the deployed tree: "/);
    }
    expect(await readFile(outside, 'utf8')).toBe('not the site');
  });

  it('hashes only files whose size or mtime changed, and names a broken state file', async () => {
    const before = await scanTree(source, { version: 1, files: {} });
    const forged = {
      version: 1 as const,
      files: { ...before.files, 'index.html': { ...before.files['index.html']!, sha256: 'f'.repeat(64) } },
    };
    // Same size and mtime: the recorded hash is trusted (not re-read), so the forged one survives the scan.
    expect((await scanTree(source, forged)).files['index.html']?.sha256).toBe('f'.repeat(64));
    expect(diffTrees(before, before)).toEqual({ changed: [], deleted: [] });
    await writeFile(path.join(root, 'state.json'), '{"version":2}');
    await expect(readTreeState(path.join(root, 'state.json'))).rejects.toThrow(/state\.json is not a deployed-tree state.*delete it/);
  });
});
