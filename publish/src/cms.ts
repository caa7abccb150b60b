/**
 * The few CMS reads the service makes itself (the builds read everything
 * else): which articles changed since a moment, for a catch-up after an
 * event that came without its entry.
 */
import { LOCALES, toQueryString, type StrapiQuery } from '@tilshi/shared-types';
import { z } from 'zod';
import { CmsRequestError } from './errors.ts';

const page = z.object({
  data: z.array(z.object({ documentId: z.string().min(1) })),
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
    const url = `${this.#url}${path}?${toQueryString(query)}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { Authorization: `Bearer ${this.#token}`, Accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new CmsRequestError(url, `no answer (${error instanceof Error ? error.message : String(error)})`);
    }
    if (!response.ok) throw new CmsRequestError(url, `HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const parsed = page.safeParse(await response.json());
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
}
