/**
 * The seed (run once by the global setup, against a real Strapi) produced
 * exactly what it promises, read back through the public REST API with the
 * site's read-only token; running it again changes no count; demo articles
 * are created once.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StrapiClient } from '@tilshi/strapi-client';
import { runSeed } from '../../scripts/src/seed/index.ts';

const strapi = inject('strapi');
const site: StrapiClient = new StrapiClient({ baseUrl: strapi.url, token: strapi.siteToken, retries: 1 });
const write: StrapiClient = new StrapiClient({ baseUrl: strapi.url, token: strapi.writeToken, retries: 1 });

const RU_SLUG = 'v-aktau-byl-proveden-den-otkrytykh-dverey-s-uchastiem-gosudarstvennykh-organov-i-npo';
const LOCALIZED = ['articles', 'rubrics', 'tags', 'organizations', 'ngo-events'] as const;
const SHARED = ['credits', 'authors'] as const;

const Photo = z.object({
  caption: z.string().nullable(),
  alt: z.string(),
  image: z.object({ id: z.number(), name: z.string(), url: z.string() }),
  credit: z.object({ name: z.string(), kind: z.string() }),
});
const Article = z.looseObject({
  documentId: z.string(),
  title: z.string(),
  slug: z.string(),
  lead: z.string(),
  locale: z.string(),
  publicationDate: z.string(),
  sourceAttribution: z.string().nullable(),
  ageRating: z.string(),
  body: z.array(z.looseObject({ type: z.string() })),
  cover: Photo,
  gallery: z.array(Photo),
  rubric: z.object({ name: z.string(), slug: z.string() }),
  tags: z.array(z.object({ name: z.string() })),
  authors: z.array(z.object({ name: z.string() })),
  event: z.object({ documentId: z.string(), title: z.string() }),
});
const Organization = z.object({ name: z.string(), legalForm: z.string() });
const NgoEvent = z.looseObject({
  documentId: z.string(),
  title: z.string(),
  kind: z.string(),
  startDate: z.string(),
  startTime: z.string().nullable(),
  city: z.string().nullable(),
  projectName: z.string().nullable(),
  organizers: z.array(Organization),
  supporters: z.array(Organization),
  participants: z.array(z.object({ group: z.string(), count: z.number() })),
  keyFigures: z.array(z.object({ label: z.string(), value: z.number(), unit: z.string().nullable() })),
  proposals: z.array(z.object({ text: z.string() })),
  quotes: z.array(z.object({ text: z.string(), speaker: z.string(), role: z.string().nullable() })),
});
const SiteSettings = z.looseObject({
  siteName: z.string(),
  ageLabel: z.string(),
  telegramUrl: z.string(),
  telegramCta: z.string(),
  commentsDisclaimer: z.string(),
});
const SlugRef = z.looseObject({ documentId: z.string(), slug: z.string() });

const ARTICLE_POPULATE = {
  cover: { populate: ['image', 'credit'] },
  gallery: { populate: ['image', 'credit'] },
  rubric: true,
  tags: true,
  authors: true,
  event: true,
};

async function seedArticle(locale: 'ru' | 'kk', documentId?: string) {
  const filters = documentId ? { documentId: { $eq: documentId } } : { slug: { $eq: RU_SLUG } };
  return site.findFirst('articles', { locale, filters, populate: ARTICLE_POPULATE }, Article);
}

/** Every count the seed could change: each type in each locale, the shared types, the seed's media files. */
async function allCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const api of LOCALIZED) for (const locale of ['ru', 'kk'] as const) counts[`${api}:${locale}`] = await site.count(api, { locale });
  for (const api of SHARED) counts[api] = await site.count(api);
  counts['upload files tilshi-*'] = (await write.findFiles({ name: { $startsWith: 'tilshi-' } })).length;
  for (const locale of ['ru', 'kk'] as const)
    counts[`site-setting:${locale}`] = (await site.getSingle('/api/site-setting', { locale })) ? 1 : 0;
  return counts;
}

