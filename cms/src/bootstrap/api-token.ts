import type { Core } from '@strapi/strapi';
import { IMPORT_RECORD_UID, SITE_TOKEN, WRITABLE_CONTENT_TYPES, WRITE_TOKEN } from '../constants';
import { COMMENTS_TOKEN } from '../constants';
import { commentsTokenActions } from './comments';
import { siteReadActions } from './permissions';

type TokenService = {
  hash(accessKey: string): string;
  create(attributes: Record<string, unknown>): Promise<{ id: number }>;
};

type TokenSpec = { name: string; env: string; description: string; permissions: string[] };

/** Write access for the seed and the importer: CRUD of the content types and of media (upload, and delete to roll back), and the importer's own routes. */
export function writeActions(): string[] {
  const crud = WRITABLE_CONTENT_TYPES.flatMap((uid) =>
    uid === 'api::site-setting.site-setting'
      ? [`${uid}.find`, `${uid}.update`, `${uid}.delete`]
      : ['find', 'findOne', 'create', 'update', 'delete'].map((action) => `${uid}.${action}`),
  );
  const media = ['upload', 'find', 'findOne', 'destroy'].map((action) => `plugin::upload.content-api.${action}`);
  // The archive importer: look up what was imported, import a plan in one transaction, publish imported drafts.
  const importer = ['find', 'findOne', 'import', 'publish'].map((action) => `${IMPORT_RECORD_UID}.${action}`);
  return [...crud, ...media, ...importer];
}

/**
 * Provisions a custom API token whose secret is the value of an env variable.
 * Re-running with another secret rotates it; its permissions are reset to the
 * spec on every start. Strapi's built-in "read-only" type is not used because
 * it would also read users and their e-mails.
 */
async function ensureToken(strapi: Core.Strapi, spec: TokenSpec, secret: string | undefined): Promise<void> {
  if (!secret) {
    strapi.log.warn(`${spec.env} is not set: the API token "${spec.name}" was not provisioned (see cms/.env.example).`);
    return;
  }
  if (secret.length < 32) {
    throw new Error(`${spec.env} must be at least 32 characters (see cms/.env.example)`);
  }
  const service = strapi.service('admin::api-token-content-api') as unknown as TokenService;
  const encryption = strapi.service('admin::encryption') as unknown as { encrypt(value: string): string };
  const tokens = strapi.db.query('admin::api-token');
  const permissions = strapi.db.query('admin::api-token-permission');
  const accessKey = service.hash(secret);

  const existing = await tokens.findOne({ where: { name: spec.name }, populate: ['permissions'] });
  if (!existing) {
    const created = await service.create({
      name: spec.name,
      description: spec.description,
      type: 'custom',
      lifespan: null,
      permissions: spec.permissions,
    });
    await tokens.update({ where: { id: created.id }, data: { accessKey, encryptedKey: encryption.encrypt(secret) } });
    return;
  }
  if (existing.accessKey !== accessKey) {
    await tokens.update({ where: { id: existing.id }, data: { accessKey, encryptedKey: encryption.encrypt(secret) } });
  }
  const current = new Set<string>((existing.permissions ?? []).map((permission: { action: string }) => permission.action));
  const wanted = new Set(spec.permissions);
  for (const action of wanted) {
    if (!current.has(action)) await permissions.create({ data: { action, token: existing.id } });
  }
  for (const permission of existing.permissions ?? []) {
    if (!wanted.has(permission.action)) await permissions.delete({ where: { id: permission.id } });
  }
}

export async function ensureApiTokens(strapi: Core.Strapi): Promise<void> {
  await ensureToken(
    strapi,
    {
      ...SITE_TOKEN,
      description: `Read-only: the Astro build and the publish service read published content. Secret: ${SITE_TOKEN.env}.`,
      permissions: siteReadActions(),
    },
    process.env[SITE_TOKEN.env],
  );
  await ensureToken(
    strapi,
    {
      ...WRITE_TOKEN,
      description: `Seed and article importer: create and update content, upload photos. Secret: ${WRITE_TOKEN.env}.`,
      permissions: writeActions(),
    },
    process.env[WRITE_TOKEN.env],
  );
  await ensureToken(
    strapi,
    {
      ...COMMENTS_TOKEN,
      description: `Comments function (server-only): list, create and delete comments, read banned words and published articles. Secret: ${COMMENTS_TOKEN.env}.`,
      permissions: commentsTokenActions(),
    },
    process.env[COMMENTS_TOKEN.env],
  );
}
