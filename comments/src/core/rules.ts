/**
 * The content rules of a comment, pure and host-independent: normalising the
 * text, its length in characters, counting links, the honeypot, banned-word
 * matching (whole words, Cyrillic included) and the moderation decision.
 */
import { COMMENT_BODY_MAX, COMMENT_BODY_MIN, COMMENT_MAX_LINKS, type CommentStatus, type ModerationReason } from '@tilshi/shared-types';
import { CommentsError } from './errors.ts';

/**
 * Bidirectional formatting characters: embeddings and overrides (U+202A–202E),
 * isolates (U+2066–2069), and the marks (U+200E, U+200F, U+061C). Russian and
 * Kazakh text never needs them, and they can make "\u202Egnp.exe" display as
 * "exe.png" or scramble the text around a reader's name.
 */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function stripBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}

/** A username as typed, before USERNAME_PATTERN judges it (which refuses control, bidi and space characters). */
export function normalizeUsername(raw: string): string {
  return raw.normalize('NFC').trim();
}

/**
 * The text as it is stored: Unicode NFC, `\n` line ends, no control
 * characters but newline and tab, no bidi controls, no trailing spaces on
 * lines, at most two blank lines in a row, trimmed. It stays plain text:
 * nothing here makes it safe as HTML, which is why it is always rendered
 * escaped.
 */
export function normalizeBody(raw: string): string {
  return (
    stripBidiControls(raw)
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      // eslint-disable-next-line no-control-regex -- removing control characters from readers' text is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200B-\u200D\u2060\uFEFF]/g, '')
      .replace(/[ \t]+$/gm, '')
      .replace(/\n{4,}/g, '\n\n\n')
      .trim()
  );
}

/** Length as a reader counts it: Unicode code points, so "ә" or "😀" is one character. */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/** Top-level domains that make a bare `name.tld` a link (the ones spam uses here). */
const LINK_TLDS = [
  'kz',
  'ru',
  'com',
  'net',
  'org',
  'info',
  'biz',
  'xyz',
  'top',
  'io',
  'me',
  'su',
  'ua',
  'by',
  'uz',
  'pro',
  'online',
  'site',
  'shop',
  'рф',
  'қаз',
];
const LINK_PATTERN = new RegExp(
  String.raw`(?:\b(?:https?|ftp):\/\/|\bwww\.)[^\s<>"']+` +
    String.raw`|(?<![\p{L}\p{N}@._-])(?:[\p{L}\p{N}-]+\.)+(?:${LINK_TLDS.join('|')})(?![\p{L}\p{N}-])(?:\/[^\s<>"']*)?` +
    String.raw`|\bt\.me\/[^\s<>"']+`,
  'giu',
);

/** Links in the text: http(s)/ftp URLs, `www.` addresses and bare domains such as `example.kz`. */
export function countLinks(text: string): number {
  return text.match(LINK_PATTERN)?.length ?? 0;
}

/** A honeypot field is filled when it holds anything but whitespace: a person never sees it. */
export function isHoneypotFilled(value: unknown): boolean {
  return typeof value === 'string' ? value.trim() !== '' : value !== undefined && value !== null;
}

/** Latin letters that look like Cyrillic ones, folded so "дypaк" (Latin y, p, a) still matches "дурак". */
const HOMOGLYPHS: Record<string, string> = {
  a: 'а',
  b: 'в',
  c: 'с',
  e: 'е',
  h: 'н',
  k: 'к',
  m: 'м',
  o: 'о',
  p: 'р',
  t: 'т',
  x: 'х',
  y: 'у',
  i: 'і',
};

