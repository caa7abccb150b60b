/**
 * `npm start`: writes cms/.env with fresh secrets on first run, builds the CMS
 * when its sources changed, starts Strapi on 127.0.0.1, waits for it to be
 * healthy, seeds it, builds the static site and serves it (with the comments
 * function) on SITE_PORT, prints the URLs, and stops everything on Ctrl-C.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CMS_DIR, CmsBuildError, ROOT, ensureCmsBuilt, strapiCli } from '../lib/cms-build.ts';
import { EnvFileError, parseEnv, planEnvFile, readEnvText, writeEnvText } from '../lib/env-file.ts';
import {
  ChildExitedError,
  PortCheckError,
  PortInUseError,
  StoppedError,
  Supervisor,
  WaitTimeoutError,
  ensurePortFree,
  parsePort,
  waitForHttp,
} from '../lib/processes.ts';

const ENV_FILE = path.join(CMS_DIR, '.env');
const EXAMPLE_FILE = path.join(CMS_DIR, '.env.example');
const SEED_TASK = path.join(ROOT, 'scripts', 'tasks', 'seed.ts');
const SITE_DIR = path.join(ROOT, 'site');
const ASTRO_CLI = path.join(ROOT, 'node_modules', 'astro', 'bin', 'astro.mjs');
const HEALTH_TIMEOUT_MS = 120_000;

/** A setting that makes start-up impossible, with what to change. */
class StartConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartConfigError';
  }
}

const log = (line: string): void => {
  process.stdout.write(`[start] ${line}\n`);
};

const rel = (file: string): string => path.relative(ROOT, file);

/** Creates or completes cms/.env; returns its values and the admin credentials generated now, if any. */
function prepareEnvFile(): { values: Map<string, string>; generatedAdmin?: { email: string; password: string } } {
  const exampleText = readEnvText(EXAMPLE_FILE) ?? '';
  const plan = planEnvFile(readEnvText(ENV_FILE), exampleText, process.env);
  if (plan.changed) {
    writeEnvText(ENV_FILE, plan.text);
    log(plan.created ? `wrote ${rel(ENV_FILE)} with fresh random secrets` : `added ${plan.added.join(', ')} to ${rel(ENV_FILE)}`);
  }
  if (plan.placeholders.length > 0) {
    log(`warning: ${plan.placeholders.join(', ')} in ${rel(ENV_FILE)} still hold the example's changeMe values; empty them and npm start generates real ones.`);
  }
  const values = parseEnv(plan.text);
  return plan.generatedAdmin ? { values, generatedAdmin: plan.generatedAdmin } : { values };
}

function resolvePort(values: Map<string, string>, variable: 'CMS_PORT' | 'SITE_PORT', fallback: number): number {
  const raw = process.env[variable] || values.get(variable) || String(fallback);
  const port = parsePort(raw);
  if (port === undefined) {
    throw new StartConfigError(`${variable} must be a TCP port number (1–65535); found "${raw}" (set it in the environment or ${rel(ENV_FILE)}).`);
  }
  return port;
}

