/**
 * The demo newsroom that `npm start` seeds (scripts/src/seed/newsroom.ts),
 * against a real Strapi, read back with the site's read-only token: the
 * stories of each rubric, language and archive day the data promises, dated
 * from the moment of seeding (some today and yesterday), with credited,
 * described illustrations, events and organizations; a second run creates
 * nothing and changes no count.
 */
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import { StrapiClient } from '@tilshi/strapi-client';
import { NEWSROOM_EVENTS } from '../../scripts/src/seed/data/newsroom.ts';
import { runSeed, type SeedReport } from '../../scripts/src/seed/index.ts';
import { aktauDay, newsroomPlan } from '../../scripts/src/seed/newsroom-plan.ts';

const strapi = inject('strapi');
const site: StrapiClient = new StrapiClient({ baseUrl: strapi.url, token: strapi.siteToken, retries: 1 });
const write: StrapiClient = new StrapiClient({ baseUrl: strapi.url, token: strapi.writeToken, retries: 1 });

const Listed = z.looseObject({
  documentId: z.string(),
  slug: z.string(),
  publicationDate: z.string(),
  rubric: z.object({ slug: z.string() }).nullable(),
  cover: z
    .object({
      alt: z.string(),
      caption: z.string().nullable(),
      credit: z.object({ name: z.string() }),
      image: z.object({ name: z.string(), width: z.number() }),
    })
    .nullable(),
  event: z.object({ documentId: z.string() }).nullable(),
});
type Listed = z.infer<typeof Listed>;

const NOW = new Date();
const plan = newsroomPlan(NOW);
let report: SeedReport;
const stored: Record<'ru' | 'kk', Listed[]> = { ru: [], kk: [] };

async function storiesOf(locale: 'ru' | 'kk'): Promise<Listed[]> {
  const slugs = plan.flatMap((item) => item.versions.filter((version) => version.locale === locale).map((version) => version.slug));
  return site.find(
    'articles',
    { locale, filters: { slug: { $in: slugs } }, populate: { rubric: true, cover: { populate: ['credit', 'image'] }, event: true } },
    Listed,
  );
}

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const api of ['articles', 'ngo-events', 'organizations', 'tags'])
    for (const locale of ['ru', 'kk'] as const) out[`${api}:${locale}`] = await site.count(api, { locale });
  for (const api of ['authors', 'credits']) out[api] = await site.count(api);
  out['files tilshi-newsroom-*'] = (await write.findFiles({ name: { $startsWith: 'tilshi-newsroom-' } })).length;
  return out;
}

beforeAll(async () => {
  report = await runSeed({ url: strapi.url, writeToken: strapi.writeToken, newsroom: true, now: NOW });
  stored.ru = await storiesOf('ru');
  stored.kk = await storiesOf('kk');
}, 180_000);

