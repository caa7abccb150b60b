/**
 * The service's knowledge of the live site: every published article version
 * (documentId + locale) with its page and what it touches (rubric, tags,
 * authors, event, day), and the archive days of each locale. It comes from the
 * build manifests (site/src/pages/[buildManifest].json.ts): a full build's
 * manifest replaces it, a scoped build's patches it.
 *
 * It answers the two questions the CMS can no longer answer once an article
 * was unpublished, deleted or moved: which pages its previous version touched
 * (so they are rebuilt), and where its old page lives (so it is removed).
 *
 * Persistence, per release: `index.json` (the full build's manifest) plus
 * `index-delta.jsonl`, one line per applied scoped build — O(change) to
 * write (the versions it rendered, and only the archive days whose entry
 * changed, `null` for a day gone), replayed on start.
 */
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  buildManifestSchema,
  daysSchema,
  entityPageSchema,
  manifestArticleSchema,
  localeSchema,
  type BuildManifest,
  type Days,
  type EntityPage,
  type Locale,
  type ManifestArticle,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { articleKeys, changedAt, type ScopeArticle } from '@tilshi/site/build-contract';
import { BuildManifestError } from './errors.ts';

export { buildManifestSchema, manifestArticleSchema, daysSchema };
export type { BuildManifest, ManifestArticle, Days };

const instant = z.string().min(1);

export const INDEX_FILE = 'index.json';
export const DELTA_FILE = 'index-delta.jsonl';

/** The days a scoped build changed: the newest change of a day, or `null` for a day that has no article any more. */
const daysPatchSchema = z.partialRecord(localeSchema, z.record(z.string(), instant.nullable()));
type DaysPatch = z.infer<typeof daysPatchSchema>;
const deltaSchema = z.object({
  changed: z.array(z.string()),
  articles: z.array(manifestArticleSchema),
  days: daysPatchSchema,
  /** Entity pages the build rendered (their new path and what they show), `null` for a page in its scope it did not render (gone). */
  pages: z.record(z.string(), entityPageSchema.nullable()),
});
type Delta = z.infer<typeof deltaSchema>;

