/**
 * Reader comments on the CMS side.
 *
 * The comments function (the `comments/` package) is the only public way in:
 * it checks readers' JWTs, applies the rules (length, links, banned words,
 * rate limits, pre-moderation) and writes here with a server-only API token.
 * This file gives that token exactly the permissions it needs, keeps the
 * panel relations of each comment in step with the ids the function stores,
 * and sets up the moderators' views.
 *
 * Why a comment stores `articleDocumentId` and `authorId` as plain columns
 * besides the `article` and `author` relations: Article is localized and has
 * Draft & Publish, so in Strapi 5 one article is several rows (a draft and a
 * published row per locale), and a relation from a comment (neither localized
 * nor D&P) points at rows, not at the document. Connected by documentId it
 * links to the draft and the published row of one locale; every publish
 * replaces the published row (Strapi re-links it), unpublishing deletes it,
 * and the panel shows only the published side. The rows are no key to query
 * by. The function therefore reads and filters by the indexed document id,
 * which never changes, and by the reader's id (filtering through the `author`
 * relation would also need the token to read users, i.e. their e-mails).
 * The relations exist for moderators: the panel lists the article's title and
 * the reader's username and links to them. They are set here, from the ids,
 * on every create (the Russian version when the article has one).
 *
 * The moderation attribute is `moderationStatus`, not `status`: the panel's
 * content manager reserves `status` for draft/published and refuses to save
 * a field of that name.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { recordChanges, sqlOf } from '../api/comment/changes';
import { DOCUMENT_ID_PATTERN } from '../api/comment/query';
import { PHONES_TABLE } from '../api/reader-account/tables';

export const COMMENT_UID = 'api::comment.comment';
export const BANNED_WORD_UID = 'api::banned-word.banned-word';
const ARTICLE_UID = 'api::article.article';
const USER_UID = 'plugin::users-permissions.user';

const READER_ACCOUNT_ACTIONS = [
  'register',
  'verify',
  'login',
  'revokeSessions',
  'changePassword',
  'requestReset',
  'confirmReset',
  'requestPhone',
  'verifyPhone',
  'deleteAccount',
  'setNotifications',
] as const;

/**
 * Permissions of the comments function's token: list, create and delete
 * comments (it checks ownership itself before deleting), count them per
 * article and read a reader's username/trusted/blocked through its own two
 * routes, read the banned words, read published articles (to refuse
 * comments on drafts), create and check reader accounts and count rate
 * limits. No update of comments: moderation happens in the panel only.
 */
export function commentsTokenActions(): string[] {
  return [
    `${COMMENT_UID}.find`,
    `${COMMENT_UID}.create`,
    `${COMMENT_UID}.delete`,
    `${COMMENT_UID}.counts`,
    `${COMMENT_UID}.reader`,
    `${COMMENT_UID}.changes`,
    `${COMMENT_UID}.report`,
    `${COMMENT_UID}.claimReplies`,
    `${COMMENT_UID}.submit`,
    `${BANNED_WORD_UID}.find`,
    `${ARTICLE_UID}.find`,
    // Reader accounts (api/reader-account) and the shared rate-limit counters (api/rate-limit).
    ...READER_ACCOUNT_ACTIONS.map((action) => `api::reader-account.reader-account.${action}`),
    'api::rate-limit.rate-limit.hit',
  ];
}

type CommentData = Record<string, unknown> & { articleDocumentId?: unknown; authorId?: unknown };

/** The locale of the article the panel relation points at: Russian when the article has it. */
async function articleRowLocale(strapi: Core.Strapi, documentId: string): Promise<string | undefined> {
  const rows: Array<{ locale: string | null }> = await strapi.db.query(ARTICLE_UID).findMany({
    select: ['locale'],
    where: { documentId, publishedAt: null },
  });
  const locales = rows.map((row) => row.locale).filter((locale): locale is string => typeof locale === 'string');
  return locales.includes('ru') ? 'ru' : locales[0];
}

/** Fills the `article` and `author` relations of a new comment from the ids the function sends. */
async function linkRelations(strapi: Core.Strapi, data: CommentData): Promise<void> {
  if (data.author === undefined && typeof data.authorId === 'number') {
    const user: { documentId: string } | null = await strapi.db.query(USER_UID).findOne({
      select: ['documentId'],
      where: { id: data.authorId },
    });
    if (!user) throw new errors.ValidationError(`Комментарий: читатель с id ${data.authorId} не найден`, { path: ['authorId'] });
    data.author = user.documentId;
  }
  if (data.article === undefined && typeof data.articleDocumentId === 'string') {
    if (!DOCUMENT_ID_PATTERN.test(data.articleDocumentId)) {
      throw new errors.ValidationError('Комментарий: неверный documentId материала', { path: ['articleDocumentId'] });
    }
    const locale = await articleRowLocale(strapi, data.articleDocumentId);
    if (!locale)
      throw new errors.ValidationError(`Комментарий: материал ${data.articleDocumentId} не найден`, { path: ['articleDocumentId'] });
    data.article = { connect: [{ documentId: data.articleDocumentId, locale }] };
  }
}

/** The article of a comment, by its document id (before it is deleted). */
async function articleOfComment(strapi: Core.Strapi, documentId: unknown): Promise<string | null> {
  if (typeof documentId !== 'string') return null;
  const row: { articleDocumentId: string | null } | null = await strapi.db
    .query(COMMENT_UID)
    .findOne({ select: ['articleDocumentId'], where: { documentId } });
  return row?.articleDocumentId ?? null;
}

