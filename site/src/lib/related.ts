/**
 * "Read next" at the end of an article — the rule, pure (no Astro import),
 * shared by the page, the scoped loader and the publish service:
 *
 * An article lists up to RELATED_N articles of its own language that are
 * OLDER than it (listing order: earlier date, or the same date and a lower
 * id): first those of the same NGO event, then those sharing a tag, then
 * those of the same rubric, each group newest first, no article twice.
 *
 * Why older only: publishing a new article never changes the block of an
 * article already published, so a publish renders no old article page for
 * it. The block of an article changes only when one of the articles it lists
 * changes or leaves; those articles are found without scanning the archive
 * (`possibleListers`): they are among the RELATED_N nearest newer articles of
 * each group the changed article belongs to.
 */
import { RELATED_N } from '../config.ts';

/** What the rule reads of an article. */
export type RelatedFacts = {
  documentId: string;
  locale: string;
  /** The listing date: publicationDate, or publishedAt when there is none. */
  date: string;
  /** Strapi's row id: the tie-breaker of equal dates (null when unknown: ties then count as not older). */
  id: number | null;
  rubric: string | null;
  tags: readonly string[];
  event: string | null;
};

/** Whether `candidate` comes after `article` in listing order (newest first): it is older. */
export function isOlder(candidate: Pick<RelatedFacts, 'date' | 'id'>, article: Pick<RelatedFacts, 'date' | 'id'>): boolean {
  if (candidate.date !== article.date) return candidate.date < article.date;
  return candidate.id !== null && article.id !== null && candidate.id < article.id;
}

const newestFirst = (a: Pick<RelatedFacts, 'date' | 'id'>, b: Pick<RelatedFacts, 'date' | 'id'>) =>
  a.date < b.date ? 1 : a.date > b.date ? -1 : (b.id ?? 0) - (a.id ?? 0);

/** The groups an article shares with another, in the rule's order. */
export const RELATED_GROUPS = ['event', 'tag', 'rubric'] as const;
export type RelatedGroup = (typeof RELATED_GROUPS)[number];

/** Whether `other` belongs to `article`'s group. */
export function inGroup(
  group: RelatedGroup,
  article: Pick<RelatedFacts, 'rubric' | 'tags' | 'event'>,
  other: Pick<RelatedFacts, 'rubric' | 'tags' | 'event'>,
): boolean {
  switch (group) {
    case 'event':
      return article.event !== null && other.event === article.event;
    case 'tag':
      return other.tags.some((tag) => article.tags.includes(tag));
    case 'rubric':
      return article.rubric !== null && other.rubric === article.rubric;
  }
}

/** How many of a group's newest older members can matter: later groups may repeat the earlier ones' picks. */
export const groupDepth = (group: RelatedGroup, n = RELATED_N): number => n * (RELATED_GROUPS.indexOf(group) + 1);

/** The related articles of `article` among `candidates` (any order; other languages and newer ones are ignored). */
export function relatedArticles<T extends RelatedFacts>(article: RelatedFacts, candidates: readonly T[], n = RELATED_N): T[] {
  const older = candidates
    .filter((other) => other.locale === article.locale && other.documentId !== article.documentId && isOlder(other, article))
    .sort(newestFirst);
  const picked: T[] = [];
  const taken = new Set<string>();
  for (const group of RELATED_GROUPS) {
    for (const other of older) {
      if (picked.length >= n) return picked;
      if (taken.has(other.documentId) || !inGroup(group, article, other)) continue;
      picked.push(other);
      taken.add(other.documentId);
    }
  }
  return picked;
}

/**
 * The same rule over a whole archive in O(log n) per article: `articles` in
 * listing order (newest first, one language), indexed by event, tag and
 * rubric once; `of(article)` gives what `relatedArticles` gives.
 */
