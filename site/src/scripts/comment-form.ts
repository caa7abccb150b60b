/**
 * The comment form of the comments island, loaded only for a signed-in
 * reader (with a confirmed number where the function asks for one): posts
 * with an Idempotency-Key, says "awaiting moderation" (the function's
 * message), keeps the unsent text in localStorage when a post fails, answers
 * a comment ("reply"), and logs out. Readers' text is only ever set with
 * textContent.
 */
import type { Locale } from '@tilshi/shared-types';
import { commentFormUi } from '../i18n/comment-form.ts';
import { commentsUi } from '../i18n/comments.ts';
import { forgetReader, isCreated, isEmpty, request, type Guard, type Result } from './api.ts';
import type { Shown } from './comments.ts';
import { el } from './dom.ts';

/** Limits of a comment (shared-types/src/comment.ts: COMMENT_BODY_MIN/MAX, COMMENT_MAX_LINKS), passed in by the page. */
export type Limits = { min: number; max: number; links: number };

/** What the island hands the form: where it lives and how to show what was posted. */
export type Island = {
  section: HTMLElement;
  notice: Element | null;
  article: string;
  locale: Locale;
  limits: Limits;
  show: (comment: Shown) => void;
  /** One more approved comment: the count goes up. */
  added: () => void;
  /** Gives the island the form's "reply to" handler (the list's reply buttons call it). */
  onReply: (handler: (id: string, name: string) => void) => void;
};

const draftKey = (article: string): string => `tilshi:comment-draft:${article}`;

function store(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // storage disabled or full: nothing to keep
  }
}

function stored(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A fresh Idempotency-Key (8–128 of A-Za-z0-9_.:-), also outside secure contexts where crypto.randomUUID is missing. */
const newKey = (): string => `${Date.now().toString(36)}.${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

export function mountForm(island: Island, username: string): void {
  const { notice, article, locale, limits, show } = island;
  const ui = { ...commentsUi[locale], ...commentFormUi[locale] };
  const call = <T>(method: 'POST', path: string, guard: Guard<T>, body?: object, headers?: Record<string, string>): Promise<Result<T>> =>
    request(method, path, guard, { locale, messages: ui, ...(body ? { body } : {}), ...(headers ? { headers } : {}) });
  const button = (text: string): HTMLButtonElement => {
    const node = el('button', 'c-link', text);
    node.type = 'button';
    return node;
  };
  const box = el('form', 'c-form');
  const who = el('p', 'c-who', `${ui.signedInAs(username)} `);
  const logout = el('button', 'c-link', ui.logout);
  logout.type = 'button';
  who.append(logout);
  const label = el('label', '', ui.commentLabel);
  label.htmlFor = 'c-text';
  const text = el('textarea');
  Object.assign(text, { id: 'c-text', name: 'body', rows: 4, required: true, minLength: limits.min, maxLength: limits.max });
  text.setAttribute('aria-describedby', 'c-hint');
  text.value = stored(draftKey(article)) ?? '';
  const hint = el('p', 'c-hint muted', ui.commentHint(limits.min, limits.max, limits.links));
  hint.id = 'c-hint';
  // The honeypot: people never see it; bots that fill every field get 400 spam_detected.
  const trap = el('p', 'c-trap');
  trap.setAttribute('aria-hidden', 'true');
  const trapLabel = el('label', '', ui.honeypot);
  trapLabel.htmlFor = 'c-website';
  const website = el('input');
  Object.assign(website, { id: 'c-website', name: 'website', tabIndex: -1, autocomplete: 'off' });
  trap.append(trapLabel, website);
  const send = el('button', 'c-send', ui.send);
  send.type = 'submit';
  const status = el('p', 'c-status');
  status.setAttribute('role', 'status');
  // "Reply to X": the comment answered, until sent or cancelled.
  let replyTo: string | null = null;
  const replying = el('p', 'c-replying');
  replying.hidden = true;
  const replyName = el('span');
  const cancelReply = button(ui.cancel);
  replying.append(replyName, ' ', cancelReply);
  const endReply = (): void => {
    replyTo = null;
    replying.hidden = true;
  };
  cancelReply.addEventListener('click', endReply);
  island.onReply((id, name) => {
    replyTo = id;
    replyName.textContent = ui.replyTo(name);
    replying.hidden = false;
    text.focus();
  });
  box.append(who, replying, label, text, hint, trap, send, status);
  notice?.replaceWith(box);

  // One key per text: a retry of the same text after a failure cannot post it twice.
  let key = { text: '', value: '' };
  box.addEventListener('submit', (event) => {
    event.preventDefault();
    if (send.disabled) return;
    const body = text.value;
    if (key.text !== body) key = { text: body, value: newKey() };
    send.disabled = true;
    status.textContent = ui.sending;
    void call(
      'POST',
      '/comments/',
      isCreated,
      { article, body, website: website.value, ...(replyTo ? { replyTo } : {}) },
      { 'Idempotency-Key': key.value },
    ).then((posted) => {
      send.disabled = false;
      if (posted.ok) {
        text.value = '';
        store(draftKey(article), null);
        endReply();
        status.textContent = posted.data.meta.moderation.message;
        status.dataset.moderation = posted.data.data.status;
        if (posted.data.data.status === 'approved') {
          show(posted.data.data);
          island.added();
        }
        return;
      }
      store(draftKey(article), body);
      status.textContent = `${posted.message} ${ui.draftKept}`;
      delete status.dataset.moderation;
      if (posted.status === 401) {
        forgetReader();
        box.replaceWith(notice ?? '');
      }
    });
  });
  logout.addEventListener('click', () => {
    void call('POST', '/auth/logout/', isEmpty).then(() => {
      forgetReader();
      box.replaceWith(notice ?? '');
    });
  });
}
