/**
 * Preview on the site server (pages/preview/[locale]/[documentId].astro):
 * checks the signed link the panel made (the CMS signs it with the same
 * module, shared-types/src/preview-token.ts, and TILSHI_PREVIEW_SECRET),
 * then reads the version it names — a draft through the CMS's
 * /api/article-previews endpoint (which checks the signature again), the
 * published version through the public REST API, which serves published
 * versions only — and, at once, the frame (settings, rubrics) and the other
 * locales' published versions over REST, and returns what the article page
 * component renders, with a note saying which version this is and whether
 * the other language is on the site. Nothing here touches the content store
 * or the static output: a draft only ever exists in this request's answer.
 */
import {
  articleEndpoint,
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
import { verifyPreviewSignature, type PreviewTarget } from '@tilshi/shared-types/preview-token';
import { chromeOf, sortRubrics, type Chrome } from './chrome.ts';
import { StrapiClient, StrapiRequestError, validateEntry } from '@tilshi/strapi-client';
import { paths, versionedFileUrl, type UploadRef } from './urls.ts';
import { articleView, type ArticleView, type Translation } from './view.ts';

export type PreviewRequest = {
  locale: string | undefined;
  documentId: string | undefined;
  query: URLSearchParams;
  secret: string | undefined;
  strapiUrl: string;
  token: string | undefined;
};

export type PreviewResult =
  | { ok: true; article: ArticleView; frame: Chrome; fileUrl: (file: UploadRef) => string; note: string }
  | { ok: false; status: number; message: string };

const LANGUAGE_NAMES: Record<Locale, Record<Locale, string>> = {
  ru: { ru: 'Русская версия', kk: 'Казахская версия' },
  kk: { ru: 'Орысша нұсқасы', kk: 'Қазақша нұсқасы' },
};
const NOTES: Record<Locale, { draft: string; published: string; translated: string; untranslated: string }> = {
  ru: {
    draft: 'Предпросмотр черновика: так материал будет выглядеть после публикации.',
    published: 'Предпросмотр опубликованной версии: так материал выглядит на сайте.',
    translated: 'опубликована на сайте.',
    untranslated: 'на сайте не опубликована: переключатель языка покажет её после публикации.',
  },
  kk: {
    draft: 'Жоба алдын ала қарау: материал жарияланғаннан кейін осылай көрінеді.',
    published: 'Жарияланған нұсқаны алдын ала қарау: материал сайтта осылай көрінеді.',
    translated: 'сайтта жарияланған.',
    untranslated: 'сайтта жарияланбаған: тіл ауыстырғыш ол жарияланғаннан кейін көрсетеді.',
  },
};

/** What the preview says above the article: which version it shows, and the other languages' state on the site. */
export function previewNote(locale: Locale, status: 'draft' | 'published', translations: readonly Translation[]): string {
  const others = LOCALES.filter((other) => other !== locale).map(
    (other) =>
      `${LANGUAGE_NAMES[locale][other]} ${translations.some((translation) => translation.locale === other) ? NOTES[locale].translated : NOTES[locale].untranslated}`,
  );
  return [NOTES[locale][status], ...others].join(' ');
}

/** The other locales' published versions of the document (what the live page's language switch links to). */
async function publishedTranslations(client: StrapiClient, documentId: string, locale: Locale): Promise<Translation[]> {
  const others = LOCALES.filter((other) => other !== locale);
  const found = await Promise.all(
    others.map(async (other) => {
      const entry = await client.getSingle(`${articleEndpoint}/${encodeURIComponent(documentId)}`, {
        locale: other,
        fields: ['slug', 'locale'],
      });
      const slug = typeof entry === 'object' && entry !== null && 'slug' in entry && typeof entry.slug === 'string' ? entry.slug : null;
      return slug ? { locale: other, slug, path: paths.article(other, slug) } : null;
    }),
  );
  return found.filter((translation): translation is Translation => translation !== null);
}

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

  const client = new StrapiClient({
    baseUrl: request.strapiUrl,
    ...(request.token ? { token: request.token } : {}),
    retries: 1,
    timeoutMs: 10_000,
  });
  // Everything at once: the version, the other languages, the frame.
  const version = (async (): Promise<unknown> => {
    if (status === 'published') {
      // Published versions are public: the REST API serves exactly what the site shows.
      return client.getSingle(`${articleEndpoint}/${encodeURIComponent(documentId)}`, { locale: locale.data, populate: articlePopulate });
    }
    try {
      return await client.getSingle(`/api/article-previews/${encodeURIComponent(documentId)}`, {
        locale: locale.data,
        status,
        expires: String(expires),
        signature,
        populate: articlePopulate,
      });
    } catch (error) {
      if (error instanceof StrapiRequestError && error.status === 403) return FORBIDDEN;
      throw error;
    }
  })();
  const [raw, translations, frame] = await Promise.all([
    version,
    publishedTranslations(client, documentId, locale.data),
    loadFrame(client, locale.data),
  ]);
  if (raw === FORBIDDEN) return { ok: false, status: 403, message: 'The CMS refused this preview link.' };
  if (raw === null) return { ok: false, status: 404, message: `There is no ${status} version of this article in this language.` };
  // A draft has no publication time yet: preview it as if published now.
  const draft =
    typeof raw === 'object' && raw !== null
      ? { ...raw, publishedAt: (raw as { publishedAt?: unknown }).publishedAt ?? new Date().toISOString() }
      : raw;
  let article;
  try {
    article = validateEntry(articleSchema, draft, { collection: 'article preview', locale: locale.data });
  } catch (error) {
    return { ok: false, status: 422, message: `This draft cannot be shown yet: ${error instanceof Error ? error.message : String(error)}` };
  }
  return {
    ok: true,
    article: articleView(article, translations),
    frame,
    fileUrl: (file) => versionedFileUrl(client.fileUrl(file.url), file),
    note: previewNote(locale.data, status, translations),
  };
}

const FORBIDDEN = Symbol('forbidden');

/** The page frame of a locale: both languages' settings and the rubrics, as the static pages have them. */
async function loadFrame(client: StrapiClient, locale: Locale): Promise<Chrome> {
  const [settings, rubrics] = await Promise.all([
    Promise.all(
      LOCALES.map(async (each) => {
        const entry = await client.getSingle(siteSettingsEndpoint, { ...siteSettingsQuery, locale: each });
        return [each, entry === null ? null : validateEntry(siteSettingsSchema, entry, { collection: 'settings', locale: each })] as const;
      }),
    ),
    client.getAll(rubricEndpoint, { ...rubricQuery, locale }),
  ]);
  const byLocale = new Map<Locale, SiteSettings | null>(settings);
  const validRubrics = rubrics.map((entry) => validateEntry(rubricSchema, entry, { collection: 'rubrics', locale }));
  return chromeOf(locale, (each) => byLocale.get(each) ?? null, sortRubrics(validRubrics, locale));
}
