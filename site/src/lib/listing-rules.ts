/**
 * The rules of the site's listings, declared once: which articles belong to a
 * rubric's, tag's, author's, event's or organization's page (as a test of an
 * article and as the Strapi filter that finds the same articles), in which
 * order listings show them, and when a version last changed. The full build's
 * pages (lib/content.ts, src/pages) and the scoped sync (lib/strapi/scoped.ts)
 * both use these, so a page a scoped build renders lists exactly what the full
 * build's would.
 */
import type { StrapiQuery } from '@tilshi/shared-types';

/** What the rules read of an article: its relations by documentId (a page's view and a stored entry alike). */
export type ListedArticle = {
  rubric: { documentId: string } | null;
  tags: ReadonlyArray<{ documentId: string }>;
  authors: ReadonlyArray<{ documentId: string }>;
  event: {
    documentId: string;
    organizers: ReadonlyArray<{ documentId: string }>;
    supporters: ReadonlyArray<{ documentId: string }>;
  } | null;
};

export type ListingKind = 'rubric' | 'tag' | 'author' | 'event' | 'organization';

type ListingRule = {
  /** Whether an article belongs to the listing of the entity `documentId`. */
  member: (article: ListedArticle, documentId: string) => boolean;
  /** The Strapi filter that selects the same articles. */
  filter: (documentId: string) => StrapiQuery;
};

const byId = (documentId: string) => ({ documentId: { $eq: documentId } });
const has = (items: ReadonlyArray<{ documentId: string }>, documentId: string) => items.some((item) => item.documentId === documentId);

/** An entity's listing: its test and its filter, for each kind of listing page. */
export const LISTING_RULES: Record<ListingKind, ListingRule> = {
  rubric: { member: (a, id) => a.rubric?.documentId === id, filter: (id) => ({ rubric: byId(id) }) },
  tag: { member: (a, id) => has(a.tags, id), filter: (id) => ({ tags: byId(id) }) },
  author: { member: (a, id) => has(a.authors, id), filter: (id) => ({ authors: byId(id) }) },
  event: { member: (a, id) => a.event?.documentId === id, filter: (id) => ({ event: byId(id) }) },
  // An organization's page lists the articles of the events it organized or supported.
  organization: {
    member: (a, id) => a.event !== null && (has(a.event.organizers, id) || has(a.event.supporters, id)),
    filter: (id) => ({ $or: [{ event: { organizers: byId(id) } }, { event: { supporters: byId(id) } }] }),
  },
};

/**
 * The listing order: newest date first, then the highest id (two versions at the same minute keep
 * one order everywhere). `dateOf`: the date a listing files an article under.
 */
export function newerFirst<T extends { id: number }>(dateOf: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => {
    const da = dateOf(a);
    const db = dateOf(b);
    return da < db ? 1 : da > db ? -1 : b.id - a.id;
  };
}

/** When a version last changed: publishing does not always move updatedAt. */
export function changedAt(entry: { updatedAt?: string | null; publishedAt?: string | null }): string {
  const published = entry.publishedAt ?? '';
  const updated = entry.updatedAt ?? '';
  return published > updated ? published : updated;
}
