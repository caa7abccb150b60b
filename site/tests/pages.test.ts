/**
 * The other pages of the built site, in both locales: home, rubric, tag,
 * author, event, organization, month archive, search, register, login and
 * 404; and no page links to a page that does not exist.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { describe, expect, inject, it } from 'vitest';
import { htmlFile, listFiles, page, readHtml, text } from './helpers.ts';

const site = inject('site');
const client = path.join(site.outDir, 'client');

describe('listing pages', () => {
  it('show the latest articles on the home page of each locale, the seed article included', async () => {
    const ru = await page(site.outDir, '/');
    expect(ru('html').attr('lang')).toBe('ru');
    expect(ru(`a[href="/news/${site.seed.slugs.ru}/"]`)).toHaveLength(1);
    expect(ru('a[href="/archive/"]').length).toBeGreaterThan(0);
    const kk = await page(site.outDir, '/kk/');
    expect(kk('html').attr('lang')).toBe('kk');
    expect(kk(`a[href="/kk/news/${site.seed.slugs.kk}/"]`)).toHaveLength(1);
    expect(text(kk, 'main h2')).toBe('Соңғы жаңалықтар');
  });

  it('build rubric, tag, author, event and organization pages in both locales', async () => {
    for (const [urlPath, heading] of [
      ['/rubric/obshchestvo/', 'Общество'],
      ['/kk/rubric/qogam/', 'Қоғам'],
      ['/tag/npo/', 'НПО'],
      ['/kk/tag/ueu/', 'ҮЕҰ'],
      ['/author/redaktsiya/', 'Редакция'],
      ['/kk/author/redaktsiya/', 'Редакция'],
    ] as const) {
      const $ = await page(site.outDir, urlPath);
      expect(text($, 'h1'), urlPath).toBe(heading);
    }
    const event = await page(site.outDir, '/events/den-otkrytykh-dverey-npo-aktau-2022/');
    expect(event(`a[href="/news/${site.seed.slugs.ru}/"]`)).toHaveLength(1);
    expect(event('blockquote').text()).toContain('С 2018 года не было социальных заказов');
    expect(event('script[type="application/ld+json"]').text()).toContain('"@type":"Event"');
    const kkEvent = await page(site.outDir, '/kk/events/ueu-ashyq-esik-kuni-aqtau-2022/');
    expect(kkEvent('html').attr('lang')).toBe('kk');
    const org = await page(site.outDir, '/organizations/grazhdanskiy-alyans-mangistauskoy-oblasti/');
    expect(org('a[href="/events/den-otkrytykh-dverey-npo-aktau-2022/"]')).toHaveLength(1);
    expect(org(`a[href="/news/${site.seed.slugs.ru}/"]`)).toHaveLength(1);
  });

  it('file the seed article under 5 November 2022 in both locales, reached from the archive index through its month', async () => {
    const ru = await page(site.outDir, '/archive/2022/11/05/');
    expect(text(ru, 'h1')).toMatch(/5 ноября 2022/);
    expect(ru(`a[href="/news/${site.seed.slugs.ru}/"]`)).toHaveLength(1);
    expect(ru('link[rel="alternate"][hreflang="kk"]').attr('href')).toMatch(/\/kk\/archive\/2022\/11\/05\/$/);
    const kk = await page(site.outDir, '/kk/archive/2022/11/05/');
    expect(text(kk, 'h1')).toMatch(/қараша/);
    expect(kk(`a[href="/kk/news/${site.seed.slugs.kk}/"]`)).toHaveLength(1);
    const month = await page(site.outDir, '/archive/2022/11/');
    expect(text(month, 'h1')).toMatch(/ноябрь 2022/);
    expect(month('main a[href^="/archive/2022/11/"]').map((_, a) => month(a).attr('href')).get()).toEqual(['/archive/2022/11/05/']);
    expect(text(month, 'main a[href="/archive/2022/11/05/"]')).toMatch(/5 ноября 2022/);
    // The month page lists days, not articles.
    expect(month(`a[href="/news/${site.seed.slugs.ru}/"]`)).toHaveLength(0);
    const kkMonth = await page(site.outDir, '/kk/archive/2022/11/');
    expect(kkMonth('a[href="/kk/archive/2022/11/05/"]')).toHaveLength(1);
    const index = await page(site.outDir, '/archive/');
    expect(index('a[href="/archive/2022/11/"]')).toHaveLength(1);
  });

  it('use no numbered pagination: listings are latest-N pages and the archive of months and days', async () => {
    const files = await listFiles(client);
    expect(files.filter((file) => /\/(page\/)?\d+\/index\.html$/.test(file) && !file.includes('archive/'))).toEqual([]);
  });
});

describe('search and 404', () => {
  it('build a search page per locale whose form needs no server, with translated labels', async () => {
    const ru = await page(site.outDir, '/search/');
    expect(ru('form[role="search"]').attr('action')).toBe('/search/');
    expect(text(ru, 'label[for="q"]')).toBe('Что найти');
    const kk = await page(site.outDir, '/kk/search/');
    expect(text(kk, 'label[for="q"]')).toBe('Не іздейміз');
    expect(kk('#search-results').attr('data-no-results')).toBe('Ештеңе табылмады');
  });

  it('write a Pagefind index for each language', async () => {
    const files = await listFiles(path.join(client, 'pagefind'));
    expect(files).toContain('pagefind.js');
    expect(files.some((file) => /^pagefind\.ru_[\w]+\.pf_meta$/.test(file))).toBe(true);
    expect(files.some((file) => /^pagefind\.kk_[\w]+\.pf_meta$/.test(file))).toBe(true);
  });

  it('build a 404 page that speaks both languages', async () => {
    const $ = load(await readHtml(site.outDir, '/404.html'));
    expect(text($, 'h1')).toBe('Страница не найдена');
    expect($('section[lang="kk"] h2').text()).toBe('Бет табылмады');
    expect($('meta[name="robots"]').attr('content')).toBe('noindex');
  });
});

describe('register and login pages', () => {
  it('build a register page per locale with labelled fields, their rules as hints, and a honeypot hidden from people', async () => {
    const ru = await page(site.outDir, '/register/');
    expect(text(ru, 'h1')).toBe('Регистрация');
    expect(ru('form.auth').attr('data-auth')).toBe('register');
    for (const [id, autocomplete] of [
      ['username', 'username'],
      ['email', 'email'],
      ['password', 'new-password'],
    ] as const) {
      expect(ru(`label[for="${id}"]`), id).toHaveLength(1);
      expect(ru(`#${id}`).attr('autocomplete'), id).toBe(autocomplete);
      expect(ru(`#${ru(`#${id}`).attr('aria-describedby') ?? ''}`).text().length, id).toBeGreaterThan(10);
    }
    expect(text(ru, '#password-hint')).toBe('От 8 до 64 символов, хотя бы одна буква и одна цифра.');
    expect(ru('#website').attr('tabindex')).toBe('-1');
    expect(ru('#website').closest('[aria-hidden="true"]')).toHaveLength(1);
    const kk = await page(site.outDir, '/kk/register/');
    expect(kk('html').attr('lang')).toBe('kk');
    expect(text(kk, 'h1')).toBe('Тіркелу');
    expect(text(kk, 'label[for="password"]')).toBe('Құпиясөз');
  });

  it('build a login page per locale that accepts the e-mail or the username and links to registration', async () => {
    const ru = await page(site.outDir, '/login/');
    expect(text(ru, 'h1')).toBe('Вход');
    expect(text(ru, 'label[for="identifier"]')).toBe('E-mail или имя пользователя');
    expect(ru('#password').attr('autocomplete')).toBe('current-password');
    expect(ru('a[data-keep-return]').attr('href')).toBe('/register/');
    const kk = await page(site.outDir, '/kk/login/');
    expect(text(kk, 'h1')).toBe('Кіру');
    expect(kk('a[data-keep-return]').attr('href')).toBe('/kk/register/');
  });

  it('keep them out of search engines and send nothing without the script: noindex, a disabled button, a noscript notice', async () => {
    for (const urlPath of ['/register/', '/login/', '/kk/register/', '/kk/login/']) {
      const $ = await page(site.outDir, urlPath);
      expect($('meta[name="robots"]').attr('content'), urlPath).toBe('noindex');
      expect($('form.auth').attr('action'), urlPath).toBeUndefined();
      expect($('form.auth button[type="submit"]').attr('disabled'), urlPath).toBeDefined();
      expect($('noscript').text(), urlPath).toContain('JavaScript');
      expect($('#auth-error').attr('role'), urlPath).toBe('alert');
      expect($('link[rel="alternate"][hreflang]'), urlPath).toHaveLength(2);
    }
    const sitemap = await readFile(path.join(client, 'sitemap-pages-0.xml'), 'utf8');
    expect(sitemap).not.toMatch(/\/(register|login)\//);
  });
});

describe('links', () => {
  it('never point at a page that was not built', async () => {
    const htmlFiles = (await listFiles(client)).filter((file) => file.endsWith('.html'));
    const broken = new Set<string>();
    for (const file of htmlFiles) {
      const $ = load(await readHtml(site.outDir, `/${file.replace(/index\.html$/, '')}`.replace(/\/404\.html\/$/, '/404.html')));
      $('a[href^="/"], link[href^="/"]').each((_, el) => {
        const href = ($(el).attr('href') ?? '').split(/[?#]/)[0] ?? '';
        const target = href.endsWith('/') ? htmlFile(site.outDir, href) : path.join(client, href);
        if (!existsSync(target)) broken.add(`${file} → ${href}`);
      });
    }
    expect([...broken]).toEqual([]);
  });
});
