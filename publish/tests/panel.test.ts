/**
 * What an editor does, in the real Strapi admin panel driven by Chromium, as
 * a Russian-speaking (and then a Kazakh-speaking) editor would: write and
 * publish an article and find it on the site within seconds; read Russian
 * labels everywhere; create a photo credit from the photo's field and publish
 * with it; see a refused Publish keep the work as a draft with the field to
 * fix marked; pick credits; translate into Kazakh with the panel marking what
 * is still Russian and the Kazakh version getting its own address; preview the
 * draft and the published version. The other tests reach the CMS through its
 * APIs; here the panel's own React code is in the loop too (it once gave every
 * new article the slug "article": see cms/src/document-middlewares/slugs.ts).
 * One sign-in for the whole file (Strapi limits admin logins).
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { z } from 'zod';
import { launchChromium, type Chromium } from '@tilshi/testing/chromium';
import { articleData, rest, waitServed } from './helpers.ts';

const stack = inject('stack');
const ARTICLES = '/admin/content-manager/collection-types/api::article.article';
const ARTICLE_CREATE = `${ARTICLES}/create?plugins[i18n][locale]=ru`;
const run = Date.now();
/** How long the panel may take to show a change on a busy machine (the tests share two cores with others). */
const SLOW = { timeout: 30_000 };

let browser: Chromium;
let page: Page;
let token = '';

/** A call to the admin API with the editor's own session (read from the signed-in panel). */
async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${stack.strapiUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? null : (JSON.parse(text) as unknown) };
}

const documentAnswer = z.object({ data: z.looseObject({ documentId: z.string(), title: z.string(), slug: z.string().nullable() }) });

/** The draft of an article version as the panel stores it. */
async function draftOf(documentId: string, locale: 'ru' | 'kk' = 'ru') {
  const answer = await admin('GET', `/content-manager/collection-types/api::article.article/${documentId}?locale=${locale}`);
  expect(answer.status).toBe(200);
  return documentAnswer.parse(answer.json).data;
}

/** The documentId in the address of the article form. */
const openDocumentId = () => /api::article\.article\/([a-z0-9]+)\?/.exec(page.url())?.[1] ?? '';

/** Opens the article form and waits until it is ready to type into. */
async function openArticle(path: string): Promise<void> {
  await page.goto(`${stack.strapiUrl}${path}`);
  await page.getByLabel(/^Заголовок/).waitFor();
  await page.waitForLoadState('networkidle');
}

/** Adds the main photo: the first picture of the media library's upload folder. */
async function addCoverFromLibrary(): Promise<void> {
  await page
    .getByRole('button', { name: /Ещё нет записей/ })
    .first()
    .click();
  await page
    .getByText(/Нажмите, чтобы добавить ресурс/)
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('API Uploads').click();
  await dialog.getByRole('checkbox').first().check();
  await dialog.getByRole('button', { name: 'Готово' }).click();
}

/** The label above a field of the form (its text; a required field's star and a list's count aside). */
const fieldLabel = (text: string) =>
  page
    .locator('label')
    .filter({ hasText: new RegExp(`^${text.replace(/[()]/g, '\\$&')}\\*?\\s*(\\(\\d+\\))?\\s*$`) })
    .first();

/** Strings of the English panel that a Russian editor used to meet. */
const ENGLISH = [
  'Create an entry',
  'Publish',
  'Save',
  'Draft',
  'Search',
  'Filters',
  'Status',
  'STATUS',
  'Collection Types',
  'publicationDate',
  'sourceAttribution',
  'ageRating',
  'Add or create a relation',
  'No entry yet',
  'characters',
];
const englishOn = async () => {
  const text = await page.evaluate(() => document.body.innerText);
  return ENGLISH.filter((word) => new RegExp(`(^|[^\\w])${word}([^\\w]|$)`).test(text));
};

beforeAll(async () => {
  browser = await launchChromium({ width: 1400, height: 1000 });
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(60_000);
  // Leaving a form with unsaved changes asks "leave the page?": an editor moving on says yes.
  page.on('dialog', (dialog) => void dialog.accept());
  // A new editor, a fresh browser: the sign-in page is already in Russian.
  await page.goto(`${stack.strapiUrl}/admin/auth/login`);
  await page.getByLabel(/Эл\. почта/).fill(stack.admin.email);
  await page.getByLabel(/^Пароль/).fill(stack.admin.password);
  await page.getByRole('checkbox', { name: 'Запомнить меня' }).check();
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(/\/admin\/?$/);
  token = z.string().parse(JSON.parse((await page.evaluate(() => localStorage.getItem('jwtToken'))) ?? 'null'));
});

