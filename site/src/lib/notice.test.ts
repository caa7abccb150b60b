import { describe, expect, it } from 'vitest';
import { linkSegments } from './notice.ts';

const links = [
  { word: 'зарегистрируйтесь', href: '/register/' },
  { word: 'авторизуйтесь', href: '/login/' },
];

describe('linkSegments', () => {
  it('links the register and login words of the settings notice, keeping the editor’s wording', () => {
    expect(linkSegments('Только для своих. Зарегистрируйтесь либо авторизуйтесь.', links)).toEqual([
      { text: 'Только для своих. ' },
      { text: 'Зарегистрируйтесь', href: '/register/' },
      { text: ' либо ' },
      { text: 'авторизуйтесь', href: '/login/' },
      { text: '.' },
    ]);
  });

  it('gives up when a link word is missing, so the page never shows a notice without its links', () => {
    expect(linkSegments('Комментарии закрыты.', links)).toBeNull();
  });
});
