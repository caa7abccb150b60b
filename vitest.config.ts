import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { findPostgresBin } from '@tilshi/testing/postgres';

/**
 * The CMS integration tests run a second time on PostgreSQL when a server is
 * installed (`npm test` installs Debian's postgresql when it can). The
 * importer test reads Strapi's SQLite file to see drafts, so it stays SQLite-only.
 */
const postgresProjects: TestProjectInlineConfiguration[] = findPostgresBin()
  ? [
      {
        test: {
          name: 'cms-postgres',
          include: ['cms/tests/**/*.test.ts'],
          exclude: ['cms/tests/importer.test.ts'],
          globalSetup: ['cms/tests/global-setup-postgres.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
    ]
  : [];

/**
 * One vitest run for the whole workspace (`npm test`):
 * - unit: colocated `*.test.ts` beside the code they test (pure logic, fast);
 * - cms: integration tests against a real Strapi on a temporary SQLite file,
 *   booted once by `cms/tests/global-setup.ts` and run one file at a time
 *   because they share that Strapi;
 * - comments: the comments function against its own real Strapi;
 * - site: a real Astro build of a seeded Strapi (`site/tests/global-setup.ts`),
 *   checked as readers' tools check it (Nu HTML checker, axe-core, Chromium);
 * - publish: the publish service driving real Strapi instances, real Astro
 *   builds and a real site server (webhooks, scoped builds, atomic apply).
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{cms/config,cms/src,comments/src,publish/src,scripts/lib,scripts/src,shared-types/src,site/src,strapi-client/src}/**/*.test.ts',
          ],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'cms',
          include: ['cms/tests/**/*.test.ts'],
          globalSetup: ['cms/tests/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'comments',
          include: ['comments/tests/**/*.test.ts'],
          globalSetup: ['comments/tests/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        test: {
          name: 'site',
          include: ['site/tests/**/*.test.ts'],
          globalSetup: ['site/tests/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        test: {
          name: 'publish',
          include: ['publish/tests/**/*.test.ts'],
          globalSetup: ['publish/tests/global-setup.ts'],
          fileParallelism: false,
          // Several waits for pages to go live in one test (publish/tests/helpers.ts LIVE_WITHIN_MS).
          testTimeout: 300_000,
          hookTimeout: 420_000,
        },
      },
      ...postgresProjects,
    ],
  },
});
