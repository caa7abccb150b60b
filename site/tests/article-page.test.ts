/**
 * The seed article's page, built from the real seeded CMS, carries every
 * element of the newsroom's page (scripts/seed/article-ngo-open-day-aktau.txt)
 * in both locales, with valid JSON-LD, and ships no JavaScript but the
 * comments island's small loader.
 */
import type { CheerioAPI } from 'cheerio';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { gzipSize, page, readHtml, text } from './helpers.ts';

const site = inject('site');
const ruPath = `/news/${site.seed.slugs.ru}/`;
const kkPath = `/kk/news/${site.seed.slugs.kk}/`;

const ldSchema = z.record(z.string(), z.unknown());
type Ld = z.infer<typeof ldSchema>;

/** Every JSON-LD block of a page, parsed (a block that is not JSON fails the test). */
function jsonLd($: CheerioAPI): Ld[] {
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => ldSchema.parse(JSON.parse($(el).text())));
}

const ofType = (items: Ld[], type: string) => items.filter((item) => item['@type'] === type);

describe('Russian article page', () => {
  let $: CheerioAPI;
  beforeAll(async () => {
    $ = await page(site.outDir, ruPath);
  });

  it('declares Russian and has one main landmark and one h1', () => {
    expect($('html').attr('lang')).toBe('ru');
    expect($('main')).toHaveLength(1);
    expect($('h1')).toHaveLength(1);
  });

  it('shows the masthead with the bilingual site name and the 18+ age label', () => {
    const masthead = text($, 'header.masthead');
    expect(masthead).toContain('Новости Актау и Мангыстау');
    expect($('header.masthead [lang="kk"]').text()).toContain('Ақтау және Манғыстау жаңалықтары');
    expect(text($, 'header.masthead .age')).toContain('18+');
  });

  it('shows the rubric, and the publication time 05.11.2022, 16:03 in Asia/Aqtau with a machine-readable <time>', () => {
    const header = $('article header').first();
    expect(header.find('a.rubric').text()).toBe('Общество');
    const time = header.find('time');
    expect(time.text()).toBe('05.11.2022, 16:03');
    expect(time.attr('datetime')).toBe('2022-11-05T16:03:00+05:00');
  });

  it('shows the title, the lead and its source attribution', () => {
    expect(text($, 'h1')).toBe('В Актау был проведён день открытых дверей с участием государственных органов и НПО');
    expect(text($, 'article .lead')).toMatch(/^На встрече между представителями НПО и руководителями местных управлений/);
    expect(text($, 'article .source')).toBe('Источник: Центр общественных коммуникаций');
  });

  it('shows both photos as figures with caption and credit, the lead photo eager and the other lazy', () => {
    const figures = $('article figure:has(picture)');
    expect(figures).toHaveLength(2);
    figures.each((i, figure) => {
      const img = $(figure).find('img');
      expect(img.attr('alt')?.length).toBeGreaterThan(10);
      expect(Number(img.attr('width'))).toBeGreaterThan(0);
      expect(Number(img.attr('height'))).toBeGreaterThan(0);
      expect(img.attr('loading')).toBe(i === 0 ? 'eager' : 'lazy');
      expect($(figure).find('source[type="image/avif"]').attr('srcset')).toMatch(/480w.*800w/);
      expect(img.attr('srcset')).toMatch(/\.webp 480w/);
      expect($(figure).find('figcaption').text()).toContain('Фото: ЦОК Мангистауской области');
    });
  });

  it('renders the body blocks: paragraphs, the quote and the list of proposals', () => {
    const body = $('article .body');
    expect(body.find('p').first().text()).toContain('В Мангистауской области активно работают 120 НПО');
    expect(body.find('blockquote').text()).toContain('С 2018 года не было социальных заказов от областного управления здравоохранения');
    expect(body.find('ul li')).toHaveLength(4);
    expect(body.find('ul li').first().text()).toContain('Управлению внутренней политики необходимо оказывать методическую помощь');
    expect(body.text()).toContain('ОЮЛ «Гражданский Альянс» Мангистауской области');
  });

  it('shows the NGO event box: when, where, organizers, supporters, participants, key figures and proposals', () => {
    const box = $('section.event');
    expect(box.find('h2').text()).toBe('О мероприятии');
    const facts = box.find('dl').text().replace(/\s+/g, ' ');
    expect(facts).toContain('Когда 05.11.2022');
    expect(facts).toContain('Где Актау');
    expect(box.find('dt:contains("Организаторы") + dd a').text()).toContain('Гражданский Альянс');
    expect(box.find('dt:contains("При поддержке") + dd a')).toHaveLength(2);
    expect(facts).toContain('руководители НПО: 26');
    expect(facts).toContain('представители управления: 4');
    expect(box.find('.figures li')).toHaveLength(4);
    expect(box.find('.figures').text()).toContain('1,5 тыс. человек');
    expect(box.find('ol li')).toHaveLength(4);
    expect(box.find('a[href^="/events/"]').attr('href')).toMatch(/^\/events\/[\w-]+\/$/);
  });

  it('links the tags, then the Telegram call to action, then the comments section', () => {
    expect($('nav.tags a[rel="tag"]').length).toBeGreaterThanOrEqual(3);
    expect(text($, 'nav.tags')).toContain('НПО');
    const cta = $('.cta');
    expect(cta.text()).toContain('Подпишись на наш канал в Telegram');
    expect(cta.text()).toContain('быстро, бесплатно и без рекламы');
    expect(cta.find('a').attr('href')).toMatch(/^https:\/\/t\.me\//);
    expect(cta.find('a').text()).toBe('Подписаться');
    // Anatomy order: header → figure → body → event box → tags → call to action → comments.
    const html = $.html();
    const order = ['<h1', '<figure', 'class="body"', 'class="box event"', 'class="tags"', 'class="box cta"', 'id="comments"'].map(
      (marker) => html.indexOf(marker),
    );
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('builds the comments shell: 0 комментариев, registration and login links, the disclaimer from the settings, the island’s data', () => {
    const comments = $('section#comments');
    expect(comments.attr('data-article')).toBe(site.seed.documentId);
    expect(comments.attr('data-count')).toBe('0');
    expect(comments.attr('data-limits')).toBe('2 2000 2');
    expect(comments.attr('data-time-zone')).toBe('Asia/Aqtau');
    expect(comments.find('.count').text()).toBe('0 комментариев');
    expect(comments.find('.notice').text().replace(/\s+/g, ' ')).toContain(
      'Комментарии могут оставлять только зарегистрированные пользователи.',
    );
    expect(comments.find('a[href="/register/"]').text()).toBe('Зарегистрируйтесь');
    expect(comments.find('a[href="/login/"]').text()).toBe('авторизуйтесь');
    expect(comments.find('.disclaimer').text()).toContain('Редакция не несёт ответственности за форму и характер комментариев');
  });

  it('links the Kazakh version and declares both as hreflang alternates with a canonical URL', () => {
    expect($('link[rel="canonical"]').attr('href')).toBe(`${site.siteUrl}${ruPath}`);
    expect($('link[rel="alternate"][hreflang="kk"]').attr('href')).toBe(`${site.siteUrl}${kkPath}`);
    expect($('link[rel="alternate"][hreflang="ru"]').attr('href')).toBe(`${site.siteUrl}${ruPath}`);
    expect($('.lang a[hreflang="kk"]').attr('href')).toBe(kkPath);
  });

  it('has OpenGraph and Twitter meta with an absolute image URL', () => {
    expect($('meta[property="og:type"]').attr('content')).toBe('article');
    expect($('meta[property="og:title"]').attr('content')).toBe(text($, 'h1'));
    expect($('meta[property="og:url"]').attr('content')).toBe(`${site.siteUrl}${ruPath}`);
    expect($('meta[property="og:image"]').attr('content')).toMatch(new RegExp(`^${site.siteUrl}/_astro/.+\\.jpg$`));
    expect($('meta[property="og:locale"]').attr('content')).toBe('ru_KZ');
    expect($('meta[property="article:published_time"]').attr('content')).toBe('2022-11-05T16:03:00+05:00');
    expect($('meta[name="twitter:card"]').attr('content')).toBe('summary_large_image');
  });

  it('describes itself in JSON-LD: NewsArticle, Event and BreadcrumbList', () => {
    const items = jsonLd($);
    const [article] = ofType(items, 'NewsArticle');
    expect(article).toMatchObject({
      '@context': 'https://schema.org',
      headline: 'В Актау был проведён день открытых дверей с участием государственных органов и НПО',
      datePublished: '2022-11-05T16:03:00+05:00',
      inLanguage: 'ru',
      articleSection: 'Общество',
      author: [{ '@type': 'Person', name: 'Редакция', url: `${site.siteUrl}/author/redaktsiya/` }],
      publisher: { '@type': 'NewsMediaOrganization', name: 'Новости Актау и Мангыстау', logo: { url: `${site.siteUrl}/logo.png` } },
      mainEntityOfPage: { '@id': `${site.siteUrl}${ruPath}` },
    });
    expect(String(article?.dateModified)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:00$/);
    expect(article?.image).toEqual([$('meta[property="og:image"]').attr('content')]);
    const [event] = ofType(items, 'Event');
    expect(event).toMatchObject({ name: 'День открытых дверей с участием государственных органов и НПО', startDate: '2022-11-05' });
    expect(event?.location).toMatchObject({ '@type': 'Place', address: { addressLocality: 'Актау', addressCountry: 'KZ' } });
    expect(event?.organizer).toEqual([expect.objectContaining({ name: 'ОЮЛ «Гражданский Альянс» Мангистауской области' })]);
    expect(event?.sponsor).toHaveLength(2);
    const [crumbs] = ofType(items, 'BreadcrumbList');
    expect(crumbs?.itemListElement).toEqual([
      { '@type': 'ListItem', position: 1, name: 'Главная', item: `${site.siteUrl}/` },
      { '@type': 'ListItem', position: 2, name: 'Общество', item: `${site.siteUrl}/rubric/obshchestvo/` },
      expect.objectContaining({ position: 3, item: `${site.siteUrl}${ruPath}` }),
    ]);
  });

  it('ships only the comments island’s loader as JavaScript, no external stylesheet and no web font, within 14 KB gzipped', async () => {
    const html = await readHtml(site.outDir, ruPath);
    const scripts = $('script:not([type="application/ld+json"])');
    expect(scripts).toHaveLength(1);
    expect(scripts.attr('type')).toBe('module');
    expect(scripts.attr('src')).toMatch(/^\/_astro\/CommentsShell\.[\w.-]+\.js$/);
    expect($('link[rel="stylesheet"], link[rel="preload"][as="font"]')).toHaveLength(0);
    expect(html).not.toMatch(/@font-face/);
    expect(gzipSize(html)).toBeLessThanOrEqual(14 * 1024);
  });
});

describe('Kazakh article page', () => {
  let $: CheerioAPI;
  beforeAll(async () => {
    $ = await page(site.outDir, kkPath);
  });

  it('is in Kazakh throughout: lang, time, title, event box, call to action and comments', () => {
    expect($('html').attr('lang')).toBe('kk');
    expect($('article header time').text()).toBe('05.11.2022, 16:03');
    expect(text($, 'h1')).toBe('Ақтауда мемлекеттік органдар мен ҮЕҰ қатысуымен ашық есік күні өтті');
    expect($('section.event h2').text()).toBe('Іс-шара туралы');
    expect(text($, 'section.event dl')).toContain('Қашан');
    expect($('.cta a').text()).toBe('Жазылу');
    expect($('#comments h2').text()).toBe('Пікірлер');
    expect($('#comments .count').text()).toBe('0 пікір');
    expect($('#comments a[href="/kk/register/"]').text()).toBe('Тіркеліңіз');
    expect($('#comments a[href="/kk/login/"]').text()).toBe('жүйеге кіріңіз');
    expect($('article figure figcaption').first().text()).toContain('Фото: ЦОК Мангистауской области');
  });

  it('links back to the Russian version', () => {
    expect($('.lang a[hreflang="ru"]').attr('href')).toBe(ruPath);
    expect(ofType(jsonLd($), 'NewsArticle')[0]).toMatchObject({ inLanguage: 'kk' });
  });
});

describe('an article published only in Russian', () => {
  it('says, in Kazakh, that there is no Kazakh version instead of linking to one', async () => {
    const $ = await page(site.outDir, `/news/${site.ruOnly.slug}/`);
    expect(text($, 'h1')).toBe(site.ruOnly.title);
    expect($('.lang a')).toHaveLength(0);
    expect($('.lang').attr('lang')).toBe('kk');
    expect(text($, '.lang')).toBe('Бұл материал қазақ тілінде жарияланбаған');
    expect($('link[rel="alternate"][hreflang]')).toHaveLength(0);
    expect($('a[href^="/kk/news/"]')).toHaveLength(0);
  });

  it('is not listed on the Kazakh home page', async () => {
    const $ = await page(site.outDir, '/kk/');
    expect($.html()).not.toContain(site.ruOnly.slug);
  });
});