/** documentIds of the published demo articles, over both locales. */
async function demoDocuments(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const locale of ['ru', 'kk'] as const) {
    for (const item of await site.find('articles', { locale, fields: ['slug'], filters: { slug: { $startsWith: 'demo-' } } }, SlugRef))
      ids.add(item.documentId);
  }
  return ids;
}

describe('the seed article (ru)', () => {
  let article: z.infer<typeof Article>;
  beforeAll(async () => {
    const found = await seedArticle('ru');
    if (!found) throw new Error(`the seed article ${RU_SLUG} is not published`);
    article = found;
  });

  it('is published with the title, date, source and age rating of the newsroom page', () => {
    expect(article.title).toBe('В Актау был проведён день открытых дверей с участием государственных органов и НПО');
    expect(new Date(article.publicationDate).toISOString()).toBe('2022-11-05T11:03:00.000Z');
    expect(article.sourceAttribution).toBe('Центр общественных коммуникаций');
    expect(article.ageRating).toBe('age18');
  });

  it('has a body built by the importer: paragraphs, the quote, the list of proposals, no boilerplate', () => {
    expect(article.body.map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'quote', 'paragraph', 'list', 'paragraph']);
    const text = JSON.stringify(article.body);
    expect(text).toContain('сказала Бибигуль Рамазанова');
    expect(text).not.toMatch(/Подпишись|Комментарии|Лада\.kz|Фото предостав/);
  });

  it('has two photos (cover and one gallery photo) with alt text, a caption and the credit «ЦОК Мангистауской области»', () => {
    const photos = [article.cover, ...article.gallery];
    expect(photos).toHaveLength(2);
    for (const photo of photos) {
      expect(photo.credit).toMatchObject({ name: 'ЦОК Мангистауской области', kind: 'organization' });
      expect(photo.alt.length).toBeGreaterThan(20);
      expect(photo.caption).toBeTruthy();
    }
    expect(new Set(photos.map((photo) => photo.image.id)).size).toBe(2);
  });

  it('belongs to the rubric Общество, has tags and an author, and points to the NGO event', () => {
    expect(article.rubric.name).toBe('Общество');
    expect(article.tags.map((tag) => tag.name)).toEqual(expect.arrayContaining(['НПО', 'госсоцзаказ']));
    expect(article.authors.map((author) => author.name)).toEqual(['Редакция']);
    expect(article.event.title).toBe('День открытых дверей с участием государственных органов и НПО');
  });

  it('has a Kazakh version with a Kazakh title, its own photo texts and the same credit', async () => {
    const kk = await seedArticle('kk', article.documentId);
    expect(kk).not.toBeNull();
    expect(kk?.title).toBe('Ақтауда мемлекеттік органдар мен ҮЕҰ қатысуымен ашық есік күні өтті');
    expect(kk?.lead).toMatch(/деп хабарлайды Қоғамдық коммуникациялар орталығы\.$/);
    expect(kk?.rubric.name).toBe('Қоғам');
    expect([kk?.cover, ...(kk?.gallery ?? [])].map((photo) => photo?.credit.name)).toEqual([
      'ЦОК Мангистауской области',
      'ЦОК Мангистауской области',
    ]);
    expect(kk?.cover.alt).not.toBe(article.cover.alt);
  });
});