export function relatedIndex<T extends RelatedFacts>(newestFirstArticles: readonly T[], n = RELATED_N): { of(article: RelatedFacts): T[] } {
  const position = new Map<string, number>();
  const groups = new Map<string, number[]>();
  const add = (key: string, index: number) => {
    const list = groups.get(key);
    if (list) list.push(index);
    else groups.set(key, [index]);
  };
  newestFirstArticles.forEach((article, index) => {
    position.set(`${article.locale}:${article.documentId}`, index);
    if (article.event) add(`event:${article.locale}:${article.event}`, index);
    for (const tag of article.tags) add(`tag:${article.locale}:${tag}`, index);
    if (article.rubric) add(`rubric:${article.locale}:${article.rubric}`, index);
  });
  /** The members of a group after position `from` (older), in order. */
  function* after(key: string, from: number): Generator<T> {
    const list = groups.get(key) ?? [];
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((list[middle] ?? 0) <= from) low = middle + 1;
      else high = middle;
    }
    for (let i = low; i < list.length; i += 1) {
      const member = newestFirstArticles[list[i] ?? -1];
      if (member) yield member;
    }
  }
  return {
    of(article) {
      const at = position.get(`${article.locale}:${article.documentId}`);
      if (at === undefined) return relatedArticles(article, newestFirstArticles, n);
      const picked: T[] = [];
      const taken = new Set<string>();
      const take = (key: string | null): boolean => {
        if (key === null) return picked.length >= n;
        for (const other of after(key, at)) {
          if (picked.length >= n) return true;
          if (taken.has(other.documentId)) continue;
          picked.push(other);
          taken.add(other.documentId);
        }
        return picked.length >= n;
      };
      if (take(article.event ? `event:${article.locale}:${article.event}` : null)) return picked;
      // Tags: the members of any shared tag, merged in listing order.
      const tagMembers = new Map<number, T>();
      for (const tag of article.tags) {
        let count = 0;
        for (const other of after(`tag:${article.locale}:${tag}`, at)) {
          if (count >= n * 2) break;
          const index = position.get(`${other.locale}:${other.documentId}`) ?? Number.MAX_SAFE_INTEGER;
          tagMembers.set(index, other);
          count += 1;
        }
      }
      for (const [, other] of [...tagMembers].sort(([a], [b]) => a - b)) {
        if (picked.length >= n) return picked;
        if (taken.has(other.documentId)) continue;
        picked.push(other);
        taken.add(other.documentId);
      }
      take(article.rubric ? `rubric:${article.locale}:${article.rubric}` : null);
      return picked;
    },
  };
}

/**
 * The articles whose block may list `changed` (a superset, at most RELATED_N
 * per group of `changed`): for each group it belongs to, the RELATED_N
 * nearest articles newer than it in that group. Any article further away has
 * RELATED_N nearer candidates of that group before `changed`.
 */
export function possibleListers<T extends RelatedFacts>(changed: RelatedFacts, articles: Iterable<T>, n = RELATED_N): T[] {
  if (n <= 0) return [];
  const groups: Array<(other: T) => boolean> = [
    ...(changed.event ? [(other: T) => other.event === changed.event] : []),
    ...changed.tags.map((tag) => (other: T) => other.tags.includes(tag)),
    ...(changed.rubric ? [(other: T) => other.rubric === changed.rubric] : []),
  ];
  // One pass over the archive (the publish service asks with every live version): per group, the n nearest
  // newer members, nearest first. An article is nearer than another when it is older (newestFirst > 0);
  // one as near as those already kept goes after them, as a stable sort would put it.
  const nearest: T[][] = groups.map(() => []);
  for (const other of articles) {
    if (other.locale !== changed.locale || other.documentId === changed.documentId || !isOlder(changed, other)) continue;
    for (const [group, member] of groups.entries()) {
      const kept = nearest[group];
      if (!kept || !member(other)) continue;
      const last = kept[n - 1];
      if (last && !(newestFirst(other, last) > 0)) continue;
      let at = kept.length;
      while (at > 0 && newestFirst(other, kept[at - 1] as T) > 0) at -= 1;
      kept.splice(at, 0, other);
      if (kept.length > n) kept.pop();
    }
  }
  const found = new Map<string, T>();
  for (const kept of nearest) for (const other of kept) found.set(other.documentId, other);
  return [...found.values()];
}

/** The facts of a site article (ArticleView, a scoped entry…). */
export function relatedFacts(article: {
  documentId: string;
  locale: string;
  id?: number;
  publicationDate: string | null;
  publishedAt: string;
  rubric: { documentId: string } | null;
  tags: ReadonlyArray<{ documentId: string }>;
  event: { documentId: string } | null;
}): RelatedFacts {
  return {
    documentId: article.documentId,
    locale: article.locale,
    date: article.publicationDate ?? article.publishedAt,
    id: article.id ?? null,
    rubric: article.rubric?.documentId ?? null,
    tags: article.tags.map((tag) => tag.documentId),
    event: article.event?.documentId ?? null,
  };
}
