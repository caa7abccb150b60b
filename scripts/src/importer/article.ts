/**
 * The rules shared by both export formats: from the article's items (lines of
 * a text export, or paragraphs/headings/lists/figures of an HTML page) to an
 * article — lead, body blocks, photo slots and credits, source, authors,
 * quotes, «Читайте также» — plus what was recognized and what is doubtful.
 *
 * Never lose or invent: an item leaves the text only when a rule recognizes
 * it unambiguously (boilerplate of the site, a credit, a source, an author, a
 * related link); every dropped or moved line is listed in `recognized`, and a
 * line that only looks like one of them stays in the text with a warning.
 */
import type { BlockNode, InlineNode, ListBlock } from '@tilshi/shared-types';
import type { Locale } from '@tilshi/shared-types';
import {
  authorLine,
  creditLine,
  relatedLine,
  sourceLine,
  startsLikeAuthor,
  startsLikeCredit,
  startsLikeSource,
  type CreditRef,
} from './bylines.ts';
import { ImportParseError } from './errors.ts';
import { detectLanguage, type LanguageVerdict } from './language.ts';

/** The subset of Strapi's blocks the importer produces. */
export type BodyBlock = Exclude<BlockNode, { type: 'image' } | { type: 'code' }>;

/** Where a photo's image comes from. */
export type ImageRef = { type: 'file'; path: string } | { type: 'url'; url: string };

export type PhotoSlot = {
  credit: CreditRef | null;
  /** The line that named the credit (text exports) or the image's caption (HTML). */
  sourceLine: string;
  line: number;
  /** null: the export names the photo but holds no image (a placeholder is put in its place). */
  image: ImageRef | null;
  alt: string | null;
  caption: string | null;
};

export type SpokenQuote = { text: string; speaker: string | null; role: string | null; line: number };
export type RelatedLink = { title: string; url: string | null; line: number };
export type Note = { line: number | null; message: string };

export type ArticleItem =
  | { kind: 'text'; text: string; line: number; inlines?: InlineNode[] }
  | { kind: 'heading'; text: string; line: number; inlines?: InlineNode[] }
  | { kind: 'list'; ordered: boolean; items: Array<{ text: string; inlines?: InlineNode[] }>; line: number }
  | { kind: 'quote'; text: string; line: number; inlines?: InlineNode[] }
  | { kind: 'image'; image: ImageRef | null; alt: string | null; caption: string | null; credit: CreditRef | null; line: number };

export type ArticleHead = {
  publishedAt: string;
  title: string;
  titleLine: number;
  /** Language of the first masthead line (text exports) or the page's lang attribute (HTML). */
  mastheadLanguage: Locale | null;
};

export type ParsedArticle = {
  format: 'text' | 'html';
  encoding: string;
  locale: Locale;
  language: LanguageVerdict;
  /** ISO 8601 UTC; exports give Asia/Aqtau local time (UTC+5). */
  publishedAt: string;
  title: string;
  /** The first paragraph, verbatim. It is not repeated in `body`. */
  lead: string;
  sourceAttribution: string | null;
  authors: string[];
  body: BodyBlock[];
  photos: PhotoSlot[];
  quotes: SpokenQuote[];
  related: RelatedLink[];
  /** Numbers of the text (figures, years, sums): with the date, what tells two translations of one story. */
  figures: string[];
  /** Doubtful lines kept in the text, and anything an editor should check. */
  warnings: Note[];
  /** What was recognized and what was dropped, one line each, with line numbers. */
  recognized: string[];
};

/** Limits of the CMS content types (schema.json), checked before anything reaches Strapi. */
export const LIMITS = { title: 300, lead: 1000, sourceAttribution: 200, authorName: 150, creditName: 200, caption: 500, alt: 300 } as const;

