/**
 * The build contract between the site (`site/`) and the publish service
 * (`publish/`): which pages a build renders (scope entries) and what it
 * rendered (the build manifest). The site writes the manifest
 * (site/src/pages/[buildManifest].json.ts) and reads the scope; the service
 * writes the scope and keeps the manifests as the live site's index of
 * dependents: for every page, which entities it shows.
 *
 * A scope entry names one page (or one family of pages, such as a day's
 * sitemap) as `kind` and `key`; on the wire and in sets it is the string
 * `kind|key`, written and read only by `scopeEntry` and `parseScopeEntry`.
 */
import { z } from 'zod';
import { localeSchema } from './common.ts';

/** What a getStaticPaths renders; keys are documented per kind. */
export const SCOPE_KINDS = [
  /** `<locale>:<article documentId>` */
  'article',
  /** `<locale>` */
  'home',
  /** `<locale>:<documentId>` of the rubric, tag, author, event or organization */
  'rubric',
  'tag',
  'author',
  'event',
  'organization',
  /** `<locale>:<yyyy>-<mm>-<dd>`: the archive page of a day */
  'archive',
  /** `<locale>:<yyyy>-<mm>`: the archive page of a month (its days) */
  'month',
  /** `<yyyy>-<mm>-<dd>`: the article sitemap of a day (one file for both locales) */
  'sitemap',
  /** `<locale>` for the locale's feed, `<locale>:<rubric documentId>` for a rubric's */
  'feed',
  /** `<locale>:<name>` of a page that does not depend on articles (search, 404, archive index) */
  'page',
] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export const scopeKindSchema = z.enum(SCOPE_KINDS);

/** The kinds of pages an entity has of its own (`<locale>:<documentId>` keys). */
export const ENTITY_PAGE_KINDS = ['rubric', 'tag', 'author', 'event', 'organization'] as const satisfies readonly ScopeKind[];
export type EntityPageKind = (typeof ENTITY_PAGE_KINDS)[number];

export const scopeEntry = (kind: ScopeKind, key: string): string => `${kind}|${key}`;

/** A scope entry taken apart; `null` for a string that is not one (an unknown kind or no key). */
export function parseScopeEntry(entry: string): { kind: ScopeKind; key: string } | null {
  const bar = entry.indexOf('|');
  if (bar <= 0) return null;
  const kind = scopeKindSchema.safeParse(entry.slice(0, bar));
  const key = entry.slice(bar + 1);
  return kind.success && key !== '' ? { kind: kind.data, key } : null;
}

/** `<locale>:<documentId>` keys (articles and entity pages) taken apart; `null` when the locale is not one of the site's. */
export function parseLocaleKey(key: string): { locale: z.infer<typeof localeSchema>; id: string } | null {
  const colon = key.indexOf(':');
  const locale = localeSchema.safeParse(key.slice(0, colon));
  return colon > 0 && locale.success ? { locale: locale.data, id: key.slice(colon + 1) } : null;
}

const instant = z.string().min(1);

/** `YYYY-MM-DD`, the key of an archive day. */
export const dayKeySchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'not a YYYY-MM-DD day');
const instantSchema = z.iso.datetime({ offset: true });

/**
 * The scope file of a scoped build (TILSHI_BUILD_SCOPE), written by the
 * publish service: the changed articles, extra pages (scope entries taken
 * apart), `since` and the live site's archive days (site/src/lib/scope-rules.ts
 * says how a build resolves it).
 */
export const scopeFileSchema = z.strictObject({
  articles: z.array(z.strictObject({ documentId: z.string().min(1), locales: z.array(localeSchema).min(1).optional() })),
  extra: z.array(z.strictObject({ kind: scopeKindSchema, key: z.string().min(1) })).default([]),
  since: instantSchema.optional(),
  days: z.partialRecord(localeSchema, z.record(dayKeySchema, instantSchema)).optional(),
});
export type ScopeFile = z.infer<typeof scopeFileSchema>;

/** One article version a build rendered, with every entity its pages show (what its dependents are). */
export const manifestArticleSchema = z.object({
  documentId: z.string().min(1),
  locale: localeSchema,
  /** Strapi's row id: the listings' tie-breaker after the date ("read next" needs it). */
  id: z.number().int().optional(),
  path: z.string().startsWith('/'),
  publicationDate: instant.nullable(),
  publishedAt: instant,
  updatedAt: instant,
  modified: instant,
  rubric: z.string().nullable(),
  tags: z.array(z.string()),
  authors: z.array(z.string()),
  event: z.object({ documentId: z.string(), organizers: z.array(z.string()), supporters: z.array(z.string()) }).nullable(),
  /** documentIds of the credits of its photos (cover and gallery). */
  credits: z.array(z.string()),
  /** Media-library file ids of its cover and gallery (listings show the cover: a replaced file changes them too). */
  files: z.array(z.number().int()),
});
export type ManifestArticle = z.infer<typeof manifestArticleSchema>;

/** Per locale, every archive day (`YYYY-MM-DD`) with the newest change of its articles. */
export const daysSchema = z.partialRecord(localeSchema, z.record(z.string(), instant));
export type Days = z.infer<typeof daysSchema>;

export const entityPageSchema = z.object({ path: z.string().startsWith('/'), shows: z.array(z.string()) });
export type EntityPage = z.infer<typeof entityPageSchema>;

export const MANIFEST_VERSION = 3;

export const buildManifestSchema = z.object({
  /** 3: credits, files and entity pages (2 lacked them; a release with an older index gets a full build). */
  version: z.literal(MANIFEST_VERSION),
  /** The resolved scope (scope entries); null for a full build. */
  keys: z.array(z.string()).nullable(),
  articles: z.array(manifestArticleSchema),
  days: daysSchema,
  /**
   * The entity pages this build rendered (rubric, tag, author, event,
   * organization), by scope entry: where the page lives, and the other
   * entities it shows besides itself and its articles (an event page its
   * organizations, an organization page its events), as scope entries.
   */
  pages: z.record(z.string(), entityPageSchema),
});
export type BuildManifest = z.infer<typeof buildManifestSchema>;
