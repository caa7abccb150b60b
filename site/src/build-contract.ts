/**
 * The site's half of the build contract: the rules of the site the publish
 * service relies on to decide which pages a change touches (the scope keys
 * an article is listed under, which articles may list another as "read
 * next", where a page lives). The publish service imports these from here
 * (`@tilshi/site/build-contract`) and nothing else of `site/src`; the data
 * that travels between a build and the service (scope file, manifest, build
 * result) is declared in `@tilshi/shared-types` (build-contract.ts).
 */
export { LOCALE_PREFIX } from './config.ts';
export { dayOf } from './lib/format.ts';
export { changedAt } from './lib/listing-rules.ts';
export { possibleListers, type RelatedFacts } from './lib/related.ts';
export { articleKeys, PAGES_SITEMAP_KEY, type ScopeArticle } from './lib/scope-rules.ts';
export { paths } from './lib/urls.ts';
