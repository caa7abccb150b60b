/**
 * Pure parser of a plain-text article export (a news page copied as text, one
 * block per line), Russian or Kazakh: masthead (site name, age label) →
 * publication date (any form of ./dates.ts) → title → paragraphs with photo
 * credit lines, «Источник:»/«Автор:» lines, quotes, lists, «Читайте также»
 * → the site's boilerplate (Telegram call to action, comments block), which
 * is dropped. The rules shared with HTML pages are in ./article.ts.
 * No I/O: the importer reads the file and talks to Strapi.
 */
import type { Locale } from '@tilshi/shared-types';
import { buildArticle, COMMENTS_START, boilerplateLabel, type ArticleItem, type Note, type ParsedArticle, LIMITS } from './article.ts';
import { creditLine } from './bylines.ts';
import { DATE_FORMATS_HINT, InvalidDateError, looksLikeDate, parseDateLine } from './dates.ts';
import { decodeExport } from './decode.ts';
import { ImportParseError } from './errors.ts';
import { lineLanguage } from './language.ts';

export { ImportParseError } from './errors.ts';
export { blocksText, LIMITS, type BodyBlock, type ParsedArticle, type PhotoSlot, type SpokenQuote } from './article.ts';

type Line = { number: number; text: string };

const TERMINAL_PUNCTUATION = /[.!?…:;,]$/u;
const AGE_LABEL = /^\d{1,2}\+$/u;
const DASH_ITEM = /^[-–—•]\s*/u;
const quoteOf = (value: string) => `«${value.length > 60 ? `${value.slice(0, 60)}…` : value}»`;

function splitLines(raw: string, source: string | null): Line[] {
  return raw.split(/\r\n|\r|\n/u).map((line, index) => {
    // A control character in an export means a binary file or a broken encoding: refused, naming the line.
    // eslint-disable-next-line no-control-regex -- matching control characters is the point of this check
    const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.exec(line);
    if (control) {
      const code = control[0].codePointAt(0)?.toString(16).padStart(4, '0').toUpperCase() ?? '????';
      throw new ImportParseError({ line: index + 1, expected: 'plain text', found: `binary data (control character U+${code})`, source });
    }
    return {
      number: index + 1,
      text: line
        .replace(/[\u00A0\u2007\u202F]/gu, ' ')
        .replace(/\s+/gu, ' ')
        .trim(),
    };
  });
}

/** " (lines 1–3 were read as the masthead)": helps spot a title taken for a site name when the date is missing. */
function mastheadNote(nonBlank: Line[], end: number): string {
  const first = nonBlank[0];
  const last = nonBlank[end - 1];
  if (!first || !last || end === 0) return '';
  return first === last
    ? ` (line ${first.number} was read as the masthead)`
    : ` (lines ${first.number}–${last.number} were read as the masthead)`;
}

function readDate(line: Line, source: string | null): ReturnType<typeof parseDateLine> {
  try {
    return parseDateLine(line.text);
  } catch (error) {
    if (error instanceof InvalidDateError)
      throw new ImportParseError({ line: line.number, expected: 'a real date and time', found: quoteOf(line.text), source });
    throw error;
  }
}

/**
 * Parses a text export. `input` as bytes may be UTF-8 (BOM or not) or
 * Windows-1251; `source` (a file name) prefixes error messages.
 */
