/**
 * Strapi webhooks: the payload (zod), the shared-secret check, and what an
 * event means for the site (`classify`).
 *
 * Strapi 5 sends `{ event, createdAt, model, uid, entry }` for entries and
 * `{ event, createdAt, media }` for media. Articles have Draft & Publish:
 * their `entry.create` / `entry.update` concern the draft (no change on the
 * site); `entry.publish`, `entry.unpublish` and `entry.delete` change it.
 * The other content types have no drafts: each of their events is live.
 *
 * What changes cost (publish/README.md has the table):
 * - an article → a scoped build of its bounded set of pages;
 * - a new tag, author, event or organization → a scoped build of its own
 *   page (nothing links to it yet);
 * - an edit or deletion of a tag, author, credit, event or organization, or
 *   a replaced/deleted photo file → an `entity` change: the publish service
 *   rebuilds the pages its index says show it (its own page, the article
 *   pages carrying it, the entity pages listing it; for a photo file the
 *   articles showing it, whose listings show the cover too), in background
 *   chunks when they are many (dependents.ts);
 * - site settings and rubrics (the menu of every page) → `everything`: every
 *   page of the live site, as a full build beside publishing (never holding
 *   it back; dependents.ts planFanOut says why not chunks);
 * - `entry: null` on an article (Strapi sends it when the version was
 *   replaced before the event was delivered) → a catch-up: the articles that
 *   changed in the CMS since the last build; for an unpublish or delete whose
 *   document is unknown, a full build;
 * - a comment that may change an article's approved count (approved at
 *   once, moderated, deleted) → a scoped build of that article's pages: its
 *   page and the listings carry the count as of the build; a new comment
 *   waiting for moderation → nothing. A comment that readers' reports hide
 *   sends no event (the CMS writes it with the query engine, which Strapi's
 *   webhooks do not see): the static count drops at the moderator's decision;
 * - users, banned words, media uploads, draft saves → nothing; so are article
 *   versions and audit entries (cms/src/newsroom/), which the CMS writes
 *   without webhooks anyway.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { LOCALES, scopeEntry, type Locale } from '@tilshi/shared-types';
import { z } from 'zod';

/** The header Strapi's webhook carries (set in the webhook's headers by cms/src/bootstrap/webhook.ts). */
export const SECRET_HEADER = 'x-tilshi-webhook-secret';

export const ARTICLE_UID = 'api::article.article';
export const COMMENT_UID = 'api::comment.comment';
const RUBRIC_UID = 'api::rubric.rubric';

/**
 * A Strapi documentId (24 lowercase letters and digits; any letters, digits, `-` and `_` are taken):
 * it becomes part of scope keys (`rubric|ru:<id>`) and file names, so `|`, `:`, `/`, `%` or dots
 * are refused with a 400 that names the field, not carried into a build.
 */
const documentIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a Strapi documentId: letters, digits, - and _ only');

const entrySchema = z.looseObject({
  documentId: documentIdSchema.optional(),
  locale: z.string().nullable().optional(),
  publishedAt: z.string().nullable().optional(),
  /** Comments: the article they belong to, and their moderation state. */
  articleDocumentId: documentIdSchema.optional(),
  moderationStatus: z.string().optional(),
});

export const webhookPayloadSchema = z.looseObject({
  event: z.string().min(1),
  createdAt: z.string().optional(),
  model: z.string().optional(),
  uid: z.string().optional(),
  entry: entrySchema.nullable().optional(),
  /** Media events: the file (`id`, `url`…). */
  media: z.unknown().optional(),
});
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;

