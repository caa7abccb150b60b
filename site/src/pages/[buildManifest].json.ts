/**
 * /tilshi-build-manifest.json, written only when TILSHI_BUILD_MANIFEST is set
 * (by the publish service, which moves it out of the site before anything
 * goes live): what this build rendered, for the service's index of the live
 * site.
 *
 * - `keys`: the resolved scope (`kind|key` entries), null for a full build;
 * - `articles`: every article version whose page this build rendered, with
 *   what scope resolution needs to know about it later (when it is unpublished
 *   or moves, its old rubric, tags, day… must be rebuilt);
 * - `days`: per locale, every archive day of the site with the newest change
 *   of its articles (the next scoped build's `days`);
 * - `pages`: the entity pages it rendered, with their paths and the other
 *   entities they show (the shape is @tilshi/shared-types' build contract).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { TILSHI_BUILD_MANIFEST } from 'astro:env/server';
import {
  MANIFEST_VERSION,
  scopeEntry,
  type BuildManifest,
  type EntityPage,
  type ManifestArticle,
  type ScopeKind,
} from '@tilshi/shared-types';
import { LOCALES } from '../config.ts';
import { catalog, type ArticleView } from '../lib/content.ts';
import { buildPartition, buildScope } from '../lib/scope.ts';
import { inPartition } from '../lib/scope-rules.ts';
import { paths } from '../lib/urls.ts';

const BUILD_MANIFEST_NAME = 'tilshi-build-manifest';

export const getStaticPaths = (() =>
  TILSHI_BUILD_MANIFEST ? [{ params: { buildManifest: BUILD_MANIFEST_NAME } }] : []) satisfies GetStaticPaths;

const ids = (items: ReadonlyArray<{ documentId: string }>) => items.map((item) => item.documentId);

/** An article version as the service's index of dependents keeps it. */
function manifestArticle(article: ArticleView): ManifestArticle {
  const photos = [...(article.cover ? [article.cover] : []), ...article.gallery];
  return {
    documentId: article.documentId,
    locale: article.locale,
    id: article.id,
    path: article.path,
    publicationDate: article.publicationDate,
    publishedAt: article.publishedAt,
    updatedAt: article.updatedAt,
    modified: article.modified,
    rubric: article.rubric?.documentId ?? null,
    tags: ids(article.tags),
    authors: ids(article.authors),
    event: article.event
      ? { documentId: article.event.documentId, organizers: ids(article.event.organizers), supporters: ids(article.event.supporters) }
      : null,
    credits: [...new Set(photos.map((photo) => photo.credit.documentId))],
    files: [...new Set(photos.map((photo) => photo.image.id))],
  };
}

export const GET: APIRoute = async () => {
  const c = await catalog();
  const scope = await buildScope();
  const partition = await buildPartition();
  const rendered = (kind: ScopeKind, key: string) => (!scope || scope.keys.has(scopeEntry(kind, key))) && inPartition(partition, kind, key);
  const articles = LOCALES.flatMap((locale) => c.articles(locale))
    .filter((article) => rendered('article', `${article.locale}:${article.documentId}`))
    .map(manifestArticle);
  const pages: Record<string, EntityPage> = {};
  const page = (kind: ScopeKind, key: string, path: string, shows: string[] = []) => {
    if (rendered(kind, key)) pages[scopeEntry(kind, key)] = { path, shows };
  };
  for (const locale of LOCALES) {
    const key = (documentId: string) => `${locale}:${documentId}`;
    for (const rubric of c.rubrics(locale)) page('rubric', key(rubric.documentId), paths.rubric(locale, rubric.slug));
    for (const tag of c.tags(locale)) page('tag', key(tag.documentId), paths.tag(locale, tag.slug));
    for (const author of c.authors()) page('author', key(author.documentId), paths.author(locale, author.slug));
    const events = c.events(locale);
    for (const event of events) {
      const orgs = [...event.organizers, ...event.supporters].map((org) => scopeEntry('organization', key(org.documentId)));
      page('event', key(event.documentId), paths.event(locale, event.slug), [...new Set(orgs)]);
    }
    for (const org of c.organizations(locale)) {
      const its = events.filter((event) => [...event.organizers, ...event.supporters].some((o) => o.documentId === org.documentId));
      page(
        'organization',
        key(org.documentId),
        paths.organization(locale, org.slug),
        its.map((event) => scopeEntry('event', key(event.documentId))),
      );
    }
  }
  const days = Object.fromEntries(LOCALES.map((locale) => [locale, Object.fromEntries(c.dayStats(locale))]));
  const body: BuildManifest = { version: MANIFEST_VERSION, keys: scope ? [...scope.keys].sort() : null, articles, days, pages };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
