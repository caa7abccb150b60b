/**
 * Rubrics and tags, Russian and Kazakh. Slugs are written out (not derived)
 * because they are URLs: changing a title must not move a page.
 */
import type { RubricSeed, TagSeed } from './types.ts';

export const RUBRICS: RubricSeed[] = [
  {
    position: 10,
    ru: {
      name: 'Общество',
      slug: 'obshchestvo',
      description: 'Жизнь Актау и Мангистауской области: НПО, социальные проекты, городские вопросы.',
    },
    kk: { name: 'Қоғам', slug: 'qogam', description: 'Ақтау мен Маңғыстау облысының тынысы: ҮЕҰ, әлеуметтік жобалар, қала мәселелері.' },
  },
  {
    position: 20,
    ru: { name: 'Политика', slug: 'politika', description: 'Акимат, маслихат, общественные советы и решения местной власти.' },
    kk: { name: 'Саясат', slug: 'sayasat', description: 'Әкімдік, мәслихат, қоғамдық кеңестер және жергілікті биліктің шешімдері.' },
  },
  {
    position: 30,
    ru: { name: 'Экономика', slug: 'ekonomika', description: 'Бюджет, бизнес, дороги, цены и рабочие места региона.' },
    kk: { name: 'Экономика', slug: 'ekonomika', description: 'Өңірдің бюджеті, бизнесі, жолдары, бағалары және жұмыс орындары.' },
  },
  {
    position: 40,
    ru: { name: 'Происшествия', slug: 'proisshestviya', description: 'Пожары, ДТП, штормы и работа экстренных служб.' },
    kk: { name: 'Оқиғалар', slug: 'oqigalar', description: 'Өрт, жол апаттары, дауыл және шұғыл қызметтердің жұмысы.' },
  },
  {
    position: 50,
    ru: { name: 'Культура', slug: 'kultura', description: 'Фестивали, театр, музеи и наследие Мангистау.' },
    kk: { name: 'Мәдениет', slug: 'madeniet', description: 'Фестивальдер, театр, мұражайлар және Маңғыстау мұрасы.' },
  },
  {
    position: 60,
    ru: { name: 'Спорт', slug: 'sport', description: 'Соревнования, команды и спортсмены региона.' },
    kk: { name: 'Спорт', slug: 'sport', description: 'Өңірдің жарыстары, командалары және спортшылары.' },
  },
];

export const TAGS: TagSeed[] = [
  { ru: { name: 'НПО', slug: 'npo' }, kk: { name: 'ҮЕҰ', slug: 'ueu' } },
  { ru: { name: 'гражданское общество', slug: 'grazhdanskoe-obshchestvo' }, kk: { name: 'азаматтық қоғам', slug: 'azamattyq-qogam' } },
  {
    ru: { name: 'госсоцзаказ', slug: 'gossotszakaz' },
    kk: { name: 'мемлекеттік әлеуметтік тапсырыс', slug: 'memlekettik-aleumettik-tapsyrys' },
  },
  { ru: { name: 'гранты', slug: 'granty' }, kk: { name: 'гранттар', slug: 'granttar' } },
  { ru: { name: 'здравоохранение', slug: 'zdravookhranenie' }, kk: { name: 'денсаулық сақтау', slug: 'densaulyq-saqtau' } },
  { ru: { name: 'акимат', slug: 'akimat' }, kk: { name: 'әкімдік', slug: 'akimdik' } },
  { ru: { name: 'образование', slug: 'obrazovanie' }, kk: { name: 'білім беру', slug: 'bilim-beru' } },
  { ru: { name: 'дороги', slug: 'dorogi' }, kk: { name: 'жолдар', slug: 'zholdar' } },
  { ru: { name: 'ЖКХ', slug: 'zhkkh' }, kk: { name: 'ТКШ', slug: 'tksh' } },
  { ru: { name: 'безопасность', slug: 'bezopasnost' }, kk: { name: 'қауіпсіздік', slug: 'qauipsizdik' } },
  { ru: { name: 'Каспий', slug: 'kaspiy' }, kk: { name: 'Каспий', slug: 'kaspiy' } },
  { ru: { name: 'наследие', slug: 'nasledie' }, kk: { name: 'мұра', slug: 'mura' } },
];
