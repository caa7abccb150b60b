/**
 * Draft preview on the site server (pages/preview/[locale]/[documentId].astro):
 * checks the signed link the panel made (cms/src/utils/preview-token.ts: the
 * same HMAC with TILSHI_PREVIEW_SECRET), then reads the draft through the
 * CMS's /api/article-previews endpoint (which checks the signature again)
 * and the frame (settings, rubrics) over REST, and returns what the article
 * page component renders. Nothing here touches the content store or the
 * static output: a draft only ever exists in this request's answer.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  articlePopulate,
  articleSchema,
  localeSchema,
  LOCALES,
  rubricEndpoint,
  rubricQuery,
  rubricSchema,
  siteSettingsEndpoint,
  siteSettingsQuery,
  siteSettingsSchema,
  type Locale,
  type SiteSettings,
} from '@tilshi/shared-types';
import { chromeOf, sortRubrics, type Chrome } from './chrome.ts';
import { StrapiClient, StrapiHttpError, validateEntry } from './strapi/client.ts';
import { articleView, type ArticleView } from './view.ts';

export type PreviewTarget = { documentId: string; locale: string; status: 'draft' | 'published'; expires: number };

export function previewSignature(secret: string, target: PreviewTarget): string {
  return createHmac('sha256', secret).update(`${target.documentId}\n${target.locale}\n${target.status}\n${target.expires}`).digest('base64url');
}

/** Whether a signature is right for the target and the link has not expired (constant-time comparison). */
export function verifyPreviewSignature(secret: string, target: PreviewTarget, signature: string, now: Date = new Date()): boolean {
  if (!Number.isInteger(target.expires) || target.expires * 1000 < now.getTime()) return false;
  const expected = Buffer.from(previewSignature(secret, target));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type PreviewRequest = {
  locale: string | undefined;
  documentId: string | undefined;
  query: URLSearchParams;
  secret: string | undefined;
  strapiUrl: string;
  token: string | undefined;
};

export type PreviewResult =
  | { ok: true; article: ArticleView; frame: Chrome; fileUrl: (url: string) => string }
  | { ok: false; status: number; message: string };

export async function loadPreview(request: PreviewRequest): Promise<PreviewResult> {
  if (!request.secret) return { ok: false, status: 503, message: 'Draft preview is not configured (TILSHI_PREVIEW_SECRET).' };
  const locale = localeSchema.safeParse(request.locale);
  const documentId = request.documentId ?? '';
  if (!locale.success || documentId === '') return { ok: false, status: 404, message: 'No such preview.' };
  const status = request.query.get('status') === 'published' ? 'published' : 'draft';
  const expires = Number(request.query.get('expires'));
  const signature = request.query.get('signature') ?? '';
  const target: PreviewTarget = { documentId, locale: locale.data, status, expires };
  if (!verifyPreviewSignature(request.secret, target, signature)) {
    return { ok: false, status: 403, message: 'This preview link is invalid or has expired: open the preview again from the panel.' };
  }

  const client = new StrapiClient({ baseUrl: request.strapiUrl, ...(request.token ? { token: request.token } : {}), retries: 1, timeoutMs: 10_000 });
  let raw: unknown;
  try {
    raw = await client.getSingle(`/api/article-previews/${encodeURIComponent(documentId)}`, {
      locale: locale.data,
      status,
      expires: String(expires),
      signature,
      populate: articlePopulate,
    });
  } catch (error) {
    if (error instanceof StrapiHttpError && error.status === 403) return { ok: false, status: 403, message: 'The CMS refused this preview link.' };
    throw error;
  }
  if (raw === null) return { ok: false, status: 404, message: `There is no ${status} version of this article in this language.` };
  // A draft has no publication time yet: preview it as if published now.
  const draft = typeof raw === 'object' && raw !== null ? { ...raw, publishedAt: (raw as { publishedAt?: unknown }).publishedAt ?? new Date().toISOString() } : raw;
  let article;
  try {
    article = validateEntry(articleSchema, draft, { collection: 'article preview', locale: locale.data });
  } catch (error) {
    return { ok: false, status: 422, message: `This draft cannot be shown yet: ${error instanceof Error ? error.message : String(error)}` };
  }

  const settings = new Map<Locale, SiteSettings | null>();
  for (const each of LOCALES) {
    const entry = await client.getSingle(siteSettingsEndpoint, { ...siteSettingsQuery, locale: each });
    settings.set(each, entry === null ? null : validateEntry(siteSettingsSchema, entry, { collection: 'settings', locale: each }));
  }
  const rubrics = (await client.getAll(rubricEndpoint, { ...rubricQuery, locale: locale.data })).map((entry) =>
    validateEntry(rubricSchema, entry, { collection: 'rubrics', locale: locale.data }),
  );
  return {
    ok: true,
    article: articleView(article, []),
    frame: chromeOf(locale.data, (each) => settings.get(each) ?? null, sortRubrics(rubrics, locale.data)),
    fileUrl: (url) => client.fileUrl(url),
  };
}
