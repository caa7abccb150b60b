/**
 * The comments island of article pages, loaded by CommentsShell.astro when
 * the comments section nears the viewport. It mounts on the statically built
 * section#comments (data-article, data-count, the baked count and the
 * notice with the register/login links) and:
 *
 * - lists the approved comments (GET /api/comments/), oldest first, with
 *   "show more" pages, and refreshes the baked count (same plural function
 *   as the build, i18n/comments.ts);
 * - shows replies under the comment they answer (one level) and anchors
 *   each comment as #comment-<id> (the e-mails about replies link there);
 * - for a signed-in reader (hint in localStorage, confirmed by
 *   GET /api/auth/me/) replaces the notice with the form, posts with an
 *   Idempotency-Key, says "awaiting moderation" (the function's message),
 *   and keeps the unsent text in localStorage when a post fails; offers
 *   "reply" on top-level comments and "report" (with a reason) on others'
 *   comments; a reader who must still confirm a phone number is sent to
 *   the account page instead;
 * - otherwise keeps the notice, its links carrying ?return= to come back here.
 *
 * Readers' text is only ever set with textContent, never parsed as HTML.
 */
import { commentCountLabel, commentsUi } from '../i18n/comments.ts';
import { forgetReader, isCommentList, isCounts, isCreated, isEmpty, isMe, isObject, pageLocale, rememberedReader, rememberReader, request, type Guard, type Result } from './api.ts';

type Shown = { id: string; author: { username: string }; createdAt: string; body: string; parent: string | null };

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
  const call = <T>(method: 'GET' | 'POST' | 'DELETE', path: string, guard: Guard<T>, body?: object, headers?: Record<string, string>): Promise<Result<T>> =>
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

  /** Set once the reader is known: their name (no report button on their own comments) and the reply hook of the form. */
  let me: string | null = rememberedReader();
  let onReply: ((id: string, name: string) => void) | null = null;
  // Actions show for a remembered reader at once; hidden again (CSS) if the session turns out to be over.
  if (!me) list.classList.add('c-anon');

  const button = (text: string, className = 'c-link'): HTMLButtonElement => {
    const node = el('button', className, text);
    node.type = 'button';
    return node;
  };

  /** The report step inside a comment: a reason, then POST /comments/<id>/reports/. */
  const reportForm = (item: HTMLLIElement, id: string, opener: HTMLButtonElement): void => {
    opener.hidden = true;
    const box = el('p', 'c-report');
    const select = el('select');
    select.setAttribute('aria-label', ui.report);
    for (const [value, label] of Object.entries(ui.reportReasons)) select.append(new Option(label, value));
    const send = button(ui.reportSend);
    const cancel = button(ui.cancel);
    const status = el('span', 'c-status');
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
      void call('POST', `/comments/${id}/reports/`, isObject, { reason: select.value }).then((sent) => {
        send.disabled = false;
        status.textContent = sent.ok ? ui.reported : sent.message;
        if (sent.ok) box.replaceChildren(status);
      });
    });
  };

  const render = (comment: Shown): HTMLLIElement => {
    const item = el('li');
    item.id = `comment-${comment.id}`;
    const meta = el('p', 'c-meta');
    const time = el('time', '', dateFormat.format(new Date(comment.createdAt)));
    time.dateTime = comment.createdAt;
    // <bdi>: a reader's name never reorders the text around it, whatever characters it holds.
    meta.append(el('bdi', '', comment.author.username), ' · ', time);
    const actions = el('p', 'c-act');
    if (comment.parent === null) {
      const reply = button(ui.reply);
      reply.addEventListener('click', () => onReply?.(comment.id, comment.author.username));
      actions.append(reply, ' ');
    }
    if (comment.author.username !== me) {
      const report = button(ui.report);
      report.addEventListener('click', () => reportForm(item, comment.id, report));
      actions.append(report);
    }
    item.append(meta, el('p', 'c-body', comment.body), actions);
    return item;
  };

  /** Appends a comment: a reply under the comment it answers (if shown), anything else at the end of the list. */
  const show = (comment: Shown): void => {
    const parent = comment.parent ? document.getElementById(`comment-${comment.parent}`) : null;
    if (!parent) {
      list.append(render(comment));
      return;
    }
    let replies = parent.querySelector('ol');
    if (!replies) {
      replies = el('ol', 'c-replies');
      parent.append(replies);
    }
    replies.append(render(comment));
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
    page.data.data.forEach(show);
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
    onReply = (id, name) => {
      replyTo = id;
      replyName.textContent = ui.replyTo(name);
      replying.hidden = false;
      text.focus();
    };
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
      void call('POST', '/comments/', isCreated, { article, body, website: website.value, ...(replyTo ? { replyTo } : {}) }, { 'Idempotency-Key': key.value }).then((posted) => {
        send.disabled = false;
        if (posted.ok) {
          text.value = '';
          store(draftKey(article), null);
          endReply();
          status.textContent = posted.data.meta.moderation.message;
          status.dataset.moderation = posted.data.data.status;
          if (posted.data.data.status === 'approved') {
            show(posted.data.data);
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

  const [answer] = await Promise.all([me ? call('GET', '/auth/me/', isMe) : null, loadPage()]);
  if (answer?.ok) {
    const { user, expiresAt, phoneRequired } = answer.data.data;
    // A signed-in request may renew the session: keep the hint's expiry in step.
    rememberReader(user.username, expiresAt);
    me = user.username;
    if (!phoneRequired) form(user.username);
    else if (notice) {
      // The law asks for a confirmed number first: the account page does that.
      const link = el('a', '', ui.phoneNeededLink);
      link.href = section.dataset.account ?? '/account/';
      notice.replaceChildren(`${ui.phoneNeeded} `, link, '.');
      list.classList.add('c-anon');
    }
  } else {
    list.classList.add('c-anon');
    if (answer && (answer.status === 401 || answer.status === 403)) forgetReader();
  }
  section.dataset.island = 'ready';
}
