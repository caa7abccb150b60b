import { mkdir, mkdtemp, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { linkTree, listFiles, LiveTree, moveTreeInto, removeFileAndEmptyParents, stageOf, writeFileAtomic } from './live.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tilshi-live-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function release(tree: LiveTree, id: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(tree.releaseDir(id), 'client', file)), { recursive: true });
    await writeFile(path.join(tree.releaseDir(id), 'client', file), text);
  }
}

describe('writing a live file', () => {
  it('replaces it through a temporary file and a rename, leaving no temporary file behind', async () => {
    const target = path.join(root, 'news', 'x', 'index.html');
    await writeFileAtomic(target, 'old');
    await writeFileAtomic(target, 'new');
    expect(await readFile(target, 'utf8')).toBe('new');
    expect(await readdir(path.dirname(target))).toEqual(['index.html']);
  });

  it('removes a page and the folders it leaves empty, but not the site folder', async () => {
    await writeFileAtomic(path.join(root, 'news', 'x', 'index.html'), 'x');
    await writeFileAtomic(path.join(root, 'news', 'y', 'index.html'), 'y');
    expect(await removeFileAndEmptyParents(root, 'news/x/index.html')).toBe(true);
    expect(await readdir(path.join(root, 'news'))).toEqual(['y']);
    expect(await removeFileAndEmptyParents(root, 'news/x/index.html')).toBe(false);
  });
});