describe('the NGO event', () => {
  const fetchEvent = (locale: 'ru' | 'kk') =>
    site.findFirst(
      'ngo-events',
      { locale, filters: { startDate: { $eq: '2022-11-05' }, kind: { $eq: 'open_day' } }, populate: '*' },
      NgoEvent,
    );

  it('records the open day of 5 November 2022 in Aktau, without an invented start time', async () => {
    const event = await fetchEvent('ru');
    expect(event).toMatchObject({
      title: 'День открытых дверей с участием государственных органов и НПО',
      kind: 'open_day',
      startDate: '2022-11-05',
      startTime: null,
      city: 'Актау',
    });
    expect(event?.projectName).toMatch(/по принципу «одного окна»/);
  });

  it('has 26 NGO leaders and 4 representatives of the управление as participants', async () => {
    const event = await fetchEvent('ru');
    expect(event?.participants.map(({ group, count }) => ({ group, count }))).toEqual([
      { group: 'руководители НПО', count: 26 },
      { group: 'представители управления', count: 4 },
    ]);
  });

  it('has the four key figures: 120 НПО, 1.5 тыс. человек, 33 проекта, 264 млн тенге', async () => {
    const event = await fetchEvent('ru');
    expect(event?.keyFigures.map(({ value, unit }) => `${value} ${unit}`)).toEqual([
      '120 НПО',
      '1.5 тыс. человек',
      '33 проекта',
      '264 млн тенге',
    ]);
  });

  it('has the four proposals and the quote of Бибигуль Рамазанова with her role', async () => {
    const event = await fetchEvent('ru');
    expect(event?.proposals).toHaveLength(4);
    expect(event?.proposals[3]?.text).toBe('Необходимо ввести государственный социальный заказ на 3 года (на длительный срок)');
    expect(event?.quotes).toHaveLength(1);
    expect(event?.quotes[0]).toMatchObject({ speaker: 'Бибигуль Рамазанова', role: 'директор общественного фонда «Риза ана»' });
    expect(event?.quotes[0]?.text).toMatch(/^С 2018 года не было социальных заказов/);
  });

  it('is organized by the Гражданский Альянс with the support of the управление внутренней политики and НАО ЦПГИ', async () => {
    const event = await fetchEvent('ru');
    expect(event?.organizers.map((org) => [org.name, org.legalForm])).toEqual([['ОЮЛ «Гражданский Альянс» Мангистауской области', 'oyul']]);
    expect(event?.supporters.map((org) => [org.name, org.legalForm]).sort()).toEqual([
      ['НАО «Центр поддержки гражданских инициатив»', 'nao'],
      ['Управление внутренней политики Мангистауской области', 'state_body'],
    ]);
  });

  it('has a Kazakh version with Kazakh participants and the same figures', async () => {
    const event = await fetchEvent('kk');
    expect(event?.title).toBe('Мемлекеттік органдар мен ҮЕҰ қатысқан ашық есік күні');
    expect(event?.participants.map((group) => group.count)).toEqual([26, 4]);
    expect(event?.keyFigures.map((figure) => figure.value)).toEqual([120, 1.5, 33, 264]);
    expect(event?.organizers.map((org) => org.name)).toEqual(['Маңғыстау облысының «Азаматтық Альянс» ЗТБ']);
  });
});

