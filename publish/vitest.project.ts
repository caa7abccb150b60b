import { defineProject } from 'vitest/config';

/**
 * The publish service's tests, for the root vitest.config.ts (`projects`):
 * - publish-unit: colocated src/**\/*.test.ts (pure logic, temp folders);
 * - publish: tests/**\/*.test.ts against real Strapi instances and real Astro
 *   builds driven by a real publish service and site server (see
 *   @tilshi/testing/publish-stack); one file at a time, they are CPU-heavy.
 */
export const publishUnitProject = defineProject({
  test: {
    name: 'publish-unit',
    root: import.meta.dirname,
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});

export const publishProject = defineProject({
  test: {
    name: 'publish',
    root: import.meta.dirname,
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 420_000,
  },
});

export default [publishUnitProject, publishProject];
