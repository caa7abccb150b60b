/**
 * Article history, free (Strapi's content history is a paid plan and records
 * panel edits only): every save, publish, discard and restore of an article
 * keeps a version of that locale's draft, with who and when — recorded by the
 * Document Service middleware of src/document-middlewares/history.ts, so the
 * panel, REST (importer, seed), and scheduled publishing are all recorded.
 *
 * Versions live in `api::article-version.article-version`: no REST routes,
 * hidden in the Content Manager, written with the query engine (no webhook
 * is sent for them, so the publish service never sees them). Editors read
 * them through the admin routes of src/newsroom/routes.ts.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { actorColumns, currentScope, withActionScope, type Actor, type ActorColumns } from './actor';
import {
  BOOKKEEPING_FIELDS,
  compareSnapshots,
  isToMany,
  snapshotOf,
  SYSTEM_FIELDS,
  type Attribute,
  type FieldChange,
  type ModelShape,
  type Snapshot,
} from './snapshot';

export const ARTICLE_UID = 'api::article.article';
export const VERSION_UID = 'api::article-version.article-version';

export const VERSION_EVENTS = ['create', 'update', 'publish', 'discard', 'restore'] as const;
export type VersionEvent = (typeof VERSION_EVENTS)[number];

/**
 * Fields a restore leaves as they are: the address (a published page keeps
 * its URL), the publication date (the article's place in the archive), the
 * schedule (an old publishAt would publish by surprise) and the review stage
 * (the restored text is a new draft to review).
 */
export const NOT_RESTORED = ['slug', 'publicationDate', 'publishAt', 'reviewStage'] as const;

type Model = { attributes: Record<string, Attribute> };
type Query = {
  findOne(params: Record<string, unknown>): Promise<Record<string, unknown> | null>;
  findMany(params: Record<string, unknown>): Promise<Array<Record<string, unknown>>>;
  count(params: Record<string, unknown>): Promise<number>;
  create(params: Record<string, unknown>): Promise<Record<string, unknown>>;
};

export const query = (strapi: Core.Strapi, uid: string): Query => strapi.db.query(uid as never) as unknown as Query;
const modelOf = (strapi: Core.Strapi, uid: string): Model => strapi.getModel(uid as never) as unknown as Model;

/** The fields of a model a version keeps (everything but Strapi's own columns and the CMS's bookkeeping), with components resolved through Strapi. */
export function shapeOf(strapi: Core.Strapi, uid: string): ModelShape {
  const fields = Object.entries(modelOf(strapi, uid).attributes).filter(
    ([name]) => !SYSTEM_FIELDS.has(name) && !BOOKKEEPING_FIELDS.has(name),
  );
  return { fields, component: (componentUid) => shapeOf(strapi, componentUid) };
}

function labelFields(strapi: Core.Strapi, target: string): string[] {
  const attributes = modelOf(strapi, target).attributes;
  return ['documentId', ...['title', 'name', 'username', 'locale'].filter((field) => field in attributes)];
}

/** What to load with the query engine for a snapshot: relations with their label, media, components in depth. */
function populateFor(strapi: Core.Strapi, uid: string): Record<string, unknown> {
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of shapeOf(strapi, uid).fields) {
    if (attribute.type === 'relation' && attribute.target) populate[name] = { select: labelFields(strapi, attribute.target) };
    else if (attribute.type === 'media') populate[name] = { select: ['id', 'name', 'url'] };
    else if (attribute.type === 'component' && attribute.component) populate[name] = { populate: populateFor(strapi, attribute.component) };
  }
  return populate;
}

/** The current draft of one locale of an article as a snapshot, or null when that locale does not exist. */
export async function draftSnapshot(strapi: Core.Strapi, documentId: string, locale: string): Promise<Snapshot | null> {
  const row = await query(strapi, ARTICLE_UID).findOne({
    where: { documentId, locale, publishedAt: null },
    populate: populateFor(strapi, ARTICLE_UID),
  });
  return row ? snapshotOf(shapeOf(strapi, ARTICLE_UID), row) : null;
}

/** The locales an article has (drafts), for actions on every locale (`locale: '*'`). */
export async function articleLocales(strapi: Core.Strapi, documentId: string): Promise<string[]> {
  const rows = await query(strapi, ARTICLE_UID).findMany({ select: ['locale'], where: { documentId, publishedAt: null } });
  return rows.map((row) => row.locale).filter((locale): locale is string => typeof locale === 'string');
}

/**
 * Keeps a version of one locale's draft after an action; answers its id, or
 * null when there was nothing to keep (no such locale, or an `update` that
 * changed nothing since the last version).
 */
