/**
 * One publishing stack for every test file (@tilshi/testing/publish-stack): Strapi seeded
 * like `npm start`, the publish service with its first full build done
 * (posting new articles to a local stand-in of the Telegram Bot API), the
 * site server on the live tree. Files run one at a time and each works on its
 * own articles.
 */
import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { runSeed } from '../../scripts/src/seed/index.ts';
import { startStack, type Stack, type StackInfo } from '@tilshi/testing/publish-stack';
import { startTelegramStandIn, type TelegramStandIn } from './telegram-stand-in.ts';
import { adminLogin } from '@tilshi/testing/admin';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: StackInfo;
    /** The Bot API stand-in the service posts new articles to. */
    telegram: { url: string; chatId: string };
    /** One panel session for every test file: Strapi allows about five admin logins in five minutes. */
    adminToken: string;
    /** The comments function's token: the tests write comments as the function does (POST /api/comments/submit). */
    commentsToken: string;
  }
}

let stack: Stack | undefined;
let telegram: TelegramStandIn | undefined;

export async function setup(project: TestProject): Promise<void> {
  telegram = await startTelegramStandIn();
  const commentsToken = randomBytes(32).toString('hex');
  stack = await startStack({
    label: 'publish-tests',
    strapiEnv: { STRAPI_COMMENTS_TOKEN: commentsToken },
    // Posting to Telegram is on for this stack, against the stand-in; retries after 1 s, 4 s, … instead of 30 s.
    publishEnv: {
      PUBLISH_TELEGRAM_BOT_TOKEN: telegram.token,
      PUBLISH_TELEGRAM_CHAT_ID: telegram.chatId,
      PUBLISH_TELEGRAM_API_URL: telegram.url,
      PUBLISH_TELEGRAM_RETRY_MS: '1000',
    },
    seed: async (strapi) => {
      await runSeed({ url: strapi.url, writeToken: strapi.writeToken, log: () => {} });
    },
  });
  const { stop: _stop, logs: _logs, ...info } = stack;
  project.provide('stack', info);
  project.provide('telegram', { url: telegram.url, chatId: telegram.chatId });
  project.provide('adminToken', await adminLogin(info.strapiUrl, info.admin));
  project.provide('commentsToken', commentsToken);
}

export async function teardown(): Promise<void> {
  if (process.env.TILSHI_TEST_VERBOSE && stack) process.stderr.write(stack.logs());
  await stack?.stop();
  await telegram?.stop();
}
