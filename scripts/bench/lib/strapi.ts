/**
 * Starts the real Strapi (the compiled CMS in cms/dist) for the benchmark
 * through the test harness (testing/src/strapi.ts: production mode,
 * SQLite, loopback, a free port, fresh secrets and API tokens), on a database
 * and uploads folder that survive between runs, so a seeded dataset of
 * 10,000 articles is prepared once. The CMS's bootstrap rotates the stored
 * API tokens to the fresh secrets on every start.
 */
import { startStrapi, type StrapiInstance } from '@tilshi/testing/strapi';

export type BenchStrapi = Pick<StrapiInstance, 'url' | 'pid' | 'siteToken' | 'writeToken' | 'stop'>;

export async function startBenchStrapi(dataDir: string, timeoutMs = 180_000): Promise<BenchStrapi> {
  return startStrapi({ dataDir, timeoutMs });
}
