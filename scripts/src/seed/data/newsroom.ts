/**
 * The demo newsroom that `npm start` seeds beside the seed article (the
 * stories themselves are in ./newsroom-stories.ts): two more correspondents,
 * the credit of the generated illustrations, three tags, three civic
 * organizations and four NGO events, and the pool of illustrations the
 * stories share. Every person, organization and event here is invented and
 * says so where the site shows it (bios, the closing line of each story, the
 * label on each picture); real bodies of the seed article are not made to
 * take part in invented events.
 */
import type { IllustrationMotif } from '../../../lib/illustration.ts';
import type { AuthorSeed, Bilingual, CreditSeed, EventKind, NgoEventSeed, OrganizationSeed, TagSeed } from './types.ts';

export const NEWSROOM_AUTHORS: AuthorSeed[] = [
  {
    name: 'Данияр Утегенов',
    slug: 'daniyar-utegenov',
    position: 'Корреспондент',
    bio: 'Демонстрационный профиль автора для тестовых данных сайта.',
  },
  {
    name: 'Жанна Искакова',
    slug: 'zhanna-iskakova',
    position: 'Корреспондент',
    bio: 'Демонстрационный профиль автора для тестовых данных сайта.',
  },
];

/** The credit of every generated illustration: they are nobody's photographs. */
export const ILLUSTRATION_CREDIT = 'Иллюстрация tilshi (демо)';

export const NEWSROOM_CREDITS: CreditSeed[] = [
  {
    name: ILLUSTRATION_CREDIT,
    kind: 'organization',
    url: null,
    licenseNote: 'Условные рисунки, сгенерированные для демонстрационных материалов; это не фотографии.',
  },
];

export const NEWSROOM_TAGS: TagSeed[] = [
  { ru: { name: 'экология', slug: 'ekologiya' }, kk: { name: 'экология', slug: 'ekologiya' } },
  { ru: { name: 'волонтёры', slug: 'volontery' }, kk: { name: 'еріктілер', slug: 'eriktiler' } },
  { ru: { name: 'туризм', slug: 'turizm' }, kk: { name: 'туризм', slug: 'turizm' } },
];

export const NEWSROOM_ORG = {
  greenCaspian: 'of-zhasyl-kaspiy-demo',
  volunteers: 'oo-volontery-mangistau-demo',
  youthCenter: 'tsentr-molodezhnykh-initsiativ-demo',
} as const;

export const NEWSROOM_ORGANIZATIONS: OrganizationSeed[] = [
  {
    legalForm: 'public_fund',
    url: null,
    ru: { name: 'Общественный фонд «Жасыл Каспий» (демо)', shortName: 'Жасыл Каспий', slug: NEWSROOM_ORG.greenCaspian, city: 'Актау' },
    kk: { name: '«Жасыл Каспий» қоғамдық қоры (демо)', shortName: 'Жасыл Каспий', slug: 'zhasyl-kaspiy-qogamdyq-qory-demo', city: 'Ақтау' },
  },
  {
    legalForm: 'public_association',
    url: null,
    ru: {
      name: 'Общественное объединение «Волонтёры Мангистау» (демо)',
      shortName: 'Волонтёры Мангистау',
      slug: NEWSROOM_ORG.volunteers,
      city: 'Актау',
    },
    kk: {
      name: '«Маңғыстау еріктілері» қоғамдық бірлестігі (демо)',
      shortName: 'Маңғыстау еріктілері',
      slug: 'mangystau-eriktileri-demo',
      city: 'Ақтау',
    },
  },
  {
    legalForm: 'ngo',
    url: null,
    ru: { name: 'Центр молодёжных инициатив «Болашақ» (демо)', shortName: 'Болашақ', slug: NEWSROOM_ORG.youthCenter, city: 'Жанаозен' },
    kk: {
      name: '«Болашақ» жастар бастамалары орталығы (демо)',
      shortName: 'Болашақ',
      slug: 'bolashaq-zhastar-ortalygy-demo',
      city: 'Жаңаөзен',
    },
  },
];

/** An event whose dates are counted from the day the newsroom is first seeded. */
export type NewsroomEventSeed = Omit<NgoEventSeed, 'startDate' | 'endDate'> & {
  /** Days from the seeding day to the first day (negative: in the past). */
  startsInDays: number;
  /** Length in days (1: a one-day event, no end date). */
  days: number;
};

const noFacts = { participants: [], keyFigures: [], proposals: [], quotes: [] };

export const NEWSROOM_EVENT = {
  forum: 'forum-npo-mangistau-demo',
  grants: 'konkurs-malykh-grantov-demo',
  caspian: 'kruglyy-stol-chistyy-bereg-kaspiya-demo',
  volunteers: 'shkola-volonterov-demo',
} as const;