export function parseArticleExport(input: string | Uint8Array, options: { source?: string } = {}): ParsedArticle {
  const source = options.source ?? null;
  const { text, encoding } = decodeExport(input, source);
  const lines = splitLines(text, source);
  const recognized: string[] = [];
  const warnings: Note[] = [];
  if (encoding === 'windows-1251') recognized.push('encoding: Windows-1251, converted to UTF-8');
  const nonBlank = lines.filter((line) => line.text !== '');
  if (nonBlank.length === 0) {
    throw new ImportParseError({
      line: 1,
      expected: `an article export (masthead, a date like ${DATE_FORMATS_HINT}, title, paragraphs)`,
      found: 'an empty file',
      source,
    });
  }

  // 1. Masthead, then the date line.
  let cursor = 0;
  let mastheadLines = 0;
  const masthead = new Set<string>();
  let mastheadLanguage: Locale | null = null;
  let publishedAt: string | undefined;
  for (; cursor < nonBlank.length; cursor += 1) {
    const line = nonBlank[cursor] as Line;
    const date = readDate(line, source);
    if (date) {
      publishedAt = date.iso;
      recognized.push(`line ${line.number}: publication date ${line.text} (Asia/Aqtau, UTC+5) → ${publishedAt}`);
      if (!date.hasTime)
        warnings.push({ line: line.number, message: `the date «${line.text}» has no time; 00:00 Aqtau time was used, check it` });
      cursor += 1;
      break;
    }
    if (looksLikeDate(line.text)) {
      throw new ImportParseError({
        line: line.number,
        expected: `a publication date like ${DATE_FORMATS_HINT}`,
        found: `${quoteOf(line.text)}, a date in a form the importer does not know`,
        source,
      });
    }
    if (AGE_LABEL.test(line.text)) {
      recognized.push(`line ${line.number}: dropped the age label «${line.text}» (masthead)`);
      continue;
    }
    const mastheadLike = mastheadLines < 4 && line.text.length <= 80 && !TERMINAL_PUNCTUATION.test(line.text) && !DASH_ITEM.test(line.text);
    if (!mastheadLike) {
      throw new ImportParseError({
        line: line.number,
        expected: `the publication date line (e.g. ${DATE_FORMATS_HINT}) after the masthead${mastheadNote(nonBlank, cursor)}`,
        found: quoteOf(line.text),
        source,
      });
    }
    mastheadLines += 1;
    masthead.add(line.text);
    if (mastheadLanguage === null) mastheadLanguage = lineLanguage(line.text);
    recognized.push(`line ${line.number}: dropped the masthead line «${line.text}» (site name)`);
  }
  if (publishedAt === undefined) {
    const last = nonBlank[nonBlank.length - 1] as Line;
    throw new ImportParseError({
      line: last.number,
      expected: `the publication date line (e.g. ${DATE_FORMATS_HINT}) after the masthead${mastheadNote(nonBlank, cursor)}`,
      found: 'no date line in the file',
      source,
    });
  }

  // 2. Title.
  const titleLine = nonBlank[cursor];
  if (!titleLine) {
    const dateLine = nonBlank[cursor - 1] as Line;
    throw new ImportParseError({
      line: dateLine.number + 1,
      expected: 'the title after the date line',
      found: 'the end of the file',
      source,
    });
  }
  if (
    boilerplateLabel(titleLine.text) ||
    creditLine(titleLine.text) !== undefined ||
    DASH_ITEM.test(titleLine.text) ||
    COMMENTS_START.some((pattern) => pattern.test(titleLine.text))
  ) {
    throw new ImportParseError({
      line: titleLine.number,
      expected: 'the title after the date line',
      found: quoteOf(titleLine.text),
      source,
    });
  }
  if (titleLine.text.length > LIMITS.title) {
    throw new ImportParseError({
      line: titleLine.number,
      expected: `a title of at most ${LIMITS.title} characters`,
      found: `${titleLine.text.length} characters`,
      source,
    });
  }
  recognized.push(`line ${titleLine.number}: title «${titleLine.text}»`);
  cursor += 1;

  // 3. Content lines up to the comments block; a masthead line repeated in the text is dropped too.
  const items: ArticleItem[] = [];
  for (; cursor < nonBlank.length; cursor += 1) {
    const line = nonBlank[cursor] as Line;
    if (COMMENTS_START.some((pattern) => pattern.test(line.text))) {
      const rest = nonBlank.slice(cursor);
      const lastLine = rest[rest.length - 1] as Line;
      recognized.push(`lines ${line.number}–${lastLine.number}: dropped the comments block (${rest.length} lines)`);
      break;
    }
    if (masthead.has(line.text)) {
      recognized.push(`line ${line.number}: dropped a masthead line «${line.text}»`);
      continue;
    }
    items.push({ kind: 'text', text: line.text, line: line.number });
  }

  return buildArticle({
    format: 'text',
    encoding,
    source,
    head: { publishedAt, title: titleLine.text, titleLine: titleLine.number, mastheadLanguage },
    items,
    recognized,
    warnings,
    afterTitleLine: titleLine.number + 1,
  });
}
