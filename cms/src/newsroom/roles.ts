/**
 * The newsroom workflow, free: three admin roles with their permissions,
 * provisioned at every start (Strapi CE allows custom admin roles: its role
 * controller and service in @strapi/admin have no licence check; review
 * workflows are Enterprise, so review stages are an article field,
 * `reviewStage`, see src/document-middlewares/review-stage.ts).
 *
 * - Репортёр (reporter): writes and edits articles in both languages, adds
 *   tags and photo credits, uploads photos; cannot publish, unpublish or
 *   delete, and cannot set the stage «Готово к публикации».
 * - Редактор (editor): everything on content (publish included), the
 *   moderation queue, readers' flags, the audit list; no settings.
 * - Главный редактор (chief editor): everything, settings, users and roles.
 *
 * The roles are defined here, in code: each start puts their permissions
 * back to this definition (changes made in Settings → Roles do not last; change
 * this file). The super admin of `npm start` keeps Strapi's own role.
 */
import type { Core } from '@strapi/strapi';
import { LOCALES } from '../constants';

/** Admin permissions of the newsroom's own pages (Settings → Roles → «Настройки» → «Редакция»). */
export const NEWSROOM_ACTIONS = {
  moderate: 'api::newsroom.moderate',
  audit: 'api::newsroom.audit',
} as const;

const CONTENT_MANAGER = 'plugin::content-manager.explorer';
export const PUBLISH_ACTION = `${CONTENT_MANAGER}.publish`;

export const NEWSROOM_ROLES = {
  reporter: {
    code: 'tilshi-reporter',
    name: 'Репортёр',
    description: 'Пишет и правит материалы, отправляет их на проверку. Не публикует.',
  },
  editor: {
    code: 'tilshi-editor',
    name: 'Редактор',
    description: 'Проверяет и публикует материалы, модерирует комментарии, видит журнал действий.',
  },
  chief: { code: 'tilshi-chief-editor', name: 'Главный редактор', description: 'Всё, включая настройки, пользователей и роли.' },
} as const;
export type NewsroomRole = keyof typeof NEWSROOM_ROLES;

type Action = { actionId: string; section: string; subjects?: string[] };
type Permission = { action: string; subject?: string | null; properties?: Record<string, unknown>; conditions?: string[] };
type PermissionService = {
  actionProvider: { values(): Action[]; registerMany(actions: Array<Record<string, unknown>>): Promise<unknown> };
};
type ContentTypeService = { getPermissionsWithNestedFields(actions: Action[], options?: Record<string, unknown>): Permission[] };
type RoleService = {
  findOne(where: Record<string, unknown>): Promise<{ id: number; name: string; description: string } | null>;
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
  update(where: Record<string, unknown>, attributes: Record<string, unknown>): Promise<unknown>;
  assignPermissions(roleId: number, permissions: Permission[]): Promise<unknown>;
};

/** Registers the newsroom's own admin actions; Strapi gives them to the super admin on start. Call in register(). */
export async function registerNewsroomActions(strapi: Core.Strapi): Promise<void> {
  const permissions = strapi.service('admin::permission') as unknown as PermissionService;
  await permissions.actionProvider.registerMany([
    {
      uid: 'newsroom.moderate',
      section: 'settings',
      category: 'Редакция',
      subCategory: 'Комментарии',
      displayName: 'Модерация комментариев: очередь, решения, блокировка читателей',
    },
    {
      uid: 'newsroom.audit',
      section: 'settings',
      category: 'Редакция',
      subCategory: 'Журнал',
      displayName: 'Журнал действий: публикации, удаления, решения модераторов',
    },
  ]);
}

const USER_UID = 'plugin::users-permissions.user';
const ARTICLE_UID = 'api::article.article';

/** Bookkeeping the Content Manager shows but only the chief editor should touch: the archive importer's records. */
const CHIEF_ONLY = ['api::import-record.import-record'];

/** Content types editors work with: every one the Content Manager shows, readers (users) and CHIEF_ONLY apart. */
function editorialSubjects(strapi: Core.Strapi): string[] {
  return Object.values(strapi.contentTypes)
    .filter(
      (contentType) =>
        contentType.uid.startsWith('api::') &&
        (contentType.pluginOptions as { 'content-manager'?: { visible?: boolean } } | undefined)?.['content-manager']?.visible !== false,
    )
    .map((contentType) => contentType.uid)
    .filter((uid) => !CHIEF_ONLY.includes(uid));
}

function isLocalized(strapi: Core.Strapi, uid: string): boolean {
  return (
    (strapi.contentTypes[uid as keyof typeof strapi.contentTypes]?.pluginOptions as { i18n?: { localized?: boolean } } | undefined)?.i18n
      ?.localized === true
  );
}

