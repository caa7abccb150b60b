/**
 * The comments function (@tilshi/comments) mounted under /api/ as the site's
 * only on-demand route: `prerender = false`, so the Node adapter serves it
 * from the same server as the static pages and the Netlify/Vercel adapters
 * turn it into a serverless function (comments/README.md, "Deploying the
 * comments function"). A thin adapter: the handler is built once, on the
 * first request, from the server environment through astro:env (declared in
 * astro.config.mjs), and every request goes to it unchanged. Under the
 * site's own Node server (serve.mjs), the handler goes in the server's slot
 * (src/lib/comments-host.ts): the server answers GETs under /api/ with it
 * directly, so the process keeps one read cache whichever path a request takes.
 *
 * The static build never needs the function's secrets: without a valid
 * configuration the site still builds and serves, and this route answers
 * 503 not_configured (naming the variables to set) while the reason is
 * logged once.
 */
import type { APIRoute } from 'astro';
import {
  COMMENTS_AUTH_FLOOR_MS,
  COMMENTS_AUTO_TRUST_AFTER,
  COMMENTS_CLIENT_ADDRESS,
  COMMENTS_COOKIE_NAME,
  COMMENTS_IDENTITY,
  COMMENTS_LIMITS,
  COMMENTS_MAIL_FROM,
  COMMENTS_MAIL_URL,
  COMMENTS_MAX_BODY_BYTES,
  COMMENTS_PHONE_COUNTRIES,
  COMMENTS_RATE_PER_DAY,
  COMMENTS_RATE_PER_MINUTE,
  COMMENTS_REPORTS_TO_HIDE,
  COMMENTS_SESSION_SECRET,
  COMMENTS_SMS,
  COMMENTS_SMS_FROM,
  COMMENTS_STRAPI_TIMEOUT_MS,
  MOBIZON_API_KEY,
  MOBIZON_API_URL,
  SITE_ORIGIN,
  SITE_URL,
  STRAPI_COMMENTS_TOKEN,
  STRAPI_URL,
} from 'astro:env/server';
import { createHandlerFromEnvOrUnavailable, type CommentsHandler } from '@tilshi/comments';
import { commentsHost } from '../../lib/comments-host.ts';

export const prerender = false;

let handler: CommentsHandler | undefined;

function commentsHandler(): CommentsHandler {
  const host = commentsHost();
  // Another release's bundle in this server may have made the process's handler already.
  if (host?.handler) return host.handler;
  handler ??= createHandlerFromEnvOrUnavailable(
    {
      STRAPI_URL,
      STRAPI_COMMENTS_TOKEN,
      COMMENTS_SESSION_SECRET,
      COMMENTS_MAIL_URL,
      COMMENTS_MAIL_FROM,
      COMMENTS_CLIENT_ADDRESS,
      COMMENTS_LIMITS,
      COMMENTS_AUTH_FLOOR_MS,
      // The site's own origin unless the deployment lists its origins (www, a preview domain…).
      SITE_ORIGIN: SITE_ORIGIN || new URL(SITE_URL).origin,
      // The route lives at /api/[...path]: the prefix is not configurable here.
      COMMENTS_BASE_PATH: '/api',
      COMMENTS_RATE_PER_MINUTE,
      COMMENTS_RATE_PER_DAY,
      COMMENTS_AUTO_TRUST_AFTER,
      COMMENTS_MAX_BODY_BYTES,
      COMMENTS_STRAPI_TIMEOUT_MS,
      COMMENTS_COOKIE_NAME,
      COMMENTS_IDENTITY,
      COMMENTS_PHONE_COUNTRIES,
      COMMENTS_SMS,
      MOBIZON_API_KEY,
      MOBIZON_API_URL,
      COMMENTS_SMS_FROM,
      COMMENTS_REPORTS_TO_HIDE,
    },
    {
      onError: (error, request) => console.error(`[comments] ${request.method} ${request.path}:`, error),
    },
    (error) => console.error(`[comments] ${error.message}\n[comments] every /api/ request answers 503 not_configured until these are set.`),
  );
  if (host) host.handler = handler;
  return handler;
}

/** The reader's address as the adapter saw the connection; the function decides whether to trust forwarded headers instead (COMMENTS_CLIENT_ADDRESS). */
function clientAddressOf(context: Parameters<APIRoute>[0]): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    // Some hosts cannot tell (Astro throws): the function then counts the reader as "unknown".
    return undefined;
  }
}

export const ALL: APIRoute = (context) => {
  const clientAddress = clientAddressOf(context);
  return commentsHandler()(context.request, clientAddress ? { clientAddress } : {});
};
