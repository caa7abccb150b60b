/**
 * The only module that talks HTTP to Strapi. It owns the read-only token,
 * timeouts, retries with exponential backoff (network errors, 429 and 5xx),
 * the paging loop over every page of a collection, and the named errors.
 * Callers get raw entries (`unknown`) and validate them against the shared
 * schemas themselves (see `validateEntry`).
 */
import { collectionResponse, singleResponse, toQueryString, type StrapiQuery } from '@tilshi/shared-types';
import { z } from 'zod';
import { StrapiConfigError, StrapiHttpError, StrapiNetworkError, StrapiResponseError, StrapiValidationError } from './errors.ts';

export { StrapiConfigError, StrapiHttpError, StrapiNetworkError, StrapiResponseError, StrapiValidationError };

export type StrapiClientOptions = {
  /** Base URL of the CMS, e.g. http://127.0.0.1:1337 (no trailing /api). */
  baseUrl: string;
  /** Read-only API token (STRAPI_SITE_TOKEN); sent as `Authorization: Bearer …`. */
  token?: string | undefined;
  /** Per-request timeout. Default 20 s. */
  timeoutMs?: number;
  /** Retries after the first attempt for network errors, 429 and 5xx. Default 3. */
  retries?: number;
  /** First backoff delay; doubles on each retry. Default 500 ms. */
  backoffMs?: number;
  /** Injected fetch (tests). Default: globalThis.fetch. */
  fetch?: typeof globalThis.fetch;
  /** Told about each retry (e.g. the Astro logger). */
  onRetry?: (info: { url: string; attempt: number; reason: string; delayMs: number }) => void;
};

/** Strapi caps pageSize at 100 (cms/config/api.ts). */
export const MAX_PAGE_SIZE = 100;
/** How often a collection walk restarts when the collection changed while it was being paged. */
const MAX_WALK_RESTARTS = 3;

const pageEnvelope = collectionResponse(z.unknown());
const singleEnvelope = singleResponse(z.unknown());
/** What every entry has, read before validation so errors can name it. */
const entryIdentity = z.looseObject({ documentId: z.string().min(1) });

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
    this.#timeoutMs = options.timeoutMs ?? 20_000;
    this.#retries = options.retries ?? 3;
    this.#backoffMs = options.backoffMs ?? 500;
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#onRetry = options.onRetry;
  }

  /** Absolute URL of an API path with a query: `/api/articles` + { locale: 'kk' }. */
  url(path: string, query: StrapiQuery = {}): string {
    const qs = toQueryString(query);
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Absolute URL of an uploaded file. */
  fileUrl(url: string): string {
    return absoluteFileUrl(this.baseUrl, url);
  }

  /** GET one JSON document, retrying network errors, 429 and 5xx with exponential backoff. */
  async getJson(path: string, query: StrapiQuery = {}): Promise<unknown> {
    const url = this.url(path, query);
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.#token) headers.Authorization = `Bearer ${this.#token}`;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.#retries + 1; attempt += 1) {
      let retryReason: string;
      try {
        const response = await this.#fetch(url, { headers, signal: AbortSignal.timeout(this.#timeoutMs) });
        const text = await response.text();
        if (response.ok) {
          try {
            return JSON.parse(text);
          } catch {
            throw new StrapiResponseError(url, `the body is not JSON: ${text.slice(0, 120)}`);
          }
        }
        const error = new StrapiHttpError(url, response.status, text);
        if (!RETRYABLE_STATUS.has(response.status)) throw error;
        lastError = error;
        retryReason = `HTTP ${response.status}`;
      } catch (error) {
        if (error instanceof StrapiHttpError || error instanceof StrapiResponseError) throw error;
        lastError = error;
        retryReason = error instanceof Error ? error.message : String(error);
      }
      if (attempt <= this.#retries) {
        const delayMs = this.#backoffMs * 2 ** (attempt - 1);
        this.#onRetry?.({ url, attempt, reason: retryReason, delayMs });
        await sleep(delayMs);
      }
    }
    if (lastError instanceof StrapiHttpError) throw lastError;
    throw new StrapiNetworkError(url, this.#retries + 1, lastError);
  }

  /**
   * Every entry of a collection: walks pages 1…pageCount (never stops at page
   * 1) with the largest page size. If the collection changed during the walk
   * (the total moved, or an entry showed up twice because the order shifted),
   * the walk starts over, so no entry is silently skipped.
   */
  async getAll(path: string, query: StrapiQuery = {}): Promise<unknown[]> {
    for (let walk = 1; ; walk += 1) {
      const result = await this.#walk(path, query);
      if (result.consistent) return result.items;
      if (walk > MAX_WALK_RESTARTS) {
        throw new StrapiResponseError(
          this.url(path, query),
          `the collection kept changing while it was paged (${MAX_WALK_RESTARTS + 1} attempts); try the build again`,
        );
      }
    }
  }

  async #walk(path: string, query: StrapiQuery): Promise<{ items: unknown[]; consistent: boolean }> {
    const items: unknown[] = [];
    const seen = new Set<string>();
    let duplicates = 0;
    let total: number | undefined;
    let pageCount = 1;
    for (let page = 1; page <= pageCount; page += 1) {
      const pageQuery = { ...query, pagination: { page, pageSize: MAX_PAGE_SIZE } };
      const body = await this.getJson(path, pageQuery);
      const parsed = pageEnvelope.safeParse(body);
      if (!parsed.success) {
        throw new StrapiResponseError(this.url(path, pageQuery), `not a page of a collection (${z.prettifyError(parsed.error)})`);
      }
      const { data, meta } = parsed.data;
      if (total !== undefined && meta.pagination.total !== total) return { items, consistent: false };
      total = meta.pagination.total;
      pageCount = meta.pagination.pageCount;
      for (const item of data) {
        const identity = entryIdentity.safeParse(item);
        const key = identity.success ? `${identity.data.documentId}:${localeOf(item) ?? ''}` : undefined;
        if (key !== undefined && seen.has(key)) {
          duplicates += 1;
          continue;
        }
        if (key !== undefined) seen.add(key);
        items.push(item);
      }
    }
    return { items, consistent: duplicates === 0 && items.length === (total ?? 0) };
  }

  /** A single type (e.g. /api/site-setting); `null` when it was never filled in (404). */
  async getSingle(path: string, query: StrapiQuery = {}): Promise<unknown> {
    let body: unknown;
    try {
      body = await this.getJson(path, query);
    } catch (error) {
      if (error instanceof StrapiHttpError && error.status === 404) return null;
      throw error;
    }
    const parsed = singleEnvelope.safeParse(body);
    if (!parsed.success) {
      throw new StrapiResponseError(this.url(path, query), `not a single entry (${z.prettifyError(parsed.error)})`);
    }
    return parsed.data.data;
  }
}

/** Strapi's local upload provider gives "/uploads/x.jpg": prefix it with the CMS URL; cloud providers give absolute URLs. */
export function absoluteFileUrl(baseUrl: string, url: string): string {
  return /^https?:\/\//.test(url) ? url : `${baseUrl.replace(/\/+$/, '')}${url.startsWith('/') ? '' : '/'}${url}`;
}

function localeOf(item: unknown): string | undefined {
  const parsed = z.looseObject({ locale: z.string() }).safeParse(item);
  return parsed.success ? parsed.data.locale : undefined;
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
