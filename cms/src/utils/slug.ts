/**
 * Slugs from Russian and Kazakh titles.
 *
 * The transliteration map lives in one place: the `options` of the article's
 * `slug` uid attribute (schema.json). Strapi's panel passes those options to
 * @sindresorhus/slugify when an editor clicks "regenerate", and this module
 * passes the very same options, so a slug made by the API, the seed or the
 * importer equals the one the panel would make.
 */
import slugify from '@sindresorhus/slugify';
import articleSchema from '../api/article/content-types/article/schema.json';

export type SlugOptions = {
  decamelize: boolean;
  customReplacements: Array<[string, string]>;
};

function readSlugOptions(): SlugOptions {
  const options: unknown = articleSchema.attributes.slug.options;
  if (typeof options !== 'object' || options === null || !('customReplacements' in options) || !Array.isArray(options.customReplacements)) {
    throw new Error('article schema: attributes.slug.options.customReplacements is missing');
  }
  const pairs = options.customReplacements.map((pair: unknown, index: number): [string, string] => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
      throw new Error(`article schema: attributes.slug.options.customReplacements[${index}] must be [from, to]`);
    }
    return [pair[0], pair[1]];
  });
  return { decamelize: false, customReplacements: pairs };
}

export const SLUG_OPTIONS: SlugOptions = readSlugOptions();

/** `В Актау был проведён…` → `v-aktau-byl-proveden…`; `Ақтау және…` → `aqtau-zhane…`. */
export function toSlug(text: string, maxLength = 120): string {
  const slug = slugify(text, SLUG_OPTIONS);
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf('-');
  return lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut;
}
