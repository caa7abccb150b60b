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
import { freePort } from '@tilshi/testing/ports';
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';

export type CommentsStrapi = {
  url: string;
  writeToken: string;
  siteToken: string;
  commentsToken: string;
  jwtSecret: string;
  admin: { email: string; password: string };
  /** A panel session of that admin, opened once: Strapi limits admin logins to a few per minutes. */
  adminToken: string;
  /** Strapi's folder: its SQLite file is data.db (tests read the tables no API shows, as an operator would). */
  dataDir: string;
  /** The port the CMS calls the function's hook on (COMMENTS_HOOK_URLS): a test that starts the function there gets the calls. */
  hookPort: number;
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
  const hookPort = await freePort();
  instance = await startStrapi({
    env: {
      STRAPI_COMMENTS_TOKEN: commentsToken,
      STRAPI_ADMIN_EMAIL: admin.email,
      STRAPI_ADMIN_PASSWORD: admin.password,
      COMMENTS_HOOK_URLS: `http://127.0.0.1:${hookPort}/api/internal/changes`,
      // The hourly sweep every two seconds: the retention of deleted accounts' numbers is tested end to end.
      CRON_ENABLED: 'true',
      READER_SWEEP_RULE: '*/2 * * * * *',
    },
  });
  const login = await fetch(`${instance.url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const adminToken = z.object({ data: z.object({ token: z.string().min(1) }) }).parse(await login.json()).data.token;
  project.provide('commentsStrapi', {
    url: instance.url,
    writeToken: instance.writeToken,
    siteToken: instance.siteToken,
    commentsToken,
    jwtSecret: instance.jwtSecret,
    admin,
    adminToken,
    dataDir: instance.dataDir,
    hookPort,
  });
}

export async function teardown(): Promise<void> {
  await instance?.stop();
}
