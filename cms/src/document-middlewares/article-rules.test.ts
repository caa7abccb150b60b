import { describe, expect, it } from 'vitest';
import { photoProblems } from './article-rules';

const credit = { name: 'ЦОК Мангистауской области' };
const image = { name: 'open-day.jpg' };

describe('photoProblems', () => {
  it('accepts an article whose photos all have alt text and a credit', () => {
    expect(photoProblems({ documentId: 'a', locale: 'ru', cover: { alt: 'Участники встречи', credit, image }, gallery: [{ alt: 'Зал', credit, image }] })).toEqual([]);
  });

  it('accepts an article without photos', () => {
    expect(photoProblems({ documentId: 'a', locale: 'ru', cover: null, gallery: [] })).toEqual([]);
  });

  it('names the cover and the file when the credit is missing', () => {
    expect(photoProblems({ documentId: 'a', locale: 'ru', cover: { alt: 'Участники', credit: null, image } })).toEqual([
      'главное фото (cover) «open-day.jpg»: не указан автор или источник (credit)',
    ]);
  });

  it('names the gallery position when alt text is blank', () => {
    const problems = photoProblems({ documentId: 'a', locale: 'kk', gallery: [{ alt: 'ok', credit, image }, { alt: '  ', credit, image }] });
    expect(problems).toEqual(['фото №2 галереи (gallery) «open-day.jpg»: нет альтернативного текста (alt)']);
  });

  it("refuses the importer's photo-pending placeholder", () => {
    const placeholder = { name: 'tilshi-importer-photo-pending.jpg' };
    expect(photoProblems({ documentId: 'a', locale: 'ru', gallery: [{ alt: 'Фото ожидается', credit, image: placeholder }] })).toEqual([
      'фото №1 галереи (gallery): это заглушка импорта — загрузите настоящий снимок',
    ]);
  });
});