describe('the demo newsroom', () => {
  it('publishes every planned story in each of its languages, found by slug', () => {
    expect(report.newsroom?.stories).toMatchObject({ planned: plan.length, existing: 0 });
    for (const locale of ['ru', 'kk'] as const) {
      const planned = plan
        .flatMap((item) => item.versions.filter((version) => version.locale === locale).map((version) => version.slug))
        .sort();
      expect(stored[locale].map((article) => article.slug).sort()).toEqual(planned);
    }
  });

  it('has the planned number of stories per rubric and language', () => {
    const expected: Record<string, number> = {};
    for (const item of plan)
      for (const version of item.versions)
        expected[`${item.story.rubric}:${version.locale}`] = (expected[`${item.story.rubric}:${version.locale}`] ?? 0) + 1;
    const ruRubricOf = new Map(
      plan.flatMap((item) => item.versions.map((version) => [`${version.locale}:${version.slug}`, item.story.rubric] as const)),
    );
    const actual: Record<string, number> = {};
    for (const locale of ['ru', 'kk'] as const) {
      for (const article of stored[locale]) {
        // Kazakh rubrics have Kazakh slugs: count by the story's rubric, and check the article has one.
        expect(article.rubric, article.slug).not.toBeNull();
        const key = `${ruRubricOf.get(`${locale}:${article.slug}`) ?? '?'}:${locale}`;
        actual[key] = (actual[key] ?? 0) + 1;
      }
    }
    expect(actual).toEqual(expected);
    expect(Object.keys(expected).filter((key) => key.endsWith(':ru')).length).toBe(6);
    expect(Object.keys(expected).filter((key) => key.endsWith(':kk')).length).toBe(6);
  });

  it('dates the stories from the moment of seeding: the planned archive days, some today and yesterday, over 36 months', () => {
    const plannedDays: Record<string, number> = {};
    for (const item of plan)
      for (const version of item.versions)
        plannedDays[`${version.locale}:${item.day}`] = (plannedDays[`${version.locale}:${item.day}`] ?? 0) + 1;
    const actualDays: Record<string, number> = {};
    for (const locale of ['ru', 'kk'] as const) {
      for (const article of stored[locale]) {
        const key = `${locale}:${aktauDay(new Date(article.publicationDate))}`;
        actualDays[key] = (actualDays[key] ?? 0) + 1;
      }
    }
    expect(actualDays).toEqual(plannedDays);
    const recent = stored.ru.filter((article) => NOW.getTime() - Date.parse(article.publicationDate) <= 48 * 3_600_000);
    expect(recent.length).toBeGreaterThanOrEqual(5);
    const oldest = Math.min(...stored.ru.map((article) => Date.parse(article.publicationDate)));
    expect(NOW.getTime() - oldest).toBeGreaterThan(34 * 30 * 86_400_000);
  });

  it('illustrates each story with a generated picture whose alt and caption say it is no photograph, credited as such', () => {
    for (const article of [...stored.ru, ...stored.kk]) {
      expect(article.cover, article.slug).not.toBeNull();
      expect(article.cover?.alt).toMatch(/не фотография|фотосурет емес/);
      expect(article.cover?.credit.name).toBe('Иллюстрация tilshi (демо)');
      expect(article.cover?.image.name).toMatch(/^tilshi-newsroom-[a-z-]+\.jpg$/);
      expect(article.cover?.image.width).toBeGreaterThanOrEqual(1200);
    }
  });

  it('ties stories to the NGO events, each event with its organizers in both languages', async () => {
    const Event = z.looseObject({
      documentId: z.string(),
      slug: z.string(),
      startDate: z.string(),
      organizers: z.array(z.object({ name: z.string() })),
    });
    for (const locale of ['ru', 'kk'] as const) {
      const slugs = NEWSROOM_EVENTS.map((event) => event[locale].slug);
      const events = await site.find('ngo-events', { locale, filters: { slug: { $in: slugs } }, populate: { organizers: true } }, Event);
      expect(events.map((event) => event.slug).sort()).toEqual([...slugs].sort());
      for (const event of events) {
        expect(event.organizers.length, event.slug).toBeGreaterThan(0);
        expect(
          stored[locale].some((article) => article.event?.documentId === event.documentId),
          `${event.slug} has stories`,
        ).toBe(true);
      }
    }
  });

  it('creates nothing and changes no count when run again', async () => {
    const before = await counts();
    const again = await runSeed({
      url: strapi.url,
      writeToken: strapi.writeToken,
      newsroom: true,
      now: new Date(NOW.getTime() + 86_400_000),
    });
    expect(again.newsroom?.stories).toMatchObject({ created: 0, translationsAdded: 0, existing: plan.length });
    expect(again.newsroom?.illustrations.uploaded).toBe(0);
    expect(await counts()).toEqual(before);
    // The dates stay those of the first run.
    expect((await storiesOf('ru')).map((article) => article.publicationDate).sort()).toEqual(
      stored.ru.map((article) => article.publicationDate).sort(),
    );
  }, 120_000);
});
