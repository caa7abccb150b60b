import type { Core } from '@strapi/strapi';

type AdminUserService = {
  exists(): Promise<boolean>;
  createFirstAdmin(attributes: Record<string, unknown>): Promise<unknown>;
};

/**
 * Creates the first super admin from STRAPI_ADMIN_EMAIL / STRAPI_ADMIN_PASSWORD
 * when no admin exists yet. Never changes an existing admin.
 */
export async function ensureFirstAdmin(strapi: Core.Strapi, email: string | undefined, password: string | undefined): Promise<void> {
  const users = strapi.service('admin::user') as unknown as AdminUserService;
  if (await users.exists()) return;
  if (!email || !password) {
    strapi.log.info('No admin user yet: set STRAPI_ADMIN_EMAIL and STRAPI_ADMIN_PASSWORD, or open /admin to register one.');
    return;
  }
  await users.createFirstAdmin({ email, password, firstname: 'Admin', lastname: 'Tilshi' });
  strapi.log.info(`Created the first admin user ${email}`);
}
