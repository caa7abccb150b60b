/**
 * Test harness: a real Strapi (the compiled app in cms/dist) on a temporary
 * SQLite file, a temporary uploads folder and a free loopback port, with
 * fresh secrets and API tokens. Nothing is mocked. Used by the CMS, site and
 * comments integration tests; `npm test` builds cms/dist before vitest runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.ts';

export const CMS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cms');
const STRAPI_BIN = path.resolve(CMS_DIR, '../node_modules/@strapi/strapi/bin/strapi.js');

export type StrapiInstance = {
  url: string;
  port: number;
  pid: number;
  siteToken: string;
  writeToken: string;
  jwtSecret: string;
  dataDir: string;
  logs(): string;
  stop(): Promise<void>;
};

export type StartStrapiOptions = {
  /** Extra environment, e.g. DATABASE_CLIENT=postgres and DATABASE_*. */
  env?: Record<string, string>;
  /** Keep the temp folder after stop (for debugging). */
  keepData?: boolean;
  /**
   * Use this folder (SQLite file + uploads) instead of a fresh temporary one,
   * and keep it after stop: benchmarks prepare a large dataset once.
   */
  dataDir?: string;
  timeoutMs?: number;
};

export class StrapiStartError extends Error {
  readonly logTail: string;
  constructor(message: string, logTail: string) {
    super(`${message}\n--- last Strapi output ---\n${logTail}`);
    this.name = 'StrapiStartError';
    this.logTail = logTail;
  }
}

const secret = (bytes = 24) => randomBytes(bytes).toString('hex');

export async function startStrapi(options: StartStrapiOptions = {}): Promise<StrapiInstance> {
  if (!existsSync(path.join(CMS_DIR, 'dist/src/index.js'))) {
    throw new StrapiStartError('cms/dist is missing: run `npm test` (it builds the CMS) or `pnpm --filter @tilshi/cms build`', '');
  }
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'tilshi-strapi-')));
  const keepData = options.keepData ?? options.dataDir !== undefined;
  await mkdir(path.join(dataDir, 'public/uploads'), { recursive: true });
  const port = await freePort();
  const siteToken = secret(32);
  const writeToken = secret(32);
  const jwtSecret = secret();
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
    JWT_SECRET: jwtSecret,
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
    ...options.env,
  };

  const child: ChildProcess = spawn(process.execPath, [STRAPI_BIN, 'start'], { cwd: CMS_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const tail = () => output.split('\n').slice(-40).join('\n');

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  let ready = false;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (!ready && Date.now() < deadline && exitCode === undefined) {
    try {
      const response = await fetch(`${url}/_health`);
      ready = response.status === 204;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!keepData) await rm(dataDir, { recursive: true, force: true });
  };

  if (!ready) {
    await stop();
    throw new StrapiStartError(
      exitCode !== undefined ? `Strapi exited with code ${exitCode} before it was ready` : `Strapi was not ready on ${url} in time`,
      tail(),
    );
  }
  return { url, port, pid: child.pid ?? 0, siteToken, writeToken, jwtSecret, dataDir, logs: () => output, stop };
}
