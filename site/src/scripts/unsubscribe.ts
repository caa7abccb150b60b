/**
 * The opt-out page of e-mails about replies (/unsubscribe/?token=…): one
 * button that POSTs the link's token to /api/notifications/unsubscribe/. No
 * sign-in: the token names the reader and is signed by the function.
 */
import { accountUi } from '../i18n/account.ts';
import { commentsUi } from '../i18n/comments.ts';
import { isObject, pageLocale, request } from './api.ts';

export function mountUnsubscribe(doc: Document): void {
  const form = doc.querySelector('form[data-unsubscribe]');
  const status = doc.getElementById('unsubscribe-status');
  if (!(form instanceof HTMLFormElement) || !status) return;
  const locale = pageLocale(doc);
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const button = form.querySelector('button[type="submit"]');
  if (!(button instanceof HTMLButtonElement)) return;
  if (token === '') {
    status.textContent = accountUi[locale].badLink;
    return;
  }
  button.disabled = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    button.disabled = true;
    void request('POST', '/notifications/unsubscribe/', isObject, { locale, messages: commentsUi[locale], body: { token } }).then(
      (answer) => {
        status.textContent = answer.ok ? accountUi[locale].unsubscribed : answer.message;
        button.disabled = answer.ok;
      },
    );
  });
}
