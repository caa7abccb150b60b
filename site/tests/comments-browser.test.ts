/**
 * Reader comments end to end in real Chromium (playwright-core), over the
 * built site served WITH the comments function, against the real seeded
 * Strapi: a reader registers, logs out and in again, posts on the seed
 * article, sees "awaiting moderation"; a moderator approves through Strapi's
 * admin API; a reload shows the comment and the new count. Also: the
 * register page's errors in Kazakh, comment text that looks like HTML stays
 * text, a failed post keeps the text in localStorage, the Kazakh page counts
 * with Kazakh plurals, what the island costs to download, and axe on
 * everything the island and the sign-in pages render — all of it without a
 * refusal of the site's content security policy.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { errorMessage } from '@tilshi/comments';
import { commentListResponseSchema } from '@tilshi/shared-types';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { commentFormUi } from '../src/i18n/comment-form.ts';
import { commentCountLabel, commentsUi } from '../src/i18n/comments.ts';
import { launchChromium, type Chromium } from '@tilshi/testing/chromium';
import { startMobizon, type MobizonStandIn } from '@tilshi/testing/mobizon';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { approveComment, moderatorOf, newPhone, registerThroughSite, serveWithComments } from './harness/comments.ts';
import type { RunningSite } from '@tilshi/testing/site';

declare global {
  interface Window {
    /** axe-core, injected into the page by the test. */
    axe: { run(context: Document, options: object): Promise<unknown> };
  }
}

const site = inject('site');
const axeSource = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const axeResults = z.object({
  violations: z.array(
    z.object({
      id: z.string(),
      impact: z.string().nullable().optional(),
      help: z.string(),
      nodes: z.array(z.object({ target: z.array(z.unknown()) })),
    }),
  ),
});
const ruArticle = `/news/${site.seed.slugs.ru}/`;
const kkArticle = `/kk/news/${site.seed.slugs.kk}/`;
const PASSWORD = 'Reader-pass-1';
/** The island must cost at most this much to download, gzipped (the issue's budget). */
const ISLAND_BUDGET = 5 * 1024;

let server: RunningSite;
let context: BrowserContext;
let browser: Chromium;
let smtp: SmtpStandIn;
let sms: MobizonStandIn;

beforeAll(async () => {
  smtp = await startSmtp();
  sms = await startMobizon();
  server = await serveWithComments(site, smtp, sms);
  browser = await launchChromium({ width: 1024, height: 700 });
  context = browser.context;
  // A refusal of the page's content security policy (the island, the sign-in script) becomes a console error: a problem.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} refused ${event.blockedURI}`),
    );
  });
});

afterEach(async () => {
  // Each test is a new reader: no session cookie, no signed-in hint, no draft.
  await context.clearCookies();
  for (const page of context.pages()) await page.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
  await sms?.stop();
});

type Opened = { page: Page; problems: string[]; dialogs: string[] };

/** A new tab with empty localStorage, collecting console errors, page errors, failed requests and dialogs. */
async function openPage(): Promise<Opened> {
  const page = await context.newPage();
  const problems: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => {
    // Leaving a page cancels what it still loads (the favicon, say): not a fault of the site.
    if (request.failure()?.errorText !== 'net::ERR_ABORTED')
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText ?? ''}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  // The site's origin, to clear what an earlier test left in localStorage (the home page has no island).
  await page.goto(`${server.url}/`);
  await page.evaluate(() => localStorage.clear());
  return { page, problems, dialogs };
}

/** Opens a page and waits until the comments island has mounted (it loads when #comments nears the viewport). */
async function openArticle(page: Page, urlPath: string): Promise<void> {
  await page.goto(`${server.url}${urlPath}`, { waitUntil: 'networkidle' });
  await page.locator('#comments').scrollIntoViewIfNeeded();
  await page.locator('#comments[data-island="ready"]').waitFor();
}

