/**
 * Parsing of the query parameters of the comments function's own CMS routes
 * (`/api/comments/counts`, `/api/comments/readers/:id`). Pure, so it is unit
 * tested without Strapi. The function validates the same inputs first; these
 * checks keep the CMS safe on its own.
 */

/** Strapi 5 document ids are cuid2 strings: lower-case letters and digits. */
export const DOCUMENT_ID_PATTERN = /^[a-z0-9]{1,64}$/;

/** How many articles one counts request may ask about (a listing page shows far fewer). */
export const MAX_COUNT_ARTICLES = 100;

export class CommentQueryError extends Error {
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
    this.name = 'CommentQueryError';
  }
}

/**
 * `articles=a,b,c` (or the array qs makes of `articles[]=a&articles[]=b`) →
 * unique document ids, in the order given.
 */
export function parseArticleIds(raw: unknown): string[] {
  const parts = (Array.isArray(raw) ? raw : [raw]).flatMap((value) => (typeof value === 'string' ? value.split(',') : [value]));
  const ids: string[] = [];
  for (const part of parts) {
    if (typeof part !== 'string' || !DOCUMENT_ID_PATTERN.test(part.trim())) {
      throw new CommentQueryError(`articles must be a comma-separated list of document ids, got ${JSON.stringify(part)}`, 'articles');
    }
    const id = part.trim();
    if (!ids.includes(id)) ids.push(id);
  }
  if (ids.length === 0) throw new CommentQueryError('articles is required', 'articles');
  if (ids.length > MAX_COUNT_ARTICLES) {
    throw new CommentQueryError(`articles may list at most ${MAX_COUNT_ARTICLES} ids, got ${ids.length}`, 'articles');
  }
  return ids;
}

/** A users-permissions user id in a path: a positive integer. */
export function parseReaderId(raw: unknown): number {
  const id = typeof raw === 'string' && /^[1-9]\d{0,15}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(id)) throw new CommentQueryError(`reader id must be a positive integer, got ${JSON.stringify(raw)}`, 'id');
  return id;
}
