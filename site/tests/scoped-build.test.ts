/**
 * A scoped build (TILSHI_BUILD_SCOPE) renders only the bounded set of pages a
 * changed article touches: its pages in each locale, home, the latest pages
 * of its rubric, tags, authors, event and organizations, its archive day and
 * month, its day sitemap, and the feeds — nothing else.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildResultSchema, type BuildResultFile } from '@tilshi/shared-types';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { buildFolder, buildSite, SiteBuildError } from '@tilshi/testing/site';
import { buildScoped } from './helpers.ts';

const site = inject('site');

describe('a build scoped to the seed article', () => {
  let files: string[];
  let outcome: BuildResultFile;

  beforeAll(async () => {
    const build = await buildScoped('scoped', { articles: [{ documentId: site.seed.documentId }] });
    outcome = buildResultSchema.parse(JSON.parse(await readFile(build.resultFile, 'utf8')));
    files = build.files.filter((file) => /\.(html|xml|txt)$/.test(file)).sort();
  });

  it('writes its result: the scoped sync’s counts and the start of each phase, in build order', () => {
    expect(outcome.sync.articles).toMatchObject({ mode: 'scoped', changedDocuments: 1 });
    const { contentSync, bundle, render, images, finish } = outcome.marks;
    const marks = [contentSync, bundle, render, images, finish].map((mark) => mark ?? Number.NaN);
    expect(marks.every(Number.isFinite)).toBe(true);
    expect(marks).toEqual(marks.toSorted((a, b) => a - b));
  });

  it('renders the article in both locales, home, and its rubric, tag, author, event and organization pages', () => {
    for (const expected of [
      `news/${site.seed.slugs.ru}/index.html`,
      `kk/news/${site.seed.slugs.kk}/index.html`,
      'index.html',
      'kk/index.html',
      'rubric/obshchestvo/index.html',
      'kk/rubric/qogam/index.html',
      'tag/npo/index.html',
      'kk/tag/ueu/index.html',
      'author/redaktsiya/index.html',
      'events/den-otkrytykh-dverey-npo-aktau-2022/index.html',
      'organizations/grazhdanskiy-alyans-mangistauskoy-oblasti/index.html',
      'archive/2022/11/05/index.html',
      'kk/archive/2022/11/05/index.html',
      'archive/2022/11/index.html',
      'kk/archive/2022/11/index.html',
      'sitemaps/news-2022-11-05.xml',
      'sitemap-index.xml',
      'rss.xml',
      'kk/rss.xml',
      'rubric/obshchestvo/rss.xml',
    ]) {
      expect(files, expected).toContain(expected);
    }
  });

  it('leaves out every page the article does not touch', () => {
    const unrelated = files.filter(
      (file) => /^(kk\/)?news\//.test(file) && !file.includes(site.seed.slugs.ru) && !file.includes(site.seed.slugs.kk),
    );
    expect(unrelated).toEqual([]);
    expect(files).not.toContain('search/index.html');
    expect(files).not.toContain('rubric/politika/index.html');
    expect(files).not.toContain('tag/akimat/index.html');
    expect(
      files.filter((file) => /^(kk\/)?archive\//.test(file) && !/^(kk\/)?archive\/(2022\/11\/(05\/)?)?index\.html$/.test(file)),
    ).toEqual([]);
    expect(files.filter((file) => file.startsWith('sitemaps/news-') && file !== 'sitemaps/news-2022-11-05.xml')).toEqual([]);
    // The pages sitemap and the search index need the whole site: a scoped build leaves them alone.
    expect(files).not.toContain('sitemap-pages-0.xml');
  });
});

describe('a scoped build after more changed than it refreshes (an archive import, a bulk edit)', () => {
  const builds: Array<{ output: string; outcome: BuildResultFile; article: string; home: string }> = [];

  beforeAll(async () => {
    const folder = await buildFolder('scoped-refresh');
    const scopeFile = path.join(folder.root, 'scope.json');
    await writeFile(scopeFile, JSON.stringify({ articles: [{ documentId: site.seed.documentId }] }));
    // One store kept between the three builds; the third refreshes nothing: every change since the
    // previous build (at least the seed article itself, within the refresh margin) is more than its limit of 0.
    const limits: Array<Record<string, string>> = [{}, {}, { TILSHI_SCOPED_REFRESH_LIMIT: '0' }];
    for (const [index, env] of limits.entries()) {
      const outDir = path.join(folder.root, `dist-${index}`);
      const resultFile = path.join(folder.root, `build-result-${index}.json`);
      const result = await buildSite({
        strapiUrl: site.strapi.url,
        siteToken: site.strapi.siteToken,
        outDir,
        cacheDir: folder.cacheDir,
        siteUrl: site.siteUrl,
        scopeFile,
        resultFile,
        env,
      });
      if (result.code !== 0) throw new SiteBuildError(result);
      const client = path.join(outDir, 'client');
      builds.push({
        output: result.output,
        outcome: buildResultSchema.parse(JSON.parse(await readFile(resultFile, 'utf8'))),
        article: await readFile(path.join(client, 'news', site.seed.slugs.ru, 'index.html'), 'utf8'),
        home: await readFile(path.join(client, 'index.html'), 'utf8'),
      });
    }
  });

  it('refreshes its kept store while the change is small', () => {
    expect(builds[1]?.output).not.toContain('the scoped store starts over');
    expect(builds[1]?.outcome.sync.articles).toMatchObject({ mode: 'scoped', changedDocuments: 1 });
  });

  it('drops the store instead of fetching the whole change, says why, and renders the same pages', () => {
    const [, refreshed, dropped] = builds;
    expect(dropped?.output).toMatch(/more than 0 ru article versions changed since \S+: the scoped store starts over/);
    expect(dropped?.outcome.sync.articles).toMatchObject({ mode: 'scoped', changedDocuments: 1 });
    expect(dropped?.article).toBe(refreshed?.article);
    expect(dropped?.home).toBe(refreshed?.home);
  });
});

describe('the `since` rule of a scoped build', () => {
  type Version = { documentId: string; locale: 'ru' | 'kk'; slug: string; at: string };
  let versions: Version[];
  let files: string[];

  beforeAll(async () => {
    // Every published version, as the CMS serves it now (what the publish service's index would hold).
    versions = [];
    for (const locale of ['ru', 'kk'] as const) {
      const url = `${site.strapi.url}/api/articles?locale=${locale}&fields[0]=slug&fields[1]=updatedAt&fields[2]=publishedAt&pagination[pageSize]=100`;
      const response = await fetch(url, { headers: { authorization: `Bearer ${site.strapi.siteToken}` } });
      const body = (await response.json()) as { data: Array<{ documentId: string; slug: string; updatedAt: string; publishedAt: string }> };
      for (const entry of body.data)
        versions.push({
          documentId: entry.documentId,
          locale,
          slug: entry.slug,
          at: entry.publishedAt > entry.updatedAt ? entry.publishedAt : entry.updatedAt,
        });
    }
    // Every version changed since `since`; the live site shows all of them but the seed's Russian one.
    const live = Object.fromEntries(
      versions
        .filter((version) => !(version.documentId === site.seed.documentId && version.locale === 'ru'))
        .map((version) => [`${version.locale}:${version.documentId}`, version.at]),
    );
    const extra = [
      { kind: 'home', key: 'ru' },
      { kind: 'home', key: 'kk' },
    ];
    ({ files } = await buildScoped('scoped-since', { articles: [], extra, since: '2000-01-01T00:00:00.000Z', live }));
  });

  it('renders the page of a version changed since then that the live site does not show, and none it shows', () => {
    expect(versions.length).toBeGreaterThan(2);
    expect(files).toContain(`news/${site.seed.slugs.ru}/index.html`);
    expect(files).toContain('index.html'); // the listing that loaded them
    const shown = versions.filter((version) => !(version.documentId === site.seed.documentId && version.locale === 'ru'));
    for (const version of shown) {
      const page = `${version.locale === 'kk' ? 'kk/' : ''}news/${version.slug}/index.html`;
      expect(files, page).not.toContain(page);
    }
  });
});
