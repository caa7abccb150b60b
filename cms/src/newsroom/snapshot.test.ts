import { describe, expect, it } from 'vitest';
import { blocksToLines, compareSnapshots, diffLines, snapshotOf, type ModelShape } from './snapshot';

/** The shape of the article model as far as these tests need it (the real one is read from Strapi in history.ts). */
const photo: ModelShape = {
  fields: [
    ['image', { type: 'media', multiple: false }],
    ['alt', { type: 'string' }],
    ['credit', { type: 'relation', relation: 'oneToOne', target: 'api::credit.credit' }],
  ],
  component: () => photo,
};
const article: ModelShape = {
  fields: [
    ['title', { type: 'string' }],
    ['lead', { type: 'text' }],
    ['body', { type: 'blocks' }],
    ['publicationDate', { type: 'datetime' }],
    ['cover', { type: 'component', component: 'media.photo', repeatable: false }],
    ['tags', { type: 'relation', relation: 'manyToMany', target: 'api::tag.tag' }],
    ['rubric', { type: 'relation', relation: 'manyToOne', target: 'api::rubric.rubric' }],
  ],
  component: () => photo,
};

const paragraph = (text: string) => ({ type: 'paragraph', children: [{ type: 'text', text }] });

describe('snapshotOf', () => {
  it('keeps scalars and blocks as stored, relations as document ids with their label, media as id and name, components nested', () => {
    const row = {
      id: 7,
      title: 'Паром ушёл в Баку',
      lead: 'Лид.',
      body: [paragraph('Первый абзац.')],
      publicationDate: null,
      cover: {
        id: 3,
        image: { id: 11, name: 'ferry.jpg', url: '/uploads/ferry.jpg', size: 100 },
        alt: 'Паром у причала',
        credit: { id: 2, documentId: 'c1', name: 'ЦОК', locale: null },
      },
      tags: [
        { id: 1, documentId: 't1', name: 'Порт', locale: 'ru' },
        { id: 2, documentId: 't2', name: 'Каспий', locale: 'ru' },
      ],
      rubric: null,
    };
    expect(snapshotOf(article, row)).toEqual({
      title: 'Паром ушёл в Баку',
      lead: 'Лид.',
      body: [paragraph('Первый абзац.')],
      publicationDate: null,
      cover: {
        image: { id: 11, name: 'ferry.jpg', url: '/uploads/ferry.jpg' },
        alt: 'Паром у причала',
        credit: { documentId: 'c1', label: 'ЦОК', locale: null },
      },
      tags: [
        { documentId: 't1', label: 'Порт', locale: 'ru' },
        { documentId: 't2', label: 'Каспий', locale: 'ru' },
      ],
      rubric: null,
    });
  });
});

describe('blocksToLines', () => {
  it('gives one line per paragraph, heading, quote and list item, with their marks', () => {
    const blocks = [
      { type: 'heading', level: 2, children: [{ type: 'text', text: 'Итоги' }] },
      paragraph('Текст со '),
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: 'ссылкой ' },
          { type: 'link', url: 'https://x.kz', children: [{ type: 'text', text: 'сюда' }] },
        ],
      },
      { type: 'quote', children: [{ type: 'text', text: 'Цитата' }] },
      {
        type: 'list',
        format: 'ordered',
        children: [
          { type: 'list-item', children: [{ type: 'text', text: 'раз' }] },
          { type: 'list-item', children: [{ type: 'text', text: 'два' }] },
        ],
      },
      { type: 'image', image: { name: 'photo.jpg' }, children: [] },
    ];
    expect(blocksToLines(blocks)).toEqual([
      '## Итоги',
      'Текст со',
      'ссылкой сюда',
      '> Цитата',
      '1. раз',
      '2. два',
      '[изображение: photo.jpg]',
    ]);
  });

  it('gives no lines for an empty or missing body', () => {
    expect(blocksToLines(null)).toEqual([]);
    expect(blocksToLines([paragraph('')])).toEqual([]);
  });
});

describe('diffLines', () => {
  it('keeps common lines and marks what was removed and added, in order', () => {
    expect(diffLines(['а', 'б', 'в'], ['а', 'Б', 'в', 'г'])).toEqual([
      { op: 'same', text: 'а' },
      { op: 'removed', text: 'б' },
      { op: 'added', text: 'Б' },
      { op: 'same', text: 'в' },
      { op: 'added', text: 'г' },
    ]);
  });

  it('handles empty sides', () => {
    expect(diffLines([], ['новое'])).toEqual([{ op: 'added', text: 'новое' }]);
    expect(diffLines(['старое'], [])).toEqual([{ op: 'removed', text: 'старое' }]);
  });
});

describe('compareSnapshots', () => {
  const before = snapshotOf(article, {
    title: 'Старый заголовок',
    lead: 'Лид.',
    body: [paragraph('Абзац один.'), paragraph('Абзац два.')],
    tags: [{ documentId: 't1', name: 'Порт' }],
    rubric: { documentId: 'r1', name: 'Общество' },
  });

  it('names only the fields that changed, with a line diff of each', () => {
    const after = { ...before, title: 'Новый заголовок', body: [paragraph('Абзац один.'), paragraph('Абзац два, исправленный.')] };
    expect(compareSnapshots(article, before, after)).toEqual([
      {
        field: 'title',
        lines: [
          { op: 'removed', text: 'Старый заголовок' },
          { op: 'added', text: 'Новый заголовок' },
        ],
      },
      {
        field: 'body',
        lines: [
          { op: 'same', text: 'Абзац один.' },
          { op: 'removed', text: 'Абзац два.' },
          { op: 'added', text: 'Абзац два, исправленный.' },
        ],
      },
    ]);
  });

  it('compares relations by what editors see: their names', () => {
    const after = {
      ...before,
      tags: [
        { documentId: 't1', label: 'Порт', locale: null },
        { documentId: 't9', label: 'Каспий', locale: null },
      ],
      rubric: null,
    };
    expect(compareSnapshots(article, before, after)).toEqual([
      {
        field: 'tags',
        lines: [
          { op: 'same', text: 'Порт' },
          { op: 'added', text: 'Каспий' },
        ],
      },
      { field: 'rubric', lines: [{ op: 'removed', text: 'Общество' }] },
    ]);
  });

  it('shows a photo’s fields by name and dates in Aktau time', () => {
    const withPhoto = {
      ...before,
      publicationDate: '2026-03-01T05:30:00.000Z',
      cover: { image: { id: 1, name: 'a.jpg', url: null }, alt: 'Порт', credit: null },
    };
    const [date, cover] = compareSnapshots(article, before, withPhoto);
    expect(date?.field).toBe('publicationDate');
    expect(date?.lines[0]?.text).toMatch(/1 марта 2026 г\.,? (в )?10:30/);
    expect(cover).toEqual({
      field: 'cover',
      lines: [
        { op: 'added', text: 'файл: a.jpg' },
        { op: 'added', text: 'alt: Порт' },
      ],
    });
  });

  it('treats everything filled as a change for the first version', () => {
    expect(compareSnapshots(article, null, before).map((change) => change.field)).toEqual(['title', 'lead', 'body', 'tags', 'rubric']);
  });

  it('finds no change between equal snapshots', () => {
    expect(compareSnapshots(article, before, structuredClone(before))).toEqual([]);
  });
});