/** Fills the phone step the page shows after the e-mail step: a number, then the code the SMS gateway stand-in received. */
async function confirmPhoneOnPage(page: Page): Promise<void> {
  await page.locator('[data-phone-step]:not([hidden]) #phone').waitFor();
  const phone = newPhone();
  await page.fill('#phone', phone.replace(/^\+7(\d{3})(\d{3})(\d{2})(\d{2})$/, '8 $1 $2-$3-$4'));
  await page.click('form[data-phone] button[type="submit"]');
  await page.locator('form[data-phone-code]:not([hidden]) #phone-code').waitFor();
  await page.fill('#phone-code', sms.codeFor(phone));
  await page.click('form[data-phone-code] button[type="submit"]');
}

/** Fills the register form, the code step with the code the e-mail brought, then the phone step (the register page must be open). */
async function registerOnPage(page: Page, username: string): Promise<void> {
  const email = `${username}@example.com`;
  await page.fill('#username', username);
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  const since = smtp.messages.length;
  await page.click('form[data-auth] button[type="submit"]');
  await page.locator('form[data-code]:not([hidden]) #code').waitFor();
  expect(await page.locator('#auth-status').textContent()).toContain(email);
  await page.fill('#code', await smtp.codeFor(email, { since }));
  await page.click('form[data-code] button[type="submit"]');
  await confirmPhoneOnPage(page);
}

/** Registers a new reader on the register page; returns to the article through ?return=. */
async function signUp(page: Page, articlePath = ruArticle): Promise<string> {
  const username = `reader_${randomUUID().slice(0, 8)}`;
  await page.goto(`${server.url}/register/?return=${encodeURIComponent(`${articlePath}#comments`)}`);
  await registerOnPage(page, username);
  await page.waitForURL(`**${articlePath}#comments`);
  await page.locator('#comments[data-island="ready"]').waitFor();
  return username;
}

/** The approved comments of the seed article as the function lists them (the truth the page must show). */
async function approvedCount(): Promise<number> {
  const response = await fetch(`${server.url}/api/comments/?article=${site.seed.documentId}&limit=50`);
  return commentListResponseSchema.parse(await response.json()).data.length;
}

/** A new reader, registered through the function as a non-browser client would; returns their session token. */
async function registerByApi(prefix: string): Promise<{ username: string; token: string }> {
  const username = `${prefix}_${randomUUID().slice(0, 8)}`;
  const token = await registerThroughSite(server, smtp, sms, { username, email: `${username}@example.com`, password: PASSWORD });
  return { username, token };
}

/** A comment on the seed article by a new reader, approved by the moderator. */
async function approvedComment(text: string): Promise<void> {
  const { token } = await registerByApi('helper');
  const response = await fetch(`${server.url}/api/comments/`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ article: site.seed.documentId, body: text }),
  });
  if (response.status !== 201) throw new Error(`posting: ${response.status} ${await response.text()}`);
  await approveComment(site, text);
}

