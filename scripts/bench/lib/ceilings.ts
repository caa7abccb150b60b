/**
 * The ceilings the tilshi build is compared with, generated from the same
 * articles (every published locale version, real title/lead/body):
 * - a trivial Astro project: one `getStaticPaths` page that prints title,
 *   lead and pre-rendered body HTML from a JSON file; no layout, no
 *   components, no images, no content layer;
 * - an Astro project with a Markdown content collection (glob loader over the
 *   Hugo content files): the content layer and Markdown rendering, still
 *   with no components and no images;
 * - a Hugo site with one Markdown file per article and a one-file layout.
 * Each project lives in its own temp folder; the Astro ones reach the
 * workspace's astro through a `node_modules` symlink.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Blocks, Locale } from '@tilshi/shared-types';
import { blocksToHtml, blocksToMarkdown } from './blocks.ts';

export type BenchArticle = { locale: Locale; documentId: string; slug: string; title: string; lead: string; body: Blocks | null };

export type CeilingProjects = { astroTrivial: string; astroMarkdown: string; hugo: string };

/** A trivial Astro ceiling with `experimental.incrementalBuild` on: its data file and how to change one article in it. */
export type IncrementalCeiling = { root: string; dataFile: string; changeOne: (index: number, marker: string) => Promise<string> };

/** Number of .html files under `dir` (0 when it does not exist). */
export async function countHtml(dir: string): Promise<number> {
  if (!existsSync(dir)) return 0;
  return (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.html')).length;
}

/** Makes a folder empty (creating it when missing). */
export async function emptyDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
}

async function writeAstroShell(root: string, workspaceNodeModules: string, experimental = ''): Promise<void> {
  await emptyDir(root);
  await mkdir(path.join(root, 'src/pages'), { recursive: true });
  await symlink(workspaceNodeModules, path.join(root, 'node_modules'), 'dir');
  await writeFile(
    path.join(root, 'package.json'),
    `${JSON.stringify({ name: 'bench-ceiling', private: true, type: 'module' }, null, 2)}\n`,
  );
  await writeFile(
    path.join(root, 'astro.config.mjs'),
    // Its own cache folders: the defaults (node_modules/.astro, node_modules/.vite) would land in the workspace's node_modules through the symlink.
    [
      '// Ceiling: static output, no integrations.',
      "export default { output: 'static', trailingSlash: 'always', build: { format: 'directory' }, cacheDir: './.astro-cache',",
      `  vite: { cacheDir: './.vite-cache' }, devToolbar: { enabled: false }${experimental ? `, experimental: ${experimental}` : ''} };`,
      '',
    ].join('\n'),
  );
}

/** With `cacheKey`, each path carries its article's content hash: Astro's incremental build skips a path whose key did not change. */
const PAGE_TEMPLATE = (dataFile: string, cacheKey = false) => `---
// Ceiling: one trivial page per article version, data read from a JSON file at build time.
import { readFileSync } from 'node:fs';
export function getStaticPaths() {
  const articles = JSON.parse(readFileSync(${JSON.stringify(dataFile)}, 'utf8'));
  return articles.map((article) => ({ params: { locale: article.locale, slug: article.slug }, props: { article }${cacheKey ? ', cacheKey: article.hash' : ''} }));
}
const { article } = Astro.props;
---
<!doctype html>
<html lang={article.locale}>
  <head><meta charset="utf-8"><title>{article.title}</title><meta name="description" content={article.lead}></head>
  <body>
    <main>
      <h1>{article.title}</h1>
      <p>{article.lead}</p>
      <Fragment set:html={article.html} />
    </main>
  </body>
</html>
`;

const MARKDOWN_CONFIG = (contentDir: string) => `// Ceiling: the Hugo Markdown files as an Astro content collection.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';

const articles = defineCollection({
  loader: glob({ pattern: '**/*.md', base: ${JSON.stringify(contentDir)} }),
  schema: z.object({ title: z.string(), description: z.string() }),
});

export const collections = { articles };
`;

const MARKDOWN_PAGE = `---
// Ceiling: one page per Markdown entry, rendered by Astro's Markdown pipeline.
import { getCollection, render } from 'astro:content';
export async function getStaticPaths() {
  const entries = await getCollection('articles');
  return entries.map((entry) => ({ params: { id: entry.id }, props: { entry } }));
}
const { entry } = Astro.props;
const { Content } = await render(entry);
---
<!doctype html>
<html>
  <head><meta charset="utf-8"><title>{entry.data.title}</title><meta name="description" content={entry.data.description}></head>
  <body>
    <main>
      <h1>{entry.data.title}</h1>
      <p>{entry.data.description}</p>
      <Content />
    </main>
  </body>
</html>
`;

const HUGO_CONFIG = `# Ceiling: plain pages, no taxonomies, feeds or sitemap.
baseURL = "http://127.0.0.1/"
title = "bench"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
uglyURLs = false
`;

const HUGO_SINGLE = `<!doctype html>
<html lang="{{ .Section }}">
  <head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Params.description }}"></head>
  <body>
    <main>
      <h1>{{ .Title }}</h1>
      <p>{{ .Params.description }}</p>
      {{ .Content }}
    </main>
  </body>
</html>
`;

