/**
 * Conditional GETs of uploaded files (`global::conditional-uploads`, config/middlewares.ts).
 *
 * Strapi serves /uploads with koa-static, which sends Last-Modified (and here an ETag, config/plugins.ts)
 * but answers every request with the whole file, also a revalidation that says the copy is current. Astro
 * keeps a copy of each remote photo and revalidates it once per size and format it makes of it, so every
 * build downloaded every photo of its pages several times (BENCHMARKS.md, 4 December, "uploaded photos answer revalidations with 304"). Here a
 * revalidation whose validators match the file gets 304 Not Modified and no body; a replaced photo (same
 * URL, new bytes: Strapi keeps the file name on replace) has a new ETag and comes in full.
 *
 * koa's own `ctx.fresh` is not used: it calls every request with `Cache-Control: no-cache` stale, and
 * fetch() (Node's, so Astro's) adds exactly that to every request with validators. That header asks caches
 * on the way to revalidate; the origin server still evaluates the validators (RFC 9110, 13.2.1).
 */
import type { Core } from '@strapi/strapi';

const UPLOADS = '/uploads/';

type Headers = Record<string, string | string[] | undefined>;

const single = (value: string | string[] | number | undefined): string | undefined =>
  Array.isArray(value) ? value.join(',') : value === undefined ? undefined : String(value);

/** The entity tag without its weakness mark: If-None-Match compares weakly (RFC 9110, 13.1.2). */
const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/**
 * Whether a GET with these request headers may be answered 304 for a file with these validators
 * (RFC 9110, 13.2.2): If-None-Match decides when present, If-Modified-Since only without it.
 */
export function notModified(request: Headers, response: { etag?: string; lastModified?: string }): boolean {
  const noneMatch = single(request['if-none-match']);
  if (noneMatch !== undefined) {
    if (noneMatch.trim() === '*') return true;
    const { etag } = response;
    if (!etag) return false;
    return noneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
  }
  const since = Date.parse(single(request['if-modified-since']) ?? '');
  const modified = Date.parse(response.lastModified ?? '');
  return Number.isFinite(since) && Number.isFinite(modified) && modified <= since;
}

const conditionalUploads: Core.MiddlewareFactory = () => async (ctx, next) => {
  await next();
  if (!ctx.path.startsWith(UPLOADS) || (ctx.method !== 'GET' && ctx.method !== 'HEAD')) return;
  // Only a whole file (not a range, not an error) can be "not modified".
  if (ctx.status !== 200) return;
  const validators = {
    etag: single(ctx.response.get('ETag')) || undefined,
    lastModified: single(ctx.response.get('Last-Modified')) || undefined,
  };
  if (!notModified(ctx.request.headers, validators)) return;
  // koa answers 304 without a body and closes the file stream koa-static opened when the response ends.
  ctx.status = 304;
};

export default conditionalUploads;
