/**
 * One publishing stack for every test file (tests/harness.ts): Strapi seeded
 * like `npm start`, the publish service with its first full build done, the
 * site server on the live tree. Files run one at a time and each works on its
 * own articles.
 */
import type { TestProject } from 'vitest/node';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { startStack, type Stack, type StackInfo } from './harness.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

let stack: Stack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startStack({
    label: 'publish-tests',
    seed: async (strapi) => {
      await runSeed({ url: strapi.url, writeToken: strapi.writeToken, log: () => {} });
    },
  });
  const { stop: _stop, logs: _logs, ...info } = stack;
  project.provide('stack', info);
}

export async function teardown(): Promise<void> {
  if (process.env.TILSHI_TEST_VERBOSE && stack) process.stderr.write(stack.logs());
  await stack?.stop();
}
