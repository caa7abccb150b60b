/**
 * import-record service: executes one import plan made by the archive
 * importer (scripts/src/importer) in ONE database transaction, so that an
 * article, the credits and authors it needs, its translation link and its
 * import record are created together or not at all — also when the
 * importer is killed mid-request or the article is refused by a rule.
 *
 * Plans run one at a time (a queue in this process): two files naming the
 * same new photographer must not both create them, and a Russian and a
 * Kazakh export of one story imported in parallel must see each other to be
 * linked as translations. SQLite serializes writes anyway; on PostgreSQL this
 * keeps find-or-create race-free without a unique index on names.
 *
 * Matching: credits and authors by normalised name (case, ё/е, Kazakh letters
 * folded to their Russian look-alikes — «Қасымов» is «Касымов» —, quotes,
 * dashes and spaces). What an import creates is marked `needsReview` for an
 * editor. Translations: a record of the other locale with the same
 * publication minute whose figures (numbers of the text) mostly agree, and
 * whose document has no version in this locale yet.
 */
import type { Core } from '@strapi/strapi';
import { factories } from '@strapi/strapi';
import type { ImportPlan } from '../plan';

const RECORD = 'api::import-record.import-record';
const ARTICLE = 'api::article.article';
const CREDIT = 'api::credit.credit';
const AUTHOR = 'api::author.author';

type Named = { id: number; documentId: string; name: string };
type RecordRow = {
  id: number;
  documentId: string;
  sourceHash: string;
  articleDocumentId: string;
  articleLocale: string;
  title: string | null;
  figures: unknown;
  photoCount: number | null;
};

type Documents = {
  create(params: Record<string, unknown>): Promise<{ documentId: string; slug?: string; title?: string } | null>;
  update(params: Record<string, unknown>): Promise<{ documentId: string; slug?: string; title?: string } | null>;
  publish(params: Record<string, unknown>): Promise<unknown>;
};
const documents = (strapi: Core.Strapi, uid: string) => strapi.documents(uid as never) as unknown as Documents;

export type Linked = { name: string; documentId: string; created: boolean };
export type ImportOutcome =
  | { status: 'skipped'; reason: string; documentId: string; locale: string; title: string | null }
  | {
      status: 'imported';
      documentId: string;
      locale: string;
      slug: string;
      title: string;
      translationOf: { documentId: string; locale: string; title: string | null; sharedFigures: number; figures: number } | null;
      credits: Linked[];
      authors: Linked[];
    };

