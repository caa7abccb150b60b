/**
 * Routes that are authenticated by something other than a reader's session,
 * and so take requests without the site's Origin:
 * - the opt-out link of e-mails about replies (a token, tokens.ts), from the
 *   site's /unsubscribe/ page or a mail program's one-click POST (RFC 8058);
 * - the CMS's hook that tells this instance the comments changed
 *   (read-cache.ts), authenticated by a value derived from the comments token.
 */
import { unsubscribeRequestSchema } from '@tilshi/shared-types';
import { CommentsError } from '../errors.ts';
import { jsonResponse } from '../http.ts';
import type { Kit, Route } from '../route.ts';

/** `Authorization: Bearer <hex>` compared in constant time with the expected value. */
function sameBearer(header: string | null, expected: string): boolean {
  const given = /^bearer\s+([0-9a-f]{64})$/i.exec(header ?? '')?.[1]?.toLowerCase() ?? '';
  if (given.length !== expected.length || expected.length === 0) return false;
  let difference = 0;
  for (let index = 0; index < expected.length; index += 1) difference |= expected.charCodeAt(index) ^ given.charCodeAt(index);
  return difference === 0;
}

export function notificationRoutes(kit: Kit): Route[] {
  return [
    /**
     * POST /notifications/unsubscribe — no session; any origin. JSON { token, locale? } (the site's
     * /unsubscribe/ page), or `List-Unsubscribe=One-Click` as a form with `?token=` in the URL (a mail
     * program's one-click unsubscribe). 200 { data: { notifyReplies: false } }; 400 invalid_token.
     */
    {
      method: 'POST',
      pattern: /^\/notifications\/unsubscribe$/,
      anyOrigin: true,
      run: async (context) => {
        const type = context.request.headers.get('content-type') ?? '';
        let token: string;
        if (/^application\/x-www-form-urlencoded/i.test(type)) {
          const form = new URLSearchParams((await context.request.text()).slice(0, 1000));
          if (form.get('List-Unsubscribe') !== 'One-Click')
            throw new CommentsError('invalid_request', { details: { fields: ['List-Unsubscribe'] } });
          token = context.url.searchParams.get('token') ?? '';
        } else {
          token = (await kit.parseBody(context, unsubscribeRequestSchema)).token;
        }
        const readerId = await kit.tokens.readerOf(token);
        if (readerId === null) throw new CommentsError('invalid_token');
        const outcome = await kit.store.setNotifications({ userId: readerId, notifyReplies: false });
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_token');
        return jsonResponse(200, { data: { notifyReplies: false } });
      },
    },
    /**
     * POST /internal/changes — the CMS only (Bearer: HMAC of the comments token's secret). Looks at the
     * change feed now and sends the e-mails of replies approved meanwhile. 204. Anyone else: 404.
     */
    {
      method: 'POST',
      pattern: /^\/internal\/changes$/,
      anyOrigin: true,
      run: async (context) => {
        if (!sameBearer(context.request.headers.get('authorization'), await kit.hookSecret)) throw new CommentsError('not_found');
        await kit.cache.refresh();
        await kit.sendReplyNotices();
        return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
      },
    },
  ];
}
