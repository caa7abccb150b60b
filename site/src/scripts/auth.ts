/**
 * The register and login pages' script (/register/, /login/, /kk/…): sends
 * the form to POST /api/auth/register/ or /api/auth/login/ as JSON, shows the
 * function's error (its message is already in the page's language) beside
 * the field it concerns, and on success returns to the validated `?return=`
 * path (the article the reader came from) or the home page. The session is
 * the HttpOnly cookie the function sets; the script keeps only the
 * signed-in hint (api.ts).
 */
import type { AuthResponse } from '@tilshi/shared-types';
import { commentsUi } from '../i18n/comments.ts';
import { isObject, isReader, isString, pageLocale, READER_KEY, request } from './api.ts';

export function isAuth(value: unknown): value is AuthResponse {
  return isObject(value) && isObject(value.data) && isReader(value.data.user) && isString(value.data.token) && isString(value.data.expiresAt);
}

/** Leaves the signed-in hint the island reads (api.ts): the username and when the session ends. */
export function rememberReader(username: string, expiresAt: string): void {
  try {
    localStorage.setItem(READER_KEY, JSON.stringify({ username, expiresAt }));
  } catch {
    // storage disabled: the island then simply shows the sign-in links
  }
}

/**
 * A `?return=` target made safe: a path on this very origin (never another
 * site, a protocol-relative `//host`, a backslash trick or the API), else the
 * fallback. Returns path + query + hash.
 */
export function safeReturnPath(raw: string | null, origin: string, fallback: string): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return fallback;
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin || url.pathname.startsWith('/api/')) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** Which field an error code is about (the stable codes of @tilshi/shared-types). */
const FIELD_OF_ERROR: Readonly<Record<string, string>> = {
  invalid_username: 'username',
  invalid_email: 'email',
  weak_password: 'password',
  account_exists: 'email',
  invalid_credentials: 'password',
};

export function mountAuthForm(doc: Document): void {
  const form = doc.querySelector('form[data-auth]');
  const error = doc.getElementById('auth-error');
  const submit = form?.querySelector('button[type="submit"]');
  if (!(form instanceof HTMLFormElement) || !error || !(submit instanceof HTMLButtonElement)) return;
  const mode = form.dataset.auth === 'register' ? 'register' : 'login';
  const locale = pageLocale(doc);
  const ui = commentsUi[locale];
  const raw = new URLSearchParams(location.search).get('return');
  const target = safeReturnPath(raw, location.origin, form.dataset.home ?? '/');
  // Switching between the two forms keeps where to return.
  if (raw) doc.querySelectorAll<HTMLAnchorElement>('a[data-keep-return]').forEach((link) => link.setAttribute('href', `${link.pathname}?return=${encodeURIComponent(target)}`));
  // The button stays disabled until this script runs: without it the form must not submit anything.
  submit.disabled = false;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    const body: Record<string, string> = {};
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') body[name] = value;
    for (const field of form.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
    submit.disabled = true;
    error.textContent = '';
    void request('POST', `/auth/${mode}/`, isAuth, { locale, messages: ui, body }).then((answer) => {
      if (answer.ok) {
        rememberReader(answer.data.data.user.username, answer.data.data.expiresAt);
        location.assign(target);
        return;
      }
      submit.disabled = false;
      error.textContent = answer.message;
      const field = form.elements.namedItem(FIELD_OF_ERROR[answer.code] ?? '');
      if (field instanceof HTMLInputElement) {
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      }
    });
  });
}
