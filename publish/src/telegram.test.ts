/** The Telegram post's text and settings: escaped HTML within the limits, the live page's own metadata, clear errors. */
import { describe, expect, it } from 'vitest';
import { pagePost, postText, telegramConfig } from './telegram.ts';

describe('postText', () => {
  it('puts the title in bold, the lead and the link, with HTML escaped', () => {
    expect(
      postText(
        { title: 'Штормовое предупреждение <срочно>', lead: 'Ветер & волны.', url: 'https://news.example/news/shtorm/' },
        'ru',
        1024,
      ),
    ).toBe(
      '<b>Штормовое предупреждение &lt;срочно&gt;</b>\n\nВетер &amp; волны.\n\n<a href="https://news.example/news/shtorm/">Читать на сайте</a>',
    );
    expect(postText({ title: 'Дауыл', lead: 'Жел.', url: 'https://news.example/kk/news/dauyl/' }, 'kk', 1024)).toContain('>Сайтта оқу</a>');
  });

  it('shortens the lead, never the title or the link, to fit a photo caption', () => {
    const text = postText({ title: 'Заголовок', lead: 'очень длинный лид '.repeat(200), url: 'https://news.example/news/x/' }, 'ru', 1024);
    expect(text.length).toBeLessThanOrEqual(1024);
    expect(text).toMatch(/^<b>Заголовок<\/b>/);
    expect(text).toMatch(/…\n\n<a href="https:\/\/news\.example\/news\/x\/">Читать на сайте<\/a>$/);
  });
});

describe('pagePost', () => {
  const page = (image: string) =>
    `<html><head><meta property="og:title" content="Заголовок"><meta property="og:description" content="Лид"><meta property="og:url" content="https://news.example/news/x/"><meta property="og:image" content="${image}"></head></html>`;

  it('reads the title, lead, address and photo from the live page', () => {
    expect(pagePost(page('https://news.example/_astro/cover.hash.jpg'))).toEqual({
      title: 'Заголовок',
      lead: 'Лид',
      url: 'https://news.example/news/x/',
      image: 'https://news.example/_astro/cover.hash.jpg',
    });
  });

  it('posts no photo for a generated card (it repeats the title) and refuses a page without Open Graph tags', () => {
    expect(pagePost(page('https://news.example/_astro/og-0123456789abcdef01234567.png')).image).toBeNull();
    expect(() => pagePost('<html><head></head></html>')).toThrow(/og:title/);
  });
});

describe('telegramConfig', () => {
  it('is off without a token and a chat, and names what is missing or malformed', () => {
    expect(telegramConfig({})).toBeNull();
    expect(() => telegramConfig({ PUBLISH_TELEGRAM_BOT_TOKEN: '123:abc' })).toThrow(
      /both PUBLISH_TELEGRAM_BOT_TOKEN and PUBLISH_TELEGRAM_CHAT_ID/,
    );
    expect(() => telegramConfig({ PUBLISH_TELEGRAM_BOT_TOKEN: 'not a token', PUBLISH_TELEGRAM_CHAT_ID: '@news' })).toThrow(
      /does not look like a Bot API token/,
    );
    expect(() =>
      telegramConfig({ PUBLISH_TELEGRAM_BOT_TOKEN: '123456:AAH-abcdefghijklmnopqrstuvwx', PUBLISH_TELEGRAM_CHAT_ID: 'news' }),
    ).toThrow(/@name/);
    expect(
      telegramConfig({
        PUBLISH_TELEGRAM_BOT_TOKEN: '123456:AAH-abcdefghijklmnopqrstuvwx',
        PUBLISH_TELEGRAM_CHAT_ID: '@aktau_news',
        PUBLISH_TELEGRAM_LOCALES: 'ru,kk',
      }),
    ).toMatchObject({
      chatId: '@aktau_news',
      apiUrl: 'https://api.telegram.org',
      locales: ['ru', 'kk'],
      maxAgeHours: 24,
      retryBaseMs: 30_000,
    });
  });
});
