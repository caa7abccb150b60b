/**
 * The report step of a comment, loaded by the comments island only when a
 * reader clicks "report" (so readers who never report never download it): a
 * reason, then POST /api/comments/<id>/reports/; the function's answer (or
 * its error, in the page's language) replaces the step.
 */
import type { Locale } from '@tilshi/shared-types';
import { commentsUi } from '../i18n/comments.ts';
import { isObject, request } from './api.ts';

const TEXTS = {
  ru: {
    reasons: { spam: 'Спам', insult: 'Оскорбления', off_topic: 'Не по теме', illegal: 'Нарушает закон', other: 'Другое' },
    send: 'Отправить жалобу',
    done: 'Жалоба отправлена. Спасибо!',
  },
  kk: {
    reasons: { spam: 'Спам', insult: 'Қорлау', off_topic: 'Тақырыпқа қатысы жоқ', illegal: 'Заң бұзады', other: 'Басқа' },
    send: 'Шағым жіберу',
    done: 'Шағым жіберілді. Рахмет!',
  },
} satisfies Record<Locale, { reasons: Record<string, string>; send: string; done: string }>;

function button(text: string): HTMLButtonElement {
  const node = document.createElement('button');
  node.type = 'button';
  node.className = 'c-link';
  node.textContent = text;
  return node;
}

/** Opens the report step under a comment; `opener` (the "report" button) comes back when it is cancelled. */
export function openReport(item: HTMLElement, id: string, opener: HTMLButtonElement, locale: Locale): void {
  const ui = commentsUi[locale];
  const texts = TEXTS[locale];
  opener.hidden = true;
  const box = document.createElement('p');
  box.className = 'c-report';
  const select = document.createElement('select');
  select.setAttribute('aria-label', ui.report);
  for (const [value, label] of Object.entries(texts.reasons)) select.append(new Option(label, value));
  const send = button(texts.send);
  const cancel = button(ui.cancel);
  const status = document.createElement('span');
  status.className = 'c-status';
  status.setAttribute('role', 'status');
  box.append(select, ' ', send, ' ', cancel, ' ', status);
  item.append(box);
  select.focus();
  cancel.addEventListener('click', () => {
    box.remove();
    opener.hidden = false;
  });
  send.addEventListener('click', () => {
    send.disabled = true;
    void request('POST', `/comments/${id}/reports/`, isObject, { locale, messages: ui, body: { reason: select.value } }).then((sent) => {
      send.disabled = false;
      status.textContent = sent.ok ? texts.done : sent.message;
      if (sent.ok) box.replaceChildren(status);
    });
  });
}
