import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { localeOf } from './slugs';

/**
 * Editorial rules of articles, enforced by a Document Service middleware so
 * they hold for the panel, the REST API, the seed and the importer alike:
 *
 * - `publicationDate` defaults to the moment of publishing;
 * - publishing is refused while any photo lacks alt text or a credit, or is
 *   still the importer's "photo pending" placeholder.
 */

const ARTICLE = 'api::article.article';

/**
 * The placeholder the article importer puts where an export only names a
 * photo's credit (scripts/src/importer). It must be replaced before publishing.
 */
export const PENDING_PHOTO_PREFIX = 'tilshi-importer-photo-pending';

type Photo = { alt?: string | null; credit?: { name?: string } | null; image?: { name?: string } | null } | null;
type ArticleDraft = {
  documentId: string;
  locale: string;
  title?: string;
  cover?: Photo;
  gallery?: Photo[] | null;
  publicationDate?: string | null;
};

/** The language of a refusal: the admin's interface language (Kazakh or Russian), Russian for REST and scripts. */
export type RuleLanguage = 'ru' | 'kk';

/** One reason a photo blocks publishing, with the path of the form field to fix (`cover.alt`, `gallery.1.credit`). */
export type PhotoIssue = {
  path: Array<string | number>;
  problem: 'alt' | 'credit' | 'placeholder';
  gallery: number | null;
  file: string | null;
};

/** What blocks publishing one locale version; empty when publishable. */
export function photoIssues(article: ArticleDraft): PhotoIssue[] {
  const photos: Array<{ path: Array<string | number>; gallery: number | null; photo: Photo }> = [
    ...(article.cover ? [{ path: ['cover'], gallery: null, photo: article.cover }] : []),
    ...(article.gallery ?? []).map((photo, index) => ({ path: ['gallery', index], gallery: index + 1, photo })),
  ];
  const issues: PhotoIssue[] = [];
  for (const { path, gallery, photo } of photos) {
    if (!photo) continue;
    const file = photo.image?.name ?? null;
    if (!photo.alt || photo.alt.trim() === '') issues.push({ path: [...path, 'alt'], problem: 'alt', gallery, file });
    if (!photo.credit) issues.push({ path: [...path, 'credit'], problem: 'credit', gallery, file });
    if (file?.startsWith(PENDING_PHOTO_PREFIX)) issues.push({ path: [...path, 'image'], problem: 'placeholder', gallery, file });
  }
  return issues;
}

const WORDS = {
  ru: {
    cover: 'главное фото (cover)',
    gallery: (n: number) => `фото №${n} галереи (gallery)`,
    alt: 'нет альтернативного текста (alt)',
    credit: 'не указан автор или источник (credit)',
    placeholder: 'это заглушка импорта — загрузите настоящий снимок',
    refused: 'Материал нельзя опубликовать: у фото должны быть альтернативный текст и автор.',
    field: {
      alt: 'Заполните альтернативный текст: что изображено на фото.',
      credit: 'Укажите автора или источник фото.',
      placeholder: 'Загрузите настоящий снимок вместо заглушки импорта.',
    },
  },
  kk: {
    cover: 'басты фото (cover)',
    gallery: (n: number) => `галереядағы №${n} фото (gallery)`,
    alt: 'балама мәтін жоқ (alt)',
    credit: 'фото авторы немесе дереккөзі көрсетілмеген (credit)',
    placeholder: 'бұл импорт белгісі — нақты суретті жүктеңіз',
    refused: 'Материалды жариялау мүмкін емес: фотоның балама мәтіні мен авторы болуы керек.',
    field: {
      alt: 'Балама мәтінді толтырыңыз: фотода не бейнеленген.',
      credit: 'Фото авторын немесе дереккөзін көрсетіңіз.',
      placeholder: 'Импорт белгісінің орнына нақты суретті жүктеңіз.',
    },
  },
} as const;

/** One issue as a sentence: which photo (and file), what is missing. */
export function describePhotoIssue(issue: PhotoIssue, language: RuleLanguage = 'ru'): string {
  const words = WORDS[language];
  const photo = issue.gallery === null ? words.cover : words.gallery(issue.gallery);
  if (issue.problem === 'placeholder') return `${photo}: ${words.placeholder}`;
  return `${photo}${issue.file ? ` «${issue.file}»` : ''}: ${words[issue.problem]}`;
}

/** Human-readable problems of the photos of one locale version, in Russian; empty when publishable. */
export function photoProblems(article: ArticleDraft): string[] {
  return photoIssues(article).map((issue) => describePhotoIssue(issue));
}

/**
 * The refusal: a message naming every problem, and (for one locale version,
 * as the panel publishes) one error per form field, which the panel marks
 * under the field (`details.errors`, the shape of Strapi's validation errors).
 */
export function photoRulesError(
  issues: Array<PhotoIssue & { locale: string }>,
  singleLocale: boolean,
  language: RuleLanguage = 'ru',
): errors.ValidationError {
  const words = WORDS[language];
  const problems = issues.map((issue) => `[${issue.locale}] ${describePhotoIssue(issue, language)}`);
  const fieldErrors = singleLocale
    ? issues.map((issue) => ({ path: issue.path.map(String), message: words.field[issue.problem], name: 'ValidationError' }))
    : [];
  return new errors.ValidationError(`${words.refused} ${problems.join('; ')}.`, { problems, errors: fieldErrors });
}

/** The interface language of the admin whose request this is (Kazakh or Russian). */
function requestLanguage(strapi: Core.Strapi): RuleLanguage {
  const state = strapi.requestContext?.get?.()?.state as { user?: { preferedLanguage?: unknown } } | undefined;
  return state?.user?.preferedLanguage === 'kk' ? 'kk' : 'ru';
}

export function registerArticleRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== ARTICLE) return next();
    const params = context.params as Record<string, unknown>;

    // REST create/update publish by default (`status: 'published'`), which
    // Strapi does with an internal call that skips middlewares. Save the draft
    // first, then publish through the middleware so the photo rules apply.
    if ((context.action === 'create' || context.action === 'update') && params.status === 'published') {
      params.status = 'draft';
      const draft = (await next()) as { documentId: string } | null;
      if (!draft) return draft;
      const locale = localeOf(params);
      await strapi.documents(ARTICLE).publish({ documentId: draft.documentId, locale });
      return strapi.documents(ARTICLE).findOne({
        documentId: draft.documentId,
        status: 'published',
        locale,
        ...(params.populate ? { populate: params.populate } : {}),
        ...(params.fields ? { fields: params.fields } : {}),
      } as never);
    }

    if (context.action === 'publish') {
      const documentId = params.documentId as string;
      const locale = params.locale;
      const drafts = (await strapi.documents(ARTICLE).findMany({
        filters: { documentId },
        status: 'draft',
        locale: (typeof locale === 'string' ? locale : '*') as string,
        populate: { cover: { populate: ['credit', 'image'] }, gallery: { populate: ['credit', 'image'] } },
      })) as unknown as ArticleDraft[];
      const wanted = Array.isArray(locale) ? drafts.filter((draft) => locale.includes(draft.locale)) : drafts;
      const issues = wanted.flatMap((draft) => photoIssues(draft).map((issue) => ({ ...issue, locale: draft.locale })));
      if (issues.length > 0) throw photoRulesError(issues, wanted.length === 1, requestLanguage(strapi));
      for (const draft of wanted) {
        if (!draft.publicationDate) {
          await strapi.db.query(ARTICLE).update({
            where: { documentId, locale: draft.locale, publishedAt: null },
            data: { publicationDate: new Date().toISOString() },
          });
        }
      }
    }

    return next();
  });
}
