/**
 * tilshi's one client of Strapi 5's REST API. It owns the token header,
 * timeouts, the retry policy, query strings (`toQueryString` of
 * shared-types, the `qs` format Strapi parses), the walk over every page of a
 * collection and the named errors (./errors.ts). The site build, the comments
 * function, the publish service, the scripts and the tests all talk to
 * Strapi through it.
 *
 * Retry policy, one for every caller: a request that got no answer, or an
 * answer of 408, 425, 429, 500, 502, 503 or 504, is tried again after
 * `backoffMs`, doubling each time, up to `retries` times. A POST is the
 * exception for a lost answer: it is retried only when the connection was
 * refused, never after a reset or a timeout, because the create may have
 * happened and retrying would duplicate it (an error status is safe to
 * retry: Strapi rolls the transaction back).
 */
import { collectionResponse, toQueryString, type Locale, type StrapiQuery } from '@tilshi/shared-types';
import { z } from 'zod';
import {
  describeNetworkError,
  errorBody,
  StrapiRequestError,
  StrapiResponseError,
  StrapiUnreachableError,
  StrapiValidationError,
} from './errors.ts';

/**
 * What responses are validated with: anything with zod's `safeParse`.
 * Structural on purpose, so schemas from another copy or version of zod are
 * accepted too.
 */
export type Parser<T> = {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
};

export type RetryInfo = { method: string; path: string; url: string; attempt: number; reason: string; delayMs: number };

export type StrapiClientOptions = {
  /** Base URL of the CMS, e.g. http://127.0.0.1:1337 (no trailing /api). */
  baseUrl: string;
  /** API token, sent as `Authorization: Bearer …`. */
  token?: string | undefined;
  /** Per-request timeout. Default 60 s (an upload or a page of 100 populated articles can be slow). */
  timeoutMs?: number;
  /** Tries after the first one, under the retry policy above. Default 4. */
  retries?: number;
  /** First backoff delay; doubles on each retry. Default 300 ms. */
  backoffMs?: number;
  /** Injected fetch (tests). Default: globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Told about each retry (e.g. the Astro logger). */
  onRetry?: (info: RetryInfo) => void;
};

export type RequestOptions = { query?: StrapiQuery; json?: unknown; form?: FormData };
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

/** The largest page Strapi answers (its `maxLimit`, cms/config/api.ts): fewer, larger pages cost Strapi less per entry. */
export const MAX_PAGE_SIZE = 250;
/** How often a collection walk restarts when the collection changed while it was being paged. */
const MAX_WALK_RESTARTS = 3;
const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

const pageEnvelope = collectionResponse(z.unknown());
/** A page asked for with `pagination[withCount]=false`: Strapi leaves out `total` and `pageCount`. */
const uncountedPageEnvelope = z.object({
  data: z.array(z.unknown()),
  meta: z.object({ pagination: z.object({ page: z.number().int().positive(), pageSize: z.number().int().positive() }) }),
});
const singleEnvelope = z.object({ data: z.unknown() });
/** What every entry has, read before validation so errors can name it. */
// Plain objects, not loose ones: only these fields are read, and a loose parse copies every field of the
// entry (a whole populated article). Built once: building a zod schema per entry cost more than the walk's fetches.
const entryIdentity = z.object({ documentId: z.string().min(1) });
const entryKeyFields = z.object({ documentId: z.string().min(1), locale: z.string().catch('') });
const anyRecord = z.record(z.string(), z.unknown());

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function networkCode(error: unknown): string | undefined {
  const cause: unknown = error instanceof Error ? error.cause : undefined;
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
}

function writeQuery(write: WriteOptions | undefined): StrapiQuery {
  return { ...(write?.locale ? { locale: write.locale } : {}), ...(write?.status ? { status: write.status } : {}) };
}

function withoutPagination(query: StrapiQuery): StrapiQuery {
  const { pagination: _ignored, ...rest } = query;
  return rest;
}

