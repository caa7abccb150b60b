/**
 * The export parser on the newsroom's seed page and on malformed exports
 * (readable fixtures in ./fixtures).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { blocksText, ImportParseError, parseArticleExport, type BodyBlock, type ParsedArticle } from './parse.ts';
import { creditLine } from './bylines.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED_FILE = path.resolve(here, '../../seed/article-ngo-open-day-aktau.txt');
const fixture = (name: string) => readFileSync(path.join(here, 'fixtures', name));

function parseError(input: string | Uint8Array, source?: string): ImportParseError {
  try {
    parseArticleExport(input, source ? { source } : {});
  } catch (error) {
    if (error instanceof ImportParseError) return error;
    throw error;
  }
  throw new Error('expected an ImportParseError, the input was parsed');
}

const blocksOf = <T extends BodyBlock['type']>(article: ParsedArticle, type: T) =>
  article.body.filter((block): block is Extract<BodyBlock, { type: T }> => block.type === type);

describe('parseArticleExport on the seed page', () => {
  const article = parseArticleExport(readFileSync(SEED_FILE), { source: 'article-ngo-open-day-aktau.txt' });

  it('reads the title that follows the date line', () => {
    expect(article.title).toBe('В Актау был проведён день открытых дверей с участием государственных органов и НПО');
  });

  it('reads 05.11.2022, 16:03 as Aqtau time (UTC+5)', () => {
    expect(article.publishedAt).toBe('2022-11-05T11:03:00.000Z');
  });

  it('takes the first paragraph as the lead, verbatim, and does not repeat it in the body', () => {
    expect(article.lead).toMatch(/^На встрече между представителями НПО и руководителями местных управлений/);
    expect(article.lead).toMatch(/передаёт Центр общественных коммуникаций\.$/);
    expect(blocksText(article.body)).not.toContain('На встрече между представителями НПО');
  });

  it('extracts the source from «…, передаёт Центр общественных коммуникаций.»', () => {
    expect(article.sourceAttribution).toBe('Центр общественных коммуникаций');
  });

  it('turns the two «Фото предоставли в ЦОК …» lines into two photo slots credited to «ЦОК Мангистауской области»', () => {
    expect(article.photos.map((photo) => photo.credit)).toEqual([
      { type: 'named', name: 'ЦОК Мангистауской области', kind: 'organization' },
      { type: 'named', name: 'ЦОК Мангистауской области', kind: 'organization' },
    ]);
    expect(article.photos.map((photo) => photo.line)).toEqual([9, 10]);
    expect(blocksText(article.body)).not.toMatch(/Фото предостав/);
  });

  it('makes the "- … - сказала Бибигуль Рамазанова." paragraph a quote block and reports its speaker', () => {
    const quotes = blocksOf(article, 'quote');
    expect(quotes).toHaveLength(1);
    const quoteText = blocksText(quotes);
    expect(quoteText).toMatch(/^С 2018 года не было социальных заказов/);
    expect(quoteText).toMatch(/мы не должны допускать коррупции, — сказала Бибигуль Рамазанова\.$/);
    expect(article.quotes).toEqual([expect.objectContaining({ speaker: 'Бибигуль Рамазанова', role: null, line: 14 })]);
    expect(article.quotes[0]?.text).toMatch(/допускать коррупции\.$/);
  });

  it('makes the four "- " proposals one unordered list, after the paragraph that introduces them', () => {
    const lists = blocksOf(article, 'list');
    expect(lists).toHaveLength(1);
    const items = blocksText(lists).split('\n');
    expect(items).toHaveLength(4);
    expect(items[0]).toMatch(/^Управлению внутренней политики необходимо оказывать методическую помощь/);
    expect(items[3]).toBe('Необходимо ввести государственный социальный заказ на 3 года (на длительный срок).');
    const listIndex = article.body.findIndex((block) => block.type === 'list');
    expect(article.body[listIndex - 1]).toEqual({
      type: 'paragraph',
      children: [{ type: 'text', text: 'В ходе совещания было озвучено несколько предложений со стороны НПО:' }],
    });
  });

  it('keeps the body paragraphs in order, ending with the organisers', () => {
    expect(article.body.map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'quote', 'paragraph', 'list', 'paragraph']);
    expect(blocksText(article.body)).toMatch(/Мероприятие организовано ОЮЛ «Гражданский Альянс»/);
  });

  it('leaves no masthead, Telegram or comments boilerplate anywhere in the article', () => {
    const everything = [article.title, article.lead, blocksText(article.body)].join('\n');
    for (const boilerplate of [
      '18+',
      'Новости Актау и Мангыстау',
      'Ақтау және Манғыстау жаңалықтары',
      '05.11.2022',
      'Telegram',
      'быстро, бесплатно и без рекламы',
      'Подписаться',
      'Комментари',
      'зарегистрированные пользователи',
      'Лада.kz',
      'редакционной политике',
    ]) {
      expect(everything, boilerplate).not.toContain(boilerplate);
    }
  });

  it('lists what it recognized and what it dropped, with line numbers', () => {
    const notes = article.recognized.join('\n');
    expect(notes).toContain('line 1: dropped the age label «18+»');
    expect(notes).toContain('line 4: publication date 05.11.2022, 16:03');
    expect(notes).toContain('lines 17–20: unordered list of 4 item(s) (dash lines)');
    expect(notes).toContain('line 23: dropped the Telegram call to action');
    expect(notes).toContain('lines 27–30: dropped the comments block');
  });
});

describe('parseArticleExport on other shapes of export', () => {
  const article = parseArticleExport(fixture('variants.txt'));

  it('reads a time after midnight as the previous day in UTC', () => {
    expect(article.publishedAt).toBe('2023-12-31T19:30:00.000Z');
  });

  it('normalizes «Фото: X» and «Фото предоставили пресс-службой X» to credit names', () => {
    expect(article.photos.map((photo) => photo.credit)).toEqual([
      { type: 'named', name: 'Айдос Касымов', kind: 'photographer' },
      { type: 'named', name: 'Пресс-служба акимата Актау', kind: 'organization' },
    ]);
  });

  it('extracts a source given with «сообщает»', () => {
    expect(article.sourceAttribution).toBe('Департамент по чрезвычайным ситуациям Мангистауской области');
  });

  it('detects a short line without final punctuation before a paragraph as a heading', () => {
    expect(article.body).toContainEqual({ type: 'heading', level: 2, children: [{ type: 'text', text: 'Что говорят дежурные службы' }] });
  });

  it('keeps a lone "- " line without a speaker as a dialogue paragraph and still finds the quote after it', () => {
    expect(article.body).toContainEqual({
      type: 'paragraph',
      children: [{ type: 'text', text: '— Это самая спокойная ночь за последние годы!' }],
    });
    expect(article.body).toContainEqual({
      type: 'quote',
      children: [{ type: 'text', text: 'Берегите себя и близких! — сказал Ерлан Тулегенов.' }],
    });
    expect(blocksOf(article, 'list')).toHaveLength(0);
  });

  it('accepts text given as a string with CRLF line ends and a BOM', () => {
    const text = `\uFEFF${readFileSync(SEED_FILE, 'utf8').replace(/\n/g, '\r\n')}`;
    const crlf = parseArticleExport(text);
    expect(crlf.title).toBe('В Актау был проведён день открытых дверей с участием государственных органов и НПО');
    expect(crlf.body).toHaveLength(6);
  });
});

describe('creditLine', () => {
  it.each([
    ['Фото предоставли в ЦОК Мангистауской области', { type: 'named', name: 'ЦОК Мангистауской области', kind: 'organization' }],
    ['Фото предоставили ЦОК Мангистауской области', { type: 'named', name: 'ЦОК Мангистауской области', kind: 'organization' }],
    ['Фото: Айдос Касымов', { type: 'named', name: 'Айдос Касымов', kind: 'photographer' }],
    ['Фото Айдос Касымов.', { type: 'named', name: 'Айдос Касымов', kind: 'photographer' }],
    ['Фото — пресс-служба акимата', { type: 'named', name: 'Пресс-служба акимата', kind: 'organization' }],
    ['Фото пресс-службы акимата Актау', { type: 'named', name: 'Пресс-служба акимата Актау', kind: 'organization' }],
    ['Фото: Kazinform', { type: 'named', name: 'Kazinform', kind: 'agency' }],
    ['Фото автора', { type: 'author' }],
    ['Сурет автордікі', { type: 'author' }],
    ['Автордың суреті', { type: 'author' }],
    ['Фото из открытых источников', { type: 'openSources', name: 'Открытые источники', kind: 'openSources' }],
    ['Фото: открытые источники', { type: 'openSources', name: 'Открытые источники', kind: 'openSources' }],
    ['Сурет ашық дереккөздерден алынды', { type: 'openSources', name: 'Ашық дереккөздер', kind: 'openSources' }],
    ['Сурет: Айдос Қасымов', { type: 'named', name: 'Айдос Қасымов', kind: 'photographer' }],
    ['Сурет облыс әкімдігінің баспасөз қызметінен', { type: 'named', name: 'Облыс әкімдігінің баспасөз қызметі', kind: 'organization' }],
  ])('reads «%s» as a credit line', (line, credit) => {
    expect(creditLine(line)).toEqual({ credit });
  });

  it.each([
    'Фотовыставка открылась в Актау.',
    'Фото- и видеосъёмка в зале суда была запрещена…',
    'Фото: в зале было много людей. Потом все ушли',
    'Фото сделано в прошлом году',
    'Фотограф рассказал, как снимал парад',
  ])('does not take «%s» for a credit line', (line) => {
    expect(creditLine(line)).toBeUndefined();
  });
});

describe('parseArticleExport refuses malformed exports with a line number', () => {
  it('an export without a date line, naming where the date was expected', () => {
    const error = parseError(fixture('no-date.txt'), 'no-date.txt');
    expect(error.line).toBe(5);
    expect(error.message).toBe(
      'no-date.txt:line 5: expected the publication date line (e.g. "dd.mm.yyyy, HH:MM", "HH:MM, dd.mm.yyyy", "28 августа 2024, 16:03" or "28 тамыз 2024, 16:03") after the masthead (lines 1–3 were read as the masthead), found «Библиотеку на 40 тысяч книг открыли в микрорайоне Арай, сооб…»',
    );
  });

  it('a date that does not exist (31.02)', () => {
    const error = parseError(fixture('impossible-date.txt'));
    expect(error.line).toBe(3);
    expect(error.expected).toMatch(/a real date/);
  });

  it('an export whose date is followed by boilerplate instead of a title', () => {
    const error = parseError(fixture('no-title.txt'));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/expected the title after the date line, found «Подпишись на наш канал в Telegram»/);
  });

  it('an empty (whitespace-only) file', () => {
    const error = parseError(fixture('empty.txt'));
    expect(error.line).toBe(1);
    expect(error.found).toBe('an empty file');
  });

  it('an export with a title but no paragraph (only a photo credit and boilerplate)', () => {
    const error = parseError(fixture('no-body.txt'));
    expect(error.line).toBe(6);
    expect(error.expected).toBe('at least one paragraph of text after the title');
  });

  it('binary data', () => {
    const error = parseError(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(error.message).toMatch(/line 1: expected a text file \(UTF-8 or Windows-1251\), found binary data/);
  });

  it('a title longer than the CMS accepts (300 characters)', () => {
    const error = parseError(`05.11.2022, 16:03\n${'Очень длинный заголовок '.repeat(15)}\nТекст.\n`);
    expect(error.line).toBe(2);
    expect(error.expected).toBe('a title of at most 300 characters');
  });
});
