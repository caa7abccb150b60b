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
 *   of its articles (the next scoped build's `days`).
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { TILSHI_BUILD_MANIFEST } from 'astro:env/server';
import { LOCALES } from '../config.ts';
import { catalog } from '../lib/content.ts';
import { buildScope, scopeEntry } from '../lib/scope.ts';

const BUILD_MANIFEST_NAME = 'tilshi-build-manifest';

export const getStaticPaths = (() =>
  TILSHI_BUILD_MANIFEST ? [{ params: { buildManifest: BUILD_MANIFEST_NAME } }] : []) satisfies GetStaticPaths;

export const GET: APIRoute = async () => {
  const c = await catalog();
  const scope = await buildScope();
  const ids = (items: ReadonlyArray<{ documentId: string }>) => items.map((item) => item.documentId);
  const articles = LOCALES.flatMap((locale) => c.articles(locale))
    .filter((article) => !scope || scope.keys.has(scopeEntry('article', `${article.locale}:${article.documentId}`)))
    .map((article) => ({
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
    }));
  const days = Object.fromEntries(LOCALES.map((locale) => [locale, Object.fromEntries(c.dayStats(locale))]));
  const body = { version: 2, keys: scope ? [...scope.keys].sort() : null, articles, days };
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