export const NEWSROOM_EVENTS: NewsroomEventSeed[] = [
  {
    kind: 'forum' satisfies EventKind,
    startsInDays: -118,
    days: 2,
    startTime: '10:00:00',
    organizers: [NEWSROOM_ORG.volunteers],
    supporters: [NEWSROOM_ORG.youthCenter],
    ru: {
      title: 'Форум некоммерческих организаций Мангистау (демо)',
      slug: NEWSROOM_EVENT.forum,
      city: 'Актау',
      venue: 'Дворец школьников',
      projectName: 'Площадка для диалога НПО, бизнеса и жителей области',
      participants: [
        { group: 'представители НПО', count: 140 },
        { group: 'волонтёры', count: 35 },
      ],
      keyFigures: [{ label: 'секций работали на форуме', value: 6, unit: null }],
      proposals: [{ text: 'Проводить форум ежегодно и публиковать решения секций' }],
      quotes: [],
    },
    kk: {
      title: 'Маңғыстау коммерциялық емес ұйымдарының форумы (демо)',
      slug: 'mangystau-kommertsiyalyq-emes-uiymdar-forumy-demo',
      city: 'Ақтау',
      venue: 'Оқушылар сарайы',
      projectName: 'ҮЕҰ, бизнес және облыс тұрғындары арасындағы диалог алаңы',
      participants: [
        { group: 'ҮЕҰ өкілдері', count: 140 },
        { group: 'еріктілер', count: 35 },
      ],
      keyFigures: [{ label: 'секция форумда жұмыс істеді', value: 6, unit: null }],
      proposals: [{ text: 'Форумды жыл сайын өткізіп, секциялардың шешімдерін жариялау' }],
      quotes: [],
    },
  },
  {
    kind: 'grant_contest',
    startsInDays: -410,
    days: 30,
    startTime: null,
    organizers: [NEWSROOM_ORG.youthCenter],
    supporters: [],
    ru: {
      title: 'Конкурс малых грантов для молодёжных проектов (демо)',
      slug: NEWSROOM_EVENT.grants,
      city: 'Жанаозен',
      venue: null,
      projectName: null,
      ...noFacts,
    },
    kk: {
      title: 'Жастар жобаларына арналған шағын гранттар конкурсы (демо)',
      slug: 'zhastar-zhobalaryna-shagyn-granttar-konkursy-demo',
      city: 'Жаңаөзен',
      venue: null,
      projectName: null,
      ...noFacts,
    },
  },
  {
    kind: 'round_table',
    startsInDays: -12,
    days: 1,
    startTime: '15:00:00',
    organizers: [NEWSROOM_ORG.greenCaspian],
    supporters: [NEWSROOM_ORG.volunteers],
    ru: {
      title: 'Круглый стол «Чистый берег Каспия» (демо)',
      slug: NEWSROOM_EVENT.caspian,
      city: 'Актау',
      venue: 'Областная библиотека',
      projectName: null,
      participants: [{ group: 'экологи и общественники', count: 28 }],
      keyFigures: [{ label: 'мусора собрано на побережье за лето', value: 14, unit: 'тонн' }],
      proposals: [
        { text: 'Установить контейнеры для раздельного сбора на всех городских пляжах' },
        { text: 'Публиковать результаты проб морской воды каждую неделю' },
      ],
      quotes: [],
    },
    kk: {
      title: '«Каспийдің таза жағасы» дөңгелек үстелі (демо)',
      slug: 'kaspiydin-taza-zhagasy-dongelek-ustel-demo',
      city: 'Ақтау',
      venue: 'Облыстық кітапхана',
      projectName: null,
      participants: [{ group: 'экологтар мен қоғам белсенділері', count: 28 }],
      keyFigures: [{ label: 'жазда жағалаудан жиналған қоқыс', value: 14, unit: 'тонна' }],
      proposals: [
        { text: 'Барлық қалалық жағажайларға қоқысты бөлек жинайтын контейнерлер орнату' },
        { text: 'Теңіз суы сынамаларының нәтижелерін апта сайын жариялау' },
      ],
      quotes: [],
    },
  },
  {
    kind: 'training',
    startsInDays: 9,
    days: 3,
    startTime: '11:00:00',
    organizers: [NEWSROOM_ORG.volunteers],
    supporters: [NEWSROOM_ORG.youthCenter],
    ru: {
      title: 'Школа волонтёров: первая помощь и работа в штабе (демо)',
      slug: NEWSROOM_EVENT.volunteers,
      city: 'Актау',
      venue: 'Молодёжный ресурсный центр',
      projectName: null,
      ...noFacts,
    },
    kk: {
      title: 'Еріктілер мектебі: алғашқы көмек және штабтағы жұмыс (демо)',
      slug: 'eriktiler-mektebi-demo',
      city: 'Ақтау',
      venue: 'Жастар ресурстық орталығы',
      projectName: null,
      ...noFacts,
    },
  },
];

