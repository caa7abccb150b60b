/**
 * The browser's side of the comments function, shared by the comments island
 * and the register/login pages: same-origin JSON requests under /api/ with
 * the reader's language, answers checked at run time, and the hint that a
 * reader is signed in (written by auth.ts, read here). Keep it to what the
 * island needs: everything here is in the island's download.
 *
 * The answers are checked by small structural guards that mirror the zod
 * schemas of @tilshi/shared-types (shared-types/src/comment.ts): zod itself
 * would not fit the island's 5 KB budget. Only types are imported from there.
 *
 * Every path ends with "/": the site runs with `trailingSlash: 'always'`, so
 * Astro redirects slash-less paths (308) before the function sees them.
 */
import type {
  CommentCountsResponse,
  CommentCreatedResponse,
  CommentListResponse,
  Locale,
  MeResponse,
  PublicComment,
  Reader,
} from '@tilshi/shared-types';

export type Failure = { ok: false; status: number; code: string; message: string };
export type Result<T> = { ok: true; status: number; data: T } | Failure;
export type Guard<T> = (value: unknown) => value is T;

export const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
export const isString = (value: unknown): value is string => typeof value === 'string';

export function isReader(value: unknown): value is Reader {
  return (
    isObject(value) &&
    typeof value.id === 'number' &&
    isString(value.username) &&
    typeof value.trusted === 'boolean' &&
    typeof value.phoneVerified === 'boolean' &&
    (value.phoneEnding === null || isString(value.phoneEnding)) &&
    typeof value.notifyReplies === 'boolean'
  );
}

export function isComment(value: unknown): value is PublicComment {
  return (
    isObject(value) &&
    isString(value.id) &&
    isString(value.article) &&
    isString(value.body) &&
    isString(value.createdAt) &&
    (value.parent === null || isString(value.parent)) &&
    (value.status === 'approved' || value.status === 'pending' || value.status === 'rejected') &&
    isObject(value.author) &&
    isString(value.author.username)
  );
}

export function isCommentList(value: unknown): value is CommentListResponse {
  return (
    isObject(value) &&
    Array.isArray(value.data) &&
    value.data.every(isComment) &&
    isObject(value.meta) &&
    (value.meta.nextCursor === null || isString(value.meta.nextCursor))
  );
}

export function isCreated(value: unknown): value is CommentCreatedResponse {
  return (
    isObject(value) &&
    isComment(value.data) &&
    isObject(value.meta) &&
    isObject(value.meta.moderation) &&
    isString(value.meta.moderation.message)
  );
}

export function isMe(value: unknown): value is MeResponse {
  return (
    isObject(value) &&
    isObject(value.data) &&
    isReader(value.data.user) &&
    isString(value.data.expiresAt) &&
    typeof value.data.phoneRequired === 'boolean'
  );
}

export function isCounts(value: unknown): value is CommentCountsResponse {
  return isObject(value) && isObject(value.data) && Object.values(value.data).every((count) => typeof count === 'number');
}

export const isEmpty = (value: unknown): value is null => value === null;

/** `{ error: { code, message } }` of an error answer, or null when the body is something else (a proxy's page…). */
export function errorOf(value: unknown): { code: string; message: string } | null {
  return isObject(value) && isObject(value.error) && isString(value.error.code) && isString(value.error.message)
    ? { code: value.error.code, message: value.error.message }
    : null;
}

export type Messages = { offline: string; failed: string };

/**
 * One request to the function. Never throws: a network failure is status 0
 * (`offline`), an answer that is not the expected JSON is `failed`; error
 * answers carry the function's code and its message in the reader's language.
 */
export async function request<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  guard: Guard<T>,
  options: { locale: Locale; messages: Messages; body?: object; headers?: Record<string, string> },
): Promise<Result<T>> {
  const url = new URL(`/api${path}`, location.origin);
  url.searchParams.set('locale', options.locale);
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      // Revalidate rather than reuse: the function's `stale-while-revalidate` is meant for CDNs, and a
      // reader who reloads after a comment was approved must not get the browser's stale copy.
      cache: 'no-cache',
      headers: {
        Accept: 'application/json',
        // Also on body-less POSTs and DELETEs: Astro's own origin check only waves through requests that declare a content type.
        ...(method === 'GET' ? {} : { 'Content-Type': 'application/json' }),
        ...options.headers,
      },
      ...(method === 'GET' ? {} : { body: JSON.stringify(options.body ?? {}) }),
    });
  } catch {
    return { ok: false, status: 0, code: 'network', message: options.messages.offline };
  }
  const text = await response.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text === '' ? null : JSON.parse(text);
  } catch {
    // not JSON: handled below
  }
  if (response.ok && guard(json)) return { ok: true, status: response.status, data: json };
  const error = response.ok ? null : errorOf(json);
  return {
    ok: false,
    status: response.status,
    code: error?.code ?? 'unexpected_answer',
    message: error?.message ?? options.messages.failed,
  };
}

// --- The signed-in hint ------------------------------------------------------------

/**
 * The session itself is an HttpOnly cookie that scripts cannot read. So that
 * anonymous readers' page views do not ask GET /api/auth/me (a 401 each time),
 * login and registration leave this hint: a username and an expiry, no secret.
 */
export const READER_KEY = 'tilshi:reader';

/** Leaves (or refreshes, when the function renewed the session) the hint: the username and when the session ends. */
export function rememberReader(username: string, expiresAt: string): void {
  try {
    localStorage.setItem(READER_KEY, JSON.stringify({ username, expiresAt }));
  } catch {
    // storage disabled: the island then simply shows the sign-in links
  }
}

/** The username of the hint, or null when there is none or it expired. */
export function rememberedReader(now: number = Date.now()): string | null {
  try {
    const hint: unknown = JSON.parse(localStorage.getItem(READER_KEY) ?? 'null');
    if (isObject(hint) && isString(hint.username) && isString(hint.expiresAt) && Date.parse(hint.expiresAt) > now) return hint.username;
  } catch {
    // unreadable: treat as signed out
  }
  return null;
}

export function forgetReader(): void {
  try {
    localStorage.removeItem(READER_KEY);
  } catch {
    // nothing to forget
  }
}

/** The locale of the page the script runs on (its <html lang>). */
export function pageLocale(doc: Document): Locale {
  return doc.documentElement.lang === 'kk' ? 'kk' : 'ru';
}
