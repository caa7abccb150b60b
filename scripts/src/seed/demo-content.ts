/**
 * Pure, deterministic generation of the synthetic demo articles: article
 * number N always gets the same rubric, template, place, numbers, photo,
 * tags, author, age rating and locales, so reruns find (and skip) what an
 * earlier run created. Only the dates depend on `now` (they are spread over
 * the 36 months before it). Slugs start with `demo-NNNNN-`.
 */
import { DEMO_NOTE, DEMO_PLACES, DEMO_RUBRICS, type DemoPlace } from './data/demo-templates.ts';
import type { AgeRating } from './data/types.ts';
import type { BodyBlock } from '../importer/parse.ts';
import { toSlug } from './slug.ts';

export const DEMO_SLUG_PREFIX = 'demo-';
export const DEMO_PHOTO_POOL_SIZE = 12;
export const DEMO_AUTHORS = ['aygerim-sarsenova', 'maksim-belov', 'redaktsiya'];
const SPAN_DAYS = 36 * 30.44;

/** ru only, ru with a Kazakh translation, or Kazakh only. */
export type DemoLocales = 'ru' | 'ru+kk' | 'kk';

export type DemoLocaleContent = { title: string; slug: string; lead: string; body: BodyBlock[]; caption: string; alt: string };

export type DemoArticle = {
  index: number;
  locales: DemoLocales;
  rubric: string;
  tags: string[];
  author: string;
  ageRating: AgeRating;
  publicationDate: string;
  /** 1..DEMO_PHOTO_POOL_SIZE */
  photo: number;
  ru: DemoLocaleContent;
  kk: DemoLocaleContent;
};

/** mulberry32: a small seeded PRNG; plenty for picking templates. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rng: () => number, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;

/** A number in [min, max] after which a Russian noun takes the genitive plural (5–20, 25, 30, 111…). */
export function genitivePluralNumber(rng: () => number, min: number, max: number): number {
  let n = min + Math.floor(rng() * (max - min + 1));
  const ok = (value: number) => {
    const lastTwo = value % 100;
    const last = value % 10;
    return (lastTwo >= 11 && lastTwo <= 14) || last === 0 || last >= 5;
  };
  while (!ok(n)) n += 1;
  return n;
}

export const demoIndexLabel = (index: number) => String(index).padStart(5, '0');

/** The demo number encoded in a slug, or null for any other slug. */
export function demoIndexOf(slug: string): number | null {
  const match = /^demo-(\d{5})-/.exec(slug);
  return match ? Number(match[1]) : null;
}

function fill(template: string, place: DemoPlace, n: number): string {
  const text = template
    .replaceAll('{in}', place.ruIn)
    .replaceAll('{of}', place.ruOf)
    .replaceAll('{kkLoc}', place.kkLoc)
    .replaceAll('{kkGen}', place.kkGen)
    .replaceAll('{n}', String(n));
  return text.charAt(0).toLocaleUpperCase('ru') + text.slice(1);
}

const paragraph = (text: string): BodyBlock => ({ type: 'paragraph', children: [{ type: 'text', text }] });

export function demoArticle(index: number, now: Date): DemoArticle {
  const rng = random(index * 2654435761);
  const rubric = DEMO_RUBRICS[(index - 1) % DEMO_RUBRICS.length] ?? DEMO_RUBRICS[0];
  if (!rubric) throw new Error('demo templates: no rubrics');
  const template = pick(rng, rubric.templates);
  const place = pick(rng, DEMO_PLACES);
  const n = genitivePluralNumber(rng, template.n[0], template.n[1]);
  const localeRoll = rng();
  const locales: DemoLocales = localeRoll < 0.05 ? 'kk' : localeRoll < 0.65 ? 'ru+kk' : 'ru';
  const first = Math.floor(rng() * rubric.paragraphs.length);
  const paragraphs = [rubric.paragraphs[first], rubric.paragraphs[(first + 1) % rubric.paragraphs.length]].filter(
    (item) => item !== undefined,
  );
  const tags = [...new Set([pick(rng, rubric.tags), pick(rng, rubric.tags)])];
  const ageRoll = rng();
  const ageRating: AgeRating =
    rubric.rubric === 'proisshestviya' ? (ageRoll < 0.5 ? 'age16' : 'age12') : ageRoll < 0.8 ? 'age0' : ageRoll < 0.95 ? 'age12' : 'age16';
  const daysAgo = rng() * SPAN_DAYS;
  // between 08:00 and 21:00 in Aqtau (UTC+5)
  const day = new Date(now.getTime() - daysAgo * 86_400_000);
  const minutes = 8 * 60 + Math.floor(rng() * 13 * 60);
  const published = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 0, minutes - 5 * 60));
  const publicationDate = (published.getTime() > now.getTime() ? new Date(published.getTime() - 86_400_000) : published).toISOString();
  const photo = 1 + Math.floor(rng() * DEMO_PHOTO_POOL_SIZE);
  const author = pick(rng, DEMO_AUTHORS);
  const label = demoIndexLabel(index);

  const content = (locale: 'ru' | 'kk'): DemoLocaleContent => {
    const title = fill(template[locale].title, place, n);
    return {
      title,
      slug: toSlug(`${DEMO_SLUG_PREFIX}${label}-${title}`, 120),
      lead: fill(template[locale].lead, place, n),
      body: [...paragraphs.map((item) => paragraph(item[locale])), paragraph(DEMO_NOTE[locale])],
      caption: locale === 'ru' ? 'Иллюстрация-заглушка демонстрационного материала' : 'Демонстрациялық материалдың уақытша суреті',
      alt:
        locale === 'ru'
          ? `Демо-изображение-заглушка №${photo} с надписью «Демо-изображение»; фотографии нет`
          : `«Демо-изображение» деген жазуы бар №${photo} уақытша сурет; фотосурет жоқ`,
    };
  };

  return { index, locales, rubric: rubric.rubric, tags, author, ageRating, publicationDate, photo, ru: content('ru'), kk: content('kk') };
}
