import type { Core } from '@strapi/strapi';
import { PUBLIC_CONTENT_TYPES } from '../constants';

const READ_ACTIONS = ['find', 'findOne'] as const;

/** Every read action the public role and the site token get: find/findOne of the public types. */
export function publicReadActions(): string[] {
  return PUBLIC_CONTENT_TYPES.flatMap((uid) => {
    const isSingle = uid === 'api::site-setting.site-setting';
    return isSingle ? [`${uid}.find`] : READ_ACTIONS.map((action) => `${uid}.${action}`);
  });
}

/**
 * The public role reads published content of the public types and nothing else:
 * no users (e-mails), no comments' internals. Idempotent: adds what is missing,
 * removes read access to anything outside the list.
 */
export async function ensurePublicPermissions(strapi: Core.Strapi): Promise<void> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('users-permissions: the public role does not exist');

  const permissionQuery = strapi.db.query('plugin::users-permissions.permission');
  const current: Array<{ id: number; action: string }> = await permissionQuery.findMany({
    where: { role: role.id },
  });
  const wanted = new Set(publicReadActions());

  for (const action of wanted) {
    if (!current.some((permission) => permission.action === action)) {
      await permissionQuery.create({ data: { action, role: role.id } });
    }
  }
  for (const permission of current) {
    const isContentRead = permission.action.startsWith('api::') || permission.action.startsWith('plugin::users-permissions.user.');
    if (isContentRead && !wanted.has(permission.action)) {
      await permissionQuery.delete({ where: { id: permission.id } });
    }
  }
}
