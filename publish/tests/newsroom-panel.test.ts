/**
 * The newsroom in the real panel, driven in Chromium as Russian-speaking
 * staff use it (the interface language set to Russian): an editor moderates
 * the queue in bulk, restores an article's earlier version, and finds their
 * publish in the audit list; a reporter's Publish is refused with an
 * explanation and their article waits for review. Scheduled publishing is
 * recorded as such. Each person logs in once (Strapi limits admin logins).
 * The same rules through the admin API: cms/tests/newsroom.test.ts and
 * comments/tests/moderation-queue.test.ts.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { z } from 'zod';
import { strapiCall, createAdminUser, type NewsroomUser } from '@tilshi/testing/admin';
import { launchChromium, type Chromium } from '@tilshi/testing/chromium';
import { adminCall, adminSession, articleData, rest, waitUntil } from './helpers.ts';

const stack = inject('stack');
const ARTICLES = '/content-manager/collection-types/api::article.article';
const COMMENTS = '/content-manager/collection-types/api::comment.comment';
const USERS = '/content-manager/collection-types/plugin::users-permissions.user';
const run = Date.now();

let editor: NewsroomUser;
let reporter: NewsroomUser;
let editorBrowser: Chromium;
let reporterBrowser: Chromium;
let editorPage: Page;
let reporterPage: Page;
let scheduled: { documentId: string; title: string };

const documentSchema = z.object({ data: z.object({ documentId: z.string() }) });

async function asEditor(method: string, path: string, body?: unknown) {
  const answer = await strapiCall(stack.strapiUrl, editor.token, method, path, body);
  if (answer.status >= 300) throw new Error(`${method} ${path} as the editor → ${answer.status} ${JSON.stringify(answer.json)}`);
  return answer.json;
}

/** A browser of one person, in Russian (what they chose in their profile), logged in once through the login page. */
async function openPanel(user: NewsroomUser): Promise<{ browser: Chromium; page: Page }> {
  const browser = await launchChromium({ width: 1440, height: 1000 });
  const context: BrowserContext = browser.context;
  await context.addInitScript(() => window.localStorage.setItem('strapi-admin-language', 'ru'));
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  await page.goto(`${stack.strapiUrl}/admin/auth/login`);
  await page.locator('input[name="email"]').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL(/\/admin\/?$/);
  return { browser, page };
}

