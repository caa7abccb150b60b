/**
 * Test harness of the site: runs a real `astro build` in a child process
 * against a real Strapi, and serves a built site with the Node adapter's
 * standalone server (site/serve.mjs). Output folders live under site/.tmp/
 * because the server bundle resolves its packages from the workspace's
 * node_modules.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { freePort } from './ports.ts';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

export const SITE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'site');
const ASTRO_BIN = path.join(path.dirname(createRequire(import.meta.url).resolve('astro/package.json')), 'bin', 'astro.mjs');

export type BuildOptions = {
  strapiUrl: string;
  siteToken: string;
  outDir: string;
  cacheDir: string;
  siteUrl?: string;
  /** TILSHI_BUILD_SCOPE: path of a scope file. */
  scopeFile?: string;
  /** TILSHI_BUILD_RESULT: where the build writes its result (phase marks, sync counts; buildResultSchema). */
  resultFile?: string;
  /** More environment for the build (e.g. TILSHI_SEARCH_PART_PAGES). */
  env?: Record<string, string>;
  timeoutMs?: number;
};

export type BuildResult = { code: number | null; output: string; durationMs: number };

/** A fresh folder for one build (out and cache dirs) under site/.tmp/. */
export async function buildFolder(label: string): Promise<{ root: string; outDir: string; cacheDir: string }> {
  await mkdir(path.join(SITE_DIR, '.tmp'), { recursive: true });
  const root = await mkdtemp(path.join(SITE_DIR, '.tmp', `${label}-`));
  return { root, outDir: path.join(root, 'dist'), cacheDir: path.join(root, 'cache') };
}

/** Runs `astro build` in site/ and resolves with its exit code and combined output (never rejects on a failed build). */
export function buildSite(options: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    ASTRO_TELEMETRY_DISABLED: '1',
    STRAPI_URL: options.strapiUrl,
    STRAPI_SITE_TOKEN: options.siteToken,
    SITE_URL: options.siteUrl ?? 'https://news.tilshi.test',
    TILSHI_OUT_DIR: options.outDir,
    TILSHI_CACHE_DIR: options.cacheDir,
    ...options.env,
  };
  if (options.scopeFile) env.TILSHI_BUILD_SCOPE = options.scopeFile;
  else delete env.TILSHI_BUILD_SCOPE;
  if (options.resultFile) env.TILSHI_BUILD_RESULT = options.resultFile;
  else delete env.TILSHI_BUILD_RESULT;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ASTRO_BIN, 'build'], { cwd: SITE_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      // Strip colour codes so tests can match the text.
      resolve({ code, output: stripVTControlCharacters(output), durationMs: Date.now() - started });
    });
  });
}

/** A failed build as an error with the end of its output. */
export class SiteBuildError extends Error {
  constructor(result: BuildResult) {
    super(`astro build exited with ${String(result.code)}:\n${result.output.split('\n').slice(-60).join('\n')}`);
    this.name = 'SiteBuildError';
  }
}

export type ServeOptions = {
  /** Extra server environment, given the server's own URL (e.g. the comments function's settings with SITE_ORIGIN). */
  env?: (url: string) => Record<string, string>;
  /** The port to listen on (default: a free one). */
  port?: number;
};

export type RunningSite = { url: string; stop(): Promise<void>; output(): string };

/** Serves a built site on a free loopback port with site/serve.mjs; stop() ends that server. */
export async function serveSite(outDir: string, options: ServeOptions = {}): Promise<RunningSite> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [path.join(SITE_DIR, 'serve.mjs')], {
    cwd: SITE_DIR,
    env: { ...process.env, ...options.env?.(url), TILSHI_OUT_DIR: outDir, SITE_PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/`);
      if (response.ok) return { url, stop, output: () => output };
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`the site server did not start on ${url}:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The `src` of every `<img>` of a page, in order, as one string: it changes when any image of the page does. */
export const imageSources = (html: string): string => [...html.matchAll(/<img[^>]*?\ssrc="([^"]+)"/g)].map((match) => match[1]).join(' ');

export type RawAnswer = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * One request with any method, as a hostile client sends it: fetch refuses
 * CONNECT, TRACE and TRACK, node:http does not. A CONNECT's answer is read
 * from the tunnel Node opens for it ('connect'), whatever its status. A
 * `body` is sent with its Content-Length.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path: target, headers: { Connection: 'close', ...headers } });
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${target}: no answer in 10 s`)));
    req.once('error', reject);
    req.once('connect', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' });
    });
    req.once('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.once('error', reject);
    });
    req.end(body);
  });
}