describe('the reference content', () => {
  it('has all six organizations named in the article, in Russian and Kazakh', async () => {
    const ru = await site.find('organizations', { locale: 'ru', fields: ['name', 'legalForm'] }, Organization);
    expect(ru.map((org) => org.name)).toEqual(
      expect.arrayContaining([
        'ОЮЛ «Гражданский Альянс» Мангистауской области',
        'Управление внутренней политики Мангистауской области',
        'НАО «Центр поддержки гражданских инициатив»',
        'Общественный фонд «Риза ана»',
        'Центр общественных коммуникаций Мангистауской области',
        'Управление здравоохранения Мангистауской области',
      ]),
    );
    expect(ru.find((org) => org.name === 'Общественный фонд «Риза ана»')?.legalForm).toBe('public_fund');
    const kk = await site.find('organizations', { locale: 'kk', fields: ['name'] }, z.looseObject({ name: z.string() }));
    expect(kk.map((org) => org.name)).toContain('«Риза ана» қоғамдық қоры');
  });

  it('has six rubrics in both locales, Общество/Қоғам first', async () => {
    const rubricNames = async (locale: 'ru' | 'kk') =>
      (await site.find('rubrics', { locale, sort: ['position:asc'], fields: ['name'] }, z.looseObject({ name: z.string() }))).map(
        (rubric) => rubric.name,
      );
    expect(await rubricNames('ru')).toEqual(['Общество', 'Политика', 'Экономика', 'Происшествия', 'Культура', 'Спорт']);
    expect(await rubricNames('kk')).toEqual(['Қоғам', 'Саясат', 'Экономика', 'Оқиғалар', 'Мәдениет', 'Спорт']);
  });

  it('has site settings in Russian and Kazakh, with our site name in the comments disclaimer', async () => {
    const ru = await site.getSingle('/api/site-setting', { locale: 'ru' }, SiteSettings);
    const kk = await site.getSingle('/api/site-setting', { locale: 'kk' }, SiteSettings);
    expect(ru).toMatchObject({ siteName: 'Новости Актау и Мангыстау', ageLabel: '18+', telegramCta: 'Подпишись на наш канал в Telegram' });
    expect(ru?.telegramUrl).toMatch(/^https:\/\/t\.me\//);
    expect(ru?.commentsDisclaimer).toContain('«Новости Актау и Мангыстау»');
    expect(ru?.commentsDisclaimer).not.toContain('Лада.kz');
    expect(kk).toMatchObject({ siteName: 'Ақтау және Манғыстау жаңалықтары', ageLabel: '18+' });
    expect(kk?.telegramCta).not.toBe(ru?.telegramCta);
  });
});

describe('running the seed again', () => {
  it('leaves every count unchanged and reports nothing created', async () => {
    const before = await allCounts();
    const report = await runSeed({ url: strapi.url, writeToken: strapi.writeToken });
    const after = await allCounts();
    expect(after).toEqual(before);
    expect(before['articles:ru']).toBeGreaterThanOrEqual(1);
    expect(before['organizations:kk']).toBe(6);
    for (const tally of [report.rubrics, report.tags, report.organizations, report.events, report.articles]) {
      expect(tally.ru.created + tally.kk.created).toBe(0);
    }
    expect(report.credits.created + report.authors.created + report.photos.uploaded).toBe(0);
    expect(report.siteSettings.written).toEqual([]);
  });
});

describe('demo articles', () => {
  it('a demo: 5 run publishes the five demo articles once; a second run creates none', async () => {
    const documentsBefore = await demoDocuments();
    const first = await runSeed({ url: strapi.url, writeToken: strapi.writeToken, demo: 5 });
    const documentsAfter = await demoDocuments();
    expect(first.demo?.requested).toBe(5);
    expect(documentsAfter.size).toBe(documentsBefore.size + (first.demo?.documentsCreated ?? Number.NaN));
    expect(documentsAfter.size).toBeGreaterThanOrEqual(5);
    if (documentsBefore.size === 0) expect(first.demo?.documentsCreated).toBe(5);

    const countsBefore = await allCounts();
    const second = await runSeed({ url: strapi.url, writeToken: strapi.writeToken, demo: 5 });
    expect(second.demo).toMatchObject({ documentsCreated: 0, translationsCreated: 0, skipped: 5 });
    expect(await allCounts()).toEqual(countsBefore);
  }, 180_000);

  it('demo articles are published with a credited, described cover and a rubric', async () => {
    const Demo = z.looseObject({ slug: z.string(), title: z.string(), cover: Photo, rubric: z.object({ name: z.string() }) });
    const demo = await site.find(
      'articles',
      {
        locale: 'ru',
        filters: { slug: { $startsWith: 'demo-0000' } },
        populate: { cover: { populate: ['image', 'credit'] }, rubric: true },
      },
      Demo,
    );
    expect(demo.length).toBeGreaterThan(0);
    for (const article of demo) {
      expect(article.slug).toMatch(/^demo-\d{5}-[a-z0-9-]+$/);
      expect(article.cover.alt).toMatch(/заглушка/i);
      expect(article.cover.credit.name).toBe('Демо-заглушка tilshi');
    }
  });
});
