/**
 * The phone step of PhoneForm.astro: POST /api/auth/phone/ with the number as
 * typed (the function normalises and checks it, and answers in the page's
 * language), then POST /api/auth/phone/verify/ with the SMS code. `done` gets
 * the session answer once the number is confirmed.
 */
import type { AuthResponse } from '@tilshi/shared-types';
import { accountUi } from '../i18n/account.ts';
import { commentsUi } from '../i18n/comments.ts';
import { isObject, isReader, isString, pageLocale, request } from './api.ts';

export function isSession(value: unknown): value is AuthResponse {
  return (
    isObject(value) &&
    isObject(value.data) &&
    isReader(value.data.user) &&
    isString(value.data.expiresAt) &&
    typeof value.data.phoneRequired === 'boolean'
  );
}

const isAccepted = (value: unknown): value is object => isObject(value) && isObject(value.data);

/** Wires the phone step; `show()` reveals it and focuses the number. */
export function mountPhoneStep(doc: Document, done: (answer: AuthResponse) => void): { show(): void } | null {
  const step = doc.querySelector<HTMLElement>('[data-phone-step]');
  const phoneForm = doc.querySelector('form[data-phone]');
  const codeForm = doc.querySelector('form[data-phone-code]');
  const errorBox = doc.querySelector<HTMLElement>('[data-phone-error]');
  const statusBox = doc.querySelector<HTMLElement>('[data-phone-status]');
  if (!step || !(phoneForm instanceof HTMLFormElement) || !(codeForm instanceof HTMLFormElement) || !errorBox || !statusBox) return null;
  const [numberForm, smsForm, error, status]: [HTMLFormElement, HTMLFormElement, HTMLElement, HTMLElement] = [
    phoneForm,
    codeForm,
    errorBox,
    statusBox,
  ];
  const locale = pageLocale(doc);
  const messages = commentsUi[locale];

  function wire(form: HTMLFormElement, field: string, send: (value: string) => Promise<void>): void {
    const button = form.querySelector('button[type="submit"]');
    if (button instanceof HTMLButtonElement) button.disabled = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!(button instanceof HTMLButtonElement) || button.disabled) return;
      const input = form.elements.namedItem(field);
      if (!(input instanceof HTMLInputElement)) return;
      input.removeAttribute('aria-invalid');
      error.textContent = '';
      button.disabled = true;
      void send(input.value).finally(() => {
        button.disabled = false;
      });
    });
  }

  function fail(form: HTMLFormElement, field: string, message: string): void {
    error.textContent = message;
    const input = form.elements.namedItem(field);
    if (input instanceof HTMLInputElement) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }

  wire(numberForm, 'phone', async (phone) => {
    const answer = await request('POST', '/auth/phone/', isAccepted, { locale, messages, body: { phone } });
    if (!answer.ok) return fail(numberForm, 'phone', answer.message);
    status.textContent = accountUi[locale].phoneCodeSent;
    smsForm.hidden = false;
    doc.getElementById('phone-code')?.focus();
  });
  wire(smsForm, 'code', async (code) => {
    const answer = await request('POST', '/auth/phone/verify/', isSession, { locale, messages, body: { code } });
    if (!answer.ok) return fail(smsForm, 'code', answer.message);
    status.textContent = accountUi[locale].phoneDone(answer.data.data.user.phoneEnding ?? '');
    done(answer.data);
  });

  return {
    show() {
      step.hidden = false;
      doc.getElementById('phone')?.focus();
    },
  };
}