async function main(): Promise<void> {
  const supervisor = new Supervisor({ log });
  supervisor.handleSignals();

  try {
    const { values, generatedAdmin } = prepareEnvFile();
    const port = resolvePort(values, 'CMS_PORT', 1337);
    const sitePort = resolvePort(values, 'SITE_PORT', 4321);
    const host = values.get('HOST') || '127.0.0.1';
    await ensurePortFree(port, host, 'CMS_PORT');
    await ensurePortFree(sitePort, '127.0.0.1', 'SITE_PORT');

    await ensureCmsBuilt({ log, supervisor });

    const cmsEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(values),
      HOST: host,
      CMS_PORT: String(port),
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
    };
    const dbFile = cmsEnv.DATABASE_FILENAME || '.data/data.db';
    if ((cmsEnv.DATABASE_CLIENT ?? 'sqlite') === 'sqlite') mkdirSync(path.dirname(path.resolve(CMS_DIR, dbFile)), { recursive: true });

    const cmsUrl = `http://127.0.0.1:${port}`;
    log(`starting the CMS on ${cmsUrl}…`);
    const cms = supervisor.spawn('cms', process.execPath, [strapiCli(), 'start'], { cwd: CMS_DIR, env: cmsEnv });
    await waitForHttp(`${cmsUrl}/_health`, { status: 204, timeoutMs: HEALTH_TIMEOUT_MS, process: cms });
    log('the CMS is up');

    if (existsSync(SEED_TASK)) {
      log('seeding the CMS…');
      await supervisor.run('seed', process.execPath, [SEED_TASK], {
        cwd: ROOT,
        env: { ...process.env, STRAPI_URL: cmsUrl, STRAPI_WRITE_TOKEN: cmsEnv.STRAPI_WRITE_TOKEN ?? '' },
      });
    } else {
      log(`no ${rel(SEED_TASK)} yet: skipping the seed`);
    }

    // The static site: an incremental build (the loaders fetch only what changed
    // since the last build, processed images are cached), then the site server.
    const siteUrl = `http://127.0.0.1:${sitePort}`;
    const siteEnv: NodeJS.ProcessEnv = {
      ...process.env,
      STRAPI_URL: cmsUrl,
      STRAPI_SITE_TOKEN: cmsEnv.STRAPI_SITE_TOKEN ?? '',
      SITE_URL: process.env.SITE_URL || siteUrl,
      SITE_PORT: String(sitePort),
      NODE_ENV: 'production',
      ASTRO_TELEMETRY_DISABLED: '1',
    };
    log('building the site…');
    await supervisor.run('site-build', process.execPath, [ASTRO_CLI, 'build'], { cwd: SITE_DIR, env: siteEnv });
    log(`starting the site on ${siteUrl}…`);
    const site = supervisor.spawn('site', process.execPath, [path.join(SITE_DIR, 'serve.mjs')], { cwd: SITE_DIR, env: siteEnv });
    await waitForHttp(`${siteUrl}/`, { status: 200, timeoutMs: HEALTH_TIMEOUT_MS, process: site });

    const adminEmail = cmsEnv.STRAPI_ADMIN_EMAIL ?? '';
    const lines = [
      '',
      'tilshi is running:',
      `  Site             ${siteUrl}/`,
      `  CMS admin panel  ${cmsUrl}/admin`,
      `  CMS REST API     ${cmsUrl}/api`,
      generatedAdmin
        ? `  Admin login      ${generatedAdmin.email} / ${generatedAdmin.password}   (generated now, stored in ${rel(ENV_FILE)}; used only if no admin exists yet)`
        : `  Admin login      ${adminEmail || '(register at /admin)'}${adminEmail ? `   (password: STRAPI_ADMIN_PASSWORD in ${rel(ENV_FILE)} or your environment)` : ''}`,
      '',
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(`${lines.join('\n')}\n`);

    const failure = await supervisor.firstUnexpectedExit([cms, site]);
    throw failure;
  } catch (error) {
    if (error instanceof StoppedError) return; // Ctrl-C: the signal handler exits
    const known =
      error instanceof StartConfigError ||
      error instanceof EnvFileError ||
      error instanceof PortInUseError ||
      error instanceof PortCheckError ||
      error instanceof WaitTimeoutError ||
      error instanceof ChildExitedError ||
      error instanceof CmsBuildError;
    log(`error: ${known && error instanceof Error ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    await supervisor.stopAll();
    process.exit(1);
  }
}

// Fail early with one message if the example file is missing (a broken checkout).
if (!existsSync(EXAMPLE_FILE)) {
  log(`error: ${rel(EXAMPLE_FILE)} is missing; it lists the CMS settings. Restore it from git.`);
  process.exit(1);
}
await main();
