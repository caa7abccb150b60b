/**
 * Lines that are metadata rather than text: photo credits, the source, the
 * author, «Читайте также». A line is taken out of the text only when it
 * matches one of these patterns unambiguously; a line that starts like one
 * but does not fit (e.g. «Фото- и видеосъёмка в зале суда была запрещена…»)
 * stays in the text and is reported as doubtful.
 *
 * What a credit line may name:
 * - a person: two or three capitalised words («Айдос Касымов», «Ерлан Б. Тулегенов»);
 * - an organization: an abbreviation, a quoted name, a web address, or words
 *   like «пресс-служба», «акимат», «әкімдігі», «ЦОК», «департамент» …;
 * - the article's author («Фото автора», «Сурет автордікі»);
 * - a kind of source that is nobody in particular («из открытых источников»,
 *   «ашық дереккөздерден», «из соцсетей»): credit kind `openSources`, named
 *   by a fixed phrase, never an organization called «Открытых источников».
 */
import type { Locale } from '@tilshi/shared-types';

export type CreditKind = 'photographer' | 'agency' | 'organization' | 'openSources';

export type CreditRef =
  | { type: 'named'; name: string; kind: Exclude<CreditKind, 'openSources'> }
  | { type: 'openSources'; name: string; kind: 'openSources' }
  | { type: 'author' };

export type CreditLine = { credit: CreditRef | null };

const upperFirst = (value: string) => value.charAt(0).toLocaleUpperCase('ru') + value.slice(1);

const PERSON_WORD = String.raw`\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?`;
const INITIAL = String.raw`\p{Lu}\.`;
/** «Айдос Касымов», «Ерлан Б. Тулегенов», «А. Касымов», «Касымов Айдос Серикович». */
const PERSON = new RegExp(
  `^(?:${PERSON_WORD}\\s+(?:${INITIAL}\\s*)?${PERSON_WORD}(?:\\s+${PERSON_WORD})?|${INITIAL}\\s*(?:${INITIAL}\\s*)?${PERSON_WORD})$`,
  'u',
);

export function isPersonName(value: string): boolean {
  return PERSON.test(value) && !ORGANIZATION_WORDS.test(value);
}

const ORGANIZATION_WORDS =
  /(?:пресс-служб|пресс-центр|акимат|әкімдіг|әкімшіліг|департамент|управлени|басқарма|министерств|министрліг|полици|ЦОК|ДЧС|ТЧС|МВД|ІІД|ПД|орталығ|центр|служб|қызмет|фонд|компани|ассоциаци|союз|альянс|комитет|комитеті|агентств|музей|театр|больниц|аурухана|школ|мектеб|университет|колледж|газет|журнал|редакци|архив|сайт|ТОО|ЖШС|АО|АҚ|ОФ|ҚҚ|ОЮЛ|ЗТБ|ГУ|КГУ|РГП|НАО|КеАҚ|маслихат|мәслихат|суд|сот|прокуратур|депутат)/u;
const AGENCIES =
  /^(?:Kazinform|Казинформ|ҚазАқпарат|Tengrinews(?:\.kz)?|Sputnik(?:\s+Казахстан)?|РИА\s+Новости|ТАСС|Reuters|AFP|AP|EPA|Getty\s+Images|Shutterstock|Depositphotos|Pexels|Unsplash|Freepik|Zakon\.kz|Orda\.kz|Informburo\.kz|Azattyq)$/iu;
const WEB_ADDRESS = /^(?:https?:\/\/)?(?:[\p{L}\d-]+\.)+(?:kz|ru|com|org|net|gov\.kz|қаз)(?:\/\S*)?$/iu;

/** «ЦОК Мангистауской области», «Пресс-служба акимата», «akorda.kz», «Kazinform» … or undefined when it names no one clearly. */
/** Genitive or instrumental first words of organization names, as credit lines write them, in the nominative. */
const NOMINATIVE: Array<[RegExp, string]> = [
  [/^пресс-служб(?:ы|ой)\s+/iu, 'пресс-служба '],
  [/^акимат(?:а|ом)\s+/iu, 'акимат '],
  [/^департамент(?:а|ом)\s+/iu, 'департамент '],
  [/^управлени(?:я|ем)\s+/iu, 'управление '],
  [/^министерств(?:а|ом)\s+/iu, 'министерство '],
  [/^центр(?:а|ом)\s+/iu, 'центр '],
  [/^фонд(?:а|ом)\s+/iu, 'фонд '],
];

/** Kazakh ablative of the last word («…баспасөз қызметінен» → «…баспасөз қызметі»). */
const KAZAKH_ABLATIVE = /(\p{L}+[ыі])(?:нан|нен)$/u;