const TERMINAL_PUNCTUATION = /[.!?…:;,]$/u;
const quoteOf = (value: string) => `«${value.length > 60 ? `${value.slice(0, 60)}…` : value}»`;
const upperFirst = (value: string) => value.charAt(0).toLocaleUpperCase('ru') + value.slice(1);
const textNodes = (value: string): InlineNode[] => [{ type: 'text', text: value }];

// --- boilerplate -----------------------------------------------------------------

const BOILERPLATE: Array<{ pattern: RegExp; label: string }> = [
  { pattern: /^\d{1,2}\+$/u, label: 'the age label' },
  { pattern: /^Подпишись на наш канал в Telegram\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^[-–—]?\s*быстро, бесплатно и без рекламы\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^Подписаться$/iu, label: 'the Telegram button' },
  { pattern: /^Telegram арнамызға жазылыңыз\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^[-–—]?\s*жылдам, тегін және жарнамасыз\.?$/iu, label: 'the Telegram call to action' },
  { pattern: /^Жазылу$/iu, label: 'the Telegram button' },
  { pattern: /^Комментарии могут оставлять/iu, label: 'the comments notice' },
  { pattern: /^Содержание комментариев не имеет отношения/iu, label: 'the comments notice' },
  { pattern: /^Редакция не несет/iu, label: 'the comments notice' },
  { pattern: /^Пікірлерді тек тіркелген/iu, label: 'the comments notice' },
  { pattern: /^Пікір қалдыру үшін/iu, label: 'the comments notice' },
  { pattern: /^Пікірлердің мазмұны/iu, label: 'the comments notice' },
  { pattern: /^Редакция .*жауап бермейді/iu, label: 'the comments notice' },
];
/** From the comments heading to the end, everything is the site's comments block. */
export const COMMENTS_START = [/^Комментарии$/iu, /^\d+\s+комментари/iu, /^Пікірлер$/iu, /^\d+\s+пікір/iu];

export function boilerplateLabel(line: string): string | undefined {
  return BOILERPLATE.find(({ pattern }) => pattern.test(line))?.label;
}

// --- quotes ----------------------------------------------------------------------

const VERBS = [
  String.raw`(?:сказал|отметил|подчеркнул|добавил|заявил|пояснил|рассказал|уточнил|сообщил|резюмировал|заключил|констатировал|напомнил|признал|предупредил)(?:а|и)?`,
  String.raw`(?:поделил|признал)(?:ся|ась|ись)`,
  String.raw`(?:считает|говорит|отмечает|подчёркивает|подчеркивает|рассказывает|добавляет|уверен|уверена|убеждён|убеждена|убежден)`,
  String.raw`деді|дейді|деп\s+(?:атап\s+өтті|мәлімдеді|түсіндірді|қосты|есептейді|айтты|түйіндеді|сенімді|санайды|атап\s+көрсетті)`,
].join('|');
const DASH = String.raw`[-–—]`;
const QUOTE_PATTERNS: RegExp[] = [
  // – Текст, – сказал X. – Продолжение.
  new RegExp(
    String.raw`^${DASH}\s*(?<spoken>.+?),?\s+${DASH}\s+(?<verb>${VERBS})(?:\s+(?<speaker>[^–—]+?))?\.\s+${DASH}\s+(?<more>.+)$`,
    'iu',
  ),
  // – Текст, – сказал заместитель акима города Имя Фамилия.
  new RegExp(String.raw`^${DASH}\s*(?<spoken>.+?),?\s+${DASH}\s+(?<verb>${VERBS})(?:\s+(?<speaker>.+?))?\.?$`, 'iu'),
  // «Текст», – деді Имя Фамилия.
  new RegExp(String.raw`^«(?<spoken>.+)»,?\s+${DASH}\s+(?<verb>${VERBS})(?:\s+(?<speaker>.+?))?\.?$`, 'iu'),
];
const PRONOUNS = /^(?:он|она|они|ол|олар|он же|она же)$/iu;
const NAME_AT_END =
  /^(?<role>.*?)\s*(?<name>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\.)?(?:\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2})$/u;
