/**
 * How the site's Node server (serve.mjs) and the comments route
 * (src/pages/api/[...path].ts) share one handler per process.
 *
 * The server answers GETs under /api/ itself, before the adapter's
 * static-file lookup and Astro's routing, with the handler the route made;
 * the other methods still go through Astro to the route. The read cache, the
 * write batches and the CMS's hook (POST /api/internal/changes) belong to a
 * handler, so both paths must use the same one: the server puts an empty
 * slot on `globalThis` at start, the route fills it on its first request
 * (with its settings from astro:env) and uses what is there after that,
 * whichever release's bundle it comes from. Without the slot (astro dev, the
 * serverless adapters) the route keeps its own handler, as before.
 *
 * Plain TypeScript without imports: serve.mjs loads it with Node's type stripping.
 */

/** What the route puts in the server's slot. */
export type CommentsHost = { handler?: (request: Request, connection?: { clientAddress?: string }) => Promise<Response> };

/** The slot's key on `globalThis` (a registered symbol: the bundle and serve.mjs each load this file). */
export const COMMENTS_HOST = Symbol.for('tilshi.comments.host');

/** The server's slot, when the process has one. */
export function commentsHost(): CommentsHost | undefined {
  const host: unknown = Reflect.get(globalThis, COMMENTS_HOST);
  return typeof host === 'object' && host !== null ? host : undefined;
}
