/**
 * Pure parser of a plain-text article export (a newsroom page copied as text,
 * one block per line): masthead, `dd.mm.yyyy, HH:MM` (Asia/Aqtau), title,
 * paragraphs, «Фото …» credit lines, a `- ` quote, `- ` lists, then the site's
 * boilerplate (Telegram call to action, comments block), which is dropped.
 * Produces the article's fields with a Strapi "blocks" body, plus a
 * human-readable account of what was recognized and what was dropped.
 * No I/O: the importer reads the file and talks to Strapi.
 */

export type TextNode = { type: 'text'; text: string };
export type ParagraphBlock = { type: 'paragraph'; children: TextNode[] };
export type HeadingBlock = { type: 'heading'; level: 2; children: TextNode[] };
export type QuoteBlock = { type: 'quote'; children: TextNode[] };
export type ListBlock = { type: 'list'; format: 'unordered'; children: Array<{ type: 'list-item'; children: TextNode[] }> };
/** The subset of Strapi's blocks rich text the parser produces. */
export type BodyBlock = ParagraphBlock | HeadingBlock | QuoteBlock | ListBlock;

export type PhotoSlot = {
  /** Who the photo is credited to, e.g. «ЦОК Мангистауской области»; null when the line names nobody. */
  creditName: string | null;
  /** The credit line as written in the export. */
  sourceLine: string;
  line: number;
};

export type SpokenQuote = { text: string; speaker: string; line: number };

export type ParsedArticle = {
  /** ISO 8601 UTC; the export's local time is Asia/Aqtau (UTC+5, no DST). */
  publishedAt: string;
  title: string;
  /** The first paragraph, verbatim. It is not repeated in `body`. */
  lead: string;
  /** Who the text is from («…, передаёт Центр общественных коммуникаций.»), or null. */
  sourceAttribution: string | null;
  body: BodyBlock[];
  photos: PhotoSlot[];
  quotes: SpokenQuote[];
  /** What was recognized and what was dropped, one line each, with line numbers. */
  recognized: string[];
};

/** The export cannot be turned into an article; says where and what was expected. */
export class ImportParseError extends Error {
  readonly line: number;
  readonly expected: string;
  readonly found: string | null;
  readonly source: string | null;

  constructor(init: { line: number; expected: string; found?: string | null; source?: string | null }) {
    const where = `${init.source ? `${init.source}:` : ''}line ${init.line}`;
    const found = init.found === undefined || init.found === null ? '' : `, found ${init.found}`;
    super(`${where}: expected ${init.expected}${found}`);
    this.name = 'ImportParseError';
    this.line = init.line;
    this.expected = init.expected;
    this.found = init.found ?? null;
    this.source = init.source ?? null;
  }
}

/** Limits of the article content type (schema.json), checked before anything reaches Strapi. */
export const LIMITS = { title: 300, lead: 1000, sourceAttribution: 200 } as const;

/** Asia/Aqtau is UTC+5 all year (no DST since 2005). */
const AQTAU_OFFSET_HOURS = 5;

type Line = { number: number; text: string };

const DATE_LINE = /^(\d{2})\.(\d{2})\.(\d{4}),?\s+(\d{1,2}):(\d{2})$/;
const AGE_LABEL = /^\d{1,2}\+$/;
const DASH_ITEM = /^[-–—]\s+(.*)$/u;
const TERMINAL_PUNCTUATION = /[.!?…:;,]$/u;

const TELEGRAM_LINES: Array<{ pattern: RegExp; label: string }> = [
  { pattern: /^Подпишись на наш канал в Telegram\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^[-–—]?\s*быстро, бесплатно и без рекламы\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^Подписаться$/iu, label: 'the Telegram button' },
];
/** Everything from the comments heading to the end of the file is the site's comments block. */
const COMMENTS_START = [/^Комментарии$/iu, /^\d+\s+комментари/iu];
const COMMENTS_LINES = [/^Комментарии могут оставлять/iu, /^Содержание комментариев не имеет отношения/iu, /^Редакция не несет/iu];

const PHOTO_LINE = /^(?:Фото|Фотография|Сурет)(?=$|[\s:.,—–-])\s*[:.,—–-]?\s*(.*)$/u;
const PHOTO_MAX_LENGTH = 150;

