/**
 * The account page's script (AccountPanel.astro): who is signed in and
 * whether their number is confirmed (GET /api/auth/me/), the phone step
 * (phone.ts), e-mails about replies (POST /api/auth/notifications/), a new
 * password (POST /api/auth/password/) and deleting the account
 * (DELETE /api/auth/account/, after the browser's confirmation). Errors are
 * the function's, already in the page's language.
 */
import type { AuthResponse } from '@tilshi/shared-types';
import { accountUi } from '../i18n/account.ts';
import { commentFormUi } from '../i18n/comment-form.ts';
import { commentsUi } from '../i18n/comments.ts';
import { forgetReader, isEmpty, pageLocale, rememberReader, request } from './api.ts';
import { isSession, mountPhoneStep } from './phone.ts';

export function mountAccount(doc: Document): void {
  const locale = pageLocale(doc);
  const messages = commentsUi[locale];
  const texts = accountUi[locale];
  const panel = doc.querySelector<HTMLElement>('[data-account]');
  const signedOut = doc.querySelector<HTMLElement>('[data-signed-out]');
  const errorBox = doc.getElementById('account-error');
  const statusBox = doc.getElementById('account-status');
  if (!panel || !signedOut || !errorBox || !statusBox) return;
  const [error, status]: [HTMLElement, HTMLElement] = [errorBox, statusBox];

  /** Shows who is signed in and the state of their number. */
  function show(answer: AuthResponse): void {
    const { user, expiresAt } = answer.data;
    rememberReader(user.username, expiresAt);
    const who = panel?.querySelector('[data-who]');
    if (who) who.textContent = commentFormUi[locale].signedInAs(user.username);
    const state = panel?.querySelector<HTMLElement>('[data-phone-state]');
    if (state)
      state.textContent = user.phoneEnding ? (state.dataset.done ?? '').replace('{ending}', user.phoneEnding) : (state.dataset.none ?? '');
    const notify = panel?.querySelector<HTMLInputElement>('form[data-notify] input[name="notifyReplies"]');
    if (notify) notify.checked = user.notifyReplies;
  }

  /** Wires one form: `run` gets its fields and answers the message to show, or throws nothing and reports itself. */
  function wire(selector: string, run: (fields: FormData) => Promise<void>): void {
    const form = panel?.querySelector(selector);
    if (!(form instanceof HTMLFormElement)) return;
    const button = form.querySelector('button[type="submit"]');
    if (button instanceof HTMLButtonElement) button.disabled = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!(button instanceof HTMLButtonElement) || button.disabled) return;
      error.textContent = '';
      status.textContent = '';
      button.disabled = true;
      void run(new FormData(form)).finally(() => {
        button.disabled = false;
      });
    });
  }

  mountPhoneStep(doc, show);

  wire('form[data-notify]', async (fields) => {
    const answer = await request('POST', '/auth/notifications/', isSession, {
      locale,
      messages,
      body: { notifyReplies: fields.get('notifyReplies') === 'on' },
    });
    if (!answer.ok) {
      error.textContent = answer.message;
      return;
    }
    show(answer.data);
    status.textContent = texts.saved;
  });

  wire('form[data-password]', async (fields) => {
    const answer = await request('POST', '/auth/password/', isSession, {
      locale,
      messages,
      body: { currentPassword: String(fields.get('currentPassword') ?? ''), password: String(fields.get('password') ?? '') },
    });
    if (!answer.ok) {
      error.textContent = answer.message;
      return;
    }
    show(answer.data);
    panel.querySelector<HTMLFormElement>('form[data-password]')?.reset();
    status.textContent = texts.passwordChanged;
  });

  wire('form[data-delete]', async (fields) => {
    if (!window.confirm(texts.confirmDelete)) return;
    const answer = await request('DELETE', '/auth/account/', isEmpty, {
      locale,
      messages,
      body: { password: String(fields.get('password') ?? '') },
    });
    if (!answer.ok) {
      error.textContent = answer.message;
      return;
    }
    forgetReader();
    panel.hidden = true;
    status.textContent = texts.deleted;
  });

  void request('GET', '/auth/me/', isSession, { locale, messages }).then((answer) => {
    if (answer.ok) {
      panel.hidden = false;
      show(answer.data);
      return;
    }
    if (answer.status === 401 || answer.status === 403) forgetReader();
    if (answer.status === 401) signedOut.hidden = false;
    else error.textContent = answer.message;
  });
}
