/**
 * Helpers of the comments integration tests: the handler wired to the real
 * Strapi of global-setup.ts, requests as the site's island would send them,
 * readers, articles, and the moderator's actions through the panel's own
 * admin API. Every answer read from the network is parsed with zod.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { authResponseSchema, commentErrorResponseSchema, moderationReasonSchema, type CommentErrorCode } from '@tilshi/shared-types';
import { afterAll, inject } from 'vitest';
import { z } from 'zod';
import { createCommentsHandler, type CommentsHandler, type CommentsHandlerOptions } from '../src/core/handler.ts';
import { DEFAULT_LIMITS, type Limits } from '../src/core/limits.ts';
import { createStrapiStore } from '../src/core/strapi-store.ts';
import { createLogSms } from '../src/core/sms.ts';
import { createSmtpMailer } from '../src/smtp-mailer.ts';
import { createModerator } from '@tilshi/testing/moderator';
import { startSmtp } from '@tilshi/testing/smtp';
import { strapiCall } from '@tilshi/testing/admin';

export const SITE = 'https://tilshi.example';
export const strapi = inject('commentsStrapi');
/** The function's session secret in these tests. */
export const SESSION_SECRET = randomBytes(32).toString('hex');

/** A real SMTP server for this test file: registration and reset codes arrive here. */
export const smtp = await startSmtp();
afterAll(() => smtp.stop());

/**
 * The development SMS provider (the server log), its lines kept here: what `npm start` prints. Codes are
 * read from the newest line after a given index (numbers are masked to their last two digits in the log).
 */
export const smsLog: string[] = [];
export const devSms = createLogSms((line) => smsLog.push(line));

/** The code of the newest logged SMS after `since` lines. */
export function loggedSmsCode(since: number): string {
  const line = smsLog.slice(since).at(-1) ?? '';
  const code = /SMS to \+7 \*\*\* \*\*\* \*\* \d{2}: (\d{6})\b/.exec(line)?.[1];
  if (!code) throw new Error(`no SMS code logged after line ${since}: ${JSON.stringify(smsLog.slice(since))}`);
  return code;
}

let phoneCount = 0;
/** A Kazakh mobile number no other test reader uses (+7 701 …). */
export function newPhone(): string {
  phoneCount += 1;
  return `+7701${String((Date.now() * 7 + phoneCount * 7919) % 10_000_000).padStart(7, '0')}`;
}

/** Every address/e-mail limit raised out of the way: tests of other things register many readers from one address. */
export const RELAXED_LIMITS: Partial<Limits> = Object.fromEntries(
  Object.entries(DEFAULT_LIMITS).map(([name, rule]) => [name, { ...rule, limit: 10_000 }]),
);

export function makeHandler(overrides: Partial<CommentsHandlerOptions> = {}): CommentsHandler {
  return createCommentsHandler({
    store: createStrapiStore({ url: strapi.url, token: strapi.commentsToken }),
    sessionSecret: SESSION_SECRET,
    mailer: createSmtpMailer({ url: smtp.url, from: 'noreply@tilshi.example' }),
    sms: devSms,
    siteOrigins: [SITE],
    // Every read looks at the change feed: the tests check that nothing stale is served after a change.
    cacheCheckMs: 0,
    // The CMS's hook (COMMENTS_HOOK_URLS of global-setup.ts) is authenticated with the comments token.
    hookSecret: strapi.commentsToken,
    limits: RELAXED_LIMITS,
    authFloorMs: 0,
    ...overrides,
  });
}

export type Answer = { status: number; headers: Headers; text: string; json: unknown };

export type CallOptions = {
  body?: unknown;
  /** Raw body, sent as is (with the given content type). */
  rawBody?: BodyInit;
  token?: string;
  /** Origin header; the site's own by default for POST/DELETE, none for GET. null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

/** One request through the handler, as the island would send it. */
export async function call(handler: CommentsHandler, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers = new Headers(options.headers);
  const origin = options.origin === undefined ? (method === 'GET' ? null : SITE) : options.origin;
  if (origin !== null) headers.set('Origin', origin);
  if (options.token) headers.set('Authorization', `Bearer ${options.token}`);
  let body: BodyInit | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    if (!headers.has('Content-Type')) headers.set('Content-Type', 'application/json');
  }
  const response = await handler(new Request(`${SITE}${path}`, { method, headers, ...(body === undefined ? {} : { body }) }));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text === '' ? null : JSON.parse(text) };
}

/** The error code of an answer (throws when it is not a valid error answer). */
export function errorCode(answer: Answer): CommentErrorCode {
  return commentErrorResponseSchema.parse(answer.json).error.code;
}

export type TestReader = { id: number; username: string; email: string; password: string; token: string; phone: string | null };

let readerCount = 0;

