/**
 * Boots one real Strapi (compiled cms/dist, temporary SQLite) for the
 * comments integration tests, with the comments token and a first admin (the
 * tests moderate through the panel's own API, as a moderator would). Each
 * test file creates the articles and readers it needs. Tests read the
 * connection through `inject('commentsStrapi')`.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { z } from 'zod';
import { startStrapi, type StrapiInstance } from '../../cms/tests/harness/strapi.ts';

export type CommentsStrapi = {
  url: string;
  writeToken: string;
  siteToken: string;
  commentsToken: string;
  jwtSecret: string;
  admin: { email: string; password: string };
  /** A panel session of that admin, opened once: Strapi limits admin logins to a few per minutes. */
  adminToken: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    commentsStrapi: CommentsStrapi;
  }
}

let instance: StrapiInstance | undefined;

export async function setup(project: TestProject): Promise<void> {
  const commentsToken = randomBytes(32).toString('hex');
  const admin = { email: 'moderator@example.com', password: `Moderator${randomBytes(4).toString('hex')}1` };
  instance = await startStrapi({
    env: { STRAPI_COMMENTS_TOKEN: commentsToken, STRAPI_ADMIN_EMAIL: admin.email, STRAPI_ADMIN_PASSWORD: admin.password },
  });
  const login = await fetch(`${instance.url}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(admin) });
  const adminToken = z.object({ data: z.object({ token: z.string().min(1) }) }).parse(await login.json()).data.token;
  project.provide('commentsStrapi', {
    url: instance.url,
    writeToken: instance.writeToken,
    siteToken: instance.siteToken,
    commentsToken,
    jwtSecret: instance.jwtSecret,
    admin,
    adminToken,
  });
}

export async function teardown(): Promise<void> {
  await instance?.stop();
}
