import type { Core } from '@strapi/strapi';
import { withActionScope } from '../newsroom/actor';

/**
 * Scheduled publishing (Strapi's own release scheduling is a paid feature):
 * an editor sets "publishAt" on an article draft; the cron task of
 * config/cron-tasks.ts runs at the start of every minute and publishes every
 * draft due within that minute, through the Document Service — so the
 * article rules apply (photos need alt text and credit) and Strapi fires the
 * usual entry.publish webhook that puts the page live. publishAt is cleared
 * first, so the published version does not carry it; if publishing is
 * refused, it is put back and the next minute tries again (the reason is in
 * Strapi's log).
 */

const ARTICLE = 'api::article.article';

type DueDraft = { documentId: string; locale: string; publishAt: string; title?: string };
type Documents = {
  findMany(params: Record<string, unknown>): Promise<unknown[]>;
  update(params: Record<string, unknown>): Promise<unknown>;
  publish(params: Record<string, unknown>): Promise<unknown>;
};

export type ScheduledRun = {
  published: Array<{ documentId: string; locale: string }>;
  failed: Array<{ documentId: string; locale: string; error: string }>;
};

/** The end of the minute `now` falls in: everything scheduled before it is due now. */
export function endOfMinute(now: Date): Date {
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + 60_000);
}

function isDueDraft(value: unknown): value is DueDraft {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.documentId === 'string' && typeof record.locale === 'string' && typeof record.publishAt === 'string';
}

/** Publishes what is due, recorded in versions and the audit list as done by «scheduled publishing». */
export function publishDueArticles(strapi: Core.Strapi, now: Date = new Date()): Promise<ScheduledRun> {
  return withActionScope({ actor: { kind: 'scheduled' } }, () => publishDue(strapi, now));
}

async function publishDue(strapi: Core.Strapi, now: Date): Promise<ScheduledRun> {
  const documents = strapi.documents(ARTICLE) as unknown as Documents;
  const due = (
    await documents.findMany({
      status: 'draft',
      locale: '*',
      filters: { publishAt: { $notNull: true, $lt: endOfMinute(now).toISOString() } },
      fields: ['documentId', 'locale', 'publishAt', 'title'],
      sort: ['publishAt:asc'],
    })
  ).filter(isDueDraft);
  const run: ScheduledRun = { published: [], failed: [] };
  for (const draft of due) {
    const { documentId, locale } = draft;
    try {
      await documents.update({ documentId, locale, data: { publishAt: null } });
      await documents.publish({ documentId, locale });
      run.published.push({ documentId, locale });
      strapi.log.info(`scheduled publishing: published ${documentId} (${locale}) «${draft.title ?? ''}», due ${draft.publishAt}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      run.failed.push({ documentId, locale, error: message });
      strapi.log.error(`scheduled publishing: ${documentId} (${locale}) could not be published: ${message}; it stays scheduled`);
      await documents.update({ documentId, locale, data: { publishAt: draft.publishAt } }).catch(() => {});
    }
  }
  return run;
}

type ConfigurationService = {
  findConfiguration(target: {
    uid: string;
  }): Promise<{ metadatas: Record<string, { edit?: Record<string, unknown> }> } & Record<string, unknown>>;
  updateConfiguration(target: { uid: string }, configuration: Record<string, unknown>): Promise<unknown>;
};

const PUBLISH_AT_DESCRIPTION =
  'Запланированная публикация (время Актау): в эту минуту материал опубликуется сам. Сохраните черновик, не публикуйте. Пусто — не запланировано.';

/** The editors' hint under the publishAt field of the article form. */
export async function ensurePublishAtDescription(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('content-manager').service('content-types') as unknown as ConfigurationService;
  const configuration = await service.findConfiguration({ uid: ARTICLE });
  const current = configuration.metadatas.publishAt;
  if (!current || current.edit?.description === PUBLISH_AT_DESCRIPTION) return;
  const metadatas = {
    ...configuration.metadatas,
    publishAt: { ...current, edit: { ...current.edit, description: PUBLISH_AT_DESCRIPTION, label: 'Опубликовать в' } },
  };
  await service.updateConfiguration({ uid: ARTICLE }, { settings: configuration.settings, metadatas, layouts: configuration.layouts });
}
