import { defineConfig } from 'vitest/config';

/**
 * The site's tests on their own (`pnpm --filter @tilshi/site test`, or
 * `vitest run --config site/vitest.config.ts` from the root):
 * - site-unit: colocated src/**\/*.test.ts (pure logic);
 * - site: tests/**\/*.test.ts against one real seeded Strapi and one real
 *   `astro build`, made once by tests/global-setup.ts; files run one at a
 *   time because some of them build again or change the CMS.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'site-unit',
          root: import.meta.dirname,
          include: ['src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'site',
          root: import.meta.dirname,
          include: ['tests/**/*.test.ts'],
          globalSetup: ['tests/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