/** «Айдос Қасымов» → «айдос касымов»: the key names are matched by. */
export function normalizeName(name: string): string {
  const fold: Record<string, string> = { ә: 'а', ғ: 'г', қ: 'к', ң: 'н', ө: 'о', ұ: 'у', ү: 'у', һ: 'х', і: 'и', ё: 'е' };
  return name
    .normalize('NFC')
    .toLocaleLowerCase('ru')
    .replace(/[әғқңөұүһіё]/gu, (char) => fold[char] ?? char)
    .replace(/[«»"„“”'’]/gu, '')
    .replace(/[‐-―−-]/gu, '-')
    .replace(/[.,;:]+$/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Shared figures of two texts (as multisets) and their Jaccard similarity. */
export function figureOverlap(a: string[], b: string[]): { shared: number; similarity: number } {
  const counts = new Map<string, number>();
  for (const figure of a) counts.set(figure, (counts.get(figure) ?? 0) + 1);
  let shared = 0;
  for (const figure of b) {
    const left = counts.get(figure) ?? 0;
    if (left > 0) {
      shared += 1;
      counts.set(figure, left - 1);
    }
  }
  const union = a.length + b.length - shared;
  return { shared, similarity: union === 0 ? 0 : shared / union };
}

/** Enough agreement to call two exports of the same minute one story. */
export function isSameStory(
  a: { figures: string[]; photos: number },
  b: { figures: string[]; photos: number },
): { shared: number; similarity: number } | null {
  const overlap = figureOverlap(a.figures, b.figures);
  if (overlap.shared >= 2 && overlap.similarity >= 0.6) return overlap;
  if (a.figures.length === 0 && b.figures.length === 0 && a.photos > 0 && a.photos === b.photos) return overlap;
  return null;
}

const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

let queue: Promise<unknown> = Promise.resolve();
/** Runs `task` after every task queued before it (one plan at a time in this process). */
function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

async function findOrCreate(
  strapi: Core.Strapi,
  uid: string,
  wanted: Array<{ name: string; data: Record<string, unknown> }>,
): Promise<Map<string, Linked>> {
  const result = new Map<string, Linked>();
  if (wanted.length === 0) return result;
  const existing = (await strapi.db.query(uid as never).findMany({ select: ['id', 'documentId', 'name'] })) as Named[];
  const byKey = new Map(existing.map((row) => [normalizeName(row.name), row]));
  for (const { name, data } of wanted) {
    const key = normalizeName(name);
    if (result.has(name)) continue;
    const found = byKey.get(key);
    if (found) {
      result.set(name, { name: found.name, documentId: found.documentId, created: false });
      continue;
    }
    const created = await documents(strapi, uid).create({ data: { ...data, name, needsReview: true } });
    if (!created) throw new Error(`${uid}: «${name}» could not be created`);
    const linked = { name, documentId: created.documentId, created: true };
    byKey.set(key, { id: 0, documentId: created.documentId, name });
    result.set(name, linked);
  }
  return result;
}

async function findTranslation(
  strapi: Core.Strapi,
  plan: ImportPlan,
): Promise<{ record: RecordRow; shared: number; figures: number } | null> {
  const candidates = (await strapi.db.query(RECORD as never).findMany({
    where: { publicationDate: plan.article.publicationDate, articleLocale: { $ne: plan.locale } },
  })) as RecordRow[];
  let best: { record: RecordRow; shared: number; similarity: number } | null = null;
  for (const record of candidates) {
    const match = isSameStory(
      { figures: plan.fingerprint.figures, photos: plan.fingerprint.photos },
      { figures: asStrings(record.figures), photos: record.photoCount ?? 0 },
    );
    if (!match || (best && best.similarity >= match.similarity)) continue;
    const taken = await strapi.db.query(ARTICLE as never).count({ where: { documentId: record.articleDocumentId, locale: plan.locale } });
    const exists = await strapi.db.query(ARTICLE as never).count({ where: { documentId: record.articleDocumentId } });
    if (taken > 0 || exists === 0) continue;
    best = { record, shared: match.shared, similarity: match.similarity };
  }
  return best
    ? {
        record: best.record,
        shared: best.shared,
        figures: Math.max(plan.fingerprint.figures.length, asStrings(best.record.figures).length),
      }
    : null;
}

async function runPlan(strapi: Core.Strapi, plan: ImportPlan): Promise<ImportOutcome> {
  const previous = (await strapi.db.query(RECORD as never).findOne({ where: { sourceHash: plan.sourceHash } })) as RecordRow | null;
  if (previous) {
    const still = await strapi.db
      .query(ARTICLE as never)
      .count({ where: { documentId: previous.articleDocumentId, locale: previous.articleLocale } });
    return {
      status: 'skipped',
      reason:
        still > 0
          ? 'imported before (same content)'
          : 'imported before (same content); that article was deleted since and is not re-created',
      documentId: previous.articleDocumentId,
      locale: previous.articleLocale,
      title: previous.title,
    };
  }

  const credits = await findOrCreate(
    strapi,
    CREDIT,
    plan.credits.map((credit) => ({ name: credit.name, data: { kind: credit.kind } })),
  );
  const authors = await findOrCreate(
    strapi,
    AUTHOR,
    plan.authors.map((name) => ({ name, data: {} })),
  );
  const photo = (slot: ImportPlan['photos'][number]) => ({
    image: slot.imageId,
    alt: slot.alt,
    caption: slot.caption,
    credit: slot.credit ? (credits.get(slot.credit)?.documentId ?? null) : null,
  });
  const data: Record<string, unknown> = {
    ...plan.article,
    authors: plan.authors.map((name) => authors.get(name)?.documentId).filter((id): id is string => typeof id === 'string'),
    cover: plan.photos.filter((slot) => slot.slot === 'cover').map(photo)[0] ?? null,
    gallery: plan.photos.filter((slot) => slot.slot === 'gallery').map(photo),
  };

  const translation = plan.linkTranslations ? await findTranslation(strapi, plan) : null;
  const article = translation
    ? await documents(strapi, ARTICLE).update({
        documentId: translation.record.articleDocumentId,
        locale: plan.locale,
        status: 'draft',
        data,
      })
    : await documents(strapi, ARTICLE).create({ locale: plan.locale, status: 'draft', data });
  if (!article) throw new Error('the article could not be created');

  await documents(strapi, RECORD).create({
    data: {
      sourceHash: plan.sourceHash,
      sourcePath: plan.sourcePath,
      articleDocumentId: article.documentId,
      articleLocale: plan.locale,
      title: plan.article.title,
      publicationDate: plan.article.publicationDate,
      figures: plan.fingerprint.figures,
      photoCount: plan.fingerprint.photos,
      warningCount: plan.warningCount,
    },
  });

  return {
    status: 'imported',
    documentId: article.documentId,
    locale: plan.locale,
    slug: article.slug ?? '',
    title: plan.article.title,
    translationOf: translation
      ? {
          documentId: translation.record.articleDocumentId,
          locale: translation.record.articleLocale,
          title: translation.record.title,
          sharedFigures: translation.shared,
          figures: translation.figures,
        }
      : null,
    credits: [...credits.values()],
    authors: [...authors.values()],
  };
}

export type PublishOutcome = { documentId: string; locale: string; published: boolean; error: string | null };

export default factories.createCoreService(RECORD as never, ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Runs one plan atomically (see the file comment); skips a source imported before. */
  importPlan(plan: ImportPlan): Promise<ImportOutcome> {
    return serialized(async () => (await strapi.db.transaction(() => runPlan(strapi, plan))) as ImportOutcome);
  },

  /**
   * Publishes imported drafts through the Document Service, so every rule
   * of publishing applies (photos need alt and credit, no placeholders);
   * each refusal is reported, the others are published.
   */
  async publishImported(targets: Array<{ documentId: string; locale: string }>): Promise<PublishOutcome[]> {
    const outcomes: PublishOutcome[] = [];
    for (const { documentId, locale } of targets) {
      const imported = await strapi.db.query(RECORD as never).count({ where: { articleDocumentId: documentId, articleLocale: locale } });
      if (imported === 0) {
        outcomes.push({ documentId, locale, published: false, error: 'not an imported article' });
        continue;
      }
      try {
        await documents(strapi, ARTICLE).publish({ documentId, locale });
        outcomes.push({ documentId, locale, published: true, error: null });
      } catch (error) {
        outcomes.push({ documentId, locale, published: false, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return outcomes;
  },
}));
