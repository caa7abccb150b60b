/**
 * Named errors of the Strapi client and loader. Each message says what failed
 * and where, in words a person can act on; none contains the API token.
 */
import type { z } from 'zod';

/** The build cannot reach Strapi as configured (e.g. STRAPI_SITE_TOKEN is missing). */
export class StrapiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrapiConfigError';
  }
}

/** Strapi answered with an HTTP error status (after retries, for 5xx). */
export class StrapiHttpError extends Error {
  readonly url: string;
  readonly status: number;
  readonly body: string;

  constructor(url: string, status: number, body: string) {
    super(`Strapi answered ${status} for GET ${url}${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'StrapiHttpError';
    this.url = url;
    this.status = status;
    this.body = body;
  }
}

/** The request never got an answer: network failure or timeout, after every retry. */
export class StrapiNetworkError extends Error {
  readonly url: string;
  readonly attempts: number;

  constructor(url: string, attempts: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Strapi did not answer GET ${url} after ${attempts} attempt(s): ${reason}`, { cause });
    this.name = 'StrapiNetworkError';
    this.url = url;
    this.attempts = attempts;
  }
}

/** The answer is not the envelope Strapi's REST API promises ({ data, meta }), or paging was inconsistent. */
export class StrapiResponseError extends Error {
  readonly url: string;

  constructor(url: string, detail: string) {
    super(`Unexpected response for GET ${url}: ${detail}`);
    this.name = 'StrapiResponseError';
    this.url = url;
  }
}

/** Path of a zod issue as people write it: cover.alt, gallery[1].credit.name. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(the entry itself)' : out;
}

/**
 * An entry does not match the shared schema: the build stops here, naming the
 * collection, the entry, its locale and the field, e.g.
 * `articles: entry x8f2… (kk) is invalid at cover.alt: Invalid input: expected string, received null`.
 */
export class StrapiValidationError extends Error {
  readonly collection: string;
  readonly documentId: string;
  readonly locale: string | null;
  readonly issues: ReadonlyArray<{ path: string; message: string }>;

  constructor(collection: string, documentId: string, locale: string | null, zodError: z.ZodError) {
    const issues = zodError.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
    const first = issues[0] ?? { path: '(unknown)', message: 'invalid' };
    const more =
      issues.length > 1
        ? ` (and ${issues.length - 1} more: ${issues
            .slice(1, 4)
            .map((i) => i.path)
            .join(', ')})`
        : '';
    super(
      `${collection}: entry ${documentId}${locale ? ` (${locale})` : ''} is invalid at ${first.path}: ${first.message}${more}. ` +
        'Fix the entry in the CMS (or the schema in shared-types) and build again.',
    );
    this.name = 'StrapiValidationError';
    this.collection = collection;
    this.documentId = documentId;
    this.locale = locale;
    this.issues = issues;
  }
}
