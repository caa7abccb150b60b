/**
 * The register, login and password-reset pages' script (/register/, /login/,
 * /password/, /kk/…): sends the form to the comments function as JSON, shows
 * the function's error (its message is already in the page's language) beside
 * the field it concerns, and, when the function e-mailed a code, the code
 * step: POST /api/auth/verify/ (registration, or a login of a never confirmed
 * account) or /api/auth/password-reset/confirm/ (with the new password).
 * When the function answers that the reader must still confirm a mobile
 * number (identity mode `phone`), the phone step (phone.ts) comes next.
 * Once signed in it returns to the validated `?return=` path (the article the
 * reader came from) or the home page. The session is the HttpOnly cookie the
 * function sets; the script keeps only the signed-in hint (api.ts).
 */
import type { AuthResponse, CodeSentResponse } from '@tilshi/shared-types';
import { accountUi } from '../i18n/account.ts';
import { commentsUi } from '../i18n/comments.ts';
import { isObject, isReader, isString, pageLocale, rememberReader, request, type Failure } from './api.ts';
import { mountPhoneStep } from './phone.ts';

export function isAuth(value: unknown): value is AuthResponse {
  return (
    isObject(value) &&
    isObject(value.data) &&
    isReader(value.data.user) &&
    isString(value.data.expiresAt) &&
    typeof value.data.phoneRequired === 'boolean'
  );
}

export function isCodeSent(value: unknown): value is CodeSentResponse {
  return isObject(value) && isObject(value.data) && (value.data.next === 'verify' || value.data.next === 'reset');
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
  username_taken: 'username',
  invalid_email: 'email',
  weak_password: 'password',
  invalid_credentials: 'password',
  invalid_code: 'code',
};

type Mode = 'register' | 'login' | 'reset';

function fieldsOf(form: HTMLFormElement): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [name, value] of new FormData(form)) if (typeof value === 'string') body[name] = value;
  return body;
}

export function mountAuthForm(doc: Document): void {
  const firstForm = doc.querySelector('form[data-auth]');
  const secondForm = doc.querySelector('form[data-code]');
  const errorBox = doc.getElementById('auth-error');
  const statusBox = doc.getElementById('auth-status');
  if (!(firstForm instanceof HTMLFormElement) || !(secondForm instanceof HTMLFormElement) || !errorBox || !statusBox) return;
  // Narrowed once, for the handlers below.
  const [form, codeForm, error, status]: [HTMLFormElement, HTMLFormElement, HTMLElement, HTMLElement] = [
    firstForm,
    secondForm,
    errorBox,
    statusBox,
  ];
  const mode: Mode = form.dataset.auth === 'register' ? 'register' : form.dataset.auth === 'reset' ? 'reset' : 'login';
  const locale = pageLocale(doc);
  const ui = commentsUi[locale];
  const raw = new URLSearchParams(location.search).get('return');
  const target = safeReturnPath(raw, location.origin, form.dataset.home ?? '/');
  // Switching between the forms keeps where to return.
  if (raw)
    doc
      .querySelectorAll<HTMLAnchorElement>('a[data-keep-return]')
      .forEach((link) => link.setAttribute('href', `${link.pathname}?return=${encodeURIComponent(target)}`));
  /** The e-mail the code step is for; empty when the reader must type it (a login by username). */
  let codeEmail = '';

  const buttons = [form, codeForm]
    .map((each) => each.querySelector('button[type="submit"]'))
    .filter((button) => button instanceof HTMLButtonElement);
  // The buttons stay disabled until this script runs: without it the forms must not submit anything.
  for (const button of buttons) button.disabled = false;

  function showFailure(on: HTMLFormElement, answer: Failure): void {
    error.textContent = answer.message;
    const field = on.elements.namedItem(FIELD_OF_ERROR[answer.code] ?? '');
    if (field instanceof HTMLInputElement) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  const phoneStep = mountPhoneStep(doc, () => location.assign(target));

  function signedIn(answer: AuthResponse): void {
    rememberReader(answer.data.user.username, answer.data.expiresAt);
    if (answer.data.phoneRequired && phoneStep) {
      // Signed in, but the law asks for a confirmed number before the first comment.
      form.hidden = true;
      codeForm.hidden = true;
      status.textContent = '';
      phoneStep.show();
      return;
    }
    location.assign(target);
  }

  /** The code step: the first form stays filled in (to send again), the code form appears and takes the focus. */
  function askForCode(email: string, message: string): void {
    codeEmail = email;
    status.textContent = message;
    codeForm.hidden = false;
    codeForm.querySelector('[data-code-email]')?.toggleAttribute('hidden', email !== '');
    codeForm.querySelector<HTMLInputElement>(email === '' ? '#code-email' : '#code')?.focus();
  }

  /** Sends one of the forms; `run` gets its fields and says what the answer means. */
  function handle(on: HTMLFormElement, run: (fields: Record<string, string>) => Promise<void>): void {
    on.addEventListener('submit', (event) => {
      event.preventDefault();
      const button = on.querySelector('button[type="submit"]');
      if (!(button instanceof HTMLButtonElement) || button.disabled) return;
      for (const field of on.querySelectorAll('[aria-invalid]')) field.removeAttribute('aria-invalid');
      button.disabled = true;
      error.textContent = '';
      void run(fieldsOf(on)).finally(() => {
        button.disabled = false;
      });
    });
  }

  const post = <T>(path: string, guard: (value: unknown) => value is T, body: Record<string, string>) =>
    request('POST', path, guard, { locale, messages: ui, body });

  handle(form, async (fields) => {
    if (mode === 'login') {
      const answer = await post('/auth/login/', isAuth, fields);
      if (answer.ok) return signedIn(answer.data);
      if (answer.code === 'verification_required') {
        const identifier = fields.identifier ?? '';
        return askForCode(
          identifier.includes('@') ? identifier : '',
          identifier.includes('@') ? answer.message : accountUi[locale].codeSentTo,
        );
      }
      return showFailure(form, answer);
    }
    const answer = await post(mode === 'register' ? '/auth/register/' : '/auth/password-reset/', isCodeSent, fields);
    if (!answer.ok) return showFailure(form, answer);
    askForCode((fields.email ?? '').trim(), accountUi[locale].codeSent((fields.email ?? '').trim()));
  });

  handle(codeForm, async (fields) => {
    const email = codeEmail || (fields.email ?? '');
    const answer =
      mode === 'reset'
        ? await post('/auth/password-reset/confirm/', isAuth, { email, code: fields.code ?? '', password: fields.password ?? '' })
        : await post('/auth/verify/', isAuth, { email, code: fields.code ?? '' });
    if (answer.ok) return signedIn(answer.data);
    showFailure(codeForm, answer);
  });
}