const ARTICLE_ACTIONS_THAT_CHANGE_WHAT_IS_PUBLISHED = new Set(['publish', 'unpublish', 'delete']);

/**
 * Document Service rules of comments: the panel relations of a new comment;
 * a moderator's decision (a save that sets moderationStatus) clears the
 * readers' reports it answers (api/comment/reports.ts); and every change of a
 * comment, and every publish/unpublish/delete of an article, goes to the
 * change feed the function's read cache follows (api/comment/changes.ts).
 * The query-engine writes of reports.ts and the account deletion record their
 * own changes. A reader deleted in the panel leaves their confirmed number for
 * the retention period, as one who deletes their own account does.
 */
export function registerCommentRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid === ARTICLE_UID && ARTICLE_ACTIONS_THAT_CHANGE_WHAT_IS_PUBLISHED.has(context.action)) {
      const result = await next();
      const documentId = (context.params as { documentId?: unknown }).documentId;
      if (typeof documentId === 'string') await recordChanges(strapi, [documentId]);
      return result;
    }
    if (context.uid !== COMMENT_UID) return next();
    const params = context.params as { data?: CommentData; documentId?: unknown };
    if (context.action === 'create' && params.data) await linkRelations(strapi, params.data);
    if (context.action === 'update' && params.data && typeof params.data.moderationStatus === 'string') {
      params.data.reportCount = 0;
      params.data.reportReasons = null;
    }
    const before = context.action === 'delete' || context.action === 'update' ? await articleOfComment(strapi, params.documentId) : null;
    const result = await next();
    const after =
      context.action === 'create' || context.action === 'update'
        ? (result as { articleDocumentId?: unknown } | null)?.articleDocumentId
        : null;
    await recordChanges(
      strapi,
      [before, after].filter((id): id is string => typeof id === 'string'),
    );
    return result;
  });
  strapi.db.lifecycles.subscribe({
    models: [USER_UID],
    async beforeDelete(event) {
      const where = event.params.where as { id?: unknown } | undefined;
      if (typeof where?.id !== 'number') return;
      const sql = await sqlOf(strapi);
      await sql.raw(`UPDATE ${PHONES_TABLE} SET account_deleted_at = ? WHERE user_id = ? AND account_deleted_at IS NULL`, [
        Date.now(),
        where.id,
      ]);
    },
  });
}

type Metadata = { edit?: Record<string, unknown>; list?: Record<string, unknown> };
type Configuration = {
  settings: Record<string, unknown>;
  metadatas: Record<string, Metadata>;
  layouts: { list: string[]; edit: unknown };
};
type ConfigurationService = {
  findConfiguration(target: { uid: string }): Promise<Configuration>;
  updateConfiguration(target: { uid: string }, configuration: Configuration): Promise<unknown>;
};

/**
 * The comment form in the Content Manager: what the reader wrote is shown,
 * never edited (a moderator approves or rejects it, with a note); the
 * columns the comments function keeps for itself are hidden.
 */
const READ_ONLY_COMMENT_FIELDS = ['body', 'authorName', 'language'];
const HIDDEN_COMMENT_FIELDS = ['articleDocumentId', 'authorId', 'idempotencyKey', 'moderationReasons'];
const COMMENT_EDIT_LAYOUT = [
  [{ name: 'body', size: 12 }],
  [
    { name: 'moderationStatus', size: 6 },
    { name: 'language', size: 6 },
  ],
  [{ name: 'moderationNote', size: 12 }],
  [
    { name: 'article', size: 6 },
    { name: 'author', size: 6 },
  ],
  [{ name: 'authorName', size: 6 }],
];

function commentForm(configuration: Configuration): Configuration {
  const readOnly = READ_ONLY_COMMENT_FIELDS.reduce((next, field) => withEdit(next, field, { editable: false }), configuration);
  const hidden = HIDDEN_COMMENT_FIELDS.reduce((next, field) => withEdit(next, field, { visible: false, editable: false }), readOnly);
  return { ...hidden, layouts: { ...hidden.layouts, edit: COMMENT_EDIT_LAYOUT } };
}

const TRUSTED_DESCRIPTION =
  'Доверенный читатель: его комментарии публикуются сразу, без проверки модератором (кроме комментариев со стоп-словами).';

function withEdit(configuration: Configuration, field: string, edit: Record<string, unknown>): Configuration {
  const metadata = configuration.metadatas[field] ?? {};
  return {
    ...configuration,
    metadatas: { ...configuration.metadatas, [field]: { ...metadata, edit: { ...metadata.edit, ...edit } } },
  };
}

/**
 * Panel settings that panel-layouts.ts cannot express: the comment form
 * (the reader's text read-only, the function's columns hidden), and the users-permissions user
 * (a plugin type) gets a description of the `trusted` flag.
 */
export async function ensureCommentPanel(strapi: Core.Strapi): Promise<void> {
  const service: ConfigurationService = strapi.plugin('content-manager').service('content-types');
  const targets: Array<{ uid: string; apply: (configuration: Configuration) => Configuration }> = [
    {
      uid: COMMENT_UID,
      apply: commentForm,
    },
    { uid: USER_UID, apply: (configuration) => withEdit(configuration, 'trusted', { description: TRUSTED_DESCRIPTION }) },
  ];
  for (const { uid, apply } of targets) {
    const current = await service.findConfiguration({ uid });
    const base: Configuration = { settings: current.settings, metadatas: current.metadatas, layouts: current.layouts };
    const next = apply(base);
    if (JSON.stringify(next) !== JSON.stringify(base)) await service.updateConfiguration({ uid }, next);
  }
}
