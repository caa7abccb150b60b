/**
 * Find-or-create, the seed's one way of writing: a document is looked up by
 * its natural key (slug, or a credit's unique name) and created only when
 * missing, so running the seed again changes no counts. For localized types
 * the Russian version is found by its ru slug and the Kazakh version is
 * added to the same document (PUT ?locale=kk) when that document has none.
 */
import { z } from 'zod';
import type { Locale } from '@tilshi/shared-types';
import type { StrapiClient } from '@tilshi/strapi-client';

export type Tally = { created: number; existing: number };
export type LocalizedTally = Record<Locale, Tally>;

export const newTally = (): Tally => ({ created: 0, existing: 0 });
export const newLocalizedTally = (): LocalizedTally => ({ ru: newTally(), kk: newTally() });

const Keyed = z.looseObject({ documentId: z.string() });

/** key value → documentId of the documents of `api` whose `key` is one of `values` (in `locale`). */
export async function documentIdsByKey(
  rest: StrapiClient,
  api: string,
  key: string,
  values: string[],
  locale?: Locale,
): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  if (values.length === 0) return byKey;
  const items = await rest.find(api, { fields: [key], filters: { [key]: { $in: values } }, ...(locale ? { locale } : {}) }, Keyed);
  for (const item of items) {
    const value = item[key];
    if (typeof value === 'string') byKey.set(value, item.documentId);
  }
  return byKey;
}

/** Non-localized documents (credits by name, authors by slug): creates the missing ones. Returns key → documentId. */
export async function ensureDocuments<T extends Record<string, unknown>>(
  rest: StrapiClient,
  api: string,
  key: keyof T & string,
  items: T[],
  tally: Tally,
): Promise<Map<string, string>> {
  const keys = items.map((item): unknown => item[key]).filter((value): value is string => typeof value === 'string');
  const existing = await documentIdsByKey(rest, api, key, keys);
  for (const item of items) {
    const value = item[key];
    if (typeof value !== 'string') throw new Error(`seed data for ${api}: "${key}" must be a string`);
    if (existing.has(value)) {
      tally.existing += 1;
      continue;
    }
    const created = await rest.create(api, item);
    existing.set(value, created.documentId);
    tally.created += 1;
  }
  return existing;
}

export type LocalizedItem = { ru: Record<string, unknown> & { slug: string }; kk: Record<string, unknown> & { slug: string } };

/**
 * Localized documents: the ru version (found by its ru slug) and its kk version.
 * Returns ru slug → documentId.
 */
export async function ensureLocalizedDocuments(
  rest: StrapiClient,
  api: string,
  items: LocalizedItem[],
  tally: LocalizedTally,
): Promise<Map<string, string>> {
  const ruIds = await documentIdsByKey(
    rest,
    api,
    'slug',
    items.map((item) => item.ru.slug),
    'ru',
  );
  const kkIds = new Set((await documentIdsByKey(rest, api, 'documentId', [...ruIds.values()], 'kk')).values());
  for (const item of items) {
    let documentId = ruIds.get(item.ru.slug);
    if (documentId) {
      tally.ru.existing += 1;
    } else {
      documentId = (await rest.create(api, item.ru, { locale: 'ru' })).documentId;
      ruIds.set(item.ru.slug, documentId);
      tally.ru.created += 1;
    }
    if (kkIds.has(documentId)) {
      tally.kk.existing += 1;
    } else {
      await rest.update(api, documentId, item.kk, { locale: 'kk' });
      kkIds.add(documentId);
      tally.kk.created += 1;
    }
  }
  return ruIds;
}

/** The documentId of each key, or an error naming the seed data that refers to a missing entry. */
export function idsOf(map: Map<string, string>, keys: readonly string[], what: string): string[] {
  return keys.map((key) => {
    const id = map.get(key);
    if (!id) throw new Error(`seed data refers to ${what} "${key}", which the seed did not create`);
    return id;
  });
}
