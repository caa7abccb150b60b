/**
 * "Read next" dependents (the rule: site/src/lib/related.ts): an article
 * lists older articles of its event, tags or rubric, so publishing a new
 * article changes no other article page — but when an article is edited,
 * moves, is unpublished or is published with an older date, the blocks of
 * some NEWER articles may change. Those are among the RELATED_N nearest newer
 * articles of each group of its previous version (from the service's index)
 * and of its new version (from the CMS): at most RELATED_N per group, so the
 * pages a publish touches stay bounded. Their article pages go into the
 * scope's `extra`.
 */
import type { Locale } from '@tilshi/shared-types';
import { possibleListers, type RelatedFacts } from '@tilshi/site/build-contract';
import type { ArticleFacts } from './cms.ts';
import type { ManifestArticle, SiteIndex } from './site-index.ts';

/** The facts of a live version as the index remembers it. */
export function factsOfManifest(article: ManifestArticle): RelatedFacts {
  return {
    documentId: article.documentId,
    locale: article.locale,
    date: article.publicationDate ?? article.publishedAt,
    id: article.id ?? null,
    rubric: article.rubric,
    tags: article.tags,
    event: article.event?.documentId ?? null,
  };
}

/** The facts of a version as the CMS serves it now. */
export function factsOfCms(article: ArticleFacts): RelatedFacts {
  return {
    documentId: article.documentId,
    locale: article.locale,
    date: article.publicationDate ?? article.publishedAt,
    id: article.id,
    rubric: article.rubric?.documentId ?? null,
    tags: article.tags.map((tag) => tag.documentId),
    event: article.event?.documentId ?? null,
  };
}

/**
 * `article|<locale>:<documentId>` keys of the live articles whose "read next"
 * may change with `changed` (documentId → locales, null: all), given the
 * current versions of the changed documents.
 */
export function relatedDependentKeys(
  index: SiteIndex,
  changed: ReadonlyMap<string, ReadonlySet<Locale> | null>,
  current: readonly ArticleFacts[],
): string[] {
  const live = [...index.allVersions()].map(factsOfManifest);
  const keys = new Set<string>();
  const consider = (facts: RelatedFacts) => {
    for (const lister of possibleListers(facts, live)) {
      if (!changed.has(lister.documentId)) keys.add(`article|${lister.locale}:${lister.documentId}`);
    }
  };
  for (const [documentId, locales] of changed) {
    for (const [locale, version] of index.versionsOf(documentId)) if (!locales || locales.has(locale)) consider(factsOfManifest(version));
  }
  for (const article of current) {
    const locales = changed.get(article.documentId);
    if (changed.has(article.documentId) && (!locales || locales.has(article.locale))) consider(factsOfCms(article));
  }
  return [...keys];
}
