/**
 * Slugs for the seed's demo articles, made with the CMS's own transliteration
 * table (the `customReplacements` of the article's `slug` attribute in
 * cms/src/api/article/content-types/article/schema.json), so the scripts and
 * the panel agree on how Russian and Kazakh letters are spelled in URLs.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ARTICLE_SCHEMA = new URL('../../../cms/src/api/article/content-types/article/schema.json', import.meta.url);

const SlugOptions = z.object({
  attributes: z.object({
    slug: z.object({ options: z.object({ customReplacements: z.array(z.tuple([z.string(), z.string()])) }) }),
  }),
});

let table: Map<string, string> | undefined;

function replacements(): Map<string, string> {
  if (!table) {
    const parsed = SlugOptions.safeParse(JSON.parse(readFileSync(ARTICLE_SCHEMA, 'utf8')));
    if (!parsed.success) throw new Error(`${ARTICLE_SCHEMA.pathname}: attributes.slug.options.customReplacements is missing or malformed`);
    table = new Map(parsed.data.attributes.slug.options.customReplacements);
  }
  return table;
}

/** «В Актау отремонтируют 25 км дорог» → `v-aktau-otremontiruyut-25-km-dorog`, cut at a word boundary to `maxLength`. */
export function toSlug(text: string, maxLength = 120): string {
  const map = replacements();
  const latin = [...text].map((char) => map.get(char) ?? char).join('');
  const slug = latin
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut;
}
