/**
 * The other pages of the built site, in both locales: home, rubric, tag,
 * author, event, organization, month archive, search, register, login and
 * 404; no page links to a page that does not exist; every page carries a
 * content security policy that lets only the site's own scripts run; and the
 * site server (site/serve.mjs) answers hostile methods with 405 and sends
 * the security headers with every answer.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SECURITY_HEADERS } from '../src/lib/security-headers.ts';
import { startSmtp, type SmtpStandIn } from '@tilshi/testing/smtp';
import { serveWithComments } from './harness/comments.ts';
import { rawRequest, type RunningSite } from '@tilshi/testing/site';
import { gzipSize, htmlFile, listFiles, page, readHtml, SEARCH_PART_PAGES, text } from './helpers.ts';

const site = inject('site');
const client = path.join(site.outDir, 'client');

describe('listing pages', () => {
  it('show the newest articles on the home page of each locale: a lead with its photo, cards, the feed, a block per rubric', async () => {
    const ru = await page(site.outDir, '/');
    expect(ru('html').attr('lang')).toBe('ru');
    expect(ru('.top .story-lead picture img').attr('fetchpriority')).toBe('high');
    expect(ru('.top .grid > li')).toHaveLength(6);
    // The article published an hour ago (no photo) is the newest: in the feed, and a card.
    expect(ru(`.feed a[href="/news/${site.ruOnly.slug}/"]`)).toHaveLength(1);
    expect(ru(`.top a[href="/news/${site.ruOnly.slug}/"]`)).toHaveLength(1);
    expect(
      ru('.rubrics section h2 a')
        .map((_, a) => ru(a).attr('href'))
        .get(),
    ).toEqual(['obshchestvo', 'politika', 'ekonomika', 'proisshestviya', 'kultura', 'sport'].map((slug) => `/rubric/${slug}/`));
    expect(ru('a[href="/archive/"]').length).toBeGreaterThan(0);
    const kk = await page(site.outDir, '/kk/');
    expect(kk('html').attr('lang')).toBe('kk');
    expect(text(kk, '.feed h2')).toBe('Соңғы жаңалықтар');
    expect(kk('.top .story-lead h3 a').attr('href')).toMatch(/^\/kk\/news\//);
    expect(kk('.rubrics section h2 a').first().attr('href')).toBe('/kk/rubric/qogam/');
  });

  it('keep the home page within its budget: HTML with its inlined CSS under 14 KB gzipped, no JavaScript, no web font, no external stylesheet', async () => {
    for (const urlPath of ['/', '/kk/', '/rubric/obshchestvo/', '/kk/tag/ueu/']) {
      const html = await readHtml(site.outDir, urlPath);
      const $ = load(html);
      expect(gzipSize(html), urlPath).toBeLessThanOrEqual(14 * 1024);
      expect($('script:not([type="application/ld+json"])'), urlPath).toHaveLength(0);
      expect($('link[rel="stylesheet"], link[rel="preload"][as="font"]'), urlPath).toHaveLength(0);
      expect(html, urlPath).not.toMatch(/@font-face/);
    }
  });

  it('show thumbnails with width, height and lazy loading on listing pages, and text-only lines on archive days', async () => {
    for (const urlPath of [
      '/rubric/obshchestvo/',
      '/kk/tag/ueu/',
      '/author/daniyar-utegenov/',
      '/events/forum-npo-mangistau-demo/',
      '/organizations/of-zhasyl-kaspiy-demo/',
    ]) {
      const $ = await page(site.outDir, urlPath);
      const images = $('main .story img');
      expect(images.length, urlPath).toBeGreaterThan(0);
      for (const img of images.toArray()) {
        expect(Number($(img).attr('width')), urlPath).toBeGreaterThan(0);
        expect(Number($(img).attr('height')), urlPath).toBeGreaterThan(0);
        expect($(img).attr('alt'), urlPath).toBe('');
      }
      expect(
        images
          .slice(2)
          .toArray()
          .every((img) => $(img).attr('loading') === 'lazy'),
        urlPath,
      ).toBe(true);
      expect($(`main .story source[type="image/avif"]`).length, urlPath).toBe(images.length);
    }
    const day = await page(site.outDir, '/archive/2022/11/05/');
    expect(day('main img')).toHaveLength(0);
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
    expect(
      month('main a[href^="/archive/2022/11/"]')
        .map((_, a) => month(a).attr('href'))
        .get(),
    ).toEqual(['/archive/2022/11/05/']);
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

  it('write the search index in parts of at most TILSHI_SEARCH_PART_PAGES article pages, one language each, named in parts.json', async () => {
    const files = await listFiles(path.join(client, 'pagefind'));
    const toc = JSON.parse(await readFile(path.join(client, 'pagefind', 'parts.json'), 'utf8')) as {
      version: number;
      languages: Record<string, string[]>;
    };
    expect(toc.version).toBe(1);
    expect(Object.keys(toc.languages).sort()).toEqual(['kk', 'ru']);
    const html = (await listFiles(client)).filter((file) => file.endsWith('.html') && !file.startsWith('pagefind'));
    for (const [language, folders] of Object.entries(toc.languages)) {
      // The harness indexes in parts of SEARCH_PART_PAGES pages: several parts per language, as at 100,000 articles.
      expect(folders.length, language).toBeGreaterThan(1);
      const counts: number[] = [];
      for (const folder of folders) {
        expect(folder).toMatch(new RegExp(`^${language}-\\d+/$`));
        expect(files).toContain(`${folder}pagefind.js`);
        const entry = JSON.parse(await readFile(path.join(client, 'pagefind', folder, 'pagefind-entry.json'), 'utf8')) as {
          languages: Record<string, { page_count: number }>;
        };
        expect(Object.keys(entry.languages), folder).toEqual([language]);
        counts.push(entry.languages[language]?.page_count ?? 0);
      }
      expect(Math.max(...counts), language).toBeLessThanOrEqual(SEARCH_PART_PAGES);
      // Every article page of the language, and only those, is in exactly one part.
      const articles: string[] = [];
      for (const file of html) {
        const text = await readFile(path.join(client, file), 'utf8');
        if (text.includes('data-pagefind-body') && text.includes(`<html lang="${language}"`)) articles.push(file);
      }
      expect(articles.length, language).toBeGreaterThan(SEARCH_PART_PAGES);
      expect(
        counts.reduce((sum, count) => sum + count, 0),
        language,
      ).toBe(articles.length);
    }
    // No folder of links left behind by the indexer.
    expect((await listFiles(path.dirname(client))).some((file) => file.includes('.tilshi-search-'))).toBe(false);
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

  it('build a login page per locale that accepts the e-mail or the username and links to registration and to password reset', async () => {
    const ru = await page(site.outDir, '/login/');
    expect(text(ru, 'h1')).toBe('Вход');
    expect(text(ru, 'label[for="identifier"]')).toBe('E-mail или имя пользователя');
    expect(ru('#password').attr('autocomplete')).toBe('current-password');
    expect(
      ru('a[data-keep-return]')
        .map((_, link) => ru(link).attr('href'))
        .get(),
    ).toEqual(['/password/', '/register/']);
    const kk = await page(site.outDir, '/kk/login/');
    expect(text(kk, 'h1')).toBe('Кіру');
    expect(
      kk('a[data-keep-return]')
        .map((_, link) => kk(link).attr('href'))
        .get(),
    ).toEqual(['/kk/password/', '/kk/register/']);
  });

  it('build a password-reset page per locale: the e-mail first, then a hidden code step with the new password', async () => {
    for (const [urlPath, title] of [
      ['/password/', 'Восстановление пароля'],
      ['/kk/password/', 'Құпиясөзді қалпына келтіру'],
    ] as const) {
      const $ = await page(site.outDir, urlPath);
      expect(text($, 'h1'), urlPath).toBe(title);
      expect($('form[data-auth="reset"] #email').attr('type'), urlPath).toBe('email');
      expect($('form[data-code]').attr('hidden'), urlPath).toBeDefined();
      expect($('form[data-code] #code').attr('autocomplete'), urlPath).toBe('one-time-code');
      expect($('form[data-code] #new-password').attr('autocomplete'), urlPath).toBe('new-password');
    }
  });

  it('keep them out of search engines and send nothing without the script: noindex, a disabled button, a noscript notice', async () => {
    for (const urlPath of ['/register/', '/login/', '/password/', '/kk/register/', '/kk/login/', '/kk/password/']) {
      const $ = await page(site.outDir, urlPath);
      expect($('meta[name="robots"]').attr('content'), urlPath).toBe('noindex');
      expect($('form.auth').attr('action'), urlPath).toBeUndefined();
      for (const button of $('form.auth button[type="submit"]').toArray()) expect($(button).attr('disabled'), urlPath).toBeDefined();
      expect($('noscript').text(), urlPath).toContain('JavaScript');
      expect($('#auth-error').attr('role'), urlPath).toBe('alert');
      expect($('link[rel="alternate"][hreflang]'), urlPath).toHaveLength(2);
    }
    const sitemap = await readFile(path.join(client, 'sitemap-pages-0.xml'), 'utf8');
    expect(sitemap).not.toMatch(/\/(register|login|password)\//);
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

/** A CSP header or meta content as directive name → sources. */
function policy(text: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of text.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

const sha256 = (content: string) => `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
/** Script types a browser executes (JSON-LD and other data blocks are not scripts). */
const EXECUTABLE_SCRIPT = /^(|module|text\/javascript|application\/javascript)$/i;

describe('the content security policy of the built pages', () => {
  it('lets every page run only the site’s own scripts and styles: no unsafe-inline or eval, each inline script and style hashed, the policy first in <head>', async () => {
    const htmlFiles = (await listFiles(client)).filter((file) => file.endsWith('.html'));
    expect(htmlFiles.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const file of htmlFiles) {
      const $ = load(await readFile(path.join(client, file), 'utf8'));
      const metas = $('meta[http-equiv="content-security-policy"]');
      if (metas.length !== 1) {
        problems.push(`${file}: ${metas.length} CSP meta tags`);
        continue;
      }
      const directives = policy(metas.attr('content') ?? '');
      const scripts = directives.get('script-src') ?? [];
      const styles = directives.get('style-src') ?? [];
      if (directives.get('default-src')?.join(' ') !== "'self'") problems.push(`${file}: default-src is not 'self'`);
      if (directives.get('object-src')?.join(' ') !== "'none'") problems.push(`${file}: object-src is not 'none'`);
      for (const source of [...scripts, ...styles]) {
        if (!/^'(self|wasm-unsafe-eval|sha256-[A-Za-z0-9+/=]+)'$/.test(source)) problems.push(`${file}: allows ${source}`);
      }
      // A <meta> policy governs only what follows it.
      const firstLoaded = $(
        'head > script:not([type="application/ld+json"]), head > style, head > link[rel="stylesheet"], head > link[rel="modulepreload"]',
      )
        .first()
        .index();
      if (firstLoaded !== -1 && metas.index() > firstLoaded) problems.push(`${file}: the policy comes after a script or style`);
      $('script:not([src])').each((_, element) => {
        const type = $(element).attr('type') ?? '';
        if (EXECUTABLE_SCRIPT.test(type) && !scripts.includes(sha256($(element).text())))
          problems.push(`${file}: an inline script is not hashed`);
      });
      $('script[src]').each((_, element) => {
        if (!($(element).attr('src') ?? '').startsWith('/')) problems.push(`${file}: loads the script ${$(element).attr('src') ?? ''}`);
      });
      $('style').each((_, element) => {
        if (!styles.includes(sha256($(element).text()))) problems.push(`${file}: an inline style is not hashed`);
      });
      // Style attributes and inline event handlers are inline code the policy refuses.
      $('*').each((_, element) => {
        for (const name of Object.keys($(element).attr() ?? {})) {
          if (name === 'style' || name.startsWith('on'))
            problems.push(`${file}: <${String($(element).prop('tagName')).toLowerCase()} ${name}> would be refused`);
        }
      });
    }
    expect(problems).toEqual([]);
  });

  it('ships a _headers file for static hosts with the headers the site server sends', async () => {
    const lines = (await readFile(path.join(client, '_headers'), 'utf8'))
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'));
    expect(lines[0]).toBe('/*');
    const declared = Object.fromEntries(
      lines.slice(1).map((line) => [line.slice(0, line.indexOf(':')).trim(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    expect(declared).toEqual(SECURITY_HEADERS);
    expect(policy(declared['Content-Security-Policy'] ?? '').get('frame-ancestors')).toEqual(["'none'"]);
  });
});

describe('the site server', () => {
  let server: RunningSite;
  let smtp: SmtpStandIn;
  const article = `/news/${site.seed.slugs.ru}/`;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await serveWithComments(site, smtp);
  });

  afterAll(async () => {
    await server?.stop();
    await smtp?.stop();
  });

  it('answers TRACE, CONNECT and every other method but GET and HEAD with 405 and Allow on pages, files and missing pages — never 500', async () => {
    const image = (await listFiles(path.join(client, '_astro'))).find((file) => file.endsWith('.webp'));
    const targets = [
      article,
      '/login/',
      '/',
      '/favicon.svg',
      `/_astro/${image ?? ''}`,
      '/rss.xml',
      '/pagefind/ru-1/pagefind.js',
      '/pagefind/parts.json',
      '/no-such-page/',
      '/news',
    ];
    for (const target of targets) {
      for (const method of ['TRACE', 'PROPFIND', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const answer = await rawRequest(server.url, method, target, {
          Origin: server.url,
          Cookie: 'session=secret-cookie-value',
          'Content-Type': 'application/json',
        });
        expect(answer.status, `${method} ${target}`).toBe(405);
        expect(answer.headers.allow, `${method} ${target}`).toBe('GET, HEAD');
        expect(answer.body).not.toContain('secret-cookie-value');
      }
      expect((await rawRequest(server.url, 'GET', target)).status, `GET ${target}`).toBeLessThan(500);
      expect((await rawRequest(server.url, 'HEAD', target)).status, `HEAD ${target}`).toBeLessThan(500);
    }
    expect((await rawRequest(server.url, 'GET', article)).status).toBe(200);
    const connect = await rawRequest(server.url, 'CONNECT', 'example.com:443');
    expect(connect.status).toBe(405);
    expect(connect.headers.allow).toBe('GET, HEAD');
    // TRACK is no HTTP method Node's parser knows: it refuses the request before any of the site's code runs.
    expect((await rawRequest(server.url, 'TRACK', article)).status).toBe(400);
  });

  it('sends the security headers with every answer: pages, the 404 page, files, feeds, the API, redirects and refusals', async () => {
    const answers = [
      ['GET', article],
      ['GET', '/login/'],
      ['GET', '/no-such-page/'],
      ['GET', '/favicon.svg'],
      ['GET', '/rss.xml'],
      ['GET', '/pagefind/ru-1/pagefind.js'],
      ['GET', '/pagefind/parts.json'],
      ['GET', '/news'],
      ['GET', `/api/comments/?article=${site.seed.documentId}`],
      ['GET', '/api/no-such-route/'],
      ['GET', '/preview/ru/no-such-document/'],
      ['TRACE', article],
      ['TRACE', '/api/comments/'],
    ] as const;
    for (const [method, target] of answers) {
      const answer = await rawRequest(server.url, method, target);
      const where = `${method} ${target} (${answer.status})`;
      expect(answer.headers['x-frame-options'], where).toBe('DENY');
      expect(answer.headers['referrer-policy'], where).toBe('strict-origin-when-cross-origin');
      expect(answer.headers['x-content-type-options'], where).toBe('nosniff');
      expect(answer.headers['permissions-policy'], where).toBe(SECURITY_HEADERS['Permissions-Policy']);
      expect(answer.headers['x-powered-by'], where).toBeUndefined();
      const policies = String(answer.headers['content-security-policy'] ?? '').split(',');
      expect(
        policies.map((one) => policy(one).get('frame-ancestors')),
        where,
      ).toContainEqual(["'none'"]);
    }
  });
});
