/**
 * The scripts' one Strapi REST client (seed, importer, tests): HTTP, query
 * serialisation (`qs`, the format Strapi parses), paging over every page,
 * retries with backoff, and errors that say what failed and why
 * ("POST /api/articles → 400 ValidationError: … (path: cover.alt)").
 * Responses are validated with zod schemas given by the caller, so nothing
 * downstream handles `any`.
 */
import qs from 'qs';
import { z } from 'zod';

export type Query = Record<string, unknown>;

/**
 * What the client validates responses with: anything with zod's `safeParse`.
 * Structural on purpose, so schemas from another copy or version of zod (the
 * CMS tests resolve a different one) are accepted too.
 */
export type Parser<T> = {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
};
export type Locale = 'ru' | 'kk';
export type WriteOptions = { locale?: Locale; status?: 'draft' | 'published' };

/** A document as Strapi returns it: flattened fields plus ids. */
export const DocumentRef = z.looseObject({ id: z.number(), documentId: z.string() });
export type DocumentRef = z.infer<typeof DocumentRef>;

export const UploadedFile = z.looseObject({
  id: z.number(),
  documentId: z.string().optional(),
  name: z.string(),
  url: z.string(),
  mime: z.string().optional(),
  width: z.number().nullable().optional(),
  height: z.number().nullable().optional(),
  alternativeText: z.string().nullable().optional(),
});
export type UploadedFile = z.infer<typeof UploadedFile>;

const Pagination = z.object({ page: z.number(), pageSize: z.number(), pageCount: z.number(), total: z.number() });
const CollectionEnvelope = z.object({ data: z.array(z.unknown()), meta: z.object({ pagination: Pagination }) });
const SingleEnvelope = z.object({ data: z.unknown() });
const ErrorEnvelope = z.object({
  error: z.object({
    status: z.number().optional(),
    name: z.string().optional(),
    message: z.string().optional(),
    details: z.unknown().optional(),
  }),
});
const DetailErrors = z.object({
  errors: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])).optional(), message: z.string().optional() })),
});

/** A request Strapi answered with an error, or whose answer was not what the API promises. */
export class StrapiRequestError extends Error {
  readonly method: string;
  readonly path: string;
  /** HTTP status; null when no response arrived. */
  readonly status: number | null;
  /** Strapi's error name, e.g. ValidationError, NotFoundError. */
  readonly errorName: string | null;
  readonly strapiMessage: string;
  readonly details: unknown;

  constructor(init: {
    method: string;
    path: string;
    status: number | null;
    errorName?: string | null;
    message: string;
    details?: unknown;
    cause?: unknown;
  }) {
    super(StrapiRequestError.#format(init), init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'StrapiRequestError';
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.errorName = init.errorName ?? null;
    this.strapiMessage = init.message;
    this.details = init.details;
  }

  static #format(init: {
    method: string;
    path: string;
    status: number | null;
    errorName?: string | null;
    message: string;
    details?: unknown;
  }): string {
    const shownPath = init.path.length > 140 ? `${init.path.slice(0, 140)}…` : init.path;
    const head = `${init.method} ${shownPath} → ${init.status ?? 'no response'}${init.errorName ? ` ${init.errorName}` : ''}`;
    const parsed = DetailErrors.safeParse(init.details);
    if (parsed.success && parsed.data.errors.length > 0) {
      const items = parsed.data.errors.map(
        (item) => `${item.message ?? 'invalid'}${item.path?.length ? ` (path: ${item.path.join('.')})` : ''}`,
      );
      // A single error repeats Strapi's message: show it once, with its path.
      return items.length === 1 ? `${head}: ${items[0]}` : `${head}: ${init.message}: ${items.join('; ')}`;
    }
    return `${head}: ${init.message}`;
  }
}