/** A reader and comments waiting for moderation, as the comments function stores them. */
async function pendingComments(articleId: string, bodies: string[], reader = 'chitatel'): Promise<string[]> {
  const roles = z
    .object({ roles: z.array(z.object({ id: z.number(), type: z.string() })) })
    .parse((await adminCall(stack, 'GET', '/users-permissions/roles')).json).roles;
  const authenticated = roles.find((role) => role.type === 'authenticated');
  const username = `${reader}${run}`;
  const created = await adminCall(stack, 'POST', USERS, {
    username,
    email: `${username}@example.com`,
    password: 'Reader-pass-1',
    confirmed: true,
    role: { connect: [{ id: authenticated?.id }] },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const readerId = z.object({ id: z.number() }).parse(created.json).id;
  const ids: string[] = [];
  for (const body of bodies) {
    const comment = await adminCall(stack, 'POST', COMMENTS, {
      body,
      articleDocumentId: articleId,
      authorId: readerId,
      authorName: username,
      language: 'ru',
      moderationStatus: 'pending',
      moderationReasons: ['new_reader'],
      moderationNote: 'Автоматически на проверку: читатель ещё не доверенный.',
    });
    expect(comment.status, JSON.stringify(comment.json)).toBe(201);
    ids.push(documentSchema.parse(comment.json).data.documentId);
  }
  return ids;
}

beforeAll(async () => {
  const adminToken = await adminSession(stack);
  [editor, reporter] = await Promise.all([
    createAdminUser(stack.strapiUrl, adminToken, 'tilshi-editor', { firstname: 'Ерлан', lastname: 'Редакторов' }),
    createAdminUser(stack.strapiUrl, adminToken, 'tilshi-reporter', { firstname: 'Айгерим', lastname: 'Репортёрова' }),
  ]);
  // Scheduled now: the CMS's cron publishes it within the minute, while the other tests run.
  const title = `По расписанию для журнала ${run}`;
  const draft = await rest(stack).create('articles', articleData(title), { locale: 'ru', status: 'draft' });
  await asEditor('PUT', `${ARTICLES}/${draft.documentId}?locale=ru`, { publishAt: new Date().toISOString() });
  scheduled = { documentId: draft.documentId, title };
  ({ browser: editorBrowser, page: editorPage } = await openPanel(editor));
});

afterAll(async () => {
  await editorBrowser?.close();
  await reporterBrowser?.close();
});

describe('the moderation queue, in the panel', () => {
  it('shows every waiting comment with why it waits, the count in the menu, and approves several at once', async () => {
    const published = await rest(stack).create('articles', articleData(`Паромное сообщение ${run}`), { locale: 'ru', status: 'published' });
    const bodies = [`Когда будет следующий рейс? ${run}`, `Спасибо за новость ${run}`, `<img src=x onerror=alert(1)> ${run}`];
    const [first, second, hostile] = await pendingComments(published.documentId, bodies);

    const page = editorPage;
    await page.goto(`${stack.strapiUrl}/admin/moderation`);
    await page.getByRole('heading', { name: 'Модерация комментариев' }).waitFor();
    const badge = page.getByTestId('moderation-pending-count');
    await expect.poll(async () => Number(await badge.innerText()), { timeout: 30_000 }).toBeGreaterThanOrEqual(3);
    const before = Number(await badge.innerText());

    const row = (id: string | undefined) => page.locator(`tr[data-comment="${id}"]`);
    await row(first).waitFor();
    expect(await row(first).textContent()).toContain('Новый читатель'); // badges are upper-cased by CSS only
    expect(await row(first).textContent()).toContain(`Паромное сообщение ${run}`);
    // A reader's markup is shown as text, never rendered.
    expect(await row(hostile).textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await row(hostile).locator('img').count()).toBe(0);

    await row(first).getByRole('checkbox').click();
    await row(second).getByRole('checkbox').click();
    await page.getByText('Выбрано: 2').waitFor();
    await page.getByRole('button', { name: 'Одобрить выбранные' }).click();
    await page.getByText('Одобрено: 2. Комментарии уже на сайте.').waitFor();
    await row(first).waitFor({ state: 'detached' });
    expect(await row(second).count()).toBe(0);
    expect(await row(hostile).count()).toBe(1);
    await expect.poll(async () => Number(await badge.innerText()), { timeout: 30_000 }).toBe(before - 2);

    for (const id of [first, second]) {
      const stored = z
        .object({ data: z.object({ moderationStatus: z.string() }) })
        .parse((await adminCall(stack, 'GET', `${COMMENTS}/${id}`)).json);
      expect(stored.data.moderationStatus).toBe('approved');
    }
    // Cleared for the next runs of the page: reject the hostile one with its own button.
    await row(hostile).getByRole('button', { name: 'Отклонить' }).click();
    await row(hostile).waitFor({ state: 'detached' });
  });
});

describe('reported comments, in the panel', () => {
  it('shows a comment readers reported but still on the site under «Жалобы на сайте», with the count and reasons, and keeps it in one click', async () => {
    const published = await rest(stack).create('articles', articleData(`Дорожный ремонт ${run}`), { locale: 'ru', status: 'published' });
    const [id] = await pendingComments(published.documentId, [`Ремонт затянулся на год ${run}`], 'zhaloba');
    // As the comments function leaves it after two readers' reports (fewer than hide it).
    expect((await adminCall(stack, 'PUT', `${COMMENTS}/${id}`, { moderationStatus: 'approved' })).status).toBe(200);
    const reported = await adminCall(stack, 'PUT', `${COMMENTS}/${id}`, {
      reportCount: 2,
      reportReasons: ['insult', 'spam'],
      reportedAt: new Date().toISOString(),
    });
    expect(reported.status, JSON.stringify(reported.json)).toBe(200);

    const page = editorPage;
    await page.goto(`${stack.strapiUrl}/admin/moderation`);
    await page.getByRole('tab', { name: /Жалобы на сайте/ }).click();
    const row = page.locator(`tr[data-comment="${id}"]`);
    await row.waitFor();
    const text = await row.textContent();
    expect(text).toContain('Жалоб: 2');
    expect(text).toContain('Оскорбления');
    expect(text).toContain('Спам');
    expect(text).toContain(`Дорожный ремонт ${run}`);
    await row.getByRole('button', { name: 'Оставить, снять жалобы' }).click();
    await page.getByText('Жалобы сняты, комментарии остаются на сайте: 1.').waitFor();
    await row.waitFor({ state: 'detached' });
    const stored = z
      .object({ data: z.object({ moderationStatus: z.string(), reportCount: z.number() }) })
      .parse((await adminCall(stack, 'GET', `${COMMENTS}/${id}`)).json);
    expect(stored.data).toEqual({ moderationStatus: 'approved', reportCount: 0 });
  });
});

describe('article history, in the panel', () => {
  it('lists an article’s versions from its form, shows what changed, and restores the old text as a new draft', async () => {
    const oldTitle = `Аэропорт Актау открыл новый терминал ${run}`;
    const newTitle = `${oldTitle}: рейсы задерживаются`;
    const documentId = documentSchema.parse(await asEditor('POST', `${ARTICLES}?locale=ru`, articleData(oldTitle))).data.documentId;
    await asEditor('POST', `${ARTICLES}/${documentId}/actions/publish?locale=ru`, {});
    await asEditor('PUT', `${ARTICLES}/${documentId}?locale=ru`, { title: newTitle });

    const page = editorPage;
    await page.goto(`${stack.strapiUrl}/admin${ARTICLES}/${documentId}?plugins[i18n][locale]=ru`);
    await page.getByText('История', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Все версии и сравнение' }).click();
    await page.getByRole('heading', { name: `История версий: ${newTitle}` }).waitFor();

    // Newest first: the save, the publish, the creation; the save changed the title.
    const versions = page.getByRole('list', { name: 'История версий' }).getByRole('button');
    await expect.poll(() => versions.count(), { timeout: 30_000 }).toBe(3);
    expect(await versions.nth(0).textContent()).toMatch(/Сохранён[\s\S]*Ерлан Редакторов[\s\S]*Изменено: Заголовок\s*$/);
    expect(await versions.nth(1).textContent()).toMatch(/Опубликован[\s\S]*Ерлан Редакторов/);
    expect(await versions.nth(2).textContent()).toMatch(/Создан[\s\S]*Ерлан Редакторов/);
    const removed = page.locator('[data-field="title"] [data-op="removed"]');
    await expect.poll(() => removed.innerText(), { timeout: 30_000 }).toContain(oldTitle);
    expect(await page.locator('[data-field="title"] [data-op="added"]').innerText()).toContain(newTitle);

    await versions.nth(1).click();
    await page.getByRole('button', { name: 'Отличия от текущего черновика' }).click();
    await expect.poll(() => page.locator('[data-field="title"] [data-op="added"]').innerText(), { timeout: 30_000 }).toContain(newTitle);
    await page.getByRole('button', { name: 'Восстановить эту версию' }).click();
    await page.getByRole('alertdialog').getByText('Опубликованная версия на сайте не изменится').waitFor();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Восстановить' }).click();
    await page.getByText(/Версия №\d+ восстановлена как черновик/).waitFor();
    await expect.poll(() => versions.count(), { timeout: 30_000 }).toBe(4);
    expect(await versions.nth(0).textContent()).toMatch(/Восстановлена версия №\d+[\s\S]*Ерлан Редакторов/);

    // Back in the form: the old title is the draft.
    // A full page load of the admin (not a router link): on a loaded machine the panel's bundles alone can take
    // longer than a poll's 30 s, so the form is awaited first (the page's 60 s default), then its value.
    await page.getByRole('link', { name: /К материалу/ }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`${ARTICLES}/${documentId}`));
    const titleInput = page.locator('input[name="title"]');
    await titleInput.waitFor();
    await expect.poll(() => titleInput.inputValue(), { timeout: 30_000 }).toBe(oldTitle);
  });
});

describe('the audit list, in the panel', () => {
  it('shows the editor’s publish from the article form with who did it', async () => {
    const title = `Опубликовано из формы ${run}`;
    const documentId = documentSchema.parse(await asEditor('POST', `${ARTICLES}?locale=ru`, articleData(title))).data.documentId;
    const page = editorPage;
    await page.goto(`${stack.strapiUrl}/admin${ARTICLES}/${documentId}?plugins[i18n][locale]=ru`);
    await page.getByRole('button', { name: 'Опубликовать' }).click();
    await page.getByText('Опубликовано').first().waitFor();

    await page.getByRole('link', { name: 'Журнал' }).click();
    await page.getByRole('heading', { name: 'Журнал действий' }).waitFor();
    const entry = page.locator('tr[data-audit-action="publish"]', { hasText: title });
    await entry.waitFor();
    expect(await entry.textContent()).toMatch(/Ерлан Редакторов[\s\S]*Опубликовал\(а\)/);
  });

  it('records scheduled publishing as «Отложенная публикация»', async () => {
    const page = editorPage;
    await waitUntil(
      'the scheduled article to be published',
      async () => (await rest(stack).findOne('articles', scheduled.documentId, { locale: 'ru' })) !== null,
      90_000,
      1_000,
    );
    await page.goto(`${stack.strapiUrl}/admin/history`);
    const entry = page.locator('tr[data-audit-action="publish"]', { hasText: scheduled.title });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Отложенная публикация');
  });
});

describe('a reporter, in the panel', () => {
  beforeAll(async () => {
    ({ browser: reporterBrowser, page: reporterPage } = await openPanel(reporter));
  });

  it('writes an article and sends it to review, but Publish explains that an editor publishes', async () => {
    const title = `Репортаж из порта ${run}`;
    const page = reporterPage;
    // No moderation or audit in the reporter's menu (once the menu knows their permissions).
    await page.locator('nav a[href$="/admin/content-manager"]').first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByRole('link', { name: 'Модерация' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Журнал' }).count()).toBe(0);

    await page.goto(`${stack.strapiUrl}/admin${ARTICLES}/create?plugins[i18n][locale]=ru`);
    await page.locator('input[name="title"]').fill(title);
    await page.locator('textarea[name="lead"]').fill('В порту Актау разгрузили первое судно с зерном.');
    await page.getByRole('combobox', { name: /^Стадия/ }).click();
    await page.getByRole('option', { name: 'На проверке' }).click();
    await page.getByRole('button', { name: 'Сохранить', exact: true }).click();
    await page.getByText('Сохранено').first().waitFor();

    await page.getByRole('button', { name: 'Опубликовать' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Публикует редактор').waitFor();
    expect(await dialog.textContent()).toContain('Поставьте стадию «На проверке» и сохраните');
    await dialog.getByRole('button', { name: 'Понятно' }).click();
    await dialog.waitFor({ state: 'detached' });

    // Nothing went live, and the editor sees it waiting for review in the list.
    const list = z
      .object({ results: z.array(z.object({ title: z.string(), reviewStage: z.string(), status: z.string() })) })
      .parse(await asEditor('GET', `${ARTICLES}?page=1&pageSize=10&locale=ru&filters[$and][0][title][$eq]=${encodeURIComponent(title)}`));
    expect(list.results).toEqual([expect.objectContaining({ title, reviewStage: 'in_review', status: 'draft' })]);
    await editorPage.goto(`${stack.strapiUrl}/admin${ARTICLES}?plugins[i18n][locale]=ru`);
    await editorPage.getByRole('button', { name: 'Фильтры' }).click();
    const filters = editorPage.getByRole('dialog');
    await filters.getByRole('combobox', { name: 'Выберите поле' }).click();
    await editorPage.getByRole('option', { name: /^Стадия/ }).click(); // the field's Russian label, not the attribute name
    await filters.getByRole('combobox').nth(2).click();
    await editorPage.getByRole('option', { name: 'На проверке' }).click();
    await filters.getByRole('button', { name: 'Добавить фильтр' }).click();
    await editorPage.waitForURL(/filters\[\$and\]\[0\]\[reviewStage\]\[\$eq\]=in_review/);
    const row = editorPage.getByRole('row', { name: new RegExp(title) });
    await row.waitFor();
    expect(await row.textContent()).toContain('На проверке');
    const stages = await editorPage.locator('tbody tr').evaluateAll((rows) => rows.map((tr) => tr.textContent ?? ''));
    expect(stages.every((text) => text.includes('На проверке'))).toBe(true);
  });
});