function namedCredit(raw: string): CreditRef | undefined {
  let base = raw.replace(/^[«"„]([^«»"„“]+)[»"“]$/u, '«$1»').trim();
  for (const [pattern, nominative] of NOMINATIVE) base = base.replace(pattern, nominative);
  if (/[әғқңөұүһі]/iu.test(base)) base = base.replace(KAZAKH_ABLATIVE, '$1');
  const firstWord = base.split(/\s+/u)[0] ?? '';
  if (!/^[\p{Lu}«"\d]/u.test(base) && !ORGANIZATION_WORDS.test(firstWord) && !/^(?:облыс|облысы|қала|қаласы|аудан)$/iu.test(firstWord))
    return undefined; // «и видеосъёмка …»
  const name = upperFirst(base);
  if (name.length < 2 || name.length > 120) return undefined;
  if (/[.!?…]\s+\S/u.test(name) || /[!?…]$/u.test(name)) return undefined; // a sentence, not a name
  if (AGENCIES.test(name)) return { type: 'named', name, kind: 'agency' };
  if (WEB_ADDRESS.test(name)) return { type: 'named', name: name.replace(/^https?:\/\//iu, '').replace(/\/$/u, ''), kind: 'agency' };
  if (isPersonName(name)) return { type: 'named', name, kind: 'photographer' };
  if (ORGANIZATION_WORDS.test(name) || /^\p{Lu}{2,}(?:\s|$)/u.test(name) || /^«[^»]+»$/u.test(name)) {
    return name.split(/\s+/u).length <= 12 ? { type: 'named', name, kind: 'organization' } : undefined;
  }
  return undefined;
}

/** Phrases meaning "nobody in particular", each with the credit name it maps to (the site prints «Фото: <name>»). */
const OPEN_SOURCES: Array<{ pattern: RegExp; name: string }> = [
  { pattern: /^(?:из|с)\s+открыт(?:ых|ого)\s+источник(?:ов|а)$|^открытые\s+источники$/iu, name: 'Открытые источники' },
  { pattern: /^(?:из|с)\s+(?:интернета|сети|сети\s+интернет)$|^интернет$/iu, name: 'Интернет' },
  { pattern: /^(?:из|с)\s+(?:соцсетей|социальных\s+сетей)$|^соцсети$/iu, name: 'Соцсети' },
  { pattern: /^иллюстративное$|^носит\s+иллюстративный\s+характер$/iu, name: 'Иллюстративное фото' },
  { pattern: /^ашық\s+(?:дереккөздерден|дереккөзден|көздерден)(?:\s+алынды)?$|^ашық\s+дереккөздер$/iu, name: 'Ашық дереккөздер' },
  { pattern: /^(?:ғаламтордан|интернеттен)(?:\s+алынды)?$/iu, name: 'Ғаламтор' },
  { pattern: /^әлеуметтік\s+желі(?:ден|лерден)(?:\s+алынды)?$/iu, name: 'Әлеуметтік желілер' },
];

const AUTHOR_PHRASES = /^(?:автора|автора\s+статьи|автора\s+материала|автор|автордікі|автордың|автордың\s+суреті)$/iu;

/** What may stand between «Фото» and the name. */
const CREDIT_LEADS: RegExp[] = [
  /^(?:любезно\s+)?предостав\p{L}*\s+/iu, // предоставлено, предоставили, предоставли (sic, the seed)
  /^(?:взято|взяты)\s+/iu,
  /^(?:с\s+сайта|из\s+архива|из\s+Instagram|из\s+Facebook|из\s+Telegram-канала|из\s+телеграм-канала)\s+/iu,
];

function creditFromRemainder(remainder: string): CreditRef | null | undefined {
  let rest = remainder.replace(/[.\s]+$/u, '').trim();
  if (rest === '') return null;
  if (AUTHOR_PHRASES.test(rest)) return { type: 'author' };
  for (const phrase of OPEN_SOURCES) if (phrase.pattern.test(rest)) return { type: 'openSources', name: phrase.name, kind: 'openSources' };
  const lead = CREDIT_LEADS.find((pattern) => pattern.test(rest));
  if (lead) rest = rest.replace(lead, '');
  rest = rest.replace(/^пресс-службой\s+/iu, 'пресс-служба ').replace(/^(?:в|во|из|от|с)\s+/iu, '');
  if (AUTHOR_PHRASES.test(rest) || /^(?:автором|автором\s+статьи)$/iu.test(rest)) return { type: 'author' };
  for (const phrase of OPEN_SOURCES) if (phrase.pattern.test(rest)) return { type: 'openSources', name: phrase.name, kind: 'openSources' };
  return namedCredit(rest);
}

const PHOTO_WORD =
  /^(?:Фото|Фотография|Фотографии|Фотограф|Сурет|Суреттер|Суретті\s+түсірген|Фото\s+и\s+видео|Фото\/видео)(?=$|[\s:.,—–-])/iu;
const KAZAKH_TRAILING = /^(.+?)\s+(?:суреті|суреттері|фотосы)$/iu; // «Автордың суреті», «ЦОК-тың суреті»

/**
 * A photo credit line → the credit it names (null: a credit line naming no
 * one, e.g. «Фото»); undefined when the line is not a credit line.
 */
export function creditLine(line: string): CreditLine | undefined {
  if (line.length > 160) return undefined;
  const text = line.trim();
  if (/^(?:Иллюстративное\s+фото|Көрнекі\s+сурет)\.?$/iu.test(text)) {
    return { credit: { type: 'openSources', name: /^К/u.test(text) ? 'Көрнекі сурет' : 'Иллюстративное фото', kind: 'openSources' } };
  }
  const kazakh = KAZAKH_TRAILING.exec(text.replace(/[.\s]+$/u, ''));
  if (kazakh?.[1]) {
    const owner = kazakh[1].trim();
    if (/^автордың$/iu.test(owner)) return { credit: { type: 'author' } };
    return undefined;
  }
  const word = PHOTO_WORD.exec(text);
  if (!word) return undefined;
  const after = text.slice(word[0].length);
  const separated = /^\s*[:—–-]\s*/u.exec(after);
  const remainder = separated ? after.slice(separated[0].length) : after.trim();
  if (!separated && remainder !== '' && !/^\s/u.test(after)) return undefined; // «Фотовыставка»
  const credit = creditFromRemainder(remainder);
  return credit === undefined ? undefined : { credit };
}

/** Starts like a credit line (so a line that is not one is worth a warning). */
export function startsLikeCredit(line: string): boolean {
  return /^(?:Фото|Фотограф|Сурет)\p{L}*\s*[:—–-]/iu.test(line) || (/^(?:Фото|Сурет)(?:\s|$)/iu.test(line) && line.length <= 100);
}

// --- source, author, related ---------------------------------------------------

const SOURCE_LINE = /^(?:Источник|Источники|Дереккөз|Ақпарат\s+көзі)\s*[:—–-]\s*(.+)$/iu;

/** «Источник: Kazinform» / «Дереккөз: …» → the source; undefined when not such a line or when it reads as a sentence. */
export function sourceLine(line: string): string | undefined {
  const match = SOURCE_LINE.exec(line.trim());
  if (!match?.[1]) return undefined;
  const value = match[1].replace(/\.$/u, '').trim();
  if (value.length < 2 || value.length > 200 || /[.!?…]\s+\S/u.test(value)) return undefined;
  return upperFirst(value);
}

export function startsLikeSource(line: string): boolean {
  return /^(?:Источник|Дереккөз|Ақпарат\s+көзі)\p{L}*\s*[:—–-]/iu.test(line);
}

const AUTHOR_LINE =
  /^(?:Автор|Авторы|Автор\s+текста|Автор\s+материала|Текст|Подготовил|Подготовила|Подготовили|Дайындаған|Дайындағандар|Әзірлеген)\s*[:—–-]?\s+(.+)$/iu;

/** «Автор: Айгерим Сатпаева» / «Авторы: A и B» / «Дайындаған: …» → the names; undefined unless every name is a person's. */
export function authorLine(line: string): string[] | undefined {
  const match = AUTHOR_LINE.exec(line.trim());
  if (!match?.[1]) return undefined;
  const value = match[1].replace(/\.$/u, '').trim();
  // «Айгерим Сатпаева, корреспондент» → the name; the role is not part of it
  const names = value
    .split(/\s*,\s*|\s+и\s+|\s+және\s+/u)
    .map((part) => part.trim())
    .filter(Boolean);
  const people = names.filter(isPersonName);
  if (people.length === 0) return undefined;
  const roles = names.filter((name) => !isPersonName(name));
  if (roles.some((role) => /^\p{Lu}/u.test(role) || role.split(/\s+/u).length > 4)) return undefined;
  return people;
}

export function startsLikeAuthor(line: string): boolean {
  return /^(?:Автор|Дайындаған|Подготовил|Әзірлеген)\p{L}*\s*[:—–-]/iu.test(line);
}

const RELATED_LINE =
  /^(?:Читайте\s+также|Читать\s+также|Смотрите\s+также|Ранее\s+мы\s+писали|Сондай-ақ\s+оқыңыз|Оқи\s+отырыңыз|Тағы\s+оқыңыз|Оқыңыз)\s*[:—–-]?\s*(.*)$/iu;

/** «Читайте также: …» → the title it points at ('' when the line only says «Читайте также»). */
export function relatedLine(line: string): string | undefined {
  const match = RELATED_LINE.exec(line.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/** Credit names of the fixed open-source phrases, per language, for documentation and tests. */
export const OPEN_SOURCE_NAMES: Record<Locale, string[]> = {
  ru: ['Открытые источники', 'Интернет', 'Соцсети', 'Иллюстративное фото'],
  kk: ['Ашық дереккөздер', 'Ғаламтор', 'Әлеуметтік желілер', 'Көрнекі сурет'],
};
