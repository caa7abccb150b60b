import { describe, expect, it } from 'vitest';
import { CommentsError } from './errors.ts';
import {
  bannedWordMatcher,
  characterCount,
  checkBody,
  countLinks,
  decideModeration,
  earnedTrust,
  foldForMatching,
  isHoneypotFilled,
  normalizeBody,
} from './rules.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof CommentsError) return error.code;
    throw error;
  }
  return undefined;
}

describe('normalizeBody', () => {
  it('trims, unifies line ends and removes control and zero-width characters', () => {
    expect(normalizeBody('  Привет,\r\nмир\u0000\u200B!  \r\n')).toBe('Привет,\nмир!');
  });

  it('keeps at most two blank lines in a row', () => {
    expect(normalizeBody('а\n\n\n\n\n\nб')).toBe('а\n\n\nб');
  });

  it('leaves HTML as plain text, unchanged', () => {
    expect(normalizeBody('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });

  it('composes decomposed letters (NFC) so "й" typed as и + breve is one character', () => {
    expect(normalizeBody('и\u0306')).toBe('й');
  });
});

describe('characterCount', () => {
  it('counts Kazakh letters and emoji as one character each', () => {
    expect(characterCount('әңғ😀')).toBe(4);
  });
});

describe('countLinks', () => {
  it.each([
    ['no link in plain text', 'Хорошая новость, спасибо!', 0],
    ['http and https URLs', 'см. https://example.kz/a и http://example.com', 2],
    ['a www address', 'заходите на www.example.org', 1],
    ['a bare domain with a Kazakh or Russian TLD', 'пишите на akimat.kz или сайт.рф', 2],
    ['a Telegram link', 't.me/channel', 1],
    ['an e-mail address is not a link', 'почта: reader@mail.ru', 0],
    ['an abbreviation with dots is not a link', 'г.Актау, т.е. рядом', 0],
  ])('finds %s', (_what, text, expected) => {
    expect(countLinks(text)).toBe(expected);
  });
});

describe('isHoneypotFilled', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['   ', false],
    ['http://spam.example', true],
    [0, true],
  ])('treats %j as filled: %s', (value, expected) => {
    expect(isHoneypotFilled(value)).toBe(expected);
  });
});

describe('bannedWordMatcher', () => {
  const match = bannedWordMatcher(['дурак', 'ақымақ', 'мерзав*', 'spam']);

  it('matches a Cyrillic word case-insensitively', () => {
    expect(match('Сам ты ДУРАК.')).toEqual(['дурак']);
  });

  it('does not match inside a longer Cyrillic word (word boundaries work for Cyrillic)', () => {
    expect(match('Дураковы переехали в Актау')).toEqual([]);
  });

  it('matches a Kazakh word with its specific letters', () => {
    expect(match('Ол ақымақ емес')).toEqual(['ақымақ']);
  });

  it('matches every ending of a word listed with a trailing *', () => {
    expect(match('Какие мерзавцы!')).toEqual(['мерзав*']);
  });

  it('does not let a * word match in the middle of another word', () => {
    expect(match('безмерзавный')).toEqual([]);
  });

  it('sees through Latin look-alike letters and ё', () => {
    expect(bannedWordMatcher(['дурак'])('дypaк')).toEqual(['дурак']);
    expect(bannedWordMatcher(['ёж'])('ЕЖ')).toEqual(['ёж']);
  });

  it('matches Latin words too', () => {
    expect(match('buy SPAM now')).toEqual(['spam']);
  });

  it('treats regular-expression characters in a word literally', () => {
    expect(bannedWordMatcher(['a.b'])('axb')).toEqual([]);
    expect(bannedWordMatcher(['a.b'])('a.b')).toEqual(['a.b']);
  });

  it('ignores empty entries and a lone *', () => {
    expect(bannedWordMatcher(['', ' ', '*'])('что угодно')).toEqual([]);
  });
});

describe('foldForMatching', () => {
  it('lower-cases Cyrillic and maps Latin look-alikes to Cyrillic', () => {
    expect(foldForMatching('ПpИBET')).toBe('привет');
  });
});

describe('checkBody', () => {
  it('returns the normalised text of a valid comment', () => {
    expect(checkBody('  Отличная статья  ')).toBe('Отличная статья');
  });

  it('refuses fewer than 2 characters after trimming with body_too_short', () => {
    expect(codeOf(() => checkBody('  я  '))).toBe('body_too_short');
  });

  it('accepts exactly 2000 characters and refuses 2001 with body_too_long', () => {
    expect(codeOf(() => checkBody('ә'.repeat(2000)))).toBeUndefined();
    expect(codeOf(() => checkBody('ә'.repeat(2001)))).toBe('body_too_long');
  });

  it('accepts two links and refuses three with too_many_links', () => {
    expect(codeOf(() => checkBody('https://a.kz https://b.kz'))).toBeUndefined();
    expect(codeOf(() => checkBody('https://a.kz https://b.kz https://c.kz'))).toBe('too_many_links');
  });
});

describe('decideModeration', () => {
  it('publishes a trusted reader’s comment without links at once', () => {
    expect(decideModeration({ trusted: true, bannedWords: [], links: 0 })).toEqual({ status: 'approved', reasons: [], note: null });
  });

  it('holds a new reader’s comment for a moderator, saying why', () => {
    const decision = decideModeration({ trusted: false, bannedWords: [], links: 0 });
    expect(decision.status).toBe('pending');
    expect(decision.reasons).toEqual(['new_reader']);
    expect(decision.note).toContain('не доверенный');
  });

  it('holds a trusted reader’s comment with a banned word, naming the word for moderators', () => {
    const decision = decideModeration({ trusted: true, bannedWords: ['дурак'], links: 0 });
    expect(decision.status).toBe('pending');
    expect(decision.reasons).toEqual(['banned_words']);
    expect(decision.note).toContain('дурак');
  });

  it('holds a trusted reader’s comment with a link', () => {
    const decision = decideModeration({ trusted: true, bannedWords: [], links: 1 });
    expect(decision).toMatchObject({ status: 'pending', reasons: ['links'] });
    expect(decision.note).toContain('ссылки');
  });

  it('gives every reason that applies', () => {
    expect(decideModeration({ trusted: false, bannedWords: ['дурак'], links: 2 }).reasons).toEqual(['banned_words', 'links', 'new_reader']);
  });

  it('holds every comment of a reader the moderators keep on pre-moderation, trusted or not, saying why', () => {
    for (const trusted of [true, false]) {
      const decision = decideModeration({ trusted, premoderated: true, bannedWords: [], links: 0 });
      expect(decision).toEqual({
        status: 'pending',
        reasons: ['premoderated_reader'],
        note: 'Автоматически на проверку: модератор держит читателя на премодерации.',
      });
    }
  });
});

describe('earnedTrust', () => {
  it('trusts a reader with enough approved comments and none rejected', () => {
    expect(earnedTrust({ approved: 3, rejected: 0 }, 3)).toBe(true);
  });

  it('does not trust a reader with a rejected comment, too few approved ones, or when turned off', () => {
    expect(earnedTrust({ approved: 10, rejected: 1 }, 3)).toBe(false);
    expect(earnedTrust({ approved: 2, rejected: 0 }, 3)).toBe(false);
    expect(earnedTrust({ approved: 10, rejected: 0 }, 0)).toBe(false);
  });
});
