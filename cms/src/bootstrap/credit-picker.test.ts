import { describe, expect, it } from 'vitest';
import { rankCredits, searchKey, type CreditRow } from './credit-picker';

const credit = (id: number, name: string): CreditRow => ({
  id,
  documentId: `d${id}`,
  name,
  publishedAt: null,
  updatedAt: '2026-01-01T00:00:00.000Z',
});
const credits = [
  credit(1, 'Айгерим Сарсенова'),
  credit(2, 'ЦОК Мангистауской области'),
  credit(3, 'Акимат Актау'),
  credit(4, 'Фёдор Ёлкин'),
];

describe('the photo credit picker', () => {
  it('puts the most used credits first, then the rest by name', () => {
    const uses = new Map([
      [2, 12],
      [3, 3],
    ]);
    expect(rankCredits(credits, uses, '').map((c) => c.id)).toEqual([2, 3, 1, 4]);
  });

  it('finds Cyrillic names whatever the letter case, ё as е', () => {
    expect(rankCredits(credits, new Map(), 'цок').map((c) => c.name)).toEqual(['ЦОК Мангистауской области']);
    expect(rankCredits(credits, new Map(), 'ФЕДОР').map((c) => c.name)).toEqual(['Фёдор Ёлкин']);
    expect(rankCredits(credits, new Map(), '  актау ').map((c) => c.id)).toEqual([3]);
  });

  it('folds letter case the Russian way', () => {
    expect(searchKey('ЁЛКА Ақтау')).toBe('елка ақтау');
  });
});
