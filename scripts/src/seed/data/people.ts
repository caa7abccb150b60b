/**
 * Authors and photo credits (neither is localized). The seed article is
 * signed by the newsroom, because the source text has no byline. The two
 * correspondents are demo profiles and say so.
 */
import type { AuthorSeed, CreditSeed } from './types.ts';

export const AUTHORS: AuthorSeed[] = [
  {
    name: 'Редакция',
    slug: 'redaktsiya',
    position: 'Редакция сайта «Новости Актау и Мангыстау»',
    bio: 'Материалы, подготовленные редакцией по сообщениям государственных органов, общественных организаций и читателей.',
  },
  {
    name: 'Айгерим Сарсенова',
    slug: 'aygerim-sarsenova',
    position: 'Корреспондент',
    bio: 'Демонстрационный профиль автора для тестовых данных сайта.',
  },
  {
    name: 'Максим Белов',
    slug: 'maksim-belov',
    position: 'Корреспондент',
    bio: 'Демонстрационный профиль автора для тестовых данных сайта.',
  },
];

/** The credit of the seed article's two photos, named as on the source page. */
export const SEED_PHOTO_CREDIT = 'ЦОК Мангистауской области';
/** The credit of the generated demo pictures: they are nobody's photographs. */
export const DEMO_PHOTO_CREDIT = 'Демо-заглушка tilshi';

export const CREDITS: CreditSeed[] = [
  { name: SEED_PHOTO_CREDIT, kind: 'organization', url: null, licenseNote: null },
  {
    name: DEMO_PHOTO_CREDIT,
    kind: 'organization',
    url: null,
    licenseNote: 'Сгенерированные изображения-заглушки для демонстрационных материалов; это не фотографии.',
  },
];