/** Constant-time comparison of the secret a request carries with the configured one (lengths do not leak either). */
export function secretMatches(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** An entity whose edit changes the pages that show it (resolved against the live site's index by dependents.ts). */
export type EntityRef =
  | { type: 'tag' | 'event' | 'organization'; documentId: string; locale: Locale | null }
  | { type: 'author' | 'credit'; documentId: string }
  | { type: 'file'; id: number };

/** How an entity is named in logs and in the status page. */
export function describeEntity(entity: EntityRef): string {
  if (entity.type === 'file') return `photo file ${entity.id}`;
  return `${entity.type} ${entity.documentId}${'locale' in entity && entity.locale ? ` (${entity.locale})` : ''}`;
}

/** What one event asks of the publish service. */
export type Change =
  | { kind: 'articles'; documentId: string; locales: readonly Locale[] | null; event: string }
  | { kind: 'pages'; keys: readonly string[]; event: string }
  | { kind: 'entity'; entity: EntityRef; event: string }
  /** `pages`: what to render at once, before the rest (a rubric's own page); the home pages come first anyway. */
  | { kind: 'everything'; reason: string; pages?: readonly string[] }
  | { kind: 'catch-up'; event: string }
  | { kind: 'full'; reason: string }
  | { kind: 'none'; reason: string };

/** Entity types whose new entries get a page of their own, with the scope kind of that page. */
const OWN_PAGE: Record<string, { kind: string; localized: boolean }> = {
  'api::tag.tag': { kind: 'tag', localized: true },
  'api::author.author': { kind: 'author', localized: false },
  'api::ngo-event.ngo-event': { kind: 'event', localized: true },
  'api::organization.organization': { kind: 'organization', localized: true },
};

/** Entities shown on some pages: an edit rebuilds those (their dependents). */
const ENTITY_TYPES: Record<string, 'tag' | 'author' | 'credit' | 'event' | 'organization'> = {
  'api::tag.tag': 'tag',
  'api::author.author': 'author',
  'api::credit.credit': 'credit',
  'api::ngo-event.ngo-event': 'event',
  'api::organization.organization': 'organization',
};

/** Entities every page shows (the site's name and footer, the rubric menu): an edit rebuilds every page. */
const EVERY_PAGE = new Set(['api::site-setting.site-setting', RUBRIC_UID]);

const mediaSchema = z.looseObject({ id: z.number().int() });

const LIVE_ARTICLE_EVENTS = new Set(['entry.publish', 'entry.unpublish', 'entry.delete']);

const localeOf = (value: string | null | undefined): Locale | undefined => LOCALES.find((locale) => locale === value);

export function classify(payload: WebhookPayload): Change {
  const { event } = payload;
  if (event.startsWith('media.')) {
    // An upload changes nothing until an article uses it (which is an article event); a replaced or deleted file changes every page showing it.
    if (event === 'media.create') return { kind: 'none', reason: 'a new upload is not on the site until an article uses it' };
    const media = mediaSchema.safeParse(payload.media);
    if (!media.success) return { kind: 'everything', reason: `${event} of an unknown file: which pages show it is unknown` };
    return { kind: 'entity', entity: { type: 'file', id: media.data.id }, event };
  }
  if (!event.startsWith('entry.')) return { kind: 'none', reason: `${event} is not a content event` };
  const uid = payload.uid ?? '';
  const entry = payload.entry ?? null;

  if (uid === ARTICLE_UID) {
    if (event === 'entry.draft-discard') return { kind: 'none', reason: 'a discarded draft' };
    const live = LIVE_ARTICLE_EVENTS.has(event) || (entry !== null && Boolean(entry.publishedAt));
    if (!live) return { kind: 'none', reason: `${event} of an article draft` };
    if (!entry?.documentId) {
      return event === 'entry.publish'
        ? { kind: 'catch-up', event }
        : { kind: 'full', reason: `${event} of an article without its entry: which pages it leaves is unknown` };
    }
    const locale = localeOf(entry.locale);
    return { kind: 'articles', documentId: entry.documentId, locales: locale ? [locale] : null, event };
  }

  if (uid === COMMENT_UID) {
    // The static pages show only the approved count: a new comment that waits for moderation changes nothing.
    if (event === 'entry.create' && entry?.moderationStatus !== 'approved')
      return { kind: 'none', reason: 'a new comment awaiting moderation' };
    if (!entry?.articleDocumentId) return { kind: 'none', reason: `${event} of a comment without its article` };
    return { kind: 'articles', documentId: entry.articleDocumentId, locales: null, event };
  }

  if (EVERY_PAGE.has(uid)) {
    const reason = `${event} of ${uid}: shown on every page`;
    // A rubric's own page is what its editor looks at first (the menu of every other page follows).
    if (uid !== RUBRIC_UID || event !== 'entry.update' || !entry?.documentId) return { kind: 'everything', reason };
    const { documentId } = entry;
    const locale = localeOf(entry.locale);
    return { kind: 'everything', reason, pages: (locale ? [locale] : LOCALES).map((l) => scopeEntry('rubric', `${l}:${documentId}`)) };
  }
  const type = ENTITY_TYPES[uid];
  if (!type) return { kind: 'none', reason: `${uid || payload.model || 'an unknown type'} is not shown on the static site` };
  const own = OWN_PAGE[uid];
  if (event === 'entry.create' && own && entry?.documentId) {
    const locales = own.localized ? [localeOf(entry.locale)].filter((l): l is Locale => l !== undefined) : [...LOCALES];
    if (locales.length > 0) return { kind: 'pages', keys: locales.map((locale) => `${own.kind}|${locale}:${entry.documentId}`), event };
  }
  if (event === 'entry.create') return { kind: 'none', reason: `a new ${type} is not on the site until an article uses it` };
  if (!entry?.documentId) return { kind: 'everything', reason: `${event} of a ${type} without its entry: which pages show it is unknown` };
  const entity: EntityRef =
    type === 'author' || type === 'credit'
      ? { type, documentId: entry.documentId }
      : { type, documentId: entry.documentId, locale: localeOf(entry.locale) ?? null };
  return { kind: 'entity', entity, event };
}