async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's content security policy refuses an added inline <script>.
  await page.evaluate(await readFile(axeSource, 'utf8'));
  const results = axeResults.parse(
    await page.evaluate(() =>
      window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] } }),
    ),
  );
  return results.violations.map((v) => `${v.id} (${v.impact ?? ''}): ${v.help} — ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}

describe('commenting on the seed article', () => {
  it('lets a reader register, log out and in, post, see "awaiting moderation", and after approval a reload shows the comment and the new count', async () => {
    const { page, problems } = await openPage();
    await openArticle(page, ruArticle);
    const comments = page.locator('#comments');
    const before = await approvedCount();
    // The island replaced the count baked at build time by the real one.
    expect(await comments.locator('.count').textContent()).toBe(commentCountLabel(before, 'ru'));
    expect(await comments.locator('form').count()).toBe(0);

    // Register from the notice's link; the page brings the reader back, signed in.
    await comments.locator('.notice a', { hasText: 'Зарегистрируйтесь' }).click();
    await page.waitForURL(/\/register\/\?return=/);
    const username = `reader_${randomUUID().slice(0, 8)}`;
    await registerOnPage(page, username);
    await page.waitForURL(`**${ruArticle}#comments`);
    await comments.locator('.c-who').waitFor();
    expect(await comments.locator('.c-who').textContent()).toContain(`Вы вошли как ${username}.`);

    // Log out, then log in again with the username.
    await comments.locator('.c-who button').click();
    await comments.locator('.notice').waitFor();
    await comments.locator('.notice a', { hasText: 'авторизуйтесь' }).click();
    await page.waitForURL(/\/login\/\?return=/);
    await page.fill('#identifier', username);
    await page.fill('#password', PASSWORD);
    await page.click('form[data-auth] button[type="submit"]');
    await page.waitForURL(`**${ruArticle}#comments`);
    await comments.locator('#c-text').waitFor();

    const text = `Спасибо за материал! Проверка ${randomUUID().slice(0, 8)}`;
    await page.fill('#c-text', text);
    await comments.locator('.c-send').click();
    const status = comments.locator('.c-form .c-status[data-moderation="pending"]');
    await status.waitFor();
    expect(await status.textContent()).toBe('Спасибо! Комментарий появится после проверки модератором.');
    expect(await page.inputValue('#c-text')).toBe('');
    expect(await comments.locator('.c-list').textContent()).not.toContain(text);
    expect(await comments.locator('.count').textContent()).toBe(commentCountLabel(before, 'ru'));

    await approveComment(site, text);
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('#comments[data-island="ready"]').waitFor();
    const item = comments.locator('.c-list li', { hasText: text });
    expect(await item.locator('.c-meta bdi').textContent()).toBe(username);
    expect(await item.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await comments.locator('.count').textContent()).toBe(commentCountLabel(before + 1, 'ru'));
    expect(problems).toEqual([]);
  });

  it('shows a comment that looks like HTML as text: no element is made of it and no dialog opens', async () => {
    const { page, problems, dialogs } = await openPage();
    await signUp(page);
    const stamp = randomUUID().slice(0, 8);
    const text = `<img src=x onerror=alert(1)> <script>alert(2)</script> ${stamp}`;
    await page.fill('#c-text', text);
    await page.locator('#comments .c-send').click();
    await page.locator('#comments .c-form .c-status[data-moderation]').waitFor();
    await approveComment(site, text);
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('#comments[data-island="ready"]').waitFor();
    const body = page.locator('#comments .c-list li .c-body', { hasText: stamp });
    expect(await body.textContent()).toBe(text);
    expect(await page.locator('#comments .c-list img, #comments .c-list script').count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('keeps the text in localStorage when a post fails and offers it again after a reload', async () => {
    const { page } = await openPage();
    await signUp(page);
    const text = `Этот текст не должен пропасть ${randomUUID().slice(0, 8)}`;
    await page.route('**/api/comments/?*', (route) =>
      route.request().method() === 'POST' ? route.abort('internetdisconnected') : route.continue(),
    );
    await page.fill('#c-text', text);
    await page.locator('#comments .c-send').click();
    const status = page.locator('#comments .c-form .c-status');
    await page.waitForFunction(
      () =>
        (document.querySelector('#comments .c-form .c-status')?.textContent ?? '') !== 'Отправляем…' &&
        document.querySelector('#comments .c-form .c-status')?.textContent !== '',
    );
    expect(await status.textContent()).toBe(`${commentsUi.ru.offline} ${commentFormUi.ru.draftKept}`);
    expect(await page.evaluate((key) => localStorage.getItem(key), `tilshi:comment-draft:${site.seed.documentId}`)).toBe(text);

    await page.unroute('**/api/comments/?*');
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('#comments[data-island="ready"]').waitFor();
    expect(await page.inputValue('#c-text')).toBe(text);
    await page.locator('#comments .c-send').click();
    await page.locator('#comments .c-form .c-status[data-moderation="pending"]').waitFor();
    expect(await page.evaluate((key) => localStorage.getItem(key), `tilshi:comment-draft:${site.seed.documentId}`)).toBeNull();
  });

  it('refreshes the Kazakh page’s count with the Kazakh plural and lists the same comments', async () => {
    const { page, problems } = await openPage();
    await approvedComment(`Пікір қазақша ${randomUUID().slice(0, 8)}`);
    const approved = await approvedCount();
    await openArticle(page, kkArticle);
    expect(await page.locator('#comments .count').textContent()).toBe(commentCountLabel(approved, 'kk'));
    expect(await page.locator('#comments .c-list li').count()).toBe(approved);
    expect(await page.locator('#comments .notice a').first().getAttribute('href')).toBe(
      `/kk/register/?return=${encodeURIComponent(`${kkArticle}#comments`)}`,
    );
    expect(problems).toEqual([]);
  });
});

describe('the register and login pages', () => {
  it('explain, in Kazakh, a weak password and then a username that is taken, marking the field', async () => {
    const { page } = await openPage();
    const { username: taken } = await registerByApi('taken');

    await page.goto(`${server.url}/kk/register/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('kk');
    await page.fill('#username', taken);
    await page.fill('#email', `kk_${randomUUID().slice(0, 8)}@example.com`);
    await page.fill('#password', 'qwerty');
    await page.click('form[data-auth] button[type="submit"]');
    await page.locator('#password[aria-invalid="true"]').waitFor();
    expect(await page.locator('#auth-error').textContent()).toBe(errorMessage('weak_password', 'kk'));
    expect(await page.locator('#auth-error').getAttribute('role')).toBe('alert');

    await page.fill('#password', PASSWORD);
    await page.click('form[data-auth] button[type="submit"]');
    await page.locator('#username[aria-invalid="true"]').waitFor();
    expect(await page.locator('#auth-error').textContent()).toBe(errorMessage('username_taken', 'kk'));
    expect(await page.locator('#password[aria-invalid]').count()).toBe(0);
    expect(page.url()).toBe(`${server.url}/kk/register/`);
  });

  it('answer an e-mail that already has an account exactly as a new one: the code step, and a notice in that mailbox', async () => {
    const { page } = await openPage();
    const { username: existing } = await registerByApi('owner');
    await page.goto(`${server.url}/register/`);
    await page.fill('#username', `new_${randomUUID().slice(0, 8)}`);
    await page.fill('#email', `${existing}@example.com`);
    await page.fill('#password', PASSWORD);
    const since = smtp.messages.length;
    await page.click('form[data-auth] button[type="submit"]');
    await page.locator('form[data-code]:not([hidden]) #code').waitFor();
    expect(await page.locator('#auth-error').textContent()).toBe('');
    expect((await smtp.waitFor((mail) => mail.to.includes(`${existing}@example.com`), { since })).subject).toBe('Вы уже зарегистрированы');
  });

  it('reset a forgotten password from the login page with the e-mailed code, signing the reader in', async () => {
    const { page, problems } = await openPage();
    const { username } = await registerByApi('forgetful');
    const email = `${username}@example.com`;
    await page.goto(`${server.url}/login/`);
    await page.click('a[href^="/password/"]');
    await page.waitForURL(/\/password\/$/);
    await page.fill('#email', email);
    const since = smtp.messages.length;
    await page.click('form[data-auth] button[type="submit"]');
    await page.locator('form[data-code]:not([hidden]) #code').waitFor();
    await page.fill('#code', await smtp.codeFor(email, { since }));
    await page.fill('#new-password', 'Forgot-it-2');
    await page.click('form[data-code] button[type="submit"]');
    await page.waitForURL(`${server.url}/`);
    const login = await fetch(`${server.url}/api/auth/login/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url },
      body: JSON.stringify({ identifier: email, password: 'Forgot-it-2' }),
    });
    expect(login.status).toBe(200);
    expect(problems).toEqual([]);
  });

  it('never follow a ?return= to another site: after login the reader lands on the home page of the language', async () => {
    const { page } = await openPage();
    const { username } = await registerByApi('ret');
    await page.goto(`${server.url}/kk/login/?return=${encodeURIComponent('//evil.example/steal')}`);
    expect(await page.locator('a[data-keep-return][href^="/kk/register/"]').getAttribute('href')).toBe(
      `/kk/register/?return=${encodeURIComponent('/kk/')}`,
    );
    expect(await page.locator('a[data-keep-return][href^="/kk/password/"]').getAttribute('href')).toBe(
      `/kk/password/?return=${encodeURIComponent('/kk/')}`,
    );
    await page.fill('#identifier', `${username}@example.com`);
    await page.fill('#password', PASSWORD);
    await page.click('form[data-auth] button[type="submit"]');
    await page.waitForURL(`${server.url}/kk/`);
  });
});

