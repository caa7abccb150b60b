/**
 * The demo generator is deterministic (so reruns skip what exists), spreads
 * articles over rubrics, locales and the last 36 months, and writes Russian
 * numbers with the right noun form.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_RUBRICS } from './data/demo-templates.ts';
import { demoArticle, demoIndexOf, genitivePluralNumber } from './demo-content.ts';
import { toSlug } from './slug.ts';

const NOW = new Date('2026-06-15T12:00:00Z');
const articles = Array.from({ length: 1000 }, (_, position) => demoArticle(position + 1, NOW));

describe('demoArticle', () => {
  it('gives the same article for the same number (apart from `now`)', () => {
    expect(demoArticle(42, NOW)).toEqual(demoArticle(42, NOW));
    expect(demoArticle(42, NOW).ru.slug).toBe(demoArticle(42, new Date('2027-01-01T00:00:00Z')).ru.slug);
    expect(demoArticle(42, NOW).ru.title).not.toBe(demoArticle(43, NOW).ru.title);
  });

  it('encodes the number in both slugs, and reads it back', () => {
    const article = demoArticle(42, NOW);
    expect(article.ru.slug).toMatch(/^demo-00042-[a-z0-9-]+$/);
    expect(article.kk.slug).toMatch(/^demo-00042-[a-z0-9-]+$/);
    expect(article.ru.slug.length).toBeLessThanOrEqual(120);
    expect(demoIndexOf(article.ru.slug)).toBe(42);
    expect(demoIndexOf('v-aktau-byl-proveden')).toBeNull();
  });

  it('uses every rubric and roughly 60% Kazakh translations plus a few Kazakh-only articles', () => {
    expect(new Set(articles.map((article) => article.rubric))).toEqual(new Set(DEMO_RUBRICS.map((rubric) => rubric.rubric)));
    const share = (locales: string) => articles.filter((article) => article.locales === locales).length / articles.length;
    expect(share('ru+kk')).toBeGreaterThan(0.5);
    expect(share('ru+kk')).toBeLessThan(0.7);
    expect(share('kk')).toBeGreaterThan(0.02);
    expect(share('kk')).toBeLessThan(0.1);
  });

  it('dates every article within the 36 months before now, at a daytime hour in Aqtau', () => {
    const oldest = NOW.getTime() - 37 * 31 * 86_400_000;
    for (const article of articles) {
      const time = new Date(article.publicationDate);
      expect(time.getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(time.getTime()).toBeGreaterThan(oldest);
      const aqtauHour = (time.getUTCHours() + 5) % 24;
      expect(aqtauHour).toBeGreaterThanOrEqual(8);
      expect(aqtauHour).toBeLessThan(21);
    }
  });

  it('fills every placeholder and ends the body with the demo notice', () => {
    for (const article of articles.slice(0, 200)) {
      for (const locale of ['ru', 'kk'] as const) {
        const text = JSON.stringify(article[locale]);
        expect(text).not.toMatch(/\{(in|of|kkLoc|kkGen|n)\}/);
        expect(JSON.stringify(article[locale].body.at(-1))).toMatch(
          locale === 'ru' ? /демонстрационный материал/ : /демонстрациялық материал/,
        );
      }
      expect(article.ru.title.charAt(0)).toBe(article.ru.title.charAt(0).toLocaleUpperCase('ru'));
    }
  });
});

describe('genitivePluralNumber', () => {
  it('never yields a number that needs «предложение»/«предложения» (1, 2–4, 21, 102…)', () => {
    let seed = 1;
    const rng = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 2000; i += 1) {
      const n = genitivePluralNumber(rng, 1, 300);
      const lastTwo = n % 100;
      const last = n % 10;
      expect((lastTwo >= 11 && lastTwo <= 14) || last === 0 || last >= 5, String(n)).toBe(true);
    }
  });
});

describe('toSlug', () => {
  it('transliterates Russian and Kazakh with the CMS table', () => {
    expect(toSlug('В Актау был проведён день открытых дверей с участием государственных органов и НПО')).toBe(
      'v-aktau-byl-proveden-den-otkrytykh-dverey-s-uchastiem-gosudarstvennykh-organov-i-npo',
    );
    expect(toSlug('Ақтауда мемлекеттік органдар мен ҮЕҰ қатысуымен ашық есік күні өтті')).toBe(
      'aqtauda-memlekettik-organdar-men-ueu-qatysuymen-ashyq-esik-kuni-otti',
    );
  });

  it('cuts long slugs at a word boundary', () => {
    const slug = toSlug('Очень длинный заголовок '.repeat(20), 50);
    expect(slug.length).toBeLessThanOrEqual(50);
    expect(slug.endsWith('-')).toBe(false);
    expect(slug.split('-').every((word) => ['ochen', 'dlinnyy', 'zagolovok'].includes(word))).toBe(true);
  });
});
