/**
 * Reading the built site in tests: pages by URL path (parsed with cheerio),
 * every output file, gzip sizes.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { load, type CheerioAPI } from 'cheerio';

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

/** Every file under a folder, as paths relative to it. */
/** The build of the site tests indexes search in parts of this many pages (TILSHI_SEARCH_PART_PAGES): several parts per language. */
export const SEARCH_PART_PAGES = 4;

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