describe('what the island costs and how it reads', () => {
  it('lets a signed-in reader reply under a comment and report another reader’s comment, with a reason', async () => {
    const { page, problems } = await openPage();
    const parentText = `Комментарий, на который ответят ${randomUUID().slice(0, 8)}`;
    await approvedComment(parentText);
    await signUp(page);
    const comments = page.locator('#comments');
    const parent = comments.locator('.c-list > li', { hasText: parentText });
    await parent.waitFor();
    const parentId = (await parent.getAttribute('id')) ?? '';
    expect(parentId).toMatch(/^comment-[a-z0-9]+$/);

    await parent.locator('.c-act button', { hasText: 'Ответить' }).click();
    expect(await comments.locator('.c-replying').textContent()).toContain('Ответ для helper_');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('c-text');
    const replyText = `Ответ в ветке ${randomUUID().slice(0, 8)}`;
    await page.fill('#c-text', replyText);
    await comments.locator('.c-send').click();
    await comments.locator('.c-form .c-status[data-moderation="pending"]').waitFor();
    expect(await comments.locator('.c-replying').isHidden()).toBe(true);

    await parent.locator('.c-act button', { hasText: 'Пожаловаться' }).click();
    await parent.locator('.c-report select').selectOption('insult');
    await parent.locator('.c-report button', { hasText: 'Отправить жалобу' }).click();
    await parent.locator('.c-report', { hasText: 'Жалоба отправлена. Спасибо!' }).waitFor();
    const reported = z
      .object({ results: z.array(z.object({ reportCount: z.number(), reportReasons: z.array(z.string()) })) })
      .parse(
        await moderatorOf(site).adminCall(
          'GET',
          `/content-manager/collection-types/api::comment.comment?filters[documentId][$eq]=${parentId.slice('comment-'.length)}`,
        ),
      );
    expect(reported.results[0]).toMatchObject({ reportCount: 1, reportReasons: ['insult'] });

    await approveComment(site, replyText);
    await page.reload({ waitUntil: 'networkidle' });
    await page.locator('#comments[data-island="ready"]').waitFor();
    expect(await page.locator(`#${parentId} > ol.c-replies > li`, { hasText: replyText }).count()).toBe(1);
    // Replies are one level deep: a reply offers no "reply" of its own.
    expect(await page.locator(`#${parentId} ol.c-replies li .c-act button`, { hasText: 'Ответить' }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('asks a signed-in reader without a confirmed number to confirm it on the account page, then lets them delete the account', async () => {
    const { page, problems } = await openPage();
    const username = `nophone_${randomUUID().slice(0, 8)}`;
    const email = `${username}@example.com`;
    // Registered by e-mail only: the number comes later, on the account page.
    const headers = { 'Content-Type': 'application/json', Origin: server.url };
    const since = smtp.messages.length;
    await fetch(`${server.url}/api/auth/register/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ username, email, password: PASSWORD }),
    });
    const code = await smtp.codeFor(email, { since });
    await fetch(`${server.url}/api/auth/verify/`, { method: 'POST', headers, body: JSON.stringify({ email, code }) });
    await page.goto(`${server.url}/login/?return=${encodeURIComponent(`${ruArticle}#comments`)}`);
    await page.fill('#identifier', username);
    await page.fill('#password', PASSWORD);
    await page.click('form[data-auth] button[type="submit"]');
    // The login page itself asks for the number before going back.
    await page.locator('[data-phone-step]:not([hidden]) #phone').waitFor();
    await page.goto(`${server.url}${ruArticle}`, { waitUntil: 'networkidle' });
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.locator('#comments[data-island="ready"]').waitFor();
    const notice = page.locator('#comments .notice');
    expect(await notice.textContent()).toBe('Чтобы комментировать, подтвердите номер телефона в профиле.');
    expect(await page.locator('#comments form').count()).toBe(0);

    await notice.locator('a').click();
    await page.waitForURL(`${server.url}/account/`);
    await page.locator('[data-account]:not([hidden])').waitFor();
    expect(await page.locator('[data-phone-state]').textContent()).toBe('Номер не подтверждён: без него комментировать нельзя.');
    expect(await axeViolations(page)).toEqual([]);
    await confirmPhoneOnPage(page);
    await page.locator('[data-phone-state]', { hasText: 'Номер подтверждён' }).waitFor();

    page.removeAllListeners('dialog');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.fill('#delete-password', PASSWORD);
    await page.click('form[data-delete] button[type="submit"]');
    await page.locator('#account-status', { hasText: 'Учётная запись удалена.' }).waitFor();
    const login = await fetch(`${server.url}/api/auth/login/`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ identifier: email, password: PASSWORD }),
    });
    expect(login.status).toBe(401);
    expect(problems).toEqual([]);
  });

  it(`downloads only a small loader until the comments near the viewport, then at most ${ISLAND_BUDGET} bytes of gzipped JavaScript in all`, async () => {
    const { page, problems } = await openPage();
    const scripts = new Map<string, number>();
    page.on('response', (response) => {
      if (!/\/_astro\/.+\.js$/.test(response.url())) return;
      void response.body().then((body) => scripts.set(new URL(response.url()).pathname, gzipSync(body, { level: 9 }).length));
    });
    await page.goto(`${server.url}${ruArticle}`, { waitUntil: 'networkidle' });
    const loaderOnly = [...scripts.keys()];
    expect(loaderOnly).toHaveLength(1);
    expect(await page.locator('#comments').getAttribute('data-island')).toBeNull();
    await page.locator('#comments').scrollIntoViewIfNeeded();
    await page.locator('#comments[data-island="ready"]').waitFor();
    await page.waitForLoadState('networkidle');
    const total = [...scripts.values()].reduce((sum, size) => sum + size, 0);
    expect(scripts.size).toBeGreaterThan(1);
    expect(total, JSON.stringify(Object.fromEntries(scripts))).toBeLessThanOrEqual(ISLAND_BUDGET);
    expect(problems).toEqual([]);
  });

  it('passes axe with the comment list and the signed-in form, and on the register and login pages of both languages', async () => {
    const { page, problems } = await openPage();
    await approvedComment(`Комментарий для проверки доступности ${randomUUID().slice(0, 8)}`);
    await signUp(page);
    await page.locator('#comments .c-list li').first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    for (const urlPath of ['/register/', '/login/', '/password/', '/kk/register/', '/kk/login/', '/kk/password/']) {
      await page.goto(`${server.url}${urlPath}`, { waitUntil: 'networkidle' });
      expect(await page.locator('form[data-auth] button[type="submit"]').isEnabled(), urlPath).toBe(true);
      expect(await axeViolations(page), urlPath).toEqual([]);
    }
    expect(problems).toEqual([]);
  });
});
