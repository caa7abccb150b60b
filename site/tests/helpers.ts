/**
 * Reading the built site in tests: pages by URL path (parsed with cheerio),
 * every output file, gzip sizes; a scoped build of the test site.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { load, type CheerioAPI } from 'cheerio';
import { inject } from 'vitest';
import { buildFolder, buildSite, SiteBuildError } from '@tilshi/testing/site';

/** The HTML file of a directory-style URL path in the built client folder. */
export function htmlFile(outDir: string, urlPath: string): string {
  return path.join(outDir, 'client', urlPath.replace(/^\//, ''), urlPath.endsWith('/') ? 'index.html' : '');
}

export async function readHtml(outDir: string, urlPath: string): Promise<string> {
  return readFile(htmlFile(outDir, urlPath), 'utf8');
}

export async function page(outDir: string, urlPath: string): Promise<CheerioAPI> {
  return load(await readHtml(outDir, urlPath));
}

/** The build of the site tests indexes search in parts of this many pages (TILSHI_SEARCH_PART_PAGES): several parts per language. */
export const SEARCH_PART_PAGES = 4;

/** Every file under a folder, as paths relative to it. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

export function gzipSize(text: string): number {
  return gzipSync(Buffer.from(text), { level: 9 }).length;
}

/** Text of an element with runs of whitespace collapsed. */
export function text($: CheerioAPI, selector: string): string {
  return $(selector).text().replace(/\s+/g, ' ').trim();
}

/**
 * A scoped build of the test site (the global setup's Strapi) with `scope` as its scope file, in a fresh
 * folder: its out folder, every file of its client folder and its build result file. Throws SiteBuildError when it fails.
 */
export async function buildScoped(label: string, scope: unknown): Promise<{ outDir: string; files: string[]; resultFile: string }> {
  const site = inject('site');
  const folder = await buildFolder(label);
  const scopeFile = path.join(folder.root, 'scope.json');
  const resultFile = path.join(folder.root, 'build-result.json');
  await writeFile(scopeFile, JSON.stringify(scope));
  const result = await buildSite({
    strapiUrl: site.strapi.url,
    siteToken: site.strapi.siteToken,
    outDir: folder.outDir,
    cacheDir: folder.cacheDir,
    siteUrl: site.siteUrl,
    scopeFile,
    resultFile,
  });
  if (result.code !== 0) throw new SiteBuildError(result);
  return { outDir: folder.outDir, files: await listFiles(path.join(folder.outDir, 'client')), resultFile };
}