export function parseManifest(text: string, file: string): BuildManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new BuildManifestError(file, `not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = buildManifestSchema.safeParse(json);
  if (!parsed.success) throw new BuildManifestError(file, z.prettifyError(parsed.error));
  return parsed.data;
}

/** The manifest entry as the site's scope resolution sees an article. */
export function asScopeArticle(article: ManifestArticle): ScopeArticle {
  const ref = (documentId: string) => ({ documentId });
  return {
    documentId: article.documentId,
    locale: article.locale,
    publicationDate: article.publicationDate,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    rubric: article.rubric ? ref(article.rubric) : null,
    tags: article.tags.map(ref),
    authors: article.authors.map(ref),
    event: article.event
      ? {
          documentId: article.event.documentId,
          organizers: article.event.organizers.map(ref),
          supporters: article.event.supporters.map(ref),
        }
      : null,
  };
}

/** The file of a directory-style page path: `/news/x/` → `news/x/index.html`. */
export function fileOfPath(urlPath: string): string {
  const relative = urlPath.replace(/^\/+/, '');
  return relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative;
}

export class SiteIndex {
  readonly #versions = new Map<string, Map<Locale, ManifestArticle>>();
  #days: Days = {};
  /** Entity pages (rubric, tag, author, event, organization) by scope entry. */
  readonly #pages = new Map<string, EntityPage>();

  static fromManifest(manifest: BuildManifest): SiteIndex {
    const index = new SiteIndex();
    for (const article of manifest.articles) index.#set(article);
    index.#days = manifest.days;
    for (const [entry, page] of Object.entries(manifest.pages)) index.#pages.set(entry, page);
    return index;
  }

  /** Loads a release's index (its full build's manifest and every scoped delta applied since). */
  static async load(releaseDir: string): Promise<SiteIndex> {
    const file = path.join(releaseDir, INDEX_FILE);
    const index = SiteIndex.fromManifest(parseManifest(await readFile(file, 'utf8'), file));
    let deltas = '';
    try {
      deltas = await readFile(path.join(releaseDir, DELTA_FILE), 'utf8');
    } catch {
      // no scoped build on this release yet
    }
    for (const [number, line] of deltas.split('\n').entries()) {
      if (line.trim() === '') continue;
      const parsed = deltaSchema.safeParse(JSON.parse(line));
      if (!parsed.success)
        throw new BuildManifestError(`${path.join(releaseDir, DELTA_FILE)}:${number + 1}`, z.prettifyError(parsed.error));
      index.#applyDelta(parsed.data);
    }
    return index;
  }

  get size(): number {
    let count = 0;
    for (const versions of this.#versions.values()) count += versions.size;
    return count;
  }

  get days(): Days {
    return this.#days;
  }

  /** Every known version (for rules that look across the site, such as "read next"). */
  *allVersions(): Generator<ManifestArticle> {
    for (const versions of this.#versions.values()) yield* versions.values();
  }

  /** The live entity page of a scope entry (its path and what it shows), if there is one. */
  page(entry: string): EntityPage | undefined {
    return this.#pages.get(entry);
  }

  /** Every live entity page, by scope entry. */
  pages(): ReadonlyMap<string, EntityPage> {
    return this.#pages;
  }

  /** The entity pages that show `entry` besides their own entity (an organization's event pages, an event's organization pages). */
  pagesShowing(entry: string): string[] {
    return [...this.#pages].filter(([, page]) => page.shows.includes(entry)).map(([key]) => key);
  }

  versionsOf(documentId: string): ReadonlyMap<Locale, ManifestArticle> {
    return this.#versions.get(documentId) ?? new Map();
  }

  /** Every page the known versions of a document touch (`kind|key`), limited to `locales` (null: all). */
  keysOf(documentId: string, locales: ReadonlySet<Locale> | null): string[] {
    const keys = new Set<string>();
    for (const [locale, version] of this.versionsOf(documentId)) {
      if (locales && !locales.has(locale)) continue;
      for (const key of articleKeys(asScopeArticle(version))) keys.add(key);
    }
    return [...keys];
  }

  /**
   * The known versions that changed at or after `since` (ms since the epoch), by `locale:documentId`, with
   * their change time: a scope's `live` (the `since` rule leaves versions the live site shows alone).
   */
  changedSince(since: number): Record<string, string> {
    const live: Record<string, string> = {};
    // Strapi's instants are UTC to the millisecond, as toISOString() writes them: those compare as text
    // (parsing 160,000 dates took 50 ms a publish); any other form is parsed.
    const sinceText = new Date(since).toISOString();
    for (const [documentId, versions] of this.#versions) {
      for (const [locale, version] of versions) {
        const at = changedAt(version);
        if (at.length === sinceText.length && at.endsWith('Z') ? at >= sinceText : Date.parse(at) >= since)
          live[`${locale}:${documentId}`] = at;
      }
    }
    return live;
  }

  /** The newest change time of any known version: where a catch-up starts looking. */
  newestChange(): string | null {
    let newest: string | null = null;
    for (const versions of this.#versions.values()) {
      for (const version of versions.values()) {
        const at = changedAt(version);
        if (newest === null || at > newest) newest = at;
      }
    }
    return newest;
  }

  /**
   * Applies a scoped build: the versions it rendered replace the known ones;
   * a changed document's version it did not render is gone. Appends the delta
   * to the release's log. The archive days change where the build's differ
   * from `base`, the days it was given (its scope's): a day another build
   * applied meanwhile keeps that build's entry unless this one changed it.
   */
  async applyScoped(manifest: BuildManifest, changed: Iterable<string>, releaseDir: string, base: Days): Promise<void> {
    const days: DaysPatch = {};
    for (const locale of new Set([...Object.keys(base), ...Object.keys(manifest.days)].map((key) => localeSchema.parse(key)))) {
      const before = base[locale] ?? {};
      const after = manifest.days[locale] ?? {};
      const patch: Record<string, string | null> = {};
      for (const [day, lastmod] of Object.entries(after)) if (before[day] !== lastmod) patch[day] = lastmod;
      for (const day of Object.keys(before)) if (!(day in after)) patch[day] = null;
      if (Object.keys(patch).length > 0) days[locale] = patch;
    }
    const pages: Delta['pages'] = { ...manifest.pages };
    for (const entry of manifest.keys ?? []) if (this.#pages.has(entry) && !(entry in pages)) pages[entry] = null;
    const delta: Delta = { changed: [...changed], articles: manifest.articles, days, pages };
    this.#applyDelta(delta);
    await appendFile(path.join(releaseDir, DELTA_FILE), `${JSON.stringify(delta)}\n`);
  }

  #applyDelta(delta: Delta): void {
    for (const documentId of delta.changed) this.#versions.delete(documentId);
    for (const article of delta.articles) this.#set(article);
    const days: Days = { ...this.#days };
    for (const [key, patch] of Object.entries(delta.days)) {
      const locale = localeSchema.parse(key);
      const next = { ...days[locale] };
      for (const [day, lastmod] of Object.entries(patch ?? {})) {
        if (lastmod === null) delete next[day];
        else next[day] = lastmod;
      }
      days[locale] = next;
    }
    this.#days = days;
    for (const [entry, page] of Object.entries(delta.pages)) {
      if (page === null) this.#pages.delete(entry);
      else this.#pages.set(entry, page);
    }
  }

  #set(article: ManifestArticle): void {
    const versions = this.#versions.get(article.documentId) ?? new Map<Locale, ManifestArticle>();
    versions.set(article.locale, article);
    this.#versions.set(article.documentId, versions);
  }
}
