/**
 * Is an article Russian or Kazakh? Both are written in Cyrillic, so the
 * evidence is, in order of weight:
 *
 * 1. script: the letters only Kazakh uses (ә ғ қ ң ө ұ ү һ і) — a few per
 *    hundred letters in Kazakh prose, next to none in Russian (a Kazakh name
 *    quoted in a Russian text adds a handful, not a share);
 * 2. vocabulary: the commonest function words of each language (Russian
 *    «и», «в», «что», «это»; Kazakh «және», «мен», «бұл», «деп»);
 * 3. the masthead: the site prints its name in the page's language first.
 *
 * Script and vocabulary decide when they agree; when they do not, or the text
 * is too short, the masthead breaks the tie and the result is marked
 * uncertain, which the importer reports as a warning.
 */
import type { Locale } from '@tilshi/shared-types';

export type LanguageVerdict = {
  locale: Locale;
  /** False when the evidence disagreed or was thin: the report asks an editor to check. */
  certain: boolean;
  /** One sentence with the numbers behind the verdict. */
  reason: string;
};

const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/gu;
const CYRILLIC_LETTERS = /\p{Script=Cyrillic}/gu;

const RUSSIAN_WORDS = new Set([
  'и',
  'в',
  'во',
  'на',
  'не',
  'что',
  'это',
  'с',
  'со',
  'по',
  'для',
  'из',
  'от',
  'как',
  'был',
  'была',
  'были',
  'также',
  'который',
  'которые',
  'которых',
  'его',
  'их',
  'к',
  'о',
  'об',
  'при',
  'года',
  'году',
  'тоже',
  'но',
  'а',
  'или',
  'сказал',
  'сказала',
  'области',
  'города',
]);
const KAZAKH_WORDS = new Set([
  'және',
  'мен',
  'бен',
  'пен',
  'бұл',
  'деп',
  'да',
  'де',
  'та',
  'те',
  'үшін',
  'туралы',
  'бойынша',
  'болып',
  'болды',
  'осы',
  'оның',
  'олар',
  'жыл',
  'жылы',
  'сондай-ақ',
  'деді',
  'облыс',
  'облысы',
  'қала',
  'қаласы',
  'жоқ',
  'бар',
  'тиіс',
  'керек',
  'арқылы',
  'кейін',
  'дейін',
  'бері',
]);

type Evidence = { kazakhLetterShare: number; russianWords: number; kazakhWords: number; letters: number };

export function evidenceOf(text: string): Evidence {
  const letters = text.match(CYRILLIC_LETTERS)?.length ?? 0;
  const kazakh = text.match(KAZAKH_LETTERS)?.length ?? 0;
  let russianWords = 0;
  let kazakhWords = 0;
  for (const word of text.toLocaleLowerCase('ru').split(/[^\p{L}-]+/u)) {
    if (RUSSIAN_WORDS.has(word)) russianWords += 1;
    if (KAZAKH_WORDS.has(word)) kazakhWords += 1;
  }
  return { kazakhLetterShare: letters === 0 ? 0 : kazakh / letters, russianWords, kazakhWords, letters };
}

/** The language a line is in, when it clearly is one (masthead lines are short: script and words only). */
export function lineLanguage(line: string): Locale | null {
  const { kazakhLetterShare, russianWords, kazakhWords, letters } = evidenceOf(line);
  if (letters === 0) return null;
  if (kazakhLetterShare > 0.03 || kazakhWords > russianWords) return 'kk';
  if (kazakhLetterShare === 0 && russianWords >= kazakhWords) return 'ru';
  return null;
}

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/**
 * Decides the language of the article text (title, lead and body), with the
 * first masthead line's language as the tie-breaker.
 */
export function detectLanguage(text: string, mastheadFirst: Locale | null): LanguageVerdict {
  const e = evidenceOf(text);
  const facts = `Kazakh letters ${percent(e.kazakhLetterShare)} of Cyrillic, ${e.kazakhWords} Kazakh vs ${e.russianWords} Russian function words${mastheadFirst ? `, masthead first in ${mastheadFirst}` : ''}`;
  const scriptSays: Locale | null = e.kazakhLetterShare >= 0.02 ? 'kk' : e.kazakhLetterShare < 0.01 ? 'ru' : null;
  const wordsSay: Locale | null = e.kazakhWords > e.russianWords * 1.5 ? 'kk' : e.russianWords > e.kazakhWords * 1.5 ? 'ru' : null;
  const enough = e.letters >= 200 && e.kazakhWords + e.russianWords >= 5;
  const wordsAgree = wordsSay === null || wordsSay === scriptSays;
  const mastheadAgrees = mastheadFirst === null || mastheadFirst === scriptSays;
  // Script decides when nothing contradicts it and something confirms it (enough text, the words, or the masthead).
  if (scriptSays && wordsAgree && mastheadAgrees && (enough || wordsSay === scriptSays || mastheadFirst === scriptSays)) {
    return { locale: scriptSays, certain: true, reason: facts };
  }
  if (scriptSays && scriptSays === wordsSay && enough) {
    return { locale: scriptSays, certain: false, reason: `${facts}; the masthead disagrees` };
  }
  const votes = [scriptSays, wordsSay, mastheadFirst].filter((vote): vote is Locale => vote !== null);
  const kk = votes.filter((vote) => vote === 'kk').length;
  const ru = votes.length - kk;
  const locale: Locale = kk > ru ? 'kk' : ru > kk ? 'ru' : (mastheadFirst ?? scriptSays ?? 'ru');
  return { locale, certain: false, reason: `${facts}; the evidence is ${enough ? 'mixed' : 'thin (short text)'}` };
}