afterEach(async (context) => {
  // What the editor saw when a test failed, for whoever reads the failure.
  if (context.task.result?.state === 'fail')
    await page
      .screenshot({
        path: `${process.cwd()}/.tmp/panel-test-failure-${context.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      })
      .catch(() => {});
});

afterAll(async () => {
  await browser?.close();
});

describe('an editor in the Strapi panel', () => {
  it('meets Russian from the sign-in on: the site status first on the home page, names, labels, list columns and values', async () => {
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    // The first widget of the home page: whether the site has what was published.
    await page.getByText(/^Сайт обновлён:/).waitFor();
    await page.getByText('Последние изменённые').waitFor();
    const home = (await page.evaluate(() => document.body.innerText)).toLowerCase(); // widget titles are shown in capitals
    expect(home.indexOf('последние изменённые')).toBeGreaterThan(0);
    expect(home.indexOf('сайт обновлён:')).toBeLessThan(home.indexOf('последние изменённые'));

    await page.goto(`${stack.strapiUrl}${ARTICLES}?plugins[i18n][locale]=ru`);
    await page.locator('thead th', { hasText: 'Переводы' }).waitFor();
    const headers = (await page.locator('thead th').allTextContents()).map((text) => text.trim().toLowerCase());
    expect(headers).toEqual(expect.arrayContaining(['заголовок', 'рубрика', 'дата публикации', 'переводы', 'статус']));
    for (const name of ['Материалы', 'Авторы фото', 'Мероприятия НПО', 'Стоп-слова', 'Комментарии'])
      await page.getByRole('link', { name, exact: true }).waitFor();
    expect(await englishOn()).toEqual([]);

    // Enumeration values read as words, in lists and in the form.
    await page.goto(`${stack.strapiUrl}/admin/content-manager/collection-types/api::credit.credit`);
    await page
      .getByRole('row', { name: /ЦОК Мангистауской области/ })
      .getByText('Организация', { exact: true })
      .waitFor();
    await openArticle(ARTICLE_CREATE);
    for (const label of [
      'Заголовок',
      'Адрес (slug)',
      'Лид',
      'Текст',
      'Дата публикации',
      'Источник',
      'Главное фото',
      'Галерея',
      'Возрастная маркировка',
      'Рубрика',
      'Теги',
      'Авторы',
    ]) {
      await fieldLabel(label).waitFor();
    }
    expect(await page.getByRole('combobox', { name: /^Возрастная маркировка/ }).innerText()).toContain('0+');
    expect(await englishOn()).toEqual([]);
  });

  it('creates an article whose address follows its Russian title, publishes it, and sees it on the site within seconds', async () => {
    const title = `Паром из Актау ушёл в Баку ${run}`;
    const expectedSlug = `parom-iz-aktau-ushel-v-baku-${run}`;

    await openArticle(ARTICLE_CREATE);
    const slug = page.getByLabel(/^Адрес \(slug\)/);
    expect(await slug.inputValue()).toBe(''); // not pre-filled with the model name

    await page.getByLabel(/^Заголовок/).fill(title);
    await page.getByLabel(/^Лид/).fill('Первый рейс нового парома отправился из порта Актау.');
    // The panel's ↻ previews the slug with the same Russian/Kazakh map the CMS uses…
    await page.getByRole('button', { name: 'Создать из заголовка' }).click();
    await expect.poll(() => slug.inputValue(), SLOW).toBe(expectedSlug);
    // …and an editor who leaves the field empty gets the same one when saving.
    await slug.fill('');
    await page.getByRole('button', { name: /^Сохранить$/ }).click();
    await page.getByText('Сохранено', { exact: true }).waitFor();
    // The form is drawn again for the new document after the toast: more than a second on a busy machine.
    await expect.poll(() => slug.inputValue(), SLOW).toBe(expectedSlug);

    const siteUpdated = page.getByText(/^Сайт обновлён:/);
    const updatedBefore = await siteUpdated.innerText();
    const publishedAt = Date.now();
    await page.getByRole('button', { name: /^Опубликовать$/ }).click();
    await page.getByText('Опубликовано', { exact: true }).waitFor();
    await waitServed(stack, `/news/${expectedSlug}/`, title, 30_000);
    expect(Date.now() - publishedAt).toBeLessThan(30_000); // the benchmark measures latency; this proves no full-rebuild cycle
    await waitServed(stack, '/', `/news/${expectedSlug}/`, 30_000); // listings are applied after the page

    // The edit view's «Сайт» panel tells the editor the site has it, without leaving the panel.
    await expect.poll(() => siteUpdated.innerText(), { timeout: 30_000 }).not.toBe(updatedBefore);
    expect(await page.getByText('Все опубликованные изменения на сайте.').isVisible()).toBe(true);
  });

  it('keeps a new article as a draft when Publish is refused for a photo without a credit, and marks the credit field', async () => {
    const title = `Отказ без автора фото ${run}`;
    await openArticle(ARTICLE_CREATE);
    await page.getByLabel(/^Заголовок/).fill(title);
    await page.getByLabel(/^Лид/).fill('Лид.');
    await addCoverFromLibrary();
    await page.getByLabel(/^Альтернативный текст/).fill('Причал морского порта');
    await page.getByRole('button', { name: /^Опубликовать$/ }).click();

    // The refusal names the photo, in Russian; the article is now a saved draft with its own address.
    await page.getByText(/Материал нельзя опубликовать: у фото должны быть альтернативный текст и автор/).waitFor();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    await page.getByText('Укажите автора или источник фото.').waitFor();
    const documentId = openDocumentId();
    expect(documentId).not.toBe('');
    expect((await draftOf(documentId)).title).toBe(title);

    // Closing the tab loses nothing: the draft opens again with what was typed.
    await openArticle(`${ARTICLES}/${documentId}?plugins[i18n][locale]=ru`);
    expect(await page.getByLabel(/^Альтернативный текст/).inputValue()).toBe('Причал морского порта');
  });

  it('keeps a new article as a draft when the form refuses Publish for an empty alt text, and marks the field', async () => {
    const title = `Отказ без альтернативного текста ${run}`;
    await openArticle(ARTICLE_CREATE);
    await page.getByLabel(/^Заголовок/).fill(title);
    await page.getByLabel(/^Лид/).fill('Лид.');
    await addCoverFromLibrary();
    await page.getByRole('button', { name: /^Опубликовать$/ }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    await page.getByText('Обязательное значение.').waitFor();
    expect((await draftOf(openDocumentId())).title).toBe(title);
  });

  it('creates a photo credit from the photo’s credit field, with the typed name, and publishes the article with it', async () => {
    const title = `Новый автор фото ${run}`;
    const creditName = `Фотограф Нурлан ${run}`;
    const toasts: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('relation')) toasts.push(message.text());
    });
    await openArticle(ARTICLE_CREATE);
    await page.getByLabel(/^Заголовок/).fill(title);
    await page.getByLabel(/^Лид/).fill('Лид.');
    await addCoverFromLibrary();
    await page.getByLabel(/^Альтернативный текст/).fill('Паром у причала');

    const credit = page.getByRole('combobox', { name: /^Автор фото/ }).first();
    await credit.click();
    await credit.fill(creditName);
    await page.getByRole('option', { name: 'Создать новую' }).click();
    const dialog = page.getByRole('dialog');
    const name = dialog.getByLabel(/^Подпись «Фото: …»/);
    await expect.poll(() => name.inputValue(), SLOW).toBe(creditName); // the typed name, not an empty form
    expect(await page.getByText('Не удалось выбрать запись.').count()).toBe(0); // no error toast for choosing "create"
    await dialog.getByRole('button', { name: /^Сохранить$/ }).click();
    await dialog.getByRole('heading', { name: creditName }).waitFor();
    await page.keyboard.press('Escape');
    // The new credit is in the field of the unsaved article…
    await page.getByRole('button', { name: creditName }).waitFor();
    await page.getByRole('button', { name: /^Опубликовать$/ }).click();
    // …and goes with Publish: the site prints it under the photo.
    await page.getByText('Опубликовано', { exact: true }).waitFor();
    const published = await rest(stack).find(
      'articles',
      { filters: { title: { $eq: title } }, fields: ['slug'] },
      z.looseObject({ slug: z.string() }),
    );
    expect(published).toHaveLength(1);
    await waitServed(stack, `/news/${published[0]?.slug}/`, creditName, 30_000);
    expect(toasts).toEqual([]);
  });

  it('offers the most used photo credits first, more than ten, and finds one typed in lower case', async () => {
    for (let index = 1; index <= 12; index += 1)
      await rest(stack).create('credits', { name: `Архив редакции ${run}-${String(index).padStart(2, '0')}`, kind: 'organization' });
    await openArticle(ARTICLE_CREATE);
    await addCoverFromLibrary();
    const credit = page.getByRole('combobox', { name: /^Автор фото/ }).first();
    await credit.click();
    await page.getByRole('option', { name: `Архив редакции ${run}-12` }).waitFor();
    const options = (await page.getByRole('option').allInnerTexts()).filter((text) => text !== 'Создать новую');
    expect(options.length).toBeGreaterThan(10);
    // The seed article's photos are credited to «ЦОК Мангистауской области»: the most used.
    expect(options[0]).toBe('ЦОК Мангистауской области');
    await credit.fill('цок мангистау');
    await expect
      .poll(async () => (await page.getByRole('option').allInnerTexts()).filter((text) => text !== 'Создать новую'), SLOW)
      .toEqual(['ЦОК Мангистауской области']);
    await page.keyboard.press('Escape');
  });

  it('gives the Kazakh version its own address from its Kazakh title, and marks what is still Russian after filling from Russian', async () => {
    const draft = await rest(stack).create('articles', articleData(`Морской порт Актау расширяется ${run}`), {
      locale: 'ru',
      status: 'draft',
    });
    await openArticle(`${ARTICLES}/${draft.documentId}?plugins[i18n][locale]=kk`);
    await page.getByRole('button', { name: 'Заполните данные из другого языка' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('combobox').click();
    await page.getByRole('option', { name: /Русский/ }).click();
    await dialog.getByRole('button', { name: 'Да, заполнить' }).click();
    await expect.poll(() => page.getByLabel(/^Заголовок/).inputValue(), SLOW).toBe(`Морской порт Актау расширяется ${run}`);

    // The «Перевод» panel lists the fields that still hold the Russian text, and marks them in the form.
    const panel = page.getByText(/Ещё не переведен/).locator('xpath=..');
    await panel.waitFor();
    const pending = await panel.innerText();
    for (const field of ['Заголовок', 'Лид', 'Текст']) expect(pending).toContain(field);
    expect(await page.locator('[name="title"]').evaluate((element) => getComputedStyle(element).outlineStyle)).toBe('dashed');

    await page.getByLabel(/^Заголовок/).fill(`Ақтау теңіз порты кеңейеді ${run}`);
    await page.getByLabel(/^Лид/).fill('Порт кеңейіп жатыр.');
    await page.getByRole('button', { name: /^Сохранить$/ }).click();
    await page.getByText('Сохранено', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel(/^Адрес \(slug\)/).inputValue(), SLOW).toBe(`aqtau-teniz-porty-keneyedi-${run}`);
    expect((await draftOf(draft.documentId, 'ru')).slug).toBe(`morskoy-port-aktau-rasshiryaetsya-${run}`);
    await expect.poll(async () => await page.getByText(/Ещё не переведен/).count(), SLOW).toBe(1); // the body is still Russian
    await page.getByText(/Ещё не переведено 1 поле/).waitFor();
  });

  it('shows in the article list which translations are out of date, until a translator confirms them', async () => {
    const documentId = (
      await rest(stack).create('articles', articleData(`Новый автобусный маршрут ${run}`), { locale: 'ru', status: 'draft' })
    ).documentId;
    await rest(stack).update('articles', documentId, articleData(`Жаңа автобус бағыты ${run}`), { locale: 'kk', status: 'draft' });
    const row = () => page.getByRole('row', { name: new RegExp(`Новый автобусный маршрут ${run}`) });
    await page.goto(`${stack.strapiUrl}${ARTICLES}?plugins[i18n][locale]=ru&_q=${encodeURIComponent(`автобусный маршрут ${run}`)}`);
    await expect.poll(() => row().innerText(), SLOW).toMatch(/KK актуален/i); // badges are shown in capitals

    // The Russian original changes: the Kazakh translation is now out of date.
    await rest(stack).update('articles', documentId, { lead: 'Маршрут продлён до 15 микрорайона.' }, { locale: 'ru', status: 'draft' });
    await page.reload();
    await expect.poll(() => row().innerText(), SLOW).toMatch(/KK устарел/i);

    await openArticle(`${ARTICLES}/${documentId}?plugins[i18n][locale]=kk`);
    await page.getByText(/Оригинал \(Русский\) изменён/).waitFor();
    await page.getByRole('button', { name: 'Перевод актуален' }).click();
    await page.getByText(/Перевод сделан по последней версии оригинала/).waitFor();
    await page.goto(`${stack.strapiUrl}${ARTICLES}?plugins[i18n][locale]=ru&_q=${encodeURIComponent(`автобусный маршрут ${run}`)}`);
    await expect.poll(() => row().innerText(), SLOW).toMatch(/KK актуален/i);
  });

  it('previews the draft and the published version from the form, saying truly whether the other language is on the site', async () => {
    const title = `Предпросмотр публикации ${run}`;
    const documentId = (await rest(stack).create('articles', articleData(title), { locale: 'ru', status: 'published' })).documentId;
    await rest(stack).update('articles', documentId, articleData(`Предпросмотр жарияланым ${run}`), { locale: 'kk', status: 'draft' });

    // The Kazakh draft: the Russian version is published, and the preview says so.
    await openArticle(`${ARTICLES}/${documentId}?plugins[i18n][locale]=kk`);
    const draftTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Открыть черновик' }).click();
    const draftPreview = await draftTab;
    await draftPreview.waitForURL(/\/preview\/kk\//);
    await draftPreview.getByRole('heading', { level: 1, name: `Предпросмотр жарияланым ${run}` }).waitFor();
    expect(await draftPreview.locator('.preview-note').innerText()).toBe(
      'Жоба алдын ала қарау: материал жарияланғаннан кейін осылай көрінеді. Орысша нұсқасы сайтта жарияланған.',
    );
    await draftPreview.close();

    // An unsaved change is saved before the preview opens, so the preview shows it.
    await openArticle(`${ARTICLES}/${documentId}?plugins[i18n][locale]=ru`);
    await page.getByLabel(/^Лид/).fill(`Изменённый лид ${run}.`);
    const savedTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Сохранить и открыть черновик' }).click();
    const savedPreview = await savedTab;
    await savedPreview.waitForURL(/\/preview\/ru\//);
    await savedPreview.getByText(`Изменённый лид ${run}.`).first().waitFor();
    await savedPreview.close();

    // The published version: what the site shows, not the draft.
    const publishedTab = page.context().waitForEvent('page');
    await page.getByRole('button', { name: 'Открыть опубликованную версию' }).click();
    const publishedPreview = await publishedTab;
    await publishedPreview.waitForURL(/status=published/);
    await publishedPreview.getByRole('heading', { level: 1, name: title }).waitFor();
    expect(await publishedPreview.getByText(`Изменённый лид ${run}.`).count()).toBe(0);
    expect(await publishedPreview.locator('.preview-note').innerText()).toMatch(
      /^Предпросмотр опубликованной версии.*Казахская версия на сайте не опубликована/,
    );
    await publishedPreview.close();
  });

  it('says why a new article has no preview yet', async () => {
    await openArticle(ARTICLE_CREATE);
    await page.getByText(/Предпросмотр показывает сохранённый черновик: сохраните материал/).waitFor();
    await page.getByRole('button', { name: 'Сохранить черновик' }).waitFor();
  });

  it('switches to Kazakh in the profile: the whole form, its hints and the refusal of Publish in Kazakh', async () => {
    await page.goto(`${stack.strapiUrl}/admin/me`);
    await page.getByRole('combobox', { name: /Язык интерфейса/ }).click();
    await page.getByRole('option', { name: 'Қазақша' }).click();
    await page.getByRole('button', { name: /^Сохранить$/ }).click();
    await page.getByText('Интерфейс тілі').waitFor();
    try {
      await page.goto(`${stack.strapiUrl}${ARTICLE_CREATE}`);
      await page.getByLabel(/^Тақырып/).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
      for (const label of ['Тақырып', 'Лид', 'Мәтін', 'Басты фото', 'Жас шектеуі', 'Айдар']) await fieldLabel(label).waitFor();
      await page.getByText(/Жаңалықтың сайттағы тақырыбы/).waitFor(); // the hint under the title
      await page.getByRole('button', { name: /^Жариялау$/ }).waitFor();
      await page.getByRole('link', { name: 'Материалдар', exact: true }).waitFor();
      expect(await englishOn()).toEqual([]);

      await page.getByLabel(/^Тақырып/).fill(`Қазақша бас тарту ${run}`);
      await page.getByLabel(/^Лид/).fill('Лид.');
      await addCoverFromLibraryKazakh();
      await page.getByLabel(/^Балама мәтін/).fill('Порт');
      await page.getByRole('button', { name: /^Жариялау$/ }).click();
      await page.getByText(/Материалды жариялау мүмкін емес/).waitFor();
      await page.getByText('Фото авторын немесе дереккөзін көрсетіңіз.').waitFor();
    } finally {
      expect((await admin('PUT', '/admin/users/me', { preferedLanguage: 'ru' })).status).toBe(200);
    }
  });
});

/** The same as addCoverFromLibrary, with the Kazakh interface. */
async function addCoverFromLibraryKazakh(): Promise<void> {
  await page
    .getByRole('button', { name: /Әзірге жазба жоқ/ })
    .first()
    .click();
  await page
    .getByText(/Файл қосу үшін басыңыз/)
    .first()
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('API Uploads').click();
  await dialog.getByRole('checkbox').first().check();
  await dialog.getByRole('button', { name: 'Дайын' }).click();
}
