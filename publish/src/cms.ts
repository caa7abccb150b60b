/**
 * The few CMS reads the service makes itself (the builds read everything
 * else): which articles changed since a moment, for a catch-up after an
 * event that came without its entry; what "read next" needs to know of the
 * changed articles (related-dependents.ts).
 */
import { LOCALES, localeSchema, toQueryString, type StrapiQuery } from '@tilshi/shared-types';
import { z } from 'zod';
import { CmsRequestError } from './errors.ts';

const page = z.object({
  data: z.array(z.object({ documentId: z.string().min(1) })),
  meta: z.object({ pagination: z.object({ page: z.number(), pageCount: z.number() }) }),
});

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
const factsPage = z.object({
  data: z.array(factsSchema),
  meta: z.object({ pagination: z.object({ page: z.number(), pageCount: z.number() }) }),
});

export class CmsReader {
  readonly #url: string;
  readonly #token: string;

  constructor(url: string, token: string) {
    this.#url = url.replace(/\/+$/, '');
    this.#token = token;
  }

  async #page(path: string, query: StrapiQuery): Promise<z.infer<typeof page>> {
    return this.#get(path, query, page);
  }

  async #get<T>(path: string, query: StrapiQuery, schema: z.ZodType<T>): Promise<T> {
    const url = `${this.#url}${path}?${toQueryString(query)}`;
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' },
        signal: AbortSignal.timeout(15_000),
      });
    } catch (error) {
      throw new CmsRequestError(url, `no answer (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw new CmsRequestError(url, `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const parsed = schema.safeParse(await response.json());
    if (!parsed.success) throw new CmsRequestError(url, `unexpected answer (${z.prettifyError(parsed.error)})`);
    return parsed.data;
  }

  /** documentIds of the published articles (any locale) changed or published at or after `since`. */
  async articlesChangedSince(since: string): Promise<string[]> {
    const ids = new Set<string>();
    for (const locale of LOCALES) {
      for (let number = 1; ; number += 1) {
        const result = await this.#page('/api/articles', {
          locale,
          fields: ['updatedAt'],
          filters: { $or: [{ updatedAt: { $gte: since } }, { publishedAt: { $gte: since } }] },
          sort: ['id:asc'],
          pagination: { page: number, pageSize: 100 },
        });
        for (const item of result.data) ids.add(item.documentId);
        if (number >= result.meta.pagination.pageCount) break;
      }
    }
    return [...ids];
  }

  /** The published versions (every locale) of `documentIds` with their date, id, rubric, tags and event. */
  async articleFacts(documentIds: readonly string[]): Promise<ArticleFacts[]> {
    const out: ArticleFacts[] = [];
    for (const locale of LOCALES) {
      for (let start = 0; start < documentIds.length; start += 50) {
        const ids = documentIds.slice(start, start + 50);
        for (let number = 1; ; number += 1) {
          const result = await this.#get(
            '/api/articles',
            {
              locale,
              fields: ['publicationDate', 'publishedAt', 'locale'],
              filters: { documentId: { $in: ids } },
              populate: { rubric: { fields: ['documentId'] }, tags: { fields: ['documentId'] }, event: { fields: ['documentId'] } },
              sort: ['id:asc'],
              pagination: { page: number, pageSize: 100 },
            },
            factsPage,
          );
          out.push(...result.data);
          if (number >= result.meta.pagination.pageCount) break;
        }
      }
    }
    return out;
  }
}
