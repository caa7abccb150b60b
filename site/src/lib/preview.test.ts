import { describe, expect, it } from 'vitest';
import { previewNote } from './preview.ts';

describe('the note above a preview', () => {
  it('says which version it shows and that the other language is on the site', () => {
    expect(previewNote('kk', 'draft', [{ locale: 'ru', slug: 'port', path: '/news/port/' }])).toBe(
      'Жоба алдын ала қарау: материал жарияланғаннан кейін осылай көрінеді. Орысша нұсқасы сайтта жарияланған.',
    );
  });

  it('says when the other language is not published, and that this is the published version', () => {
    expect(previewNote('ru', 'published', [])).toBe(
      'Предпросмотр опубликованной версии: так материал выглядит на сайте. Казахская версия на сайте не опубликована: переключатель языка покажет её после публикации.',
    );
  });
});