/** Content-type permissions (all fields, both locales) for these actions on these subjects. */
function contentPermissions(strapi: Core.Strapi, grants: Array<{ actions: string[]; subjects: string[] }>): Permission[] {
  const permissions = strapi.service('admin::permission') as unknown as PermissionService;
  const contentTypes = strapi.service('admin::content-type') as unknown as ContentTypeService;
  const all = permissions.actionProvider.values().filter((action) => action.section === 'contentTypes');
  const locales = LOCALES.map((locale) => locale.code);
  return grants.flatMap(({ actions, subjects }) =>
    contentTypes
      .getPermissionsWithNestedFields(all.filter((action) => actions.includes(action.actionId)))
      .filter((permission) => typeof permission.subject === 'string' && subjects.includes(permission.subject))
      .map((permission) =>
        isLocalized(strapi, permission.subject ?? '') ? { ...permission, properties: { ...permission.properties, locales } } : permission,
      ),
  );
}

const UPLOAD_FOR_WRITERS = ['read', 'configure-view', 'assets.create', 'assets.update', 'assets.download', 'assets.copy-link'].map(
  (uid) => `plugin::upload.${uid}`,
);

/** Every non-content permission Strapi knows (plugins, settings), for the chief editor. */
function everyOtherPermission(strapi: Core.Strapi): Permission[] {
  const permissions = strapi.service('admin::permission') as unknown as PermissionService;
  return permissions.actionProvider
    .values()
    .filter((action) => action.section !== 'contentTypes' && action.section !== 'internal')
    .map((action) => ({ action: action.actionId, subject: null }));
}

/** What each newsroom role may do (the permissions Settings → Roles shows for it). */
export function rolePermissions(strapi: Core.Strapi, role: NewsroomRole): Permission[] {
  const editorial = editorialSubjects(strapi);
  const reading = editorial.filter((uid) => uid !== 'api::comment.comment' && uid !== 'api::banned-word.banned-word');
  const action = (name: string) => `${CONTENT_MANAGER}.${name}`;
  switch (role) {
    case 'reporter':
      return [
        ...contentPermissions(strapi, [
          { actions: [action('create'), action('read'), action('update')], subjects: [ARTICLE_UID] },
          { actions: [action('read')], subjects: reading },
          { actions: [action('create')], subjects: ['api::tag.tag', 'api::credit.credit'] },
        ]),
        ...UPLOAD_FOR_WRITERS.map((upload) => ({ action: upload, subject: null })),
      ];
    case 'editor':
      return [
        ...contentPermissions(strapi, [
          { actions: ['create', 'read', 'update', 'delete', 'publish'].map(action), subjects: editorial },
          { actions: [action('read'), action('update')], subjects: [USER_UID] },
        ]),
        ...[...UPLOAD_FOR_WRITERS, 'plugin::upload.settings.read'].map((upload) => ({ action: upload, subject: null })),
        { action: NEWSROOM_ACTIONS.moderate, subject: null },
        { action: NEWSROOM_ACTIONS.audit, subject: null },
      ];
    case 'chief':
      return [
        ...contentPermissions(strapi, [
          { actions: ['create', 'read', 'update', 'delete', 'publish'].map(action), subjects: [...editorial, ...CHIEF_ONLY, USER_UID] },
        ]),
        ...everyOtherPermission(strapi),
      ];
  }
}

/** Creates the three roles when missing and puts their names, descriptions and permissions back to this file's definition. */
export async function ensureNewsroomRoles(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.service('admin::role') as unknown as RoleService;
  for (const [key, definition] of Object.entries(NEWSROOM_ROLES) as Array<[NewsroomRole, (typeof NEWSROOM_ROLES)[NewsroomRole]]>) {
    let role = await roles.findOne({ code: definition.code });
    if (!role) {
      const sameName = await roles.findOne({ name: definition.name });
      if (sameName)
        throw new Error(
          `An admin role named «${definition.name}» exists without the code ${definition.code}: rename it in Settings → Roles so the newsroom role can be created.`,
        );
      const created = await roles.create({ name: definition.name, code: definition.code, description: definition.description });
      role = { id: created.id, name: definition.name, description: definition.description };
      strapi.log.info(`newsroom role created: ${definition.name}`);
    } else if (role.name !== definition.name || role.description !== definition.description) {
      await roles.update({ id: role.id }, { name: definition.name, description: definition.description });
    }
    await roles.assignPermissions(role.id, rolePermissions(strapi, key));
  }
}