export class StrapiClient {
  readonly baseUrl: string;
  readonly #token: string | undefined;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #backoffMs: number;
  readonly #fetch: typeof globalThis.fetch;
  readonly #onRetry: StrapiClientOptions['onRetry'];

  constructor(options: StrapiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.#token = options.token;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#retries = options.retries ?? 4;
    this.#backoffMs = options.backoffMs ?? 300;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#onRetry = options.onRetry;
  }

  /** Path and query as sent: `/api/articles` + { locale: 'kk' } → `/api/articles?locale=kk`. */
  pathOf(path: string, query: StrapiQuery = {}): string {
    const qs = toQueryString(query);
    return `${path}${qs ? `?${qs}` : ''}`;
  }

  /** Absolute URL of an API path with a query. */
  url(path: string, query: StrapiQuery = {}): string {
    return `${this.baseUrl}${this.pathOf(path, query)}`;
  }

  /** Absolute URL of an uploaded file. */
  fileUrl(url: string): string {
    return absoluteFileUrl(this.baseUrl, url);
  }

  /**
   * One request under the retry policy. Answers the parsed JSON body (null
   * for 204 or an empty body); throws StrapiRequestError for an error status,
   * StrapiUnreachableError when no answer came, StrapiResponseError for a body
   * that is not JSON.
   */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<unknown> {
    const sentPath = this.pathOf(path, options.query);
    const url = `${this.baseUrl}${sentPath}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    if (options.json !== undefined) headers['Content-Type'] = 'application/json';
    const body = options.form ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    for (let attempt = 1; ; attempt += 1) {
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body, signal: AbortSignal.timeout(this.#timeoutMs) });
      } catch (error) {
        const retryable = method !== 'POST' || networkCode(error) === 'ECONNREFUSED';
        if (!retryable || attempt > this.#retries) {
          throw new StrapiUnreachableError({ method, path: sentPath, url, baseUrl: this.baseUrl, attempts: attempt, cause: error });
        }
        await this.#backoff({ method, path: sentPath, url, attempt, reason: describeNetworkError(error) });
        continue;
      }
      if (RETRYABLE_STATUS.has(response.status) && attempt <= this.#retries) {
        await response.body?.cancel();
        await this.#backoff({ method, path: sentPath, url, attempt, reason: `HTTP ${response.status}` });
        continue;
      }
      return this.#read(method, sentPath, url, response);
    }
  }

  async #backoff(info: Omit<RetryInfo, 'delayMs'>): Promise<void> {
    const delayMs = this.#backoffMs * 2 ** (info.attempt - 1);
    this.#onRetry?.({ ...info, delayMs });
    await sleep(delayMs);
  }

  async #read(method: string, path: string, url: string, response: Response): Promise<unknown> {
    if (response.status === 204) return null;
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: reported below
    }
    if (!response.ok) {
      const parsed = errorBody.safeParse(json);
      const error = parsed.success ? parsed.data.error : undefined;
      throw new StrapiRequestError({
        method,
        path,
        url,
        status: response.status,
        errorName: error?.name ?? null,
        message: error?.message ?? (text.slice(0, 300) || response.statusText),
        details: error?.details,
      });
    }
    if (json === undefined) {
      throw new StrapiResponseError({ method, path, url, status: response.status, message: `the body is not JSON: ${text.slice(0, 120)}` });
    }
    return json;
  }

  /** Validates an answer; a mismatch is a StrapiResponseError naming the first issues. */
  parse<T>(schema: Parser<T>, value: unknown, where: { method?: string; path: string }): T {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((issue) => `${issue.message}${issue.path.length ? ` at ${issue.path.map(String).join('.')}` : ''}`);
    throw new StrapiResponseError({
      ...where,
      url: `${this.baseUrl}${where.path}`,
      message: `the response does not have the expected shape: ${issues.join('; ')}`,
    });
  }

  /** GET one JSON document. */
  async getJson(path: string, query: StrapiQuery = {}): Promise<unknown> {
    return this.request('GET', path, { query });
  }

  /**
   * Every entry of a collection: walks pages 1…pageCount (never stops at page
   * 1) with the largest page size. If the collection changed during the walk
   * (the total moved, or an entry showed up twice because the order shifted),
   * the walk starts over, so no entry is silently skipped.
   *
   * With `map` (e.g. validation), each page's entries are mapped while the
   * next page is already requested: the CMS works on page n + 1 while this
   * process works on page n. A throwing `map` ends the walk with its error.
   */
  async getAll(path: string, query?: StrapiQuery): Promise<unknown[]>;
  async getAll<T>(path: string, query: StrapiQuery, map: (item: unknown) => T): Promise<T[]>;
  async getAll(path: string, query: StrapiQuery = {}, map: (item: unknown) => unknown = (item) => item): Promise<unknown[]> {
    for (let walk = 1; ; walk += 1) {
      const result = await this.#walk(path, withoutPagination(query), map);
      if (result.consistent) return result.items;
      if (walk > MAX_WALK_RESTARTS) {
        throw new StrapiResponseError({
          path: this.pathOf(path, query),
          url: this.url(path, query),
          message: `the collection kept changing while it was paged (${MAX_WALK_RESTARTS + 1} attempts); try again`,
        });
      }
    }
  }

  /**
   * Every matching entry, paged by row id (`filters[id][$gt]=<last id>`, sorted by id) instead of by
   * page number: Strapi answers page N with an OFFSET, which SQLite walks row by row, so a walk over
   * 160,000 article versions slowed from 0.07 s a page to 0.33 s at its end (measured 6 December);
   * every keyset page costs the same. For listings that say what exists now (no order of changes to
   * keep); an entry added meanwhile with a higher id is included, none is listed twice.
   */
  async getAllByRowId(path: string, query: StrapiQuery = {}): Promise<unknown[]> {
    const base = withoutPagination(query);
    const items: unknown[] = [];
    for (let after = 0; ;) {
      const idFilter = { id: { $gt: after } };
      const filters = andFilters(base.filters, idFilter);
      const { data } = await this.#getUncountedPage(path, {
        ...base,
        filters,
        sort: ['id:asc'],
        pagination: { page: 1, pageSize: MAX_PAGE_SIZE, withCount: false },
      });
      items.push(...data);
      if (data.length < MAX_PAGE_SIZE) return items;
      const last = rowIdOf(data.at(-1));
      if (last === undefined || last <= after) {
        throw new StrapiResponseError({
          path: this.pathOf(path, query),
          url: this.url(path, query),
          message: 'an entry without a numeric id, or ids not ascending: cannot page by row id',
        });
      }
      after = last;
    }
  }

  /**
   * Every matching entry, oldest change first (`updatedAt`, then row id), paged by a cursor on both
   * instead of by page number. An entry that changes while the walk runs moves past the cursor and is
   * read again at the end, in its new version; no page shifts, so nothing is skipped and there is
   * nothing to restart (`getAll` restarts a walk whose count moved, and at 100,000 articles a full
   * build's content sync beside steady publishing restarted until it gave up: 6 December). An entry
   * changed after the last page was read has a later `updatedAt` than every entry read, so a sync
   * marker taken from them finds it next time.
   */
  async getAllInChangeOrder<T>(path: string, query: StrapiQuery, map: (item: unknown) => T): Promise<T[]> {
    const base = withoutPagination(query);
    const request = (cursor: { updatedAt: string; id: number } | null) => {
      const after: StrapiQuery | null = cursor
        ? {
            $or: [
              { updatedAt: { $gt: cursor.updatedAt } },
              { $and: [{ updatedAt: { $eq: cursor.updatedAt } }, { id: { $gt: cursor.id } }] },
            ],
          }
        : null;
      const filters = after ? andFilters(base.filters, after) : base.filters;
      return this.#getUncountedPage(path, {
        ...base,
        ...(filters ? { filters } : {}),
        sort: ['updatedAt:asc', 'id:asc'],
        pagination: { page: 1, pageSize: MAX_PAGE_SIZE, withCount: false },
      });
    };
    const items: T[] = [];
    const index = new Map<string, number>();
    let cursor: { updatedAt: string; id: number } | null = null;
    let next: Promise<{ data: unknown[] }> | undefined = request(null);
    try {
      while (next) {
        const { data } = await next;
        next = undefined;
        if (data.length === MAX_PAGE_SIZE) {
          const last = changeCursorOf(data.at(-1));
          if (!last || (cursor && (last.updatedAt < cursor.updatedAt || (last.updatedAt === cursor.updatedAt && last.id <= cursor.id)))) {
            throw new StrapiResponseError({
              path: this.pathOf(path, query),
              url: this.url(path, query),
              message: 'an entry without updatedAt or a numeric id, or entries out of change order: cannot page by change',
            });
          }
          cursor = last;
          // The next page is asked for while this one is validated (the sync waits for Strapi most of the time).
          next = request(cursor);
        }
        for (const item of data) {
          // Read again after a change: the newer version replaces the older in place.
          const key = entryKey(item);
          const seen = key === undefined ? undefined : index.get(key);
          if (seen !== undefined) items[seen] = map(item);
          else {
            if (key !== undefined) index.set(key, items.length);
            items.push(map(item));
          }
        }
      }
    } finally {
      // A walk that ends early (a map error) drops the page in flight, and its failure with it.
      next?.catch(() => {});
    }
    return items;
  }

  /** One page of a collection, its envelope checked. */
  async getPage(path: string, query: StrapiQuery): Promise<z.infer<typeof pageEnvelope>> {
    return this.parse(pageEnvelope, await this.getJson(path, query), { path: this.pathOf(path, query) });
  }

  async #walk(path: string, query: StrapiQuery, map: (item: unknown) => unknown): Promise<{ items: unknown[]; consistent: boolean }> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    // Only the first page is counted: Strapi counts the whole collection for every counted page (10 ms a
    // page at 160,000 article versions); one count after the last page tells whether it changed meanwhile.
    const request = (page: number) =>
      this.#getUncountedPage(path, { ...query, pagination: { page, pageSize: MAX_PAGE_SIZE, withCount: false } });
    const first = await this.getPage(path, { ...query, pagination: { page: 1, pageSize: MAX_PAGE_SIZE } });
    const { total, pageCount } = first.meta.pagination;
    let next: Promise<{ data: unknown[] }> | undefined = Promise.resolve(first);
    try {
      for (let page = 1; next; page += 1) {
        const { data } = await next;
        next = page < pageCount ? request(page + 1) : undefined;
        for (const item of data) {
          const key = entryKey(item);
          if (key !== undefined && seen.has(key)) {
            duplicates += 1;
            continue;
          }
          if (key !== undefined) seen.add(key);
          items.push(map(item));
        }
      }
    } finally {
      // A walk that ends early (restart, map error) drops the page in flight, and its failure with it.
      next?.catch(() => {});
    }
    if (duplicates > 0 || items.length !== total) return { items, consistent: false };
    if (pageCount > 1) {
      const { populate: _populate, ...countQuery } = query;
      const after = await this.getPage(path, { ...countQuery, fields: ['documentId'], pagination: { page: 1, pageSize: 1 } });
      if (after.meta.pagination.total !== total) return { items, consistent: false };
    }
    return { items, consistent: true };
  }

  /** One page of a collection asked for without its count (`withCount: false`): its entries only. */
  async #getUncountedPage(path: string, query: StrapiQuery): Promise<{ data: unknown[] }> {
    return this.parse(uncountedPageEnvelope, await this.getJson(path, query), { path: this.pathOf(path, query) });
  }

  /**
   * One entry (`/api/articles/<documentId>`) or a single type
   * (`/api/site-setting`): its `data`, validated when a schema is given;
   * `null` when it does not exist (404) or was never filled in.
   */
  async getSingle<T = unknown>(path: string, query: StrapiQuery = {}, schema?: Parser<T>): Promise<T | null> {
    let body: unknown;
    try {
      body = await this.getJson(path, query);
    } catch (error) {
      if (error instanceof StrapiRequestError && error.status === 404) return null;
      throw error;
    }
    const where = { path: this.pathOf(path, query) };
    const data = this.parse(singleEnvelope, body, where).data;
    if (data === null || data === undefined) return null;
    return schema ? this.parse(schema, data, where) : (data as T);
  }

  /** Every matching document of `/api/<pluralApi>`, over all pages, each validated (default: its ids). */
  async find<T = DocumentRef>(pluralApi: string, query: StrapiQuery = {}, schema?: Parser<T>): Promise<T[]> {
    const path = `/api/${pluralApi}`;
    const items = await this.getAll(path, query);
    return items.map((item) => this.parse((schema ?? DocumentRef) as Parser<T>, item, { path: this.pathOf(path, query) }));
  }

  /** The first matching document, or null. */
  async findFirst<T = DocumentRef>(pluralApi: string, query: StrapiQuery = {}, schema?: Parser<T>): Promise<T | null> {
    const path = `/api/${pluralApi}`;
    const pageQuery = { ...withoutPagination(query), pagination: { page: 1, pageSize: 1 } };
    const { data } = await this.getPage(path, pageQuery);
    return data.length === 0 ? null : this.parse((schema ?? DocumentRef) as Parser<T>, data[0], { path: this.pathOf(path, pageQuery) });
  }

  /** How many documents match (published ones only, for draft & publish types). */
  async count(pluralApi: string, query: StrapiQuery = {}): Promise<number> {
    const pageQuery = { ...withoutPagination(query), fields: ['documentId'], pagination: { page: 1, pageSize: 1 } };
    return (await this.getPage(`/api/${pluralApi}`, pageQuery)).meta.pagination.total;
  }

  /** One document by documentId, or null when it (or its version in `locale`) does not exist. */
  async findOne<T = DocumentRef>(pluralApi: string, documentId: string, query: StrapiQuery = {}, schema?: Parser<T>): Promise<T | null> {
    return this.getSingle(`/api/${pluralApi}/${encodeURIComponent(documentId)}`, query, (schema ?? DocumentRef) as Parser<T>);
  }

  /** Sends `{ data }` and answers the `data` of Strapi's answer, validated. */
  async #write<T>(method: 'POST' | 'PUT', path: string, query: StrapiQuery, data: unknown, schema: Parser<T>): Promise<T> {
    const where = { method, path: this.pathOf(path, query) };
    const envelope = this.parse(singleEnvelope, await this.request(method, path, { query, json: { data } }), where);
    return this.parse(schema, envelope.data, where);
  }

  /** Creates a document (published unless `status: 'draft'`), in `locale` (default: Strapi's default locale). */
  async create<T = DocumentRef>(pluralApi: string, data: Record<string, unknown>, write?: WriteOptions, schema?: Parser<T>): Promise<T> {
    return this.#write('POST', `/api/${pluralApi}`, writeQuery(write), data, (schema ?? DocumentRef) as Parser<T>);
  }

  /** Updates a document, or creates its version in `locale` when that does not exist yet. */
  async update<T = DocumentRef>(
    pluralApi: string,
    documentId: string,
    data: Record<string, unknown>,
    write?: WriteOptions,
    schema?: Parser<T>,
  ): Promise<T> {
    const path = `/api/${pluralApi}/${encodeURIComponent(documentId)}`;
    return this.#write('PUT', path, writeQuery(write), data, (schema ?? DocumentRef) as Parser<T>);
  }

  /** Deletes a document's version in `locale` (Strapi's default locale when omitted). */
  async remove(pluralApi: string, documentId: string, write?: { locale?: Locale }): Promise<void> {
    await this.request('DELETE', `/api/${pluralApi}/${encodeURIComponent(documentId)}`, { query: writeQuery(write) });
  }

  /** Writes a single type (site settings) in one locale. */
  async putSingle<T = Record<string, unknown>>(
    singularApi: string,
    data: Record<string, unknown>,
    write?: { locale?: Locale },
    schema?: Parser<T>,
  ): Promise<T> {
    return this.#write('PUT', `/api/${singularApi}`, writeQuery(write), data, (schema ?? anyRecord) as Parser<T>);
  }

  /** POST `{ data }` to a custom route (e.g. `/api/import-records/import`); answers `data`, validated. */
  async post<T>(path: string, data: unknown, schema: Parser<T>): Promise<T> {
    return this.#write('POST', path, {}, data, schema);
  }

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
    const files = this.parse(z.array(UploadedFile).min(1), await this.request('POST', path, { form }), { method: 'POST', path });
    return files[0] as UploadedFile;
  }

  /** Deletes a file of the media library (rolling back an upload). */
  async removeFile(id: number): Promise<void> {
    await this.request('DELETE', `/api/upload/files/${id}`);
  }

  /** Files of the media library matching `filters` (the upload API is not paginated). */
  async findFiles(filters: StrapiQuery): Promise<UploadedFile[]> {
    const query = { filters };
    return this.parse(z.array(UploadedFile), await this.getJson('/api/upload/files', query), {
      path: this.pathOf('/api/upload/files', query),
    });
  }

  /** Strapi's health probe: true when it answers 204. Never throws. */
  async isHealthy(): Promise<boolean> {
    try {
      const response = await this.#fetch(`${this.baseUrl}/_health`, { signal: AbortSignal.timeout(5_000) });
      return response.status === 204;
    } catch {
      return false;
    }
  }
}

/** Strapi's local upload provider gives "/uploads/x.jpg": prefix it with the CMS URL; cloud providers give absolute URLs. */
export function absoluteFileUrl(baseUrl: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${baseUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}

/** `documentId:locale` of a raw entry, the identity a collection walk de-duplicates by. */
function entryKey(item: unknown): string | undefined {
  const fields = entryKeyFields.safeParse(item);
  return fields.success ? `${fields.data.documentId}:${fields.data.locale}` : undefined;
}

/** A query's own filters and a cursor's, both (`$and`); the cursor's alone when the query has none. */
function andFilters(filters: StrapiQuery['filters'], cursor: StrapiQuery): StrapiQuery {
  return filters ? { $and: [filters, cursor] } : cursor;
}

/** Where a change-ordered walk goes on after a raw entry: its updatedAt and row id, or undefined. */
function changeCursorOf(item: unknown): { updatedAt: string; id: number } | undefined {
  const id = rowIdOf(item);
  const updatedAt = item && typeof item === 'object' ? (item as { updatedAt?: unknown }).updatedAt : undefined;
  return id !== undefined && typeof updatedAt === 'string' ? { updatedAt, id } : undefined;
}

/** The numeric row id of a raw entry (every REST entry has one), or undefined. */
function rowIdOf(item: unknown): number | undefined {
  const id = item && typeof item === 'object' ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isInteger(id) ? id : undefined;
}

/** The documentId of a raw entry, or a placeholder when even that is missing. */
export function documentIdOf(item: unknown): string {
  const identity = entryIdentity.safeParse(item);
  return identity.success ? identity.data.documentId : '(entry without documentId)';
}

/**
 * Validates one raw entry against its shared schema; on failure throws a
 * StrapiValidationError naming the collection, documentId, locale and field.
 */
export function validateEntry<S extends z.ZodType>(
  schema: S,
  raw: unknown,
  where: { collection: string; locale: string | null },
): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) throw new StrapiValidationError(where.collection, documentIdOf(raw), where.locale, result.error);
  return result.data;
}