const SOURCE_ATTRIBUTION = /,\s*(?:[-–—]\s*)?(?:передаёт|передает|сообщает|сообщают|пишет|информирует|деп хабарлайды|деп жазады)\s+([^,]{3,}?)\.?$/u;

const SPEECH_VERBS = [
  'сказал', 'сказала', 'отметил', 'отметила', 'подчеркнул', 'подчеркнула', 'добавил', 'добавила', 'заявил', 'заявила',
  'пояснил', 'пояснила', 'рассказал', 'рассказала', 'считает', 'говорит', 'уточнил', 'уточнила',
  'деді', 'деп атап өтті', 'деп мәлімдеді', 'деп түсіндірді', 'деп қосты',
];
const QUOTE_ATTRIBUTION = new RegExp(`^(.+?)\\s+[-–—]\\s+(${SPEECH_VERBS.join('|')})\\s+(.+?)\\.?$`, 'u');

const text = (value: string): TextNode[] => [{ type: 'text', text: value }];
const quoteOf = (value: string) => `«${value.length > 60 ? `${value.slice(0, 60)}…` : value}»`;
const upperFirst = (value: string) => value.charAt(0).toLocaleUpperCase('ru') + value.slice(1);

// --- decoding ------------------------------------------------------------------

/** UTF-8 text only; says which line holds the first byte that is not. */
function decode(input: string | Uint8Array, source: string | null): string {
  if (typeof input === 'string') return input;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    return decoder.decode(input);
  } catch {
    let lineNumber = 1;
    let start = 0;
    for (let index = 0; index <= input.length; index += 1) {
      if (index === input.length || input[index] === 0x0a) {
        try {
          decoder.decode(input.subarray(start, index));
        } catch {
          break;
        }
        lineNumber += 1;
        start = index + 1;
      }
    }
    throw new ImportParseError({ line: lineNumber, expected: 'UTF-8 text (save the export as UTF-8)', found: 'bytes that are not UTF-8', source });
  }
}

function splitLines(raw: string, source: string | null): Line[] {
  const lines = raw.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  return lines.map((line, index) => {
    const control = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.exec(line);
    if (control) {
      const code = control[0].codePointAt(0)?.toString(16).padStart(4, '0').toUpperCase() ?? '????';
      throw new ImportParseError({ line: index + 1, expected: 'plain text', found: `binary data (control character U+${code})`, source });
    }
    return { number: index + 1, text: line.replace(/[\u00A0\u2007\u202F]/gu, ' ').replace(/\s+/gu, ' ').trim() };
  });
}

// --- pieces --------------------------------------------------------------------

function parseDate(match: RegExpExecArray, line: Line, source: string | null): string {
  const [day, month, year, hour, minute] = match.slice(1, 6).map(Number) as [number, number, number, number, number];
  const utc = new Date(Date.UTC(year, month - 1, day, hour - AQTAU_OFFSET_HOURS, minute));
  const local = new Date(utc.getTime() + AQTAU_OFFSET_HOURS * 3600_000);
  const valid =
    hour < 24 && minute < 60 && local.getUTCFullYear() === year && local.getUTCMonth() === month - 1 && local.getUTCDate() === day;
  if (!valid) throw new ImportParseError({ line: line.number, expected: 'a real date and time "dd.mm.yyyy, HH:MM"', found: quoteOf(line.text), source });
  return utc.toISOString();
}

/** «Фото предоставли в ЦОК …», «Фото предоставили …», «Фото: X», «Фото X» → X. */
export function creditNameOf(photoLine: string): string | null | undefined {
  if (photoLine.length > PHOTO_MAX_LENGTH) return undefined;
  const match = PHOTO_LINE.exec(photoLine);
  if (!match) return undefined;
  let name = (match[1] ?? '').trim();
  name = name.replace(/^(?:любезно\s+)?предостав\p{L}*\s+/iu, '');
  name = name.replace(/^пресс-службой\s+/iu, 'пресс-служба ');
  name = name.replace(/^(?:в|во|из|от)\s+/iu, '');
  name = name.replace(/[.\s]+$/u, '').trim();
  return name === '' ? null : upperFirst(name);
}

