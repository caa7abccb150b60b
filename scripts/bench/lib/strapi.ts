/**
 * Starts the real Strapi (the compiled CMS in cms/dist) for the benchmark,
 * the way the test harness (cms/tests/harness/strapi.ts) does — production
 * mode, SQLite, loopback, a free port, fresh secrets and API tokens — but on
 * a database and uploads folder that survive between runs, so a seeded
 * dataset of 10,000 articles is prepared once. (The harness itself uses
 * TypeScript parameter properties, which plain `node file.ts` cannot strip,
 * so the benchmark cannot import it.) The bootstrap provisions the API tokens
 * from STRAPI_SITE_TOKEN / STRAPI_WRITE_TOKEN and rotates them when they
 * differ from the stored ones.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';

const REPO = path.resolve(import.meta.dirname, '../../..');
const CMS_DIR = path.join(REPO, 'cms');
const STRAPI_BIN = path.join(REPO, 'node_modules/@strapi/strapi/bin/strapi.js');

export type BenchStrapi = {
  url: string;
  pid: number;
  siteToken: string;
  writeToken: string;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

const secret = (bytes = 24) => randomBytes(bytes).toString('hex');

/** Starts Strapi with its SQLite file and public folder in `dataDir`; resolves when /_health answers 204. */
export async function startBenchStrapi(dataDir: string, timeoutMs = 180_000): Promise<BenchStrapi> {
  if (!existsSync(path.join(CMS_DIR, 'dist/src/index.js'))) {
    throw new Error('cms/dist is missing: build the CMS first (`npm test` or `npm start` does it)');
  }
  await mkdir(path.join(dataDir, 'public/uploads'), { recursive: true });
  const port = await freePort();
  const siteToken = secret(32);
  const writeToken = secret(32);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    CMS_PORT: String(port),
    APP_KEYS: `${secret()},${secret()}`,
    ADMIN_JWT_SECRET: secret(),
    API_TOKEN_SALT: secret(),
    TRANSFER_TOKEN_SALT: secret(),
    ENCRYPTION_KEY: secret(16),
    JWT_SECRET: secret(),
    STRAPI_SITE_TOKEN: siteToken,
    STRAPI_WRITE_TOKEN: writeToken,
    STRAPI_ADMIN_EMAIL: '',
    STRAPI_ADMIN_PASSWORD: '',
    DATABASE_CLIENT: 'sqlite',
    DATABASE_FILENAME: path.join(dataDir, 'data.db'),
    STRAPI_PUBLIC_DIR: path.join(dataDir, 'public'),
    SERVE_ADMIN_PANEL: 'false',
    CRON_ENABLED: 'false',
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
  };
  const child = spawn(process.execPath, [STRAPI_BIN, 'start'], { cwd: CMS_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && exitCode === undefined) {
    try {
      if ((await fetch(`${url}/_health`)).status === 204) {
        return { url, pid: child.pid ?? 0, siteToken, writeToken, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  const tail = output.split('\n').slice(-30).join('\n');
  throw new Error(`Strapi ${exitCode !== undefined ? `exited with code ${exitCode}` : `was not ready on ${url} in time`}\n--- last Strapi output ---\n${tail}`);
}