/** Lower case, ё → е and Latin look-alikes → Cyrillic; applied to the text and the words alike. */
export function foldForMatching(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('ru')
    .replace(/ё/g, 'е')
    .replace(/[abcehkmoptxyi]/g, (letter) => HOMOGLYPHS[letter] ?? letter);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** A word character for the boundaries — a letter (Cyrillic, Kazakh, Latin…), digit or underscore. */
const WORD_CHAR = String.raw`[\p{L}\p{M}\p{N}_]`;

export type BannedWordMatcher = (text: string) => string[];

/**
 * Builds a matcher for a banned-word list. A word matches as a whole word
 * (JavaScript's `\b` knows only ASCII letters, so the boundaries are
 * Unicode-aware look-arounds); a trailing `*` matches any ending, for
 * Russian and Kazakh inflections ("дурак*" → "дураки", "дураком"). Returns
 * the list's words found in a text, each once.
 */
export function bannedWordMatcher(words: readonly string[]): BannedWordMatcher {
  const entries = [...new Set(words.map((word) => word.trim()).filter((word) => word.replace(/\*$/, '').length > 0))].map((word) => {
    const prefix = word.endsWith('*');
    const stem = foldForMatching(prefix ? word.slice(0, -1) : word);
    const pattern = new RegExp(`(?<!${WORD_CHAR})${escapeRegExp(stem)}${prefix ? `${WORD_CHAR}*` : `(?!${WORD_CHAR})`}`, 'u');
    return { word, pattern };
  });
  return (text) => {
    const folded = foldForMatching(text);
    return entries.filter((entry) => entry.pattern.test(folded)).map((entry) => entry.word);
  };
}

/**
 * Checks a comment's text and returns it normalised; throws the first broken
 * rule as a CommentsError (body_too_short, body_too_long, too_many_links).
 */
export function checkBody(raw: string): string {
  const body = normalizeBody(raw);
  const length = characterCount(body);
  if (length < COMMENT_BODY_MIN) throw new CommentsError('body_too_short', { details: { min: COMMENT_BODY_MIN, length } });
  if (length > COMMENT_BODY_MAX) throw new CommentsError('body_too_long', { details: { max: COMMENT_BODY_MAX, length } });
  const links = countLinks(body);
  if (links > COMMENT_MAX_LINKS) throw new CommentsError('too_many_links', { details: { max: COMMENT_MAX_LINKS, links } });
  return body;
}

export type ModerationDecision = {
  status: Extract<CommentStatus, 'pending' | 'approved'>;
  /** Why it waits for a moderator (empty when approved): the panel's queue shows them. */
  reasons: ModerationReason[];
  /** For moderators (the comment's moderation note), in Russian; null when approved. */
  note: string | null;
};

/**
 * Trusted readers (the panel's flag, or enough approved comments and none
 * rejected) are published at once; everyone else, any comment with a banned
 * word, any comment with a link (the spam that gets past the limit of
 * links) and every comment of a reader the moderators keep "always
 * pre-moderated" (the panel's `premoderated` flag) wait for a moderator,
 * with every reason that applies.
 */
export function decideModeration(input: {
  trusted: boolean;
  premoderated?: boolean;
  bannedWords: string[];
  links: number;
}): ModerationDecision {
  const reasons: ModerationReason[] = [];
  const notes: string[] = [];
  if (input.bannedWords.length > 0) {
    reasons.push('banned_words');
    notes.push(`стоп-слова — ${input.bannedWords.join(', ')}`);
  }
  if (input.links > 0) {
    reasons.push('links');
    notes.push(`ссылки в тексте (${input.links})`);
  }
  // A moderator's "always pre-moderate" outweighs trust, earned or given: it is the reason, not the reader's newness.
  if (input.premoderated === true) {
    reasons.push('premoderated_reader');
    notes.push('модератор держит читателя на премодерации');
  } else if (!input.trusted) {
    reasons.push('new_reader');
    notes.push('читатель ещё не доверенный');
  }
  if (reasons.length === 0) return { status: 'approved', reasons, note: null };
  return { status: 'pending', reasons, note: `Автоматически на проверку: ${notes.join('; ')}.` };
}

/** Whether a reader without the panel's flag has earned trust: at least `after` approved comments and none rejected (0 turns it off). */
export function earnedTrust(counts: { approved: number; rejected: number }, after: number): boolean {
  return after > 0 && counts.approved >= after && counts.rejected === 0;
}
