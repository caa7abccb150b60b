/**
 * Post-build checks: nothing of a build goes live unless they pass.
 *
 * - every page checked is a complete HTML document (doctype, `</html>` at the
 *   end, a non-empty <title>): a truncated or empty file fails;
 * - every XML file (sitemaps, feeds) is well-formed;
 * - the pages the build had to produce exist (a changed article's page);
 * - the caller chooses which files are checked: a scoped build checks the
 *   files it changes (all of them when it deletes any, see publisher.ts);
 * - scoped builds: every internal link of the new pages and sitemaps points
 *   at a page that is live or goes live with this build (and is not being
 *   deleted by it) — readers never get a link to a page that is not there.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { exists } from './live.ts';
import { fileOfPath } from './site-index.ts';

export type CheckInput = {
  /** The build's client folder. */
  outClient: string;
  /** Files of the build to check (relative to outClient). */
  files: readonly string[];
  /** Every file the build produced (relative to outClient). */
  produced: ReadonlySet<string>;
  /** Files that must be among those produced. */
  required: readonly string[];
  /** For link checks: the live client folder, the files this build writes and deletes. Null: no link check (full builds). */
  links: { liveClient: string; written: ReadonlySet<string>; deleted: ReadonlySet<string> } | null;
  siteUrl: string;
};

/** Routes served on demand by the site server, not files: links to them are not checked. */
const ON_DEMAND = [/^\/api\//, /^\/preview\//];

const xmlParser = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === 'url' || name === 'sitemap' });

/** Internal path of a link, or null for external links, anchors, mail… */
export function internalPath(href: string, pageUrl: URL, site: URL): string | null {
  let url: URL;
  try {
    url = new URL(href, pageUrl);
  } catch {
    return null;
  }
  if (url.origin !== site.origin) return null;
  return decodeURIComponent(url.pathname);
}

/** Runs every check; returns the problems found (empty: the output may go live). */
export async function checkBuildOutput(input: CheckInput): Promise<string[]> {
  const problems: string[] = [];
  const site = new URL(input.siteUrl);
  for (const required of input.required) if (!input.produced.has(required)) problems.push(`${required} was not produced`);

  const targets = new Map<string, { from: string; candidates: string[] }>(); // link target → first page linking to it
  const addTarget = (from: string, urlPath: string) => {
    if (ON_DEMAND.some((pattern) => pattern.test(urlPath))) return;
    const file = fileOfPath(urlPath);
    // `/404/` is served from 404.html: a directory-style path may also be a `.html` file.
    const candidates = file.endsWith('/index.html') ? [file, `${file.slice(0, -'/index.html'.length)}.html`] : [file];
    if (!targets.has(file)) targets.set(file, { from, candidates });
  };

  // Read and parsed 32 at a time (a full build checks every XML file: over a thousand at 100,000 articles);
  // problems and link targets are taken in the files' order.
  for (let i = 0; i < input.files.length; i += READ_WIDTH) {
    const results = await Promise.all(input.files.slice(i, i + READ_WIDTH).map((file) => checkFile(input, site, file)));
    for (const result of results) {
      problems.push(...result.problems);
      for (const [from, target] of result.links) addTarget(from, target);
    }
  }

  if (input.links) {
    const { liveClient, written, deleted } = input.links;
    const entries = [...targets];
    // Many links (the pages sitemap lists thousands): check existence 64 at a time.
    for (let i = 0; i < entries.length; i += 64) {
      const results = await Promise.all(
        entries.slice(i, i + 64).map(async ([file, { from, candidates }]) => {
          for (const candidate of candidates) {
            if (written.has(candidate) || (!deleted.has(candidate) && (await exists(path.join(liveClient, candidate))))) return null;
          }
          return `${from} links to /${file.replace(/index\.html$/, '')}, which is not live`;
        }),
      );
      for (const problem of results) if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Files read and parsed at once by the checks. */
const READ_WIDTH = 32;

/** One file's problems, and its internal links (from, target path) when links are checked. */
async function checkFile(input: CheckInput, site: URL, file: string): Promise<{ problems: string[]; links: Array<[string, string]> }> {
  const problems: string[] = [];
  const links: Array<[string, string]> = [];
  let text: string;
  try {
    text = await readFile(path.join(input.outClient, file), 'utf8');
  } catch {
    return { problems: [`${file} is missing`], links };
  }
  if (file.endsWith('.html')) {
    if (!/^\s*<!doctype html>/i.test(text)) problems.push(`${file}: no <!DOCTYPE html>`);
    if (!/<\/html>\s*$/i.test(text)) problems.push(`${file}: does not end with </html> (truncated?)`);
    const $ = load(text);
    if ($('head > title').text().trim() === '') problems.push(`${file}: no <title>`);
    if (input.links) {
      const pageUrl = new URL(`/${file.replace(/index\.html$/, '')}`, site);
      const hrefs = [
        ...$('a[href]')
          .map((_, el) => $(el).attr('href') ?? '')
          .get(),
        ...$('link[rel="canonical"], link[rel="alternate"][hreflang]')
          .map((_, el) => $(el).attr('href') ?? '')
          .get(),
      ];
      for (const href of hrefs) {
        const target = internalPath(href, pageUrl, site);
        if (target) links.push([file, target]);
      }
    }
  } else if (file.endsWith('.xml')) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return { problems: [`${file}: not well-formed XML (${valid.err.msg} at line ${valid.err.line})`], links };
    if (input.links && (file.startsWith('sitemap') || file.startsWith('sitemaps/'))) {
      const parsed: unknown = xmlParser.parse(text);
      for (const loc of locsOf(parsed)) {
        const target = internalPath(loc, site, site);
        if (target) links.push([file, target]);
      }
    }
  }
  return { problems, links };
}

function locsOf(parsed: unknown): string[] {
  const out: string[] = [];
  const visit = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'loc' && typeof value === 'string') out.push(value);
        else visit(value);
      }
    }
  };
  visit(parsed);
  return out;
}
