import { describe, expect, it } from 'vitest';
import { labelMessages } from '../labels';
import { KK } from './kk';
import { RU } from './ru';
import { TILSHI_KK, TILSHI_RU } from './tilshi';

/** Placeholders of an ICU message ({name}, {count, plural, …}): the same in both languages. */
const placeholders = (message: string) => [...new Set([...message.matchAll(/\{(\w+)[,}]/g)].map((match) => match[1]))].sort();

describe('the Kazakh translation of the panel', () => {
  it('translates every message the newsroom had to have in Russian', () => {
    expect(Object.keys(RU).filter((id) => !(id in KK))).toEqual([]);
  });

  it('translates every message of the newsroom’s own panel parts', () => {
    expect(Object.keys(TILSHI_RU).filter((id) => !(id in TILSHI_KK))).toEqual([]);
  });

  it('keeps the placeholders of every message', () => {
    for (const [id, russian] of Object.entries({ ...RU, ...TILSHI_RU }))
      expect(placeholders(KK[id] ?? TILSHI_KK[id] ?? ''), id).toEqual(placeholders(russian));
  });

  it('has no message left in English', () => {
    const icuKeywords = /\b(select|plural|other|one|few|many|undefined|true|false)\b/g;
    const english = Object.entries({ ...KK, ...TILSHI_KK, ...labelMessages('kk') }).filter(([, message]) =>
      /\b(the|and|of|to|entry|entries|select|save|publish|other)\b/i.test(message.replace(icuKeywords, '')),
    );
    expect(english).toEqual([]);
  });

  it('names the content model under the ids Strapi looks up', () => {
    const kk = labelMessages('kk');
    expect(kk['content-manager.content-types.api::article.article.publicationDate']).toBe('Жариялану күні');
    expect(kk['content-manager.components.media.photo.credit']).toBe('Фото авторы');
    expect(kk.Article).toBe('Материалдар');
    expect(kk.pending).toBe('Тексеруді күтуде');
    expect(labelMessages('ru')['content-manager.content-types.api::comment.comment.moderationStatus']).toBe('Модерация');
  });
});