/** The session token a response set as the cookie (tests send it back as a Bearer token or a Cookie). */
export function sessionTokenOf(answer: Answer): string {
  const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('tilshi_session='));
  const token = cookie ? decodeURIComponent(cookie.slice('tilshi_session='.length).split(';')[0] ?? '') : '';
  if (!token) throw new Error(`no session cookie in ${answer.status} ${answer.text}`);
  return token;
}

/** Confirms a mobile number for a signed-in reader through the function with the development SMS provider. */
export async function confirmPhone(handler: CommentsHandler, token: string, phone: string = newPhone()): Promise<string> {
  const since = smsLog.length;
  const asked = await call(handler, 'POST', '/api/auth/phone', { token, body: { phone } });
  if (asked.status !== 202) throw new Error(`asking for an SMS code failed: ${asked.status} ${asked.text}`);
  const verified = await call(handler, 'POST', '/api/auth/phone/verify', { token, body: { code: loggedSmsCode(since) } });
  if (verified.status !== 200) throw new Error(`confirming the number failed: ${verified.status} ${verified.text}`);
  return phone;
}

/**
 * Registers a new reader through the function: register, the code from the e-mail, verify, and (unless
 * `phone: false`) a mobile number confirmed by SMS, as identity mode `phone` asks before the first comment.
 */
export async function registerReader(handler: CommentsHandler, prefix = 'reader', options: { phone?: boolean } = {}): Promise<TestReader> {
  readerCount += 1;
  const username = `${prefix}${readerCount}_${randomUUID().slice(0, 8)}`;
  const email = `${username}@example.com`;
  const password = 'Reader-pass-1';
  const since = smtp.messages.length;
  const answer = await call(handler, 'POST', '/api/auth/register', { body: { username, email, password } });
  if (answer.status !== 202) throw new Error(`registering ${username} failed: ${answer.status} ${answer.text}`);
  const code = await smtp.codeFor(email, { since });
  const verified = await call(handler, 'POST', '/api/auth/verify', { body: { email, code } });
  if (verified.status !== 200) throw new Error(`verifying ${username} failed: ${verified.status} ${verified.text}`);
  const { data } = authResponseSchema.parse(verified.json);
  const token = sessionTokenOf(verified);
  const phone = options.phone === false ? null : await confirmPhone(handler, token);
  return { id: data.user.id, username, email, password, token, phone };
}

const documentSchema = z.object({ data: z.object({ documentId: z.string(), id: z.number() }) });

/** Strapi's REST API with a token of its own (the write token, the comments token, a reader's JWT…). */
export function strapiRest(method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: unknown }> {
  return strapiCall(strapi.url, token, method, path, body);
}

/** Creates an article with the write token: published in Russian (and Kazakh), or a draft. */
export async function createArticle(options: { kk?: boolean; draft?: boolean } = {}): Promise<string> {
  const stamp = randomUUID().slice(0, 8);
  const created = await strapiRest('POST', `/api/articles${options.draft ? '?status=draft' : ''}`, strapi.writeToken, {
    data: { title: `Новость для комментариев ${stamp}`, lead: 'Лид новости.' },
  });
  if (created.status !== 201) throw new Error(`creating an article failed: ${created.status} ${JSON.stringify(created.json)}`);
  const { documentId } = documentSchema.parse(created.json).data;
  if (options.kk) {
    const kk = await strapiRest('PUT', `/api/articles/${documentId}?locale=kk`, strapi.writeToken, {
      data: { title: `Пікірлерге арналған жаңалық ${stamp}`, lead: 'Жаңалықтың лиды.' },
    });
    if (kk.status !== 200) throw new Error(`adding the Kazakh version failed: ${kk.status} ${JSON.stringify(kk.json)}`);
  }
  return documentId;
}

// --- The moderator, through the panel's admin API (moderator.ts) --------------

const moderator = createModerator({ url: strapi.url, adminToken: strapi.adminToken });
export const { adminCall, setReaderFlags, moderate, addBannedWord, setPublished } = moderator;

const storedCommentSchema = z.object({
  data: z.array(
    z.object({
      documentId: z.string(),
      body: z.string(),
      moderationStatus: z.string(),
      moderationNote: z.string().nullable(),
      moderationReasons: z.array(moderationReasonSchema).nullable(),
      authorId: z.number(),
      articleDocumentId: z.string(),
      idempotencyKey: z.string().nullable(),
    }),
  ),
});

/** Comments as Strapi stores them (read with the comments token), filtered by Strapi filters. */
export async function storedComments(filters: string): Promise<z.infer<typeof storedCommentSchema>['data']> {
  const answer = await strapiRest('GET', `/api/comments?${filters}&pagination[pageSize]=100`, strapi.commentsToken);
  return storedCommentSchema.parse(answer.json).data;
}