/** A generated picture that stories share (uploaded once under `fileName`). */
export type IllustrationSeed = {
  fileName: string;
  motif: IllustrationMotif;
  palette: readonly [string, string, string];
} & Bilingual<{ alt: string; caption: string }>;

const caption = { ru: 'Иллюстрация к демонстрационному материалу', kk: 'Демонстрациялық материалға арналған сурет' };
const illustration = (
  key: string,
  motif: IllustrationMotif,
  palette: readonly [string, string, string],
  ru: string,
  kk: string,
): [string, IllustrationSeed] => [
  key,
  {
    fileName: `tilshi-newsroom-${key}.jpg`,
    motif,
    palette,
    ru: { alt: `Условный рисунок, не фотография: ${ru}; в углу надпись «Иллюстрация»`, caption: caption.ru },
    kk: { alt: `Шартты сурет, фотосурет емес: ${kk}; бұрышында «Иллюстрация» деген жазу`, caption: caption.kk },
  },
];

export const ILLUSTRATIONS = new Map<string, IllustrationSeed>([
  illustration(
    'people-blue',
    'people',
    ['#dce8f2', '#a9c6de', '#1d5b8c'],
    'силуэты людей в два ряда на голубом фоне',
    'көгілдір фондағы екі қатар адамдардың сұлбасы',
  ),
  illustration(
    'people-warm',
    'people',
    ['#f5e9dc', '#e3c7a6', '#b5542c'],
    'силуэты людей на тёплом бежевом фоне',
    'жылы бежевый фондағы адамдардың сұлбасы',
  ),
  illustration(
    'building-sand',
    'building',
    ['#efe3d3', '#d9bf9b', '#8c4a1d'],
    'здание с колоннами и флагом на песочном фоне',
    'құмды түсті фондағы бағаналы және туы бар ғимарат',
  ),
  illustration(
    'building-grey',
    'building',
    ['#e6e9ec', '#bcc4cc', '#44566a'],
    'здание с колоннами и флагом на сером фоне',
    'сұр фондағы бағаналы және туы бар ғимарат',
  ),
  illustration(
    'chart-green',
    'chart',
    ['#e3efe0', '#b5d3ad', '#2f6b3a'],
    'столбчатая диаграмма с растущей линией и монетами',
    'өсіп келе жатқан сызығы мен тиындары бар бағаналы диаграмма',
  ),
  illustration(
    'chart-teal',
    'chart',
    ['#ddeeee', '#a6d0cf', '#1d6f6c'],
    'столбчатая диаграмма на бирюзовом фоне',
    'көгілдір-жасыл фондағы бағаналы диаграмма',
  ),
  illustration(
    'road-red',
    'road',
    ['#f4dede', '#e2aaa6', '#b0302a'],
    'дорога и предупреждающий знак с восклицательным знаком',
    'жол және леп белгісі бар ескерту белгісі',
  ),
  illustration(
    'sea-storm',
    'sea',
    ['#cfd8e0', '#8fa4b6', '#2b4a66'],
    'тёмные волны и лодка под парусом',
    'қара толқындар мен желкенді қайық',
  ),
  illustration('sea-calm', 'sea', ['#dcebf5', '#9fc4e0', '#1f6aa5'], 'море, солнце и лодка под парусом', 'теңіз, күн және желкенді қайық'),
  illustration(
    'stage-purple',
    'stage',
    ['#ece3f0', '#c9b3d6', '#6b2f8c'],
    'сцена с занавесом и домброй в луче света',
    'шымылдығы бар сахна және жарық түскен домбыра',
  ),
  illustration(
    'stage-red',
    'stage',
    ['#f6e3dc', '#e4b7a6', '#9b2d20'],
    'сцена с красным занавесом и домброй',
    'қызыл шымылдықты сахна және домбыра',
  ),
  illustration('track-teal', 'track', ['#e0eef0', '#a9d3d6', '#1d7c8c'], 'беговая дорожка и мяч', 'жүгіру жолы мен доп'),
  illustration(
    'track-orange',
    'track',
    ['#f7ead9', '#ecc89c', '#c0662a'],
    'оранжевая беговая дорожка и мяч',
    'қызғылт сары жүгіру жолы мен доп',
  ),
]);

/** The closing line of every demo story: it must never pass for news. */
export const NEWSROOM_NOTE = {
  ru: 'Демонстрационный материал: события, люди, организации и цитаты в нём вымышлены, иллюстрация нарисована автоматически.',
  kk: 'Демонстрациялық материал: ондағы оқиғалар, адамдар, ұйымдар мен дәйексөздер ойдан шығарылған, сурет автоматты түрде салынған.',
};
