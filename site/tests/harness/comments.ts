/**
 * The comments function in the site tests: the built site served by its Node
 * server WITH the function's settings (as `npm start` runs it), a moderator
 * acting through Strapi's admin API (the comments tests' helper), and
 * requests to /api/ as a browser or another client sends them.
 */
import { z } from 'zod';
import type { SiteFixture } from '../global-setup.ts';
import { createModerator, type Moderator } from '@tilshi/testing/moderator';
import type { MobizonStandIn } from '@tilshi/testing/mobizon';
import type { SmtpStandIn } from '@tilshi/testing/smtp';
import { freePort } from '@tilshi/testing/ports';
import { rawRequest, serveSite, type RunningSite } from '@tilshi/testing/site';

/**
 * The function's server settings for a site served at `url` (its own origin is the one allowed),
 * mailing codes to a real SMTP server of the test and sending SMS codes through the Mobizon
 * stand-in when one is given (the server log otherwise). The site tests register a dozen readers
 * from one loopback address: the per-address registration and SMS limits are raised for them
 * (limits are tested in comments/tests/), and the enumeration floor is short.
 */
export function commentsEnv(site: SiteFixture, smtp: SmtpStandIn, sms?: MobizonStandIn): (url: string) => Record<string, string> {
  return (url) => ({
    STRAPI_COMMENTS_TOKEN: site.comments.token,
    COMMENTS_SESSION_SECRET: site.comments.sessionSecret,
    COMMENTS_MAIL_URL: smtp.url,
    ...(sms ? { COMMENTS_SMS: 'mobizon', MOBIZON_API_KEY: sms.apiKey, MOBIZON_API_URL: sms.url } : { COMMENTS_SMS: 'log' }),
    COMMENTS_LIMITS: 'registerPerAddress=1000/3600,smsPerAddress=1000/3600,reportsPerAddress=1000/3600',
    COMMENTS_AUTH_FLOOR_MS: '50',
    SITE_ORIGIN: url,
  });
}

/** The shared build, served with the comments function under /api/, on the port the CMS calls its hook on. */
export function serveWithComments(site: SiteFixture, smtp: SmtpStandIn, sms?: MobizonStandIn): Promise<RunningSite> {
  return serveSite(site.outDir, { env: commentsEnv(site, smtp, sms), port: site.comments.hookPort });
}

/**
 * The shared build served twice with the same settings: as usual (requests under /api/ answered
 * by serve.mjs with the handler directly) and with TILSHI_API_THROUGH_ADAPTER=1 (everything
 * through the adapter and Astro, the reference). One list of origins for both, so that an Origin
 * header means the same to each. The route makes the handler on its first request, which
 * therefore goes through the adapter: one is made here.
 */
export async function serveBothWays(
  site: SiteFixture,
  smtp: SmtpStandIn,
  sms: MobizonStandIn,
): Promise<{ direct: RunningSite; throughAdapter: RunningSite }> {
  const ports = [await freePort(), await freePort()] as const;
  const origins = ports.map((port) => `http://127.0.0.1:${port}`).join(',');
  const env = (extra: Record<string, string>) => (url: string) => ({
    ...commentsEnv(site, smtp, sms)(url),
    SITE_ORIGIN: origins,
    ...extra,
  });
  const direct = await serveSite(site.outDir, { port: ports[0], env: env({}) });
  const throughAdapter = await serveSite(site.outDir, { port: ports[1], env: env({ TILSHI_API_THROUGH_ADAPTER: '1' }) });
  await rawRequest(direct.url, 'GET', `/api/comments/counts/?articles=${site.seed.documentId}`);
  return { direct, throughAdapter };
}

/** Hop-by-hop and per-response headers: not part of what the function answered. */
export const FRAMING_HEADERS = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

let phoneCount = 0;
/** A Kazakh mobile number no other reader of this run uses (+7 702 …). */
export function newPhone(): string {
  phoneCount += 1;
  return `+7702${String((Date.now() * 13 + phoneCount * 7919) % 10_000_000).padStart(7, '0')}`;
}

/** The session token a response set as its cookie (what a browser keeps; clients may send it as a Bearer token). */
export function sessionTokenOf(response: Response): string {
  const cookie = response.headers.getSetCookie().find((line) => line.startsWith('tilshi_session='));
  const token = cookie ? decodeURIComponent(cookie.slice('tilshi_session='.length).split(';')[0] ?? '') : '';
  if (!token) throw new Error(`no session cookie in the answer (${response.status})`);
  return token;
}

/**
 * A new reader through the site's function as a non-browser client would register: the form's fields,
 * the code from the e-mail, verify, then a mobile number confirmed with the SMS the gateway stand-in
 * received. Returns the session token.
 */
export async function registerThroughSite(
  server: RunningSite,
  smtp: SmtpStandIn,
  sms: MobizonStandIn,
  account: { username: string; email: string; password: string },
): Promise<string> {
  const headers = { 'Content-Type': 'application/json', Origin: server.url };
  const since = smtp.messages.length;
  const registered = await fetch(`${server.url}/api/auth/register/`, { method: 'POST', headers, body: JSON.stringify(account) });
  if (registered.status !== 202) throw new Error(`registering ${account.username}: ${registered.status} ${await registered.text()}`);
  const code = await smtp.codeFor(account.email, { since });
  const verified = await fetch(`${server.url}/api/auth/verify/`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ email: account.email, code }),
  });
  if (verified.status !== 200) throw new Error(`verifying ${account.username}: ${verified.status} ${await verified.text()}`);
  z.object({ data: z.object({ user: z.object({ username: z.literal(account.username) }) }) }).parse(await verified.json());
  const token = sessionTokenOf(verified);
  const signed = { ...headers, Authorization: `Bearer ${token}` };
  const phone = newPhone();
  const asked = await fetch(`${server.url}/api/auth/phone/`, { method: 'POST', headers: signed, body: JSON.stringify({ phone }) });
  if (asked.status !== 202) throw new Error(`asking an SMS code for ${account.username}: ${asked.status} ${await asked.text()}`);
  const confirmed = await fetch(`${server.url}/api/auth/phone/verify/`, {
    method: 'POST',
    headers: signed,
    body: JSON.stringify({ code: sms.codeFor(phone) }),
  });
  if (confirmed.status !== 200)
    throw new Error(`confirming the number of ${account.username}: ${confirmed.status} ${await confirmed.text()}`);
  return token;
}

export function moderatorOf(site: SiteFixture): Moderator {
  return createModerator({ url: site.strapi.url, adminToken: site.comments.adminToken });
}

/** Approves the newest comment whose text is exactly `body`, as a moderator does in the panel. */
export async function approveComment(site: SiteFixture, body: string): Promise<void> {
  const moderator = moderatorOf(site);
  const [comment] = await moderator.findComments(body);
  if (!comment) throw new Error(`no comment with the text ${JSON.stringify(body)} awaits moderation`);
  await moderator.moderate(comment.documentId, 'approved');
}
