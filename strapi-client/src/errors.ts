/**
 * The client's named errors. Each message says what failed and where, in
 * words a person can act on ("POST /api/articles?locale=kk → 400
 * ValidationError: cover.alt must be defined. (path: cover.alt)"); none
 * contains the API token.
 */
import { z } from 'zod';

/** Strapi's error body: `{ data: null, error: { status, name, message, details } }`, read leniently. */
export const errorBody = z.object({
  error: z.object({
    status: z.number().optional(),
    name: z.string().optional(),
    message: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
const detailErrors = z.object({
  errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).optional(), message: z.string().optional() })),
});

/** The client cannot reach Strapi as configured (e.g. a token is missing from the environment). */
export class StrapiConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrapiConfigError';
  }
}

export type RequestErrorInit = {
  method: string;
  /** The path and query as sent, relative to the base URL: `/api/articles?locale=kk`. */
  path: string;
  /** The absolute URL of the request. */
  url: string;
  /** HTTP status; null when no response arrived. */
  status: number | null;
  /** Strapi's error name (ValidationError, NotFoundError…) or the client's (UnexpectedResponse). */
  errorName?: string | null;
  message: string;
  details?: unknown;
  cause?: unknown;
};

/** A request Strapi answered with an error status (after the retries the policy allows). */
export class StrapiRequestError extends Error {
  readonly method: string;
  readonly path: string;
  readonly url: string;
  readonly status: number | null;
  readonly errorName: string | null;
  readonly strapiMessage: string;
  readonly details: unknown;

  constructor(init: RequestErrorInit) {
    super(formatRequestError(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'StrapiRequestError';
    this.method = init.method;
    this.path = init.path;
    this.url = init.url;
    this.status = init.status;
    this.errorName = init.errorName ?? null;
    this.strapiMessage = init.message;
    this.details = init.details;
  }
}

/** No answer at all after every attempt: Strapi is not running, not at this URL, or too slow. */
export class StrapiUnreachableError extends StrapiRequestError {
  readonly attempts: number;
  /** True when the last attempt ran out of time (rather than being refused or reset). */
  readonly timedOut: boolean;

  constructor(init: { method: string; path: string; url: string; baseUrl: string; attempts: number; cause: unknown }) {
    super({
      method: init.method,
      path: init.path,
      url: init.url,
      status: null,
      message: `Strapi is not reachable at ${init.baseUrl} (${describeNetworkError(init.cause)}; ${init.attempts} attempt(s))`,
      cause: init.cause,
    });
    this.name = 'StrapiUnreachableError';
    this.attempts = init.attempts;
    this.timedOut = init.cause instanceof Error && init.cause.name === 'TimeoutError';
  }
}

/** Strapi answered, but not with what its REST API promises (not JSON, not a page, inconsistent paging). */
export class StrapiResponseError extends StrapiRequestError {
  constructor(init: { method?: string; path: string; url: string; status?: number; message: string; cause?: unknown }) {
    super({ method: init.method ?? 'GET', status: init.status ?? 200, errorName: 'UnexpectedResponse', ...init });
    this.name = 'StrapiResponseError';
  }
}

function formatRequestError(init: RequestErrorInit): string {
  const shownPath = init.path.length > 140 ? `${init.path.slice(0, 140)}…` : init.path;
  const head = `${init.method} ${shownPath} → ${init.status ?? 'no response'}${init.errorName ? ` ${init.errorName}` : ''}`;
  const parsed = detailErrors.safeParse(init.details);
  if (parsed.success && parsed.data.errors.length > 0) {
    const items = parsed.data.errors.map(
      (item) => `${item.message ?? 'invalid'}${item.path?.length ? ` (path: ${item.path.join('.')})` : ''}`,
    );
    // A single error repeats Strapi's message: show it once, with its path.
    return items.length === 1 ? `${head}: ${items[0]}` : `${head}: ${init.message}: ${items.join('; ')}`;
  }
  return `${head}: ${init.message}`;
}

export function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    const cause: unknown = error.cause;
    if (cause instanceof Error) {
      const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
      return code ? `${code}: ${cause.message}` : cause.message;
    }
    return error.name === 'TimeoutError' ? 'request timed out' : error.message;
  }
  return String(error);
}

/** Path of a validation issue as people write it: cover.alt, gallery[1].credit.name. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? String(segment) : `.${String(segment)}`;
  }
  return out === '' ? '(the entry itself)' : out;
}

/**
 * An entry does not match its shared schema: the caller stops here, naming
 * the collection, the entry, its locale and the field, e.g.
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