const NAME_THEN_ROLE = /^(?<name>\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?(?:\s+\p{Lu}\p{Ll}+(?:-\p{Lu}\p{Ll}+)?){1,2}),\s*(?<role>\p{Ll}.*)$/u;

type Quote = { block: string; speaker: string | null; role: string | null; spoken: string };

/** A dash or «…» paragraph with a speech verb → the quote; null when it is not one. */
export function parseQuote(line: string): Quote | null {
  for (const pattern of QUOTE_PATTERNS) {
    const groups = pattern.exec(line)?.groups;
    if (!groups?.spoken || !groups.verb) continue;
    const spokenRaw = groups.spoken.replace(/,$/u, '').trim();
    const more = groups.more?.trim();
    const attribution = (groups.speaker ?? '').trim();
    let speaker: string | null = null;
    let role: string | null = null;
    if (attribution !== '' && !PRONOUNS.test(attribution)) {
      const nameFirst = NAME_THEN_ROLE.exec(attribution)?.groups;
      const nameLast = NAME_AT_END.exec(attribution)?.groups;
      if (nameFirst?.name) {
        speaker = nameFirst.name;
        role = nameFirst.role ?? null;
      } else if (nameLast?.name && (nameLast.role === '' || /^\p{Ll}/u.test(nameLast.role ?? ''))) {
        speaker = nameLast.name;
        role = nameLast.role ? nameLast.role : null;
      } else if (attribution.split(/\s+/u).length > 12) {
        return null; // the rest of a sentence, not an attribution
      } else {
        role = attribution;
      }
    }
    const separator = /[!?…]$/u.test(spokenRaw) ? ' ' : ', ';
    const said = `— ${groups.verb}${attribution ? ` ${attribution}` : ''}`;
    const block = more ? `${spokenRaw}${separator}${said}. — ${more}` : `${spokenRaw}${separator}${said}.`;
    const spoken = more ? `${spokenRaw} ${more}` : spokenRaw;
    return { block, speaker, role, spoken: /[.!?…]$/u.test(spoken) ? spoken : `${spoken}.` };
  }
  return null;
}

// --- sources in the text -------------------------------------------------------

const SOURCE_IN_TEXT = [
  /,\s*(?:[-–—]\s*)?(?:передаёт|передает|сообщает|сообщают|пишет|информирует|деп\s+хабарлайды|деп\s+жазады|деп\s+хабарлады)\s+([^,]{3,}?)\.?$/u,
  /^Об этом сообщ(?:ает|ил|ила|или)\s+([^,.]{3,}?)\.?$/u,
  /^Бұл туралы\s+([^,.]{3,}?)\s+(?:хабарлады|хабарлайды|мәлімдеді)\.?$/u,
];

