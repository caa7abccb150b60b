/**
 * The few CMS reads the service makes itself (the builds read everything
 * else): which articles changed since a moment, for a catch-up after an
 * event that came without its entry; what "read next" needs to know of the
 * changed articles (related-dependents.ts).
 */
import { LOCALES, localeSchema } from '@tilshi/shared-types';
import { StrapiClient } from '@tilshi/strapi-client';
import { z } from 'zod';

const ref = z.object({ documentId: z.string().min(1) });
const factsSchema = z.object({
  id: z.number().int(),
  documentId: z.string().min(1),
  locale: localeSchema,
  publicationDate: z.string().nullable(),
  publishedAt: z.string(),
  rubric: ref.nullable(),
  tags: z.array(ref),
  event: ref.nullable(),
});
/** What "read next" knows of an article version (its date, id and groups). */
export type ArticleFacts = z.infer<typeof factsSchema>;

/** How many documentIds one `$in` filter carries (the query string stays well under URL limits). */
const IDS_PER_REQUEST = 50;

export class CmsReader {
  readonly #client: StrapiClient;

  constructor(url: string, token: string) {
    this.#client = new StrapiClient({ baseUrl: url, token, timeoutMs: 15_000 });
  }

  /** documentIds of the published articles (any locale) changed or published at or after `since`. */
  async articlesChangedSince(since: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const locale of LOCALES) {
      const query = {
        locale,
        fields: ['updatedAt'],
        filters: { $or: [{ updatedAt: { $gte: since } }, { publishedAt: { $gte: since } }] },
        sort: ['id:asc'],
      };
      for (const raw of await this.#client.getAll('/api/articles', query)) {
        ids.add(this.#client.parse(ref, raw, { path: this.#client.pathOf('/api/articles', query) }).documentId);
      }
    }
    return [...ids];
  }

  /** How many published article versions there are, over every locale (a full build renders a page for each). */
  async articleVersions(): Promise<number> {
    let total = 0;
    for (const locale of LOCALES) total += await this.#client.count('articles', { locale });
    return total;
  }

  /** The published versions (every locale) of `documentIds` with their date, id, rubric, tags and event. */
  async articleFacts(documentIds: readonly string[]): Promise<ArticleFacts[]> {
    // Every locale at once (a publish waits for these before its build starts); the batches of one in a row.
    const perLocale = await Promise.all(
      LOCALES.map(async (locale) => {
        const out: ArticleFacts[] = [];
        for (let start = 0; start < documentIds.length; start += IDS_PER_REQUEST) {
          const query = {
            locale,
            fields: ['publicationDate', 'publishedAt', 'locale'],
            filters: { documentId: { $in: documentIds.slice(start, start + IDS_PER_REQUEST) } },
            populate: { rubric: { fields: ['documentId'] }, tags: { fields: ['documentId'] }, event: { fields: ['documentId'] } },
            sort: ['id:asc'],
          };
          for (const raw of await this.#client.getAll('/api/articles', query)) {
            out.push(this.#client.parse(factsSchema, raw, { path: this.#client.pathOf('/api/articles', query) }));
          }
        }
        return out;
      }),
    );
    return perLocale.flat();
  }
}