export async function recordVersion(
  strapi: Core.Strapi,
  input: { documentId: string; locale: string; event: VersionEvent; actor: Actor },
): Promise<number | null> {
  const { restoredFrom } = currentScope();
  const { documentId, locale } = input;
  const snapshot = await draftSnapshot(strapi, documentId, locale);
  if (!snapshot) return null;
  const event: VersionEvent = restoredFrom !== undefined && input.event === 'update' ? 'restore' : input.event;
  if (event === 'update') {
    const [last] = await query(strapi, VERSION_UID).findMany({
      select: ['snapshot'],
      where: { articleDocumentId: documentId, locale },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      limit: 1,
    });
    if (last && JSON.stringify(last.snapshot) === JSON.stringify(snapshot)) return null;
  }
  const created = await query(strapi, VERSION_UID).create({
    data: {
      articleDocumentId: documentId,
      locale,
      event,
      title: typeof snapshot.title === 'string' ? snapshot.title.slice(0, 300) : null,
      snapshot,
      ...actorColumns(input.actor),
      restoredFrom: event === 'restore' ? (restoredFrom ?? null) : null,
    },
  });
  return Number(created.id);
}

// --- reading ----------------------------------------------------------------------------------

export type VersionSummary = ActorColumns & {
  id: number;
  event: VersionEvent;
  title: string | null;
  createdAt: string;
  restoredFrom: number | null;
  /** Fields that differ from the version before it (all filled fields for the first one). */
  changedFields: string[];
};

type VersionRow = ActorColumns & {
  id: number;
  articleDocumentId: string;
  locale: string;
  event: VersionEvent;
  title: string | null;
  createdAt: string;
  restoredFrom: number | null;
  snapshot: Snapshot;
};

const asVersionEvent = (value: unknown): VersionEvent => VERSION_EVENTS.find((event) => event === value) ?? 'update';
const asSnapshot = (value: unknown): Snapshot =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Snapshot) : {};
const asIso = (value: unknown): string =>
  value instanceof Date ? value.toISOString() : typeof value === 'string' ? new Date(value).toISOString() : '';

function toVersionRow(row: Record<string, unknown>): VersionRow {
  return {
    id: Number(row.id),
    articleDocumentId: String(row.articleDocumentId),
    locale: String(row.locale),
    event: asVersionEvent(row.event),
    title: typeof row.title === 'string' ? row.title : null,
    createdAt: asIso(row.createdAt),
    restoredFrom: typeof row.restoredFrom === 'number' ? row.restoredFrom : null,
    snapshot: asSnapshot(row.snapshot),
    actorKind: (['admin', 'api-token', 'reader', 'scheduled', 'system'] as const).find((kind) => kind === row.actorKind) ?? 'system',
    actorName: typeof row.actorName === 'string' ? row.actorName : null,
    actorId: typeof row.actorId === 'number' ? row.actorId : null,
  };
}

const VERSION_ORDER = [{ createdAt: 'desc' }, { id: 'desc' }];

/** One page of an article locale's versions, newest first, each with the fields it changed. */
export async function listVersions(
  strapi: Core.Strapi,
  documentId: string,
  locale: string,
  page: { page: number; pageSize: number },
): Promise<{ versions: VersionSummary[]; total: number }> {
  const where = { articleDocumentId: documentId, locale };
  const [total, rows] = await Promise.all([
    query(strapi, VERSION_UID).count({ where }),
    // One more than the page: the version before the last one shown, to say what that one changed.
    query(strapi, VERSION_UID).findMany({
      where,
      orderBy: VERSION_ORDER,
      offset: (page.page - 1) * page.pageSize,
      limit: page.pageSize + 1,
    }),
  ]);
  const versions = rows.map(toVersionRow);
  const shape = shapeOf(strapi, ARTICLE_UID);
  const summaries = versions.slice(0, page.pageSize).map((version, index) => {
    const { snapshot: _snapshot, articleDocumentId: _documentId, locale: _locale, ...summary } = version;
    const previous = versions[index + 1]?.snapshot ?? null;
    return { ...summary, changedFields: compareSnapshots(shape, previous, version.snapshot).map((change) => change.field) };
  });
  return { versions: summaries, total };
}

export type VersionDetail = {
  version: Omit<VersionSummary, 'changedFields'> & { articleDocumentId: string; locale: string };
  /** What it is compared with: the version before it, or the current draft. */
  against: { kind: 'previous'; id: number | null } | { kind: 'current' };
  changes: FieldChange[];
};

export class VersionNotFoundError extends errors.NotFoundError {
  constructor(id: number) {
    super(`Версия №${id} не найдена`);
  }
}

async function findVersion(strapi: Core.Strapi, id: number): Promise<VersionRow> {
  const row = await query(strapi, VERSION_UID).findOne({ where: { id } });
  if (!row) throw new VersionNotFoundError(id);
  return toVersionRow(row);
}