/** The source a paragraph names in one of its sentences («…, передаёт X.», «Бұл туралы X хабарлады.»). */
function sourceInText(text: string): string | null {
  for (const sentence of text.split(/(?<=[.!?…])\s+(?=[\p{Lu}«"–—-])/u)) {
    for (const pattern of SOURCE_IN_TEXT) {
      const match = pattern.exec(sentence);
      if (match?.[1]) return upperFirst(match[1].trim());
    }
  }
  return null;
}

// --- the builder -------------------------------------------------------------------

function isHeadingLike(line: string): boolean {
  return (
    line.length <= 100 && !TERMINAL_PUNCTUATION.test(line) && line.split(' ').length >= 2 && /^\p{Lu}/u.test(line) && !/[«"]$/u.test(line)
  );
}

const BULLET = /^[•·●▪◦]\s*(.+)$/u;
const NUMBERED = /^(\d{1,2})[.)]\s+(.+)$/u;
const DASH_ITEM = /^[-–—]\s*(.+)$/u;

type Element =
  | { kind: 'paragraph'; text: string; line: number; inlines: InlineNode[] }
  | { kind: 'heading'; text: string; line: number; inlines: InlineNode[] }
  | { kind: 'quote'; text: string; line: number; inlines: InlineNode[] }
  | { kind: 'list'; ordered: boolean; items: Array<{ text: string; inlines: InlineNode[] }>; line: number; lastLine: number }
  | { kind: 'item'; marker: 'bullet' | 'number' | 'dash'; text: string; full: string; line: number };

const FIGURE = /\d+(?:[.,]\d+)?/gu;

/** The numbers of a text, normalised (1,5 → 1.5), in order of appearance. */
export function figuresOf(text: string): string[] {
  return (text.match(FIGURE) ?? []).map((figure) => figure.replace(',', '.'));
}

function blockText(block: BodyBlock): string {
  const inline = (nodes: InlineNode[]) =>
    nodes.map((node) => (node.type === 'text' ? node.text : node.children.map((child) => child.text).join(''))).join('');
  if (block.type === 'list')
    return block.children.map((item) => (item.type === 'list-item' ? inline(item.children) : blockText(item))).join('\n');
  return inline(block.children);
}

/** All the text of blocks, for searching (tests, reports, fingerprints). */
export function blocksText(blocks: BodyBlock[]): string {
  return blocks.map(blockText).join('\n');
}

export type BuildOptions = {
  format: 'text' | 'html';
  encoding: string;
  source: string | null;
  head: ArticleHead;
  items: ArticleItem[];
  recognized: string[];
  warnings: Note[];
  /** For the "no paragraph" error: the line after the title. */
  afterTitleLine: number;
};

// eslint-disable-next-line max-lines-per-function -- one pass over the recognized blocks in article order; split, the order rules would be spread over files
export function buildArticle(options: BuildOptions): ParsedArticle {
  const { head, source, recognized, warnings } = options;
  const photos: PhotoSlot[] = [];
  const authors: string[] = [];
  const related: RelatedLink[] = [];
  const elements: Element[] = [];
  let sourceAttribution: string | null = null;
  let sourceAttributionLine: number | null = null;

  // 1. Items → elements; metadata lines out of the text.
  for (const item of options.items) {
    if (item.kind === 'image') {
      photos.push({
        credit: item.credit,
        sourceLine: item.caption ?? item.alt ?? '',
        line: item.line,
        image: item.image,
        alt: item.alt,
        caption: item.caption,
      });
      recognized.push(
        `line ${item.line}: photo${item.credit ? ` credited to ${describeCredit(item.credit)}` : ''}${item.image ? '' : ' (no image file)'}`,
      );
      continue;
    }
    if (item.kind === 'heading') {
      elements.push({ kind: 'heading', text: item.text, line: item.line, inlines: item.inlines ?? textNodes(item.text) });
      continue;
    }
    if (item.kind === 'quote') {
      elements.push({ kind: 'quote', text: item.text, line: item.line, inlines: item.inlines ?? textNodes(item.text) });
      continue;
    }
    if (item.kind === 'list') {
      elements.push({
        kind: 'list',
        ordered: item.ordered,
        items: item.items.map((entry) => ({ text: entry.text, inlines: entry.inlines ?? textNodes(entry.text) })),
        line: item.line,
        lastLine: item.line,
      });
      continue;
    }
    const text = item.text;
    const label = boilerplateLabel(text);
    if (label) {
      recognized.push(`line ${item.line}: dropped ${label} «${text}»`);
      continue;
    }
    const credit = creditLine(text);
    if (credit !== undefined) {
      const waiting = options.format === 'html' ? photos.filter((photo) => photo.credit === null && photo.image !== null) : [];
      if (waiting.length > 0 && credit.credit) {
        for (const photo of waiting) photo.credit = credit.credit;
        recognized.push(`line ${item.line}: credit ${describeCredit(credit.credit)} for ${waiting.length} photo(s) above (from «${text}»)`);
      } else {
        photos.push({ credit: credit.credit, sourceLine: text, line: item.line, image: null, alt: null, caption: null });
        recognized.push(
          credit.credit
            ? `line ${item.line}: photo slot credited to ${describeCredit(credit.credit)} (from «${text}»); the export holds no image`
            : `line ${item.line}: photo slot without a credit name («${text}»); the export holds no image`,
        );
      }
      continue;
    }
    const sourceValue = sourceLine(text);
    if (sourceValue !== undefined) {
      if (sourceValue.length > LIMITS.sourceAttribution) {
        throw new ImportParseError({
          line: item.line,
          expected: `a source of at most ${LIMITS.sourceAttribution} characters`,
          found: `${sourceValue.length} characters`,
          source,
        });
      }
      if (sourceAttribution && sourceAttribution !== sourceValue)
        warnings.push({
          line: item.line,
          message: `a second source «${sourceValue}» after «${sourceAttribution}» (line ${sourceAttributionLine}); the first one is kept, check it`,
        });
      else {
        sourceAttribution = sourceValue;
        sourceAttributionLine = item.line;
      }
      recognized.push(`line ${item.line}: source «${sourceValue}» (from «${text}»)`);
      continue;
    }
    const names = authorLine(text);
    if (names !== undefined) {
      for (const name of names) {
        if (name.length > LIMITS.authorName)
          throw new ImportParseError({
            line: item.line,
            expected: `an author name of at most ${LIMITS.authorName} characters`,
            found: quoteOf(name),
            source,
          });
        if (!authors.includes(name)) authors.push(name);
      }
      recognized.push(`line ${item.line}: author(s) ${names.map((name) => `«${name}»`).join(', ')} (from «${text}»)`);
      continue;
    }
    const relatedTitle = relatedLine(text);
    if (relatedTitle !== undefined) {
      const link = item.inlines?.find((node): node is Extract<InlineNode, { type: 'link' }> => node.type === 'link');
      related.push({ title: relatedTitle, url: link?.url ?? null, line: item.line });
      recognized.push(`line ${item.line}: dropped the related link «${text}» (listed in the report, not kept in the text)`);
      continue;
    }
    if (startsLikeCredit(text))
      warnings.push({
        line: item.line,
        message: `${quoteOf(text)} starts like a photo credit but names no person or organization clearly; kept in the text`,
      });
    else if (startsLikeSource(text))
      warnings.push({ line: item.line, message: `${quoteOf(text)} starts like a source line but is not one; kept in the text` });
    else if (startsLikeAuthor(text))
      warnings.push({
        line: item.line,
        message: `${quoteOf(text)} starts like an author line but names no person clearly; kept in the text`,
      });

    const bullet = BULLET.exec(text);
    const numbered = options.format === 'text' ? NUMBERED.exec(text) : null;
    const dash = DASH_ITEM.exec(text);
    if (bullet?.[1]) elements.push({ kind: 'item', marker: 'bullet', text: bullet[1], full: text, line: item.line });
    else if (numbered?.[2]) elements.push({ kind: 'item', marker: 'number', text: numbered[2], full: text, line: item.line });
    else if (dash?.[1] && (options.format === 'text' || parseQuote(text)))
      elements.push({ kind: 'item', marker: 'dash', text: dash[1], full: text, line: item.line });
    else if (/^«.+»,?\s+[-–—]\s+/u.test(text) && parseQuote(text))
      elements.push({ kind: 'item', marker: 'dash', text, full: text, line: item.line });
    else elements.push({ kind: 'paragraph', text, line: item.line, inlines: item.inlines ?? textNodes(text) });
  }

  // 2. Lead: the first plain paragraph.
  const leadIndex = elements.findIndex((element) => element.kind === 'paragraph');
  const leadElement = elements[leadIndex];
  if (!leadElement || leadElement.kind !== 'paragraph') {
    throw new ImportParseError({
      line: options.afterTitleLine,
      expected: 'at least one paragraph of text after the title',
      found: elements.length ? 'only list or quote lines' : 'no text (only photo credits or boilerplate)',
      source,
    });
  }
  const lead = leadElement.text;
  if (lead.length > LIMITS.lead) {
    throw new ImportParseError({
      line: leadElement.line,
      expected: `a first paragraph (the lead) of at most ${LIMITS.lead} characters`,
      found: `${lead.length} characters`,
      source,
    });
  }
  recognized.push(`line ${leadElement.line}: lead (first paragraph, ${lead.length} characters)`);

  // 3. A source named in the text («…, передаёт X.»), unless a «Источник:» line named one.
  if (sourceAttribution === null) {
    for (const element of [leadElement, ...elements.filter((candidate) => candidate !== leadElement)]) {
      if (element.kind !== 'paragraph') continue;
      const found = sourceInText(element.text);
      if (!found) continue;
      if (found.length > LIMITS.sourceAttribution) {
        throw new ImportParseError({
          line: element.line,
          expected: `a source of at most ${LIMITS.sourceAttribution} characters`,
          found: `${found.length} characters`,
          source,
        });
      }
      sourceAttribution = found;
      recognized.push(`line ${element.line}: source «${found}» (named in the text; the sentence stays as written)`);
      break;
    }
  }
  if (sourceAttribution === null) recognized.push('no source found («Источник: …», «…, передаёт X.»)');

  // 4. Body blocks.
  const rest = elements.filter((_element, index) => index !== leadIndex);
  const body: BodyBlock[] = [];
  const quotes: SpokenQuote[] = [];
  for (let index = 0; index < rest.length; index += 1) {
    const element = rest[index] as Element;
    if (element.kind === 'paragraph') {
      const next = rest[index + 1];
      const plain = element.inlines.every((node) => node.type === 'text');
      if (
        options.format === 'text' &&
        plain &&
        next &&
        isHeadingLike(element.text) &&
        !(next.kind === 'paragraph' && isHeadingLike(next.text))
      ) {
        body.push({ type: 'heading', level: 2, children: element.inlines });
        recognized.push(`line ${element.line}: heading «${element.text}» (short line without final punctuation)`);
      } else {
        body.push({ type: 'paragraph', children: element.inlines });
      }
      continue;
    }
    if (element.kind === 'heading') {
      body.push({ type: 'heading', level: 2, children: element.inlines });
      continue;
    }
    if (element.kind === 'quote') {
      body.push({ type: 'quote', children: element.inlines });
      quotes.push({ text: element.text, speaker: null, role: null, line: element.line });
      continue;
    }
    if (element.kind === 'list') {
      body.push({
        type: 'list',
        format: element.ordered ? 'ordered' : 'unordered',
        children: element.items.map((entry) => ({ type: 'list-item', children: entry.inlines })),
      });
      recognized.push(`line ${element.line}: ${element.ordered ? 'numbered' : 'bulleted'} list of ${element.items.length} item(s)`);
      continue;
    }

    // A run of marked lines of one kind: quotes out, the rest a list (or dialogue).
    const marker = element.marker;
    const run: Array<Extract<Element, { kind: 'item' }>> = [];
    while (rest[index]?.kind === 'item' && (rest[index] as Extract<Element, { kind: 'item' }>).marker === marker) {
      run.push(rest[index] as Extract<Element, { kind: 'item' }>);
      index += 1;
    }
    index -= 1;
    const previous = body[body.length - 1];
    const introducesList = previous?.type === 'paragraph' && blockText(previous).endsWith(':');
    let pending: Array<Extract<Element, { kind: 'item' }>> = [];
    const flush = () => {
      if (pending.length === 0) return;
      const first = pending[0] as Extract<Element, { kind: 'item' }>;
      const last = pending[pending.length - 1] as Extract<Element, { kind: 'item' }>;
      if (marker === 'bullet' || pending.length >= 2 || introducesList) {
        const ordered = marker === 'number';
        const list: ListBlock = {
          type: 'list',
          format: ordered ? 'ordered' : 'unordered',
          children: pending.map((item) => ({ type: 'list-item', children: textNodes(item.text) })),
        };
        body.push(list);
        const what = marker === 'bullet' ? '"•"' : marker === 'number' ? 'numbered' : 'dash';
        recognized.push(
          `lines ${first.line}–${last.line}: ${ordered ? 'ordered' : 'unordered'} list of ${pending.length} item(s) (${what} lines)`,
        );
      } else if (marker === 'number') {
        body.push({ type: 'paragraph', children: textNodes(first.full) });
      } else {
        body.push({ type: 'paragraph', children: textNodes(`— ${first.text}`) });
        recognized.push(`line ${first.line}: a single dash line without a speaker, kept as a paragraph (dialogue dash)`);
      }
      pending = [];
    };
    for (const item of run) {
      const quote = marker === 'dash' ? parseQuote(item.full) : null;
      if (!quote) {
        pending.push(item);
        continue;
      }
      flush();
      body.push({ type: 'quote', children: textNodes(quote.block) });
      quotes.push({ text: quote.spoken, speaker: quote.speaker, role: quote.role, line: item.line });
      const who = quote.speaker
        ? `${quote.speaker}${quote.role ? ` (${quote.role})` : ''}`
        : quote.role
          ? `«${quote.role}»`
          : 'a speaker named earlier';
      recognized.push(`line ${item.line}: quote of ${who}`);
    }
    flush();
  }

  // 5. Language, authors' photos, figures.
  const articleText = [head.title, lead, blocksText(body)].join('\n');
  const language = detectLanguage(articleText, head.mastheadLanguage);
  recognized.push(`language: ${language.locale} (${language.reason})`);
  if (!language.certain)
    warnings.push({ line: null, message: `the language is uncertain (${language.reason}); imported as ${language.locale}, check it` });

  for (const photo of photos) {
    if (photo.credit?.type === 'author' && authors.length === 0) {
      warnings.push({
        line: photo.line,
        message: `«${photo.sourceLine}» credits the article's author, but the export names no author; the photo has no credit`,
      });
    }
    if (photo.credit === null)
      warnings.push({ line: photo.line, message: `a photo without a credit («${photo.sourceLine}»); choose one in the panel` });
  }

  const counts = (type: BodyBlock['type']) => body.filter((block) => block.type === type).length;
  recognized.push(
    `body: ${counts('paragraph')} paragraph(s), ${counts('heading')} heading(s), ${counts('quote')} quote(s), ${counts('list')} list(s) after the lead; ${photos.length} photo slot(s)`,
  );
  if (body.length === 0) recognized.push('the body is empty: the article is its lead only');

  return {
    format: options.format,
    encoding: options.encoding,
    locale: language.locale,
    language,
    publishedAt: head.publishedAt,
    title: head.title,
    lead,
    sourceAttribution,
    authors,
    body,
    photos,
    quotes,
    related,
    figures: figuresOf(articleText),
    warnings: inLineOrder(warnings),
    recognized: inLineOrderStrings(recognized),
  };
}

export function describeCredit(credit: CreditRef): string {
  if (credit.type === 'author') return "the article's author";
  if (credit.type === 'openSources') return `«${credit.name}» (kind openSources)`;
  return `«${credit.name}» (${credit.kind})`;
}

function inLineOrder(notes: Note[]): Note[] {
  return notes
    .map((note, index) => ({ note, index }))
    .sort((a, b) => (a.note.line ?? Infinity) - (b.note.line ?? Infinity) || a.index - b.index)
    .map(({ note }) => note);
}

/** Notes about numbered lines in file order; the summaries (no line number) after them. */
function inLineOrderStrings(notes: string[]): string[] {
  const lineOf = (note: string) => Number(/^lines? (\d+)/u.exec(note)?.[1] ?? Number.POSITIVE_INFINITY);
  return notes
    .map((note, index) => ({ note, index }))
    .sort((a, b) => lineOf(a.note) - lineOf(b.note) || a.index - b.index)
    .map(({ note }) => note);
}
