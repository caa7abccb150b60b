/**
 * The CMS integration tests again, on PostgreSQL: a throwaway server, Strapi
 * configured with DATABASE_CLIENT=postgres (the production configuration),
 * seeded over REST like `npm start`. Provides the same `inject('strapi')`.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { startPostgres, strapiPostgresEnv, type PostgresInstance } from '@tilshi/testing/postgres';
import { testAdmin } from '@tilshi/testing/admin';
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';

let postgres: PostgresInstance | undefined;
let instance: StrapiInstance | undefined;

export async function setup(project: TestProject): Promise<void> {
  postgres = await startPostgres();
  const admin = testAdmin();
  const commentsToken = randomBytes(32).toString('hex');
  instance = await startStrapi({
    env: {
      STRAPI_ADMIN_EMAIL: admin.email,
      STRAPI_ADMIN_PASSWORD: admin.password,
      STRAPI_COMMENTS_TOKEN: commentsToken,
      ...strapiPostgresEnv(postgres),
    },
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
    database: { client: 'postgres', host: postgres.host, port: postgres.port, user: postgres.user, database: postgres.database },
  });
}

export async function teardown(): Promise<void> {
  await instance?.stop();
  postgres?.stop();
}