/** A version and what changed: since the version before it, or from it to the current draft. */
export async function versionDetail(strapi: Core.Strapi, id: number, against: 'previous' | 'current'): Promise<VersionDetail> {
  const version = await findVersion(strapi, id);
  const shape = shapeOf(strapi, ARTICLE_UID);
  const { snapshot, ...meta } = version;
  if (against === 'current') {
    const current = await draftSnapshot(strapi, version.articleDocumentId, version.locale);
    return { version: meta, against: { kind: 'current' }, changes: current ? compareSnapshots(shape, snapshot, current) : [] };
  }
  const [previous] = await query(strapi, VERSION_UID).findMany({
    where: {
      articleDocumentId: version.articleDocumentId,
      locale: version.locale,
      $or: [{ createdAt: { $lt: version.createdAt } }, { createdAt: version.createdAt, id: { $lt: version.id } }],
    },
    orderBy: VERSION_ORDER,
    limit: 1,
  });
  const before = previous ? toVersionRow(previous) : null;
  return {
    version: meta,
    against: { kind: 'previous', id: before?.id ?? null },
    changes: compareSnapshots(shape, before?.snapshot ?? null, snapshot),
  };
}

// --- restoring ---------------------------------------------------------------------------------

type RestoreData = { data: Record<string, unknown>; missing: string[] };

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
const recordList = (value: unknown): Array<Record<string, unknown>> =>
  (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value])
    .map(asRecord)
    .filter((item): item is Record<string, unknown> => item !== undefined);

/** A snapshot's fields as Document Service input; what no longer exists (a deleted tag, photo…) is left out and named. */
async function restorableData(
  strapi: Core.Strapi,
  uid: string,
  snapshot: Snapshot,
  skip: readonly string[],
  path: string,
): Promise<RestoreData> {
  const data: Record<string, unknown> = {};
  const missing: string[] = [];
  for (const [name, attribute] of shapeOf(strapi, uid).fields) {
    if (skip.includes(name) || !(name in snapshot)) continue;
    const value = snapshot[name];
    const where = path === '' ? name : `${path}.${name}`;
    if (attribute.type === 'relation' && attribute.target) {
      const kept: Array<{ documentId: string; locale?: string }> = [];
      for (const ref of recordList(value)) {
        if (typeof ref.documentId !== 'string') continue;
        const locale = typeof ref.locale === 'string' ? ref.locale : undefined;
        const exists = await query(strapi, attribute.target).findOne({
          select: ['id'],
          where: { documentId: ref.documentId, ...(locale ? { locale } : {}) },
        });
        if (exists) kept.push({ documentId: ref.documentId, ...(locale ? { locale } : {}) });
        else missing.push(`${where}: «${typeof ref.label === 'string' ? ref.label : ref.documentId}»`);
      }
      data[name] = { set: isToMany(attribute) ? kept : kept.slice(0, 1) };
    } else if (attribute.type === 'media') {
      const ids: number[] = [];
      for (const file of recordList(value)) {
        if (typeof file.id !== 'number') continue;
        if (await query(strapi, 'plugin::upload.file').findOne({ select: ['id'], where: { id: file.id } })) ids.push(file.id);
        else missing.push(`${where}: файл «${typeof file.name === 'string' ? file.name : file.id}»`);
      }
      data[name] = attribute.multiple ? ids : (ids[0] ?? null);
    } else if (attribute.type === 'component' && attribute.component) {
      const items: Array<Record<string, unknown>> = [];
      for (const [index, item] of recordList(value).entries()) {
        const inner = await restorableData(strapi, attribute.component, item, [], attribute.repeatable ? `${where}[${index + 1}]` : where);
        items.push(inner.data);
        missing.push(...inner.missing);
      }
      data[name] = attribute.repeatable ? items : (items[0] ?? null);
    } else {
      data[name] = value;
    }
  }
  return { data, missing };
}

export type RestoreResult = { documentId: string; locale: string; restoredFrom: number; missing: string[] };

/**
 * Brings a version back as the article's new draft (the published version, if
 * any, stays live until someone publishes), recorded as a `restore` version
 * and in the audit list. The address, the publication date, the schedule and the review stage stay
 * as they are (NOT_RESTORED); relations and files that no longer exist are
 * left out and named in the answer.
 */
export async function restoreVersion(strapi: Core.Strapi, id: number, actor: Actor): Promise<RestoreResult> {
  const version = await findVersion(strapi, id);
  const { data, missing } = await restorableData(strapi, ARTICLE_UID, version.snapshot, NOT_RESTORED, '');
  const documents = strapi.documents(ARTICLE_UID as never) as unknown as { update(params: Record<string, unknown>): Promise<unknown> };
  await withActionScope({ actor, restoredFrom: version.id }, () =>
    documents.update({ documentId: version.articleDocumentId, locale: version.locale, status: 'draft', data }),
  );
  return { documentId: version.articleDocumentId, locale: version.locale, restoredFrom: version.id, missing };
}