function boilerplateLabel(line: string, mastheadLines: Set<string>): string | undefined {
  if (AGE_LABEL.test(line)) return 'the age label';
  if (mastheadLines.has(line)) return 'a masthead line';
  for (const { pattern, label } of TELEGRAM_LINES) if (pattern.test(line)) return label;
  if (COMMENTS_LINES.some((pattern) => pattern.test(line))) return 'the comments notice';
  return undefined;
}

function isHeadingLike(line: string): boolean {
  return line.length <= 100 && !TERMINAL_PUNCTUATION.test(line) && line.split(' ').length >= 2 && /^\p{Lu}/u.test(line) && !/[«"]$/u.test(line);
}

function parseQuote(item: string): { spoken: string; verb: string; speaker: string } | null {
  const match = QUOTE_ATTRIBUTION.exec(item);
  if (!match) return null;
  const [, spoken = '', verb = '', speaker = ''] = match;
  // the speaker is a name, not the rest of a sentence
  if (speaker.split(' ').length > 5 || !/^\p{Lu}/u.test(speaker)) return null;
  return { spoken: spoken.replace(/,$/u, '').trim(), verb, speaker: speaker.trim() };
}

// --- the parser ----------------------------------------------------------------

/** " (lines 1–3 were read as the masthead)": helps spot a title taken for a site name when the date is missing. */
function mastheadNote(nonBlank: Line[], end: number): string {
  const first = nonBlank[0];
  const last = nonBlank[end - 1];
  if (!first || !last || end === 0) return '';
  return first === last ? ` (line ${first.number} was read as the masthead)` : ` (lines ${first.number}–${last.number} were read as the masthead)`;
}

type Element =
  | { kind: 'paragraph'; line: Line }
  | { kind: 'dash'; line: Line; item: string };

/**
 * Parses an export. `input` as bytes is checked to be UTF-8; `source` (a file
 * name) prefixes error messages.
 */
export function parseArticleExport(input: string | Uint8Array, options: { source?: string } = {}): ParsedArticle {
  const source = options.source ?? null;
  const lines = splitLines(decode(input, source), source);
  const recognized: string[] = [];
  const nonBlank = lines.filter((line) => line.text !== '');
  if (nonBlank.length === 0) {
    throw new ImportParseError({ line: 1, expected: 'an article export (masthead, "dd.mm.yyyy, HH:MM", title, paragraphs)', found: 'an empty file', source });
  }

  // 1. Masthead, then the date line.
  const mastheadLines = new Set<string>();
  let cursor = 0;
  let publishedAt: string | undefined;
  for (; cursor < nonBlank.length; cursor += 1) {
    const line = nonBlank[cursor] as Line;
    const date = DATE_LINE.exec(line.text);
    if (date) {
      publishedAt = parseDate(date, line, source);
      recognized.push(`line ${line.number}: publication date ${line.text} (Asia/Aqtau, UTC+5) → ${publishedAt}`);
      cursor += 1;
      break;
    }
    if (AGE_LABEL.test(line.text)) {
      recognized.push(`line ${line.number}: dropped the age label «${line.text}» (masthead)`);
      continue;
    }
    const mastheadLike = mastheadLines.size < 4 && line.text.length <= 80 && !TERMINAL_PUNCTUATION.test(line.text) && !DASH_ITEM.test(line.text);
    if (!mastheadLike) {
      throw new ImportParseError({ line: line.number, expected: `the publication date line "dd.mm.yyyy, HH:MM" after the masthead${mastheadNote(nonBlank, cursor)}`, found: quoteOf(line.text), source });
    }
    mastheadLines.add(line.text);
    recognized.push(`line ${line.number}: dropped the masthead line «${line.text}» (site name)`);
  }
  if (publishedAt === undefined) {
    const last = nonBlank[nonBlank.length - 1] as Line;
    throw new ImportParseError({ line: last.number, expected: `the publication date line "dd.mm.yyyy, HH:MM" after the masthead${mastheadNote(nonBlank, cursor)}`, found: 'no date line in the file', source });
  }

  // 2. Title.
  const titleLine = nonBlank[cursor];
  if (!titleLine) {
    const dateLine = nonBlank[cursor - 1] as Line;
    throw new ImportParseError({ line: dateLine.number + 1, expected: 'the title after the date line', found: 'the end of the file', source });
  }
  if (boilerplateLabel(titleLine.text, mastheadLines) || creditNameOf(titleLine.text) !== undefined || DASH_ITEM.test(titleLine.text) || DATE_LINE.test(titleLine.text) || COMMENTS_START.some((pattern) => pattern.test(titleLine.text))) {
    throw new ImportParseError({ line: titleLine.number, expected: 'the title after the date line', found: quoteOf(titleLine.text), source });
  }
  if (titleLine.text.length > LIMITS.title) {
    throw new ImportParseError({ line: titleLine.number, expected: `a title of at most ${LIMITS.title} characters`, found: `${titleLine.text.length} characters`, source });
  }
  const title = titleLine.text;
  recognized.push(`line ${titleLine.number}: title «${title}»`);
  cursor += 1;

  // 3. Content lines: boilerplate and photo credits are taken out, the rest is text.
  const elements: Element[] = [];
  const photos: PhotoSlot[] = [];
  for (; cursor < nonBlank.length; cursor += 1) {
    const line = nonBlank[cursor] as Line;
    if (COMMENTS_START.some((pattern) => pattern.test(line.text))) {
      const rest = nonBlank.slice(cursor);
      const lastLine = rest[rest.length - 1] as Line;
      recognized.push(`lines ${line.number}–${lastLine.number}: dropped the comments block (${rest.length} lines)`);
      break;
    }
    const label = boilerplateLabel(line.text, mastheadLines);
    if (label) {
      recognized.push(`line ${line.number}: dropped ${label} «${line.text}»`);
      continue;
    }
    const creditName = creditNameOf(line.text);
    if (creditName !== undefined) {
      photos.push({ creditName, sourceLine: line.text, line: line.number });
      recognized.push(
        creditName
          ? `line ${line.number}: photo slot credited to «${creditName}» (from «${line.text}»); the export holds no image`
          : `line ${line.number}: photo slot without a credit name («${line.text}»); the export holds no image`,
      );
      continue;
    }
    const dash = DASH_ITEM.exec(line.text);
    elements.push(dash ? { kind: 'dash', line, item: dash[1] ?? '' } : { kind: 'paragraph', line });
  }

  // 4. Lead: the first plain paragraph.
  const leadIndex = elements.findIndex((element) => element.kind === 'paragraph');
  const leadElement = elements[leadIndex];
  if (!leadElement) {
    throw new ImportParseError({ line: titleLine.number + 1, expected: 'at least one paragraph of text after the title', found: elements.length ? 'only "- " lines' : 'no text (only photo credits or boilerplate)', source });
  }
  const lead = leadElement.line.text;
  if (lead.length > LIMITS.lead) {
    throw new ImportParseError({ line: leadElement.line.number, expected: `a first paragraph (the lead) of at most ${LIMITS.lead} characters`, found: `${lead.length} characters`, source });
  }
  recognized.push(`line ${leadElement.line.number}: lead (first paragraph, ${lead.length} characters)`);

  // 5. Source attribution: the lead first, then the other paragraphs.
  let sourceAttribution: string | null = null;
  for (const element of [leadElement, ...elements.filter((candidate) => candidate !== leadElement)]) {
    if (element.kind !== 'paragraph') continue;
    const match = SOURCE_ATTRIBUTION.exec(element.line.text);
    if (match?.[1]) {
      sourceAttribution = upperFirst(match[1].trim());
      if (sourceAttribution.length > LIMITS.sourceAttribution) {
        throw new ImportParseError({ line: element.line.number, expected: `a source of at most ${LIMITS.sourceAttribution} characters`, found: `${sourceAttribution.length} characters`, source });
      }
      recognized.push(`line ${element.line.number}: source attribution «${sourceAttribution}»`);
      break;
    }
  }
  if (sourceAttribution === null) recognized.push('no source attribution («…, передаёт X.») found');

  // 6. Body blocks.
  const rest = elements.filter((_element, index) => index !== leadIndex);
  const body: BodyBlock[] = [];
  const quotes: SpokenQuote[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const element = rest[index] as Element;
    if (element.kind === 'paragraph') {
      const next = rest[index + 1];
      if (next && isHeadingLike(element.line.text) && !(next.kind === 'paragraph' && isHeadingLike(next.line.text))) {
        body.push({ type: 'heading', level: 2, children: text(element.line.text) });
        recognized.push(`line ${element.line.number}: heading «${element.line.text}» (short line without final punctuation)`);
      } else {
        body.push({ type: 'paragraph', children: text(element.line.text) });
      }
      continue;
    }

    // A run of "- " lines: spoken quotes become quote blocks, the rest a list.
    const run: Array<Extract<Element, { kind: 'dash' }>> = [];
    while (rest[index]?.kind === 'dash') {
      run.push(rest[index] as Extract<Element, { kind: 'dash' }>);
      index += 1;
    }
    index -= 1;
    const previous = body[body.length - 1];
    const introducesList = previous?.type === 'paragraph' && (previous.children[0]?.text ?? '').endsWith(':');
    let pendingItems: Array<Extract<Element, { kind: 'dash' }>> = [];
    const flushItems = () => {
      if (pendingItems.length === 0) return;
      const first = pendingItems[0] as Extract<Element, { kind: 'dash' }>;
      const last = pendingItems[pendingItems.length - 1] as Extract<Element, { kind: 'dash' }>;
      if (pendingItems.length >= 2 || introducesList) {
        body.push({ type: 'list', format: 'unordered', children: pendingItems.map((item) => ({ type: 'list-item', children: text(item.item) })) });
        recognized.push(`lines ${first.line.number}–${last.line.number}: unordered list of ${pendingItems.length} item(s)`);
      } else {
        body.push({ type: 'paragraph', children: text(`— ${first.item}`) });
        recognized.push(`line ${first.line.number}: a single "- " line without a speaker, kept as a paragraph (dialogue dash)`);
      }
      pendingItems = [];
    };
    for (const item of run) {
      const quote = parseQuote(item.item);
      if (!quote) {
        pendingItems.push(item);
        continue;
      }
      flushItems();
      const separator = /[!?…]$/u.test(quote.spoken) ? ' ' : ', ';
      body.push({ type: 'quote', children: text(`${quote.spoken}${separator}— ${quote.verb} ${quote.speaker}.`) });
      const spoken = /[.!?…]$/u.test(quote.spoken) ? quote.spoken : `${quote.spoken}.`;
      quotes.push({ text: spoken, speaker: quote.speaker, line: item.line.number });
      recognized.push(`line ${item.line.number}: quote of ${quote.speaker} (“- …, ${quote.verb} ${quote.speaker}”)`);
    }
    flushItems();
  }

  const counts = (type: BodyBlock['type']) => body.filter((block) => block.type === type).length;
  recognized.push(
    `body: ${counts('paragraph')} paragraph(s), ${counts('heading')} heading(s), ${counts('quote')} quote(s), ${counts('list')} list(s) after the lead; ${photos.length} photo slot(s)`,
  );
  if (body.length === 0) recognized.push('warning: the body is empty, the article is its lead only');

  return { publishedAt, title, lead, sourceAttribution, body, photos, quotes, recognized: inLineOrder(recognized) };
}

/** Notes about numbered lines in file order; the summaries (no line number) after them. */
function inLineOrder(notes: string[]): string[] {
  const lineOf = (note: string) => Number(/^lines? (\d+)/u.exec(note)?.[1] ?? Number.POSITIVE_INFINITY);
  return notes.map((note, index) => ({ note, index })).sort((a, b) => lineOf(a.note) - lineOf(b.note) || a.index - b.index).map(({ note }) => note);
}

/** All the text of blocks, for searching (tests, reports). */
export function blocksText(blocks: BodyBlock[]): string {
  return blocks
    .map((block) => (block.type === 'list' ? block.children.map((item) => item.children.map((child) => child.text).join('')).join('\n') : block.children.map((child) => child.text).join('')))
    .join('\n');
}
