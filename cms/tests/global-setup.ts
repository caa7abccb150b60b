/**
 * Boots one real Strapi (temporary SQLite + uploads folder) for the CMS
 * integration tests and seeds it once over REST, exactly like `npm start`.
 * Tests read the connection (and the first admin) through `inject('strapi')`.
 */
import type { TestProject } from 'vitest/node';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { testAdmin } from './harness/admin.ts';
import { startStrapi, type StrapiInstance } from './harness/strapi.ts';

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
    };
  }
}

let instance: StrapiInstance | undefined;

export async function setup(project: TestProject): Promise<void> {
  const admin = testAdmin();
  instance = await startStrapi({ env: { STRAPI_ADMIN_EMAIL: admin.email, STRAPI_ADMIN_PASSWORD: admin.password } });
  await runSeed({ url: instance.url, writeToken: instance.writeToken, log: () => {} });
  project.provide('strapi', {
    url: instance.url,
    siteToken: instance.siteToken,
    writeToken: instance.writeToken,
    jwtSecret: instance.jwtSecret,
    dataDir: instance.dataDir,
    admin,
  });
}

export async function teardown(): Promise<void> {
  await instance?.stop();
}
