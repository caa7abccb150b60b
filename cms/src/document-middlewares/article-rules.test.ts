import { describe, expect, it } from 'vitest';
import { describePhotoIssue, photoIssues, photoProblems, photoRulesError } from './article-rules';

const credit = { name: 'ЦОК Мангистауской области' };
const image = { name: 'open-day.jpg' };

describe('photoProblems', () => {
  it('accepts an article whose photos all have alt text and a credit', () => {
    expect(
      photoProblems({
        documentId: 'a',
        locale: 'ru',
        cover: { alt: 'Участники встречи', credit, image },
        gallery: [{ alt: 'Зал', credit, image }],
      }),
    ).toEqual([]);
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
    const problems = photoProblems({
      documentId: 'a',
      locale: 'kk',
      gallery: [
        { alt: 'ok', credit, image },
        { alt: '  ', credit, image },
      ],
    });
    expect(problems).toEqual(['фото №2 галереи (gallery) «open-day.jpg»: нет альтернативного текста (alt)']);
  });

  it("refuses the importer's photo-pending placeholder", () => {
    const placeholder = { name: 'tilshi-importer-photo-pending.jpg' };
    expect(photoProblems({ documentId: 'a', locale: 'ru', gallery: [{ alt: 'Фото ожидается', credit, image: placeholder }] })).toEqual([
      'фото №1 галереи (gallery): это заглушка импорта — загрузите настоящий снимок',
    ]);
  });
});

describe('photoIssues and the refusal', () => {
  it('names the form field to fix for the cover and for a gallery photo', () => {
    const issues = photoIssues({
      documentId: 'a',
      locale: 'ru',
      cover: { alt: '', credit, image },
      gallery: [
        { alt: 'ok', credit, image },
        { alt: 'ok', credit: null, image },
      ],
    });
    expect(issues.map((issue) => issue.path.join('.'))).toEqual(['cover.alt', 'gallery.1.credit']);
  });

  it('says what is missing in Kazakh for a Kazakh-speaking editor', () => {
    const [issue] = photoIssues({ documentId: 'a', locale: 'kk', cover: { alt: 'Зал', credit: null, image } });
    expect(issue && describePhotoIssue(issue, 'kk')).toBe(
      'басты фото (cover) «open-day.jpg»: фото авторы немесе дереккөзі көрсетілмеген (credit)',
    );
  });

  it('marks fields only when one locale version is published, and always lists every problem', () => {
    const issues = photoIssues({ documentId: 'a', locale: 'ru', cover: { alt: '', credit: null, image } }).map((issue) => ({
      ...issue,
      locale: 'ru',
    }));
    const single = photoRulesError(issues, true);
    expect(single.message).toMatch(/^Материал нельзя опубликовать/);
    expect(single.details).toMatchObject({
      problems: [
        '[ru] главное фото (cover) «open-day.jpg»: нет альтернативного текста (alt)',
        '[ru] главное фото (cover) «open-day.jpg»: не указан автор или источник (credit)',
      ],
      errors: [
        { path: ['cover', 'alt'], message: 'Заполните альтернативный текст: что изображено на фото.' },
        { path: ['cover', 'credit'], message: 'Укажите автора или источник фото.' },
      ],
    });
    expect(photoRulesError(issues, false).details).toMatchObject({ errors: [] });
  });
});
