/**
 * The variations real exports come in (readable fixtures in ./fixtures, both
 * languages): other date forms, Kazakh boilerplate and phrasing, credit,
 * source and author lines, «Читайте также», lists, quotes with the
 * speaker's role, CRLF + BOM, Windows-1251, and saved HTML pages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { blocksText, type BodyBlock, type ParsedArticle } from './article.ts';
import { parseDateLine } from './dates.ts';
import { ImportParseError } from './errors.ts';
import { parseHtmlPage } from './html.ts';
import { detectLanguage } from './language.ts';
import { parseArticleExport } from './parse.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixturePath = (name: string) => path.join(here, 'fixtures', name);
const fixture = (name: string) => readFileSync(fixturePath(name));
const parse = (name: string) => parseArticleExport(fixture(name), { source: name });
const everything = (article: ParsedArticle) => [article.title, article.lead, blocksText(article.body)].join('\n');
const blocksOf = <T extends BodyBlock['type']>(article: ParsedArticle, type: T) =>
  article.body.filter((block): block is Extract<BodyBlock, { type: T }> => block.type === type);

function refusal(run: () => unknown): ImportParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImportParseError) return error;
    throw error;
  }
  throw new Error('expected an ImportParseError');
}

describe('publication dates', () => {
  it.each([
    ['05.11.2022, 16:03', '2022-11-05T11:03:00.000Z'],
    ['05.11.2022 16:03', '2022-11-05T11:03:00.000Z'],
    ['16:03, 28.08.2024', '2024-08-28T11:03:00.000Z'],
    ['28 августа 2024, 16:03', '2024-08-28T11:03:00.000Z'],
    ['28 августа 2024 г. в 16:03', '2024-08-28T11:03:00.000Z'],
    ['16:03, 28 августа 2024', '2024-08-28T11:03:00.000Z'],
    ['28 тамыз 2024, 16:03', '2024-08-28T11:03:00.000Z'],
    ['2024 жылғы 3 қыркүйек, 09:45', '2024-09-03T04:45:00.000Z'],
    ['7 Қазан 2024 ж. 14:20', '2024-10-07T09:20:00.000Z'],
  ])('reads «%s» as Aqtau time', (line, iso) => {
    expect(parseDateLine(line)).toEqual({ iso, hasTime: true });
  });

  it('reads a date without a time as midnight and says so', () => {
    expect(parseDateLine('28 августа 2024')).toEqual({ iso: '2024-08-27T19:00:00.000Z', hasTime: false });
  });

  it('refuses a date in an unknown form naming that line, not the title after it', () => {
    const error = refusal(() => parse('unknown-date.txt'));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(
      /^unknown-date\.txt:line 3: expected a publication date like .*found «Сегодня, 16:03», a date in a form the importer does not know$/,
    );
  });
});

describe('a Russian court report (ru-court.txt)', () => {
  const article = parse('ru-court.txt');

  it('is Russian, dated «28 августа 2024, 16:03»', () => {
    expect(article.locale).toBe('ru');
    expect(article.language.certain).toBe(true);
    expect(article.publishedAt).toBe('2024-08-28T11:03:00.000Z');
  });

  it('keeps the court sentence that starts with «Фото-» in the text and warns about it, creating no credit from it', () => {
    expect(blocksText(article.body)).toContain('Фото- и видеосъёмка в зале суда была запрещена по ходатайству защиты…');
    expect(article.warnings).toEqual([expect.objectContaining({ line: 11, message: expect.stringMatching(/starts like a photo credit/) })]);
    expect(article.photos.map((photo) => photo.credit)).toEqual([
      { type: 'author' },
      { type: 'openSources', name: 'Открытые источники', kind: 'openSources' },
    ]);
  });

  it('takes «Автор:» as the author, «Источник:» as the source and drops «Читайте также» into the report', () => {
    expect(article.authors).toEqual(['Айгерим Сатпаева']);
    expect(article.sourceAttribution).toBe('Пресс-служба суда Мангистауской области');
    expect(article.related).toEqual([{ title: 'В Актау начали ремонт водовода в 12-м микрорайоне', url: null, line: 20 }]);
    for (const moved of ['Автор:', 'Источник:', 'Читайте также', 'Фото автора', 'открытых источников'])
      expect(everything(article)).not.toContain(moved);
    expect(blocksOf(article, 'heading').map((block) => blocksText([block]))).toEqual(['Что установил суд']);
  });

  it('reads «– …, – сказал заместитель акима города Ерлан Тулегенов» as a quote with role and name, and «•» lines as a list', () => {
    expect(article.quotes[0]).toMatchObject({ speaker: 'Ерлан Тулегенов', role: 'заместитель акима города', line: 13 });
    expect(blocksText(blocksOf(article, 'quote'))).toContain('— сказал заместитель акима города Ерлан Тулегенов.');
    expect(article.quotes[1]).toMatchObject({ speaker: null, text: 'Мы вернём в бюджет каждый тенге.' });
    const [list] = blocksOf(article, 'list');
    expect(list?.format).toBe('unordered');
    expect(blocksText(list ? [list] : [])).toBe(
      'договоры на ремонт сетей заключались без конкурса;\nработы принимались без проверки;\nоплата шла авансом в 100 %.',
    );
  });

  it('leaves no boilerplate of the site in the article', () => {
    for (const boilerplate of ['18+', 'Telegram', 'Подписаться', 'Комментари', 'Лада.kz'])
      expect(everything(article)).not.toContain(boilerplate);
  });
});

describe('a Kazakh export (kk-school.txt)', () => {
  const article = parse('kk-school.txt');

  it('is detected as Kazakh, with the date in Kazakh words', () => {
    expect(article.locale).toBe('kk');
    expect(article.language).toMatchObject({ locale: 'kk', certain: true });
    expect(article.publishedAt).toBe('2024-09-03T04:45:00.000Z');
  });

  it('drops the Kazakh Telegram call to action and the «Пікірлер» block', () => {
    for (const boilerplate of ['Telegram', 'Жазылу', 'Пікір', 'жарнамасыз', '18+']) expect(everything(article)).not.toContain(boilerplate);
    expect(article.recognized.join('\n')).toMatch(/lines 25–28: dropped the comments block/);
  });

  it('reads «Сурет:», «Дереккөз:», «Дайындаған:» and «Сондай-ақ оқыңыз» lines', () => {
    expect(article.photos.map((photo) => photo.credit)).toEqual([
      { type: 'named', name: 'Айдос Қасымов', kind: 'photographer' },
      { type: 'named', name: 'Облыс әкімдігінің баспасөз қызметі', kind: 'organization' },
    ]);
    expect(article.sourceAttribution).toBe('Маңғыстау облысының әкімдігі');
    expect(article.authors).toEqual(['Әсел Нұрланқызы']);
    expect(article.related.map((link) => link.title)).toEqual(['Жаңаөзенде 320 орындық балабақша ашылды']);
    expect(article.warnings).toEqual([]);
  });

  it('reads «…, – деді облыс әкімінің орынбасары Марат Сейітов» and ««…», – деді …» as quotes, and «1.» lines as a numbered list', () => {
    expect(article.quotes.map(({ speaker, role }) => ({ speaker, role }))).toEqual([
      { speaker: 'Марат Сейітов', role: 'облыс әкімінің орынбасары' },
      { speaker: 'Гүлнар Есенова', role: 'ата-ана' },
    ]);
    const [list] = blocksOf(article, 'list');
    expect(list?.format).toBe('ordered');
    expect(list?.children).toHaveLength(3);
  });
});

describe('other shapes of export', () => {
  it('reads a CRLF file with a BOM, «HH:MM, dd.mm.yyyy», «—» and «1)» lists and a role after the speaker', () => {
    expect(fixture('ru-time-first-crlf.txt').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const article = parse('ru-time-first-crlf.txt');
    expect(article.publishedAt).toBe('2024-08-28T11:03:00.000Z');
    expect(article.authors).toEqual(['Айгерим Сатпаева', 'Ерлан Тулегенов']);
    expect(article.photos.map((photo) => photo.credit)).toEqual([
      { type: 'named', name: 'Пресс-служба акимата Мунайлинского района', kind: 'organization' },
      { type: 'named', name: 'Kazinform', kind: 'agency' },
    ]);
    expect(blocksOf(article, 'list').map((list) => [list.format, list.children.length])).toEqual([
      ['unordered', 3],
      ['ordered', 3],
    ]);
    expect(article.quotes[0]).toMatchObject({ speaker: 'Нурлан Бекетов', role: 'аким Мунайлинского района' });
    expect(everything(article)).not.toMatch(/\r|\uFEFF/u);
  });

  it('converts a Windows-1251 export and says so', () => {
    const utf8 = fixture('ru-cp1251-source.txt').toString('utf8');
    const article = parseArticleExport(iconv.encode(utf8, 'windows-1251'), { source: 'cp1251.txt' });
    expect(article.encoding).toBe('windows-1251');
    expect(article.title).toBe('В Бейнеу прошёл районный турнир по тогызкумалак');
    expect(article.recognized).toContain('encoding: Windows-1251, converted to UTF-8');
    expect(article).toEqual(expect.objectContaining({ lead: parse('ru-cp1251-source.txt').lead }));
  });

  it('refuses a KOI8-R export naming the encoding', () => {
    const error = refusal(() =>
      parseArticleExport(iconv.encode(fixture('ru-cp1251-source.txt').toString('utf8'), 'koi8-r'), { source: 'koi8.txt' }),
    );
    expect(error.message).toMatch(/^koi8\.txt:line 1: expected UTF-8 or Windows-1251 text, found KOI8-R/);
  });

  it('refuses a KZ-1048 (Kazakh Windows) export naming the encoding', () => {
    // KZ-1048 writes Ә Ң Қ … where Windows-1251 has Љ Њ Ќ …: the bytes below are «Қазақ тілі» in KZ-1048.
    const bytes = iconv.encode('Ќазаќ тілі мен әдебиеті\nЌала жаңалыќтары', 'windows-1251');
    const error = refusal(() => parseArticleExport(bytes, { source: 'kz.txt' }));
    expect(error.message).toMatch(/found KZ-1048/);
  });
});

describe('language detection', () => {
  it('is not swayed by a Kazakh name in a Russian text', () => {
    const paragraph =
      'В работе совещания приняли участие 26 руководителей НПО и 4 представителя управления, которые обсудили вопросы отрасли. Так, по словам директора общественного фонда «Риза ана» Бибігүл Рамазановой, за 4 года со стороны здравоохранения не было предложений по социальным проектам. Это радует нас не очень.';
    expect(detectLanguage(paragraph, 'ru')).toMatchObject({ locale: 'ru', certain: true });
  });

  it('calls a text uncertain when script and masthead disagree', () => {
    expect(detectLanguage('Ақтауда жаңа мектеп ашылды', 'ru').certain).toBe(false);
  });
});

describe('saved HTML pages', () => {
  it('extracts a Russian page with Readability: title without the site name, date from the meta, photos with captions and credits', () => {
    const file = fixturePath('html/ru-square.html');
    const article = parseHtmlPage(readFileSync(file), { source: 'ru-square.html', file });
    expect(article).toMatchObject({
      format: 'html',
      locale: 'ru',
      title: 'В Актау открыли сквер на 9 гектаров',
      publishedAt: '2024-05-15T05:30:00.000Z',
      authors: ['Айгерим Сатпаева'],
      sourceAttribution: 'Пресс-служба акимата города',
    });
    expect(article.photos.map(({ credit, image, alt, caption }) => ({ credit, image, alt, caption }))).toEqual([
      {
        credit: { type: 'named', name: 'Айдос Касымов', kind: 'photographer' },
        image: { type: 'file', path: fixturePath('html/ru-square_files/skver-1.jpg') },
        alt: 'Главная аллея сквера с молодыми деревьями и скамейками',
        caption: 'Главная аллея сквера.',
      },
      {
        credit: { type: 'named', name: 'Пресс-служба акимата Актау', kind: 'organization' },
        image: { type: 'file', path: fixturePath('html/ru-square_files/skver-2.jpg') },
        alt: null,
        caption: 'Фонтан в центре сквера',
      },
      {
        credit: null,
        image: { type: 'url', url: 'https://www.lada.kz/uploads/2024/05/skver-night.jpg' },
        alt: 'Сквер вечером',
        caption: null,
      },
    ]);
    expect(article.related).toEqual([
      { title: 'В Актау высадят 10 тысяч деревьев', url: 'https://www.lada.kz/aktau_news/12000.html', line: 50 },
    ]);
    expect(article.body).toContainEqual({
      type: 'paragraph',
      children: [
        { type: 'text', text: 'Жители просят поставить в сквере ' },
        { type: 'link', url: 'https://www.lada.kz/aktau_news/12345.html', children: [{ type: 'text', text: 'питьевые фонтанчики' }] },
        { type: 'text', text: '; в акимате обещают сделать это к лету.' },
      ],
    });
    expect(blocksText(article.body)).toContain('Фото- и видеосъёмка концерта на открытии велась с квадрокоптера.');
    for (const boilerplate of ['Главная', 'Поделиться', 'Подпишись', 'Комментарии', 'Все права защищены', 'просмотра'])
      expect(everything(article)).not.toContain(boilerplate);
  });

  it('detects a Kazakh page whose lang says ru, reads its visible Kazakh date and an image credited in its paragraph', () => {
    const file = fixturePath('html/kk-stadium.html');
    const article = parseHtmlPage(readFileSync(file), { source: 'kk-stadium.html', file });
    expect(article).toMatchObject({
      locale: 'kk',
      title: 'Жаңаөзенде 5 мың орындық стадион салынады',
      publishedAt: '2024-10-07T09:20:00.000Z',
      authors: ['Әсел Нұрланқызы'],
    });
    expect(article.photos).toEqual([
      expect.objectContaining({
        credit: { type: 'named', name: 'Жаңаөзен қаласы әкімдігі', kind: 'organization' },
        alt: 'Стадион құрылысы жүріп жатқан алаң',
      }),
    ]);
    expect(article.warnings).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/the page says lang="ru", but its text is Kazakh/) }),
    ]);
    expect(article.quotes[0]).toMatchObject({ speaker: 'Мақсат Ерғалиев', role: 'қала әкімі' });
    expect(blocksOf(article, 'list')[0]?.format).toBe('ordered');
  });
});
