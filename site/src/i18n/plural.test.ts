import { describe, expect, it } from 'vitest';
import { accountUi } from './account.ts';
import { commentFormUi } from './comment-form.ts';
import { commentCountLabel, commentsUi, t } from './index.ts';
import { kk } from './kk.ts';
import { ru } from './ru.ts';

describe('commentCountLabel', () => {
  it('uses the Russian one/few/many forms for 0, 1, 2, 5, 21, 22 and 11', () => {
    expect(commentCountLabel(0, 'ru')).toBe('0 комментариев');
    expect(commentCountLabel(1, 'ru')).toBe('1 комментарий');
    expect(commentCountLabel(2, 'ru')).toBe('2 комментария');
    expect(commentCountLabel(5, 'ru')).toBe('5 комментариев');
    expect(commentCountLabel(21, 'ru')).toBe('21 комментарий');
    expect(commentCountLabel(22, 'ru')).toBe('22 комментария');
    expect(commentCountLabel(11, 'ru')).toBe('11 комментариев');
  });

  it('keeps the Kazakh noun unchanged after any number', () => {
    expect(commentCountLabel(0, 'kk')).toBe('0 пікір');
    expect(commentCountLabel(1, 'kk')).toBe('1 пікір');
    expect(commentCountLabel(2, 'kk')).toBe('2 пікір');
    expect(commentCountLabel(5, 'kk')).toBe('5 пікір');
    expect(commentCountLabel(21, 'kk')).toBe('21 пікір');
  });
});

describe('dictionaries', () => {
  it('give Kazakh every key Russian has, with a non-empty value', () => {
    expect(Object.keys(kk).sort()).toEqual(Object.keys(ru).sort());
    for (const [key, value] of Object.entries(t('kk'))) {
      if (typeof value === 'string') expect(value, key).not.toBe('');
    }
  });

  it('translate every Kazakh string rather than copying the Russian one', () => {
    const russian = new Map<string, unknown>(Object.entries(ru));
    const sharedWords = ['photo', 'tag', 'author'];
    const same = Object.entries(kk).filter(
      ([key, value]) => typeof value === 'string' && value === russian.get(key) && !sharedWords.includes(key),
    );
    expect(same).toEqual([]);
  });
});

describe('the browser strings of the comments island and the sign-in pages', () => {
  it('give Kazakh every key Russian has, each translated (the island’s, the form’s and the account pages’ strings)', () => {
    for (const dictionary of [commentsUi, commentFormUi, accountUi]) {
      expect(Object.keys(dictionary.kk).sort()).toEqual(Object.keys(dictionary.ru).sort());
      const russian = new Map<string, unknown>(Object.entries(dictionary.ru));
      for (const [key, value] of Object.entries(dictionary.kk)) {
        if (typeof value === 'string') {
          expect(value, key).not.toBe('');
          expect(value, key).not.toBe(russian.get(key));
        }
      }
    }
    expect(commentFormUi.kk.signedInAs('aigerim')).toContain('aigerim');
    expect(commentFormUi.ru.commentHint(2, 2000, 2)).toContain('2000');
    expect(accountUi.kk.phoneDone('67')).toContain('67');
  });
});
