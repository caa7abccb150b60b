/**
 * The comments island of article pages, loaded by CommentsShell.astro when
 * the comments section nears the viewport. It mounts on the statically built
 * section#comments (data-article, data-count, the baked count and the
 * notice with the register/login links) and:
 *
 * - lists the approved comments (GET /api/comments/), oldest first, with
 *   "show more" pages, and refreshes the baked count (same plural function
 *   as the build, i18n/comments.ts);
 * - for a signed-in reader (hint in localStorage, confirmed by
 *   GET /api/auth/me/) replaces the notice with the form, posts with an
 *   Idempotency-Key, says "awaiting moderation" (the function's message),
 *   and keeps the unsent text in localStorage when a post fails;
 * - otherwise keeps the notice, its links carrying ?return= to come back here.
 *
 * Readers' text is only ever set with textContent, never parsed as HTML.
 */
import { commentCountLabel, commentsUi } from '../i18n/comments.ts';
import { forgetReader, isCommentList, isCounts, isCreated, isEmpty, isMe, pageLocale, rememberedReader, rememberReader, request, type Guard, type Result } from './api.ts';

/** Limits of a comment (shared-types/src/comment.ts: COMMENT_BODY_MIN/MAX, COMMENT_MAX_LINKS), passed in by the page. */
type Limits = { min: number; max: number; links: number };

const draftKey = (article: string): string => `tilshi:comment-draft:${article}`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className = '', text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

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

export async function mountComments(section: HTMLElement): Promise<void> {
  const article = section.dataset.article ?? '';
  const [min = 2, max = 2000, links = 2] = (section.dataset.limits ?? '').split(' ').map(Number);
  const limits: Limits = { min, max, links };
  const timeZone = section.dataset.timeZone;
  const locale = pageLocale(document);
  const ui = commentsUi[locale];
  const call = <T>(method: 'GET' | 'POST', path: string, guard: Guard<T>, body?: object, headers?: Record<string, string>): Promise<Result<T>> =>
    request(method, path, guard, { locale, messages: ui, ...(body ? { body } : {}), ...(headers ? { headers } : {}) });

  const countNode = section.querySelector('.count');
  const notice = section.querySelector('.notice');
  let count = Number(section.dataset.count ?? 0);
  const showCount = (n: number): void => {
    count = n;
    section.dataset.count = String(n);
    if (countNode) countNode.textContent = commentCountLabel(n, locale);
  };

  // The sign-in links come back to this article's comments.
  const back = encodeURIComponent(`${location.pathname}#comments`);
  notice?.querySelectorAll('a').forEach((link) => link.setAttribute('href', `${link.pathname}?return=${back}`));

  const dateFormat = new Intl.DateTimeFormat('ru', { timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const list = el('ol', 'c-list');
  const more = el('button', 'c-more', ui.loadMore);
  more.type = 'button';
  more.hidden = true;
  const listStatus = el('p', 'c-status');
  listStatus.setAttribute('role', 'status');
  countNode?.after(list, more, listStatus);

  const render = (comment: { author: { username: string }; createdAt: string; body: string }): HTMLLIElement => {
    const item = el('li');
    const meta = el('p', 'c-meta');
    const time = el('time', '', dateFormat.format(new Date(comment.createdAt)));
    time.dateTime = comment.createdAt;
    // <bdi>: a reader's name never reorders the text around it, whatever characters it holds.
    meta.append(el('bdi', '', comment.author.username), ' · ', time);
    item.append(meta, el('p', 'c-body', comment.body));
    return item;
  };

  let cursor: string | null = null;
  const loadPage = async (): Promise<void> => {
    more.disabled = true;
    const page = await call('GET', `/comments/?article=${encodeURIComponent(article)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, isCommentList);
    more.disabled = false;
    if (!page.ok) {
      listStatus.textContent = page.message;
      return;
    }
    const first = cursor === null;
    list.append(...page.data.data.map(render));
    cursor = page.data.meta.nextCursor;
    more.hidden = cursor === null;
    if (!first) return;
    // One page holds them all: its length is the exact count. Otherwise ask for the count.
    if (cursor === null) showCount(page.data.data.length);
    else {
      const counts = await call('GET', `/comments/counts/?articles=${encodeURIComponent(article)}`, isCounts);
      const total = counts.ok ? counts.data.data[article] : undefined;
      if (total !== undefined) showCount(total);
    }
  };
  more.addEventListener('click', () => void loadPage());

  const form = (username: string): void => {
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
    box.append(who, label, text, hint, trap, send, status);
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
      void call('POST', '/comments/', isCreated, { article, body, website: website.value }, { 'Idempotency-Key': key.value }).then((posted) => {
        send.disabled = false;
        if (posted.ok) {
          text.value = '';
          store(draftKey(article), null);
          status.textContent = posted.data.meta.moderation.message;
          status.dataset.moderation = posted.data.data.status;
          if (posted.data.data.status === 'approved') {
            list.append(render(posted.data.data));
            showCount(count + 1);
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
  };

  const signedIn = rememberedReader();
  const [me] = await Promise.all([signedIn ? call('GET', '/auth/me/', isMe) : null, loadPage()]);
  if (me?.ok) {
    // A signed-in request may renew the session: keep the hint's expiry in step.
    rememberReader(me.data.data.user.username, me.data.data.expiresAt);
    form(me.data.data.user.username);
  }
  else if (me && (me.status === 401 || me.status === 403)) forgetReader();
  section.dataset.island = 'ready';
}
