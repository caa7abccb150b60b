/**
 * Boots one real Strapi (temporary SQLite + uploads folder) for the CMS
 * integration tests and seeds it once over REST, exactly like `npm start`.
 * Tests read the connection (and the first admin) through `inject('strapi')`.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { testAdmin } from '@tilshi/testing/admin';
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';

declare module 'vitest' {
  export interface ProvidedContext {
    strapi: {
      url: string;
      siteToken: string;
      writeToken: string;
      jwtSecret: string;
      dataDir: string;
      /** The first admin (super admin), for tests that work through the panel's admin API. */
      admin: { email: string; password: string };
      /** The secret of the comments function's token (its write path is tested on both databases). */
      commentsToken: string;
      /** Where the rows are, for tests that compare what two write paths stored. */
      database: { client: 'sqlite'; filename: string } | { client: 'postgres'; host: string; port: number; user: string; database: string };
    };
  }
}

let instance: StrapiInstance | undefined;

export async function setup(project: TestProject): Promise<void> {
  const admin = testAdmin();
  const commentsToken = randomBytes(32).toString('hex');
  instance = await startStrapi({
    env: { STRAPI_ADMIN_EMAIL: admin.email, STRAPI_ADMIN_PASSWORD: admin.password, STRAPI_COMMENTS_TOKEN: commentsToken },
  });
  await runSeed({ url: instance.url, writeToken: instance.writeToken, log: () => {} });
  project.provide('strapi', {
    url: instance.url,
    siteToken: instance.siteToken,
    writeToken: instance.writeToken,
    jwtSecret: instance.jwtSecret,
    dataDir: instance.dataDir,
    admin,
    commentsToken,
    database: { client: 'sqlite', filename: path.join(instance.dataDir, 'data.db') },
  });
}

export async function teardown(): Promise<void> {
  await instance?.stop();
}