describe('listing a release', () => {
  it('finds every file of a deep, wide tree, with / paths, and no folder or link', async () => {
    const expected: string[] = [];
    for (let day = 0; day < 40; day += 1)
      for (let n = 0; n < 5; n += 1) {
        const file = `news/2026-11-${String(day).padStart(2, '0')}/статья-${n}/index.html`;
        await writeFileAtomic(path.join(root, file), 'x');
        expected.push(file);
      }
    await writeFileAtomic(path.join(root, '404.html'), 'x');
    expected.push('404.html');
    await mkdir(path.join(root, 'empty', 'folder'), { recursive: true });
    await symlink(path.join(root, '404.html'), path.join(root, 'link.html'));
    expect((await listFiles(root)).sort()).toEqual(expected.sort());
  });

  it('fails on a folder that does not exist, unless asked for no files then', async () => {
    await expect(listFiles(path.join(root, 'missing'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await listFiles(path.join(root, 'missing'), { ifMissing: 'empty' })).toEqual([]);
    await writeFile(path.join(root, 'a-file'), 'x');
    await expect(listFiles(path.join(root, 'a-file'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('a search index carried into a new release', () => {
  it('is linked file by file, and what the new release rewrites or removes leaves the old release as it was', async () => {
    const from = path.join(root, 'releases', 'a', 'client', 'pagefind');
    const to = path.join(root, 'releases', 'b', 'client', 'pagefind');
    await writeFileAtomic(path.join(from, 'parts.json'), '{"version":1,"languages":{"ru":["ru-1/"]}}');
    await writeFileAtomic(path.join(from, 'ru-1', 'pagefind-entry.json'), 'entry a');
    await writeFileAtomic(path.join(from, 'ru-1', 'fragment', 'ru_1.pf_fragment'), 'fragment a');
    expect(await linkTree(from, to)).toBe(3);
    const [source, target] = await Promise.all([stat(path.join(from, 'parts.json')), stat(path.join(to, 'parts.json'))]);
    expect(target.ino).toBe(source.ino);
    expect(source.nlink).toBe(2);

    // The search worker re-indexes the new release: rename over a file, remove a stale one.
    await writeFileAtomic(path.join(to, 'parts.json'), '{"version":1,"languages":{"ru":["ru-1/","ru-2/"]}}');
    await writeFileAtomic(path.join(to, 'ru-1', 'pagefind-entry.json'), 'entry b');
    expect(await removeFileAndEmptyParents(to, 'ru-1/fragment/ru_1.pf_fragment')).toBe(true);
    expect(await readFile(path.join(from, 'parts.json'), 'utf8')).toBe('{"version":1,"languages":{"ru":["ru-1/"]}}');
    expect(await readFile(path.join(from, 'ru-1', 'pagefind-entry.json'), 'utf8')).toBe('entry a');
    expect(await readFile(path.join(from, 'ru-1', 'fragment', 'ru_1.pf_fragment'), 'utf8')).toBe('fragment a');
    expect(await readFile(path.join(to, 'ru-1', 'pagefind-entry.json'), 'utf8')).toBe('entry b');
  });

  it('fails on a folder that is not there, rather than carry nothing', async () => {
    await expect(linkTree(path.join(root, 'missing'), path.join(root, 'b'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('the partitions of a full build put together', () => {
  it("moves what only the other partition has, merges folders in both, and keeps the first one's shared files", async () => {
    const first = path.join(root, 'building', 'client');
    const other = path.join(root, 'building.p1', 'client');
    const files = async (dir: string, entries: Record<string, string>) => {
      for (const [file, text] of Object.entries(entries)) await writeFileAtomic(path.join(dir, file), text);
    };
    await files(first, {
      '404.html': 'not found (first)',
      'news/a/index.html': 'article a',
      '_astro/site.css': 'css',
      'kk/news/c/index.html': 'article c',
    });
    await files(other, {
      '404.html': 'not found (other)',
      'news/b/index.html': 'article b',
      'news/b/og.png': 'card b',
      '_astro/site.css': 'css',
      'kk/news/d/index.html': 'article d',
      'rss.xml': 'feed',
    });
    // news/b (a folder, whole), kk/news/d (a folder, whole), rss.xml (a file); 404.html and site.css stay the first's.
    expect(await moveTreeInto(other, first)).toBe(3);
    expect((await listFiles(first)).sort()).toEqual(
      [
        '404.html',
        '_astro/site.css',
        'kk/news/c/index.html',
        'kk/news/d/index.html',
        'news/a/index.html',
        'news/b/index.html',
        'news/b/og.png',
        'rss.xml',
      ].sort(),
    );
    expect(await readFile(path.join(first, '404.html'), 'utf8')).toBe('not found (first)');
    expect(await readFile(path.join(first, 'news', 'b', 'og.png'), 'utf8')).toBe('card b');
    // What moved is gone from the other partition; what was shared is left there, to be removed with it.
    expect((await listFiles(other)).sort()).toEqual(['404.html', '_astro/site.css']);
  });
});

describe('the order of a scoped update', () => {
  it('writes images, then article pages, then day and taxonomy pages, then the pages that link to them', () => {
    const files = [
      'index.html',
      'rss.xml',
      'kk/tag/t/index.html',
      'news/a/index.html',
      '_astro/p.avif',
      'archive/2026/11/25/index.html',
      'sitemaps/news-2026-11-25.xml',
      'kk/news/b/index.html',
      'sitemap-index.xml',
    ];
    const sorted = [...files].sort((a, b) => stageOf(a) - stageOf(b));
    expect(sorted.map(stageOf)).toEqual([0, 1, 1, 2, 2, 2, 3, 3, 3]);
    // A month page links to its days: it goes after them.
    expect(stageOf('kk/archive/2026/11/index.html')).toBe(3);
    expect(stageOf('kk/archive/2026/11/25/index.html')).toBe(2);
    expect(stageOf('_astro/p.avif')).toBe(0);
    expect(stageOf('kk/news/b/index.html')).toBe(1);
    expect(stageOf('archive/index.html')).toBe(3);
  });
});

describe('releases', () => {
  it('switch in one step, keep the last N and roll back to the one before', async () => {
    const tree = new LiveTree(root);
    expect(await tree.current()).toBeNull();
    for (const id of ['r1', 'r2', 'r3', 'r4']) {
      await release(tree, id, { 'index.html': id });
      await tree.activate(id);
    }
    expect((await tree.current())?.id).toBe('r4');
    expect(await readlink(tree.currentLink)).toBe(path.join('releases', 'r4'));
    expect(await readFile(path.join(tree.currentLink, 'client', 'index.html'), 'utf8')).toBe('r4');
    expect(await tree.prune(2)).toEqual(['r1', 'r2']);
    expect(await tree.releases()).toEqual(['r3', 'r4']);
    expect(await tree.previous()).toBe('r3');
    await tree.activate('r3');
    expect(await readFile(path.join(tree.currentLink, 'client', 'index.html'), 'utf8')).toBe('r3');
    expect(await tree.prune(1)).toEqual(['r4']);
  });

  it('refuse to activate a folder without a built site', async () => {
    const tree = new LiveTree(root);
    await mkdir(tree.releaseDir('empty'), { recursive: true });
    await expect(tree.activate('empty')).rejects.toThrow(/no client folder/);
    expect(await tree.current()).toBeNull();
  });

  it('apply a scoped update into the current release: changed files written, identical ones and existing images left alone, gone pages deleted', async () => {
    const tree = new LiveTree(root);
    await release(tree, 'r1', { 'index.html': 'home v1', 'news/old/index.html': 'old', '_astro/p.avif': 'img', 'rss.xml': 'same' });
    await tree.activate('r1');
    const out = path.join(root, 'out');
    for (const [file, text] of Object.entries({
      'index.html': 'home v2',
      'news/new/index.html': 'new',
      '_astro/p.avif': 'img?',
      'rss.xml': 'same',
    })) {
      await writeFileAtomic(path.join(out, file), text);
    }
    const result = await tree.applyFiles(out, ['index.html', 'news/new/index.html', '_astro/p.avif', 'rss.xml'], ['news/old/index.html'], {
      onlyIfMissing: (file) => file.startsWith('_astro/'),
    });
    expect(result.written).toEqual(['news/new/index.html', 'index.html']);
    expect(result.unchanged).toBe(2);
    expect(result.deleted).toEqual(['news/old/index.html']);
    const client = path.join(tree.currentLink, 'client');
    expect(await readFile(path.join(client, 'index.html'), 'utf8')).toBe('home v2');
    expect(await readFile(path.join(client, '_astro/p.avif'), 'utf8')).toBe('img');
    expect(await readdir(path.join(client, 'news'))).toEqual(['new']);
  });
});
