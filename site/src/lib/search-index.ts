/**
 * Builds the site's search index (Pagefind) in parts of bounded size; see
 * ./search-parts.ts for the layout and why. Used by the site's integration
 * after a full `astro build` and by the publish service's search worker.
 *
 * 1. Every HTML page under the site folder is read once: a page is searchable
 *    when it has `data-pagefind-body` (Pagefind's own rule: once any page has
 *    it, the others are not indexed), and its language is its `<html lang>`.
 * 2. Each language's searchable pages, in path order, are cut into parts of at
 *    most `partPages` (`TILSHI_SEARCH_PART_PAGES`, default 30,000) of about
 *    equal size.
 * 3. Each part is indexed in its own Pagefind process, from a folder of hard
 *    links to its pages (same relative paths, so the same URLs; a copy where
 *    links are not possible), and the process is closed before the next part
 *    starts: peak memory is one part's, not the site's.
 * 4. `parts.json`, the table of contents readers load, is written last.
 */
import { copyFile, link, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as pagefind from 'pagefind';
import { DEFAULT_SEARCH_PART_PAGES, partFolder, SEARCH_PARTS_FILE, type SearchParts } from './search-parts.ts';

/** Pagefind reported problems, or the index could not be laid out; the build must not ship a broken search. */
export class SearchIndexError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Pagefind could not index the site: ${problems.join('; ')}`);
    this.name = 'SearchIndexError';
    this.problems = problems;
  }
}

export type SearchIndexResult = {
  /** Pages in the index, all languages. */
  pages: number;
  /** Pages per part, per language, in the order of parts.json. */
  parts: Record<string, number[]>;
};

/** `TILSHI_SEARCH_PART_PAGES`: the largest part, in pages. */
export function searchPartPages(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.TILSHI_SEARCH_PART_PAGES?.trim();
  if (!raw) return DEFAULT_SEARCH_PART_PAGES;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new SearchIndexError([`TILSHI_SEARCH_PART_PAGES must be a whole number of pages, at least 1 (got "${raw}")`]);
  }
  return value;
}

type Page = { file: string; searchable: boolean; language: string | null };

const BODY_MARK = Buffer.from('data-pagefind-body');
const LANG = /<html\b[^>]*?\slang\s*=\s*["']?([A-Za-z0-9-]+)/i;
const READ_AT_ONCE = 16;

/** The HTML files under `siteDir` (relative, sorted), leaving out the index's own folder. */
async function htmlFiles(siteDir: string, outputDir: string): Promise<string[]> {
  const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
  const skip = path.relative(siteDir, outputDir);
  const inside = skip !== '' && !skip.startsWith('..') && !path.isAbsolute(skip);
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => path.relative(siteDir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !(inside && (file === skip || file.startsWith(`${skip}${path.sep}`))))
    .sort();
}

async function readPages(siteDir: string, files: string[]): Promise<Page[]> {
  const pages: Page[] = new Array<Page>(files.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i] as string;
      const html = await readFile(path.join(siteDir, file));
      const language = LANG.exec(html.subarray(0, 4096).toString('latin1'))?.[1]?.toLowerCase() ?? null;
      pages[i] = { file, searchable: html.includes(BODY_MARK), language };
    }
  };
  await Promise.all(Array.from({ length: READ_AT_ONCE }, worker));
  return pages;
}

/** Each language's searchable pages; a page without `lang` goes with the largest language, as Pagefind does. */
export function pagesByLanguage(pages: readonly Page[]): Map<string, string[]> {
  const custom = pages.some((page) => page.searchable);
  const searchable = pages.filter((page) => page.searchable || !custom);
  const byLanguage = new Map<string, string[]>();
  const orphans: string[] = [];
  for (const page of searchable) {
    if (page.language === null) {
      orphans.push(page.file);
      continue;
    }
    const files = byLanguage.get(page.language);
    if (files) files.push(page.file);
    else byLanguage.set(page.language, [page.file]);
  }
  if (orphans.length > 0) {
    const largest = [...byLanguage].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]))[0];
    if (largest) largest[1].push(...orphans);
    else byLanguage.set('unknown', orphans);
  }
  return byLanguage;
}

/** `files` cut into the fewest parts of at most `partPages`, of about equal size, order kept. */
export function cutIntoParts<T>(files: readonly T[], partPages: number): T[][] {
  const count = Math.max(1, Math.ceil(files.length / partPages));
  const size = Math.floor(files.length / count);
  const larger = files.length % count;
  const parts: T[][] = [];
  for (let i = 0, start = 0; i < count; i += 1) {
    const end = start + size + (i < larger ? 1 : 0);
    parts.push(files.slice(start, end));
    start = end;
  }
  return parts;
}

/** A folder of hard links (copies where links fail) to `files`, under the same relative paths. */
async function linkFarm(siteDir: string, files: readonly string[]): Promise<string> {
  const farm = await mkdtemp(path.join(path.dirname(path.resolve(siteDir)), '.tilshi-search-'));
  const made = new Set<string>();
  for (const file of files) {
    const dir = path.dirname(path.join(farm, file));
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    try {
      await link(path.join(siteDir, file), path.join(farm, file));
    } catch {
      await copyFile(path.join(siteDir, file), path.join(farm, file));
    }
  }
  return farm;
}

async function indexPart(siteDir: string, files: readonly string[], language: string, outputPath: string): Promise<number> {
  const farm = await linkFarm(siteDir, files);
  try {
    const { index, errors } = await pagefind.createIndex({ forceLanguage: language });
    if (!index) throw new SearchIndexError(errors);
    const added = await index.addDirectory({ path: farm });
    if (added.errors.length > 0) throw new SearchIndexError(added.errors);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new SearchIndexError(written.errors);
    return added.page_count;
  } finally {
    // One Pagefind process per part: closing it gives its memory back before the next part.
    await pagefind.close();
    await rm(farm, { recursive: true, force: true });
  }
}

/**
 * Indexes the searchable pages under `siteDir` into `outputDir` (emptied
 * first), in parts of at most `partPages` pages per language; writes
 * parts.json last.
 */
export async function indexSearch(siteDir: string, outputDir: string, options: { partPages?: number } = {}): Promise<SearchIndexResult> {
  const partPages = options.partPages ?? searchPartPages();
  const pages = await readPages(siteDir, await htmlFiles(siteDir, outputDir));
  const byLanguage = pagesByLanguage(pages);
  if (byLanguage.size === 0) throw new SearchIndexError([`no HTML page to index under ${siteDir}`]);
  await rm(outputDir, { recursive: true, force: true });
  const toc: SearchParts = { version: 1, languages: {} };
  const result: SearchIndexResult = { pages: 0, parts: {} };
  for (const [language, files] of [...byLanguage].sort((a, b) => a[0].localeCompare(b[0]))) {
    const parts = cutIntoParts(files, partPages);
    toc.languages[language] = parts.map((_, i) => partFolder(language, i + 1));
    result.parts[language] = [];
    for (const [i, part] of parts.entries()) {
      const indexed = await indexPart(siteDir, part, language, path.join(outputDir, partFolder(language, i + 1)));
      result.parts[language].push(indexed);
      result.pages += indexed;
    }
  }
  await mkdir(outputDir, { recursive: true });
  await writeFile(path.join(outputDir, SEARCH_PARTS_FILE), `${JSON.stringify(toc)}\n`);
  return result;
}
