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
 *   GET /api/auth/me/) loads the form (comment-form.ts: posting, replying,
 *   logging out) and offers "reply" on top-level comments and "report" on
 *   others' comments (report.ts, loaded when clicked); a reader who must
 *   still confirm a phone number is sent to the account page instead;
 * - otherwise keeps the notice, its links carrying ?return= to come back here.
 *
 * Readers' text is only ever set with textContent, never parsed as HTML.
 */
import { commentCountLabel, commentsUi } from '../i18n/comments.ts';
import {
  forgetReader,
  isCommentList,
  isCounts,
  isMe,
  pageLocale,
  rememberedReader,
  rememberReader,
  request,
  type Guard,
  type Result,
} from './api.ts';
import type { Limits } from './comment-form.ts';
import { el } from './dom.ts';

/** What the list shows of a comment. */
export type Shown = { id: string; author: { username: string }; createdAt: string; body: string; parent: string | null };

export async function mountComments(section: HTMLElement): Promise<void> {
  const article = section.dataset.article ?? '';
  const [min = 2, max = 2000, links = 2] = (section.dataset.limits ?? '').split(' ').map(Number);
  const limits: Limits = { min, max, links };
  const timeZone = section.dataset.timeZone;
  const locale = pageLocale(document);
  const ui = commentsUi[locale];
  const call = <T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    guard: Guard<T>,
    body?: object,
    headers?: Record<string, string>,
  ): Promise<Result<T>> =>
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

  const dateFormat = new Intl.DateTimeFormat('ru', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
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
      // The report step is its own small module, fetched only when someone reports.
      report.addEventListener(
        'click',
        () => void import('./report.ts').then(({ openReport }) => openReport(item, comment.id, report, locale)),
      );
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
    const page = await call(
      'GET',
      `/comments/?article=${encodeURIComponent(article)}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      isCommentList,
    );
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

  const [answer] = await Promise.all([me ? call('GET', '/auth/me/', isMe) : null, loadPage()]);
  if (answer?.ok) {
    const { user, expiresAt, phoneRequired } = answer.data.data;
    // A signed-in request may renew the session: keep the hint's expiry in step.
    rememberReader(user.username, expiresAt);
    me = user.username;
    // The form is its own module: only signed-in readers download it.
    if (!phoneRequired) {
      const { mountForm } = await import('./comment-form.ts');
      mountForm(
        { section, notice, article, locale, limits, show, added: () => showCount(count + 1), onReply: (handler) => (onReply = handler) },
        user.username,
      );
    } else if (notice) {
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
