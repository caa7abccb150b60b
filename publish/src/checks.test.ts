import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuildOutput, internalPath } from './checks.ts';
import { differingFiles, writeFileAtomic } from './live.ts';

const SITE = 'https://news.example.kz';
const page = (title: string, body = '', canonical = '/') =>
  `<!DOCTYPE html><html lang="ru"><head><title>${title}</title><link rel="canonical" href="${SITE}${canonical}"></head><body>${body}</body></html>`;

let root: string;
let out: string;
let live: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tilshi-checks-'));
  out = path.join(root, 'out');
  live = path.join(root, 'live');
  await writeFileAtomic(path.join(live, 'rubric/r/index.html'), page('Rubric'));
  await writeFileAtomic(path.join(live, '404.html'), page('404'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('post-build checks', () => {
  it('accept complete pages whose links all lead to live pages or pages of the same build', async () => {
    await writeFileAtomic(
      path.join(out, 'news/a/index.html'),
      page('A', '<a href="/rubric/r/">r</a><a href="https://elsewhere.kz/">x</a><a href="#top">top</a><a href="/404/">404</a>', '/news/a/'),
    );
    await writeFileAtomic(path.join(out, 'index.html'), page('Home', `<a href="/news/a/">a</a><a href="${SITE}/rubric/r/">r</a>`));
    const problems = await checkBuildOutput({
      outClient: out,
      files: ['news/a/index.html', 'index.html'],
      produced: new Set(['news/a/index.html', 'index.html']),
      required: ['news/a/index.html'],
      links: { liveClient: live, written: new Set(['news/a/index.html', 'index.html']), deleted: new Set() },
      siteUrl: SITE,
    });
    expect(problems).toEqual([]);
  });

  it('refuse a truncated page, a page without title, a missing required page and broken XML', async () => {
    await writeFileAtomic(path.join(out, 'news/a/index.html'), page('A').slice(0, 60));
    await writeFileAtomic(path.join(out, 'news/b/index.html'), page(''));
    await writeFileAtomic(path.join(out, 'sitemaps/news-2026-11.xml'), '<?xml version="1.0"?><urlset><url><loc>x</loc></url>');
    const problems = await checkBuildOutput({
      outClient: out,
      files: ['news/a/index.html', 'news/b/index.html', 'sitemaps/news-2026-11.xml'],
      produced: new Set(['news/a/index.html', 'news/b/index.html', 'sitemaps/news-2026-11.xml']),
      required: ['news/c/index.html'],
      links: null,
      siteUrl: SITE,
    });
    expect(problems.join('\n')).toMatch(/news\/c\/index\.html was not produced/);
    expect(problems.join('\n')).toMatch(/news\/a\/index\.html: does not end with <\/html>/);
    expect(problems.join('\n')).toMatch(/news\/b\/index\.html: no <title>/);
    expect(problems.join('\n')).toMatch(/sitemaps\/news-2026-11\.xml: not well-formed XML/);
  });

  it('refuse a page or sitemap linking to a page that is not live, or that this build deletes', async () => {
    await writeFileAtomic(path.join(out, 'index.html'), page('Home', '<a href="/news/unpublished/">u</a>'));
    await writeFileAtomic(
      path.join(out, 'sitemaps/news-2026-11.xml'),
      `<?xml version="1.0"?><urlset><url><loc>${SITE}/rubric/r/</loc></url></urlset>`,
    );
    const problems = await checkBuildOutput({
      outClient: out,
      files: ['index.html', 'sitemaps/news-2026-11.xml'],
      produced: new Set(['index.html', 'sitemaps/news-2026-11.xml']),
      required: [],
      links: { liveClient: live, written: new Set(['index.html', 'sitemaps/news-2026-11.xml']), deleted: new Set(['rubric/r/index.html']) },
      siteUrl: SITE,
    });
    expect(problems).toEqual([
      'index.html links to /news/unpublished/, which is not live',
      'sitemaps/news-2026-11.xml links to /rubric/r/, which is not live',
    ]);
  });

  it('finds the files a build changes: new ones and those whose bytes differ from the live ones', async () => {
    await writeFileAtomic(path.join(out, 'rubric/r/index.html'), page('Rubric')); // as live
    await writeFileAtomic(path.join(out, '404.html'), page('404, renamed'));
    await writeFileAtomic(path.join(out, 'news/new/index.html'), page('New'));
    expect(await differingFiles(out, live, ['rubric/r/index.html', '404.html', 'news/new/index.html'])).toEqual([
      '404.html',
      'news/new/index.html',
    ]);
    expect(await differingFiles(out, live, [])).toEqual([]);
  });

  it('reads links as site paths: relative, root-relative and absolute on the site; others are external', () => {
    const from = new URL(`${SITE}/news/a/`);
    const site = new URL(SITE);
    expect(internalPath('../b/', from, site)).toBe('/news/b/');
    expect(internalPath('/tag/x/', from, site)).toBe('/tag/x/');
    expect(internalPath(`${SITE}/kk/`, from, site)).toBe('/kk/');
    expect(internalPath('https://t.me/x', from, site)).toBeNull();
  });
});