const HUGO_LIST = `<!doctype html>
<html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1></body></html>
`;

/** Front matter as YAML: JSON strings are valid YAML scalars. */
const markdownFile = (article: BenchArticle) =>
  `---\ntitle: ${JSON.stringify(article.title)}\ndescription: ${JSON.stringify(article.lead)}\n---\n\n${blocksToMarkdown(article.body)}\n`;

/** Writes the three ceiling projects under `root`; returns their folders. */
export async function writeCeilings(
  root: string,
  articles: readonly BenchArticle[],
  workspaceNodeModules: string,
): Promise<CeilingProjects> {
  const projects: CeilingProjects = {
    astroTrivial: path.join(root, 'astro-trivial'),
    astroMarkdown: path.join(root, 'astro-markdown'),
    hugo: path.join(root, 'hugo'),
  };

  // Hugo: content/<locale>/news/<slug>.md
  await emptyDir(projects.hugo);
  await mkdir(path.join(projects.hugo, 'layouts/_default'), { recursive: true });
  await writeFile(path.join(projects.hugo, 'config.toml'), HUGO_CONFIG);
  await writeFile(path.join(projects.hugo, 'layouts/_default/single.html'), HUGO_SINGLE);
  await writeFile(path.join(projects.hugo, 'layouts/_default/list.html'), HUGO_LIST);
  await writeFile(path.join(projects.hugo, 'layouts/index.html'), HUGO_LIST);
  const contentDir = path.join(projects.hugo, 'content');
  for (const locale of new Set(articles.map((article) => article.locale))) {
    await mkdir(path.join(contentDir, locale, 'news'), { recursive: true });
  }
  for (const article of articles) {
    await writeFile(path.join(contentDir, article.locale, 'news', `${article.slug}.md`), markdownFile(article));
  }

  // Astro, trivial pages from JSON.
  await writeAstroShell(projects.astroTrivial, workspaceNodeModules);
  const dataFile = path.join(projects.astroTrivial, 'articles.json');
  await writeFile(
    dataFile,
    JSON.stringify(
      articles.map((article) => ({
        locale: article.locale,
        slug: article.slug,
        title: article.title,
        lead: article.lead,
        html: blocksToHtml(article.body),
      })),
    ),
  );
  await mkdir(path.join(projects.astroTrivial, 'src/pages/[locale]/news'), { recursive: true });
  await writeFile(path.join(projects.astroTrivial, 'src/pages/[locale]/news/[slug].astro'), PAGE_TEMPLATE(dataFile));

  // Astro, Markdown content collection over the Hugo files.
  await writeAstroShell(projects.astroMarkdown, workspaceNodeModules);
  await writeFile(path.join(projects.astroMarkdown, 'src/content.config.ts'), MARKDOWN_CONFIG(contentDir));
  await writeFile(path.join(projects.astroMarkdown, 'src/pages/[...id].astro'), MARKDOWN_PAGE);

  return projects;
}

type TrivialRecord = { locale: Locale; slug: string; title: string; lead: string; html: string; hash: string };

const contentHash = (record: Omit<TrivialRecord, 'hash'>) =>
  createHash('sha256').update(JSON.stringify(record)).digest('base64url').slice(0, 22);

/**
 * The trivial Astro ceiling with Astro 7's `experimental.incrementalBuild` on
 * and a content-hash `cacheKey` per page: the best case of Astro's own
 * incremental build (no content layer, one route, nothing else to invalidate).
 * `changeOne` edits one article's lead in the data file, as an editor's
 * change would, and returns its path.
 */
export async function writeIncrementalCeiling(
  root: string,
  articles: readonly BenchArticle[],
  workspaceNodeModules: string,
): Promise<IncrementalCeiling> {
  await writeAstroShell(root, workspaceNodeModules, '{ incrementalBuild: true }');
  const dataFile = path.join(root, 'articles.json');
  const records: TrivialRecord[] = articles.map((article) => {
    const record = {
      locale: article.locale,
      slug: article.slug,
      title: article.title,
      lead: article.lead,
      html: blocksToHtml(article.body),
    };
    return { ...record, hash: contentHash(record) };
  });
  await writeFile(dataFile, JSON.stringify(records));
  await mkdir(path.join(root, 'src/pages/[locale]/news'), { recursive: true });
  await writeFile(path.join(root, 'src/pages/[locale]/news/[slug].astro'), PAGE_TEMPLATE(dataFile, true));
  return {
    root,
    dataFile,
    async changeOne(index, marker) {
      const current = JSON.parse(await readFile(dataFile, 'utf8')) as TrivialRecord[];
      const target = current[index % current.length];
      if (!target) throw new Error('the incremental ceiling has no articles');
      const { hash: _old, ...rest } = target;
      const changed = { ...rest, lead: `${rest.lead} ${marker}` };
      current[index % current.length] = { ...changed, hash: contentHash(changed) };
      await writeFile(dataFile, JSON.stringify(current));
      return `${target.locale}/news/${target.slug}/`;
    },
  };
}