/** No answer at all: Strapi is not running, or not at this URL. */
export class StrapiUnreachableError extends StrapiRequestError {
  readonly url: string;
  constructor(init: { method: string; path: string; url: string; cause: unknown }) {
    const reason = describeNetworkError(init.cause);
    super({
      method: init.method,
      path: init.path,
      status: null,
      message: `Strapi is not reachable at ${init.url} (${reason})`,
      cause: init.cause,
    });
    this.name = 'StrapiUnreachableError';
    this.url = init.url;
  }
}

function describeNetworkError(error: unknown): string {
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

function networkCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}

export type StrapiRestOptions = {
  url: string;
  token: string;
  /** Attempts after the first one on 5xx/429/network errors (default 4). */
  retries?: number;
  /** First backoff delay; doubles on every retry (default 300 ms). */
  retryDelayMs?: number;
  timeoutMs?: number;
  /** For tests: observe retries. */
  onRetry?: (info: { method: string; path: string; attempt: number; reason: string }) => void;
};

export type StrapiRest = ReturnType<typeof createStrapiRest>;

/** Serialises a Strapi query (`filters[slug][$eq]=…`, `populate[0]=cover`) the way Strapi's own docs do. */
export function toQueryString(query: Query | undefined): string {
  if (!query || Object.keys(query).length === 0) return '';
  return `?${qs.stringify(query, { encodeValuesOnly: true })}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// eslint-disable-next-line max-lines-per-function -- the client factory: its body is the client's methods (find, create, update, …), each short
export function createStrapiRest(options: StrapiRestOptions) {
  const base = options.url.replace(/\/+$/, '');
  const retries = options.retries ?? 4;
  const retryDelayMs = options.retryDelayMs ?? 300;
  const timeoutMs = options.timeoutMs ?? 60_000;

  /**
   * One request with retries. GET/PUT/DELETE are retried on 5xx, 429 and
   * network errors. POST is retried on 5xx/429 (Strapi rolls the transaction
   * back on a server error) and on a refused connection, but not on a reset
   * or a timeout: the create may have happened, and retrying would duplicate it.
   */
  async function request(method: string, path: string, body?: unknown, form?: FormData): Promise<unknown> {
    const url = `${base}${path}`;
    for (let attempt = 0; ; attempt += 1) {
      let response: Response;
      try {
        response = await fetch(url, {
          method,
          headers: {
            Authorization: `Bearer ${options.token}`,
            Accept: 'application/json',
            ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          },
          body: form ?? (body !== undefined ? JSON.stringify(body) : undefined),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        const retryable = method !== 'POST' || networkCode(error) === 'ECONNREFUSED';
        if (retryable && attempt < retries) {
          options.onRetry?.({ method, path, attempt: attempt + 1, reason: describeNetworkError(error) });
          await sleep(retryDelayMs * 2 ** attempt);
          continue;
        }
        throw new StrapiUnreachableError({ method, path, url: base, cause: error });
      }

      if ((response.status >= 500 || response.status === 429) && attempt < retries) {
        await response.body?.cancel();
        options.onRetry?.({ method, path, attempt: attempt + 1, reason: `HTTP ${response.status}` });
        await sleep(retryDelayMs * 2 ** attempt);
        continue;
      }
      if (response.status === 204) return null;

      const text = await response.text();
      let json: unknown = undefined;
      try {
        json = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: reported below
      }
      if (!response.ok) {
        const parsed = ErrorEnvelope.safeParse(json);
        if (parsed.success) {
          const { name, message, details } = parsed.data.error;
          throw new StrapiRequestError({
            method,
            path,
            status: response.status,
            errorName: name ?? null,
            message: message ?? response.statusText,
            details,
          });
        }
        throw new StrapiRequestError({ method, path, status: response.status, message: text.slice(0, 300) || response.statusText });
      }
      if (json === undefined) {
        throw new StrapiRequestError({ method, path, status: response.status, message: `expected JSON, received: ${text.slice(0, 200)}` });
      }
      return json;
    }
  }

  function parseWith<T>(schema: Parser<T>, value: unknown, method: string, path: string): T {
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 5)
        .map((issue) => `${issue.message}${issue.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}`);
      throw new StrapiRequestError({
        method,
        path,
        status: 200,
        errorName: 'UnexpectedResponse',
        message: `the response does not have the expected shape: ${issues.join('; ')}`,
      });
    }
    return parsed.data;
  }

  async function getPage<T>(pluralApi: string, query: Query, schema: Parser<T>) {
    const path = `/api/${pluralApi}${toQueryString(query)}`;
    const envelope = parseWith(CollectionEnvelope, await request('GET', path), 'GET', path);
    return { items: envelope.data.map((item) => parseWith(schema, item, 'GET', path)), pagination: envelope.meta.pagination };
  }

  function withoutPagination(query: Query): Query {
    const { pagination: _ignored, ...rest } = query;
    return rest;
  }

  const writeQuery = (write: WriteOptions | undefined): Query => ({
    ...(write?.locale ? { locale: write.locale } : {}),
    ...(write?.status ? { status: write.status } : {}),
  });

  return {
    url: base,

    /** Every matching document, over all pages (100 per request). */
    async find<T = DocumentRef>(pluralApi: string, query: Query = {}, schema?: Parser<T>): Promise<T[]> {
      const itemSchema = (schema ?? DocumentRef) as Parser<T>;
      const all: T[] = [];
      for (let page = 1; ; page += 1) {
        const { items, pagination } = await getPage(
          pluralApi,
          { ...withoutPagination(query), pagination: { page, pageSize: 100 } },
          itemSchema,
        );
        all.push(...items);
        if (page >= pagination.pageCount || items.length === 0) return all;
      }
    },

    /** The first matching document, or null. */
    async findFirst<T = DocumentRef>(pluralApi: string, query: Query = {}, schema?: Parser<T>): Promise<T | null> {
      const itemSchema = (schema ?? DocumentRef) as Parser<T>;
      const { items } = await getPage(pluralApi, { ...withoutPagination(query), pagination: { page: 1, pageSize: 1 } }, itemSchema);
      return items[0] ?? null;
    },

    /** How many documents match (published ones only, for draft & publish types). */
    async count(pluralApi: string, query: Query = {}): Promise<number> {
      const { pagination } = await getPage(
        pluralApi,
        { ...withoutPagination(query), fields: ['documentId'], pagination: { page: 1, pageSize: 1 } },
        z.unknown(),
      );
      return pagination.total;
    },

    /** One document by documentId, or null when it (or its version in `locale`) does not exist. */
    async findOne<T = DocumentRef>(pluralApi: string, documentId: string, query: Query = {}, schema?: Parser<T>): Promise<T | null> {
      const path = `/api/${pluralApi}/${encodeURIComponent(documentId)}${toQueryString(query)}`;
      try {
        const envelope = parseWith(SingleEnvelope, await request('GET', path), 'GET', path);
        return parseWith((schema ?? DocumentRef) as Parser<T>, envelope.data, 'GET', path);
      } catch (error) {
        if (error instanceof StrapiRequestError && error.status === 404) return null;
        throw error;
      }
    },

    /** Creates a document (published unless `status: 'draft'`), in `locale` (default: Strapi's default locale). */
    async create<T = DocumentRef>(pluralApi: string, data: Record<string, unknown>, write?: WriteOptions, schema?: Parser<T>): Promise<T> {
      const path = `/api/${pluralApi}${toQueryString(writeQuery(write))}`;
      const envelope = parseWith(SingleEnvelope, await request('POST', path, { data }), 'POST', path);
      return parseWith((schema ?? DocumentRef) as Parser<T>, envelope.data, 'POST', path);
    },

    /** Updates a document, or creates its version in `locale` when that does not exist yet. */
    async update<T = DocumentRef>(
      pluralApi: string,
      documentId: string,
      data: Record<string, unknown>,
      write?: WriteOptions,
      schema?: Parser<T>,
    ): Promise<T> {
      const path = `/api/${pluralApi}/${encodeURIComponent(documentId)}${toQueryString(writeQuery(write))}`;
      const envelope = parseWith(SingleEnvelope, await request('PUT', path, { data }), 'PUT', path);
      return parseWith((schema ?? DocumentRef) as Parser<T>, envelope.data, 'PUT', path);
    },

    /** Deletes a document's version in `locale` (Strapi's default locale when omitted). */
    async remove(pluralApi: string, documentId: string, write?: { locale?: Locale }): Promise<void> {
      await request('DELETE', `/api/${pluralApi}/${encodeURIComponent(documentId)}${toQueryString(writeQuery(write))}`);
    },

    /** A single type (site settings) in one locale, or null when that locale has none yet. */
    async getSingle<T = Record<string, unknown>>(singularApi: string, query: Query = {}, schema?: Parser<T>): Promise<T | null> {
      const path = `/api/${singularApi}${toQueryString(query)}`;
      try {
        const envelope = parseWith(SingleEnvelope, await request('GET', path), 'GET', path);
        return parseWith((schema ?? z.record(z.string(), z.unknown())) as Parser<T>, envelope.data, 'GET', path);
      } catch (error) {
        if (error instanceof StrapiRequestError && error.status === 404) return null;
        throw error;
      }
    },

    async putSingle<T = Record<string, unknown>>(
      singularApi: string,
      data: Record<string, unknown>,
      write?: { locale?: Locale },
      schema?: Parser<T>,
    ): Promise<T> {
      const path = `/api/${singularApi}${toQueryString(writeQuery(write))}`;
      const envelope = parseWith(SingleEnvelope, await request('PUT', path, { data }), 'PUT', path);
      return parseWith((schema ?? z.record(z.string(), z.unknown())) as Parser<T>, envelope.data, 'PUT', path);
    },

    /** Uploads one file to the media library; `fileInfo` sets its name, alternativeText and caption there. */
    async upload(
      file: Uint8Array,
      filename: string,
      mime: string,
      fileInfo?: { name?: string; alternativeText?: string; caption?: string },
    ): Promise<UploadedFile> {
      const form = new FormData();
      form.append('files', new Blob([new Uint8Array(file)], { type: mime }), filename);
      if (fileInfo) form.append('fileInfo', JSON.stringify(fileInfo));
      const path = '/api/upload';
      const files = parseWith(z.array(UploadedFile), await request('POST', path, undefined, form), 'POST', path);
      const first = files[0];
      if (!first)
        throw new StrapiRequestError({
          method: 'POST',
          path,
          status: 200,
          errorName: 'UnexpectedResponse',
          message: 'the upload returned no file',
        });
      return first;
    },

    /** Deletes a file of the media library (rolling back an upload). */
    async removeFile(id: number): Promise<void> {
      await request('DELETE', `/api/upload/files/${id}`);
    },

    /** POST to a custom route (e.g. `/api/import-records/import`) with `{ data }`; answers `data`, validated. */
    async post<T>(path: string, data: unknown, schema: Parser<T>): Promise<T> {
      const envelope = parseWith(SingleEnvelope, await request('POST', path, { data }), 'POST', path);
      return parseWith(schema, envelope.data, 'POST', path);
    },

    /** Files of the media library matching `filters` (the upload API is not paginated). */
    async findFiles(filters: Query): Promise<UploadedFile[]> {
      const path = `/api/upload/files${toQueryString({ filters })}`;
      return parseWith(z.array(UploadedFile), await request('GET', path), 'GET', path);
    },

    /** Strapi's health probe: true when it answers 204. Never throws. */
    async isHealthy(): Promise<boolean> {
      try {
        const response = await fetch(`${base}/_health`, { signal: AbortSignal.timeout(5_000) });
        return response.status === 204;
      } catch {
        return false;
      }
    },
  };
}
