/**
 * `npm start [-- --empty]`: writes cms/.env with fresh secrets on first run,
 * builds the CMS when its sources changed, starts Strapi on 127.0.0.1, waits
 * for it to be healthy, seeds it (the seed article and the demo newsroom;
 * `--empty` or TILSHI_SEED=empty: the seed article only), starts the publish
 * service on PUBLISH_PORT (Strapi's webhook goes there; its first full build
 * makes the live site), serves the live site (with the comments function and
 * the draft preview) on SITE_PORT, prints the URLs and the admin login, and
 * stops everything on Ctrl-C.
 *
 * The console shows one line per step (lib/step-console.ts); what the
 * children print goes to .tmp/start.log, except the site server's and the
 * publish service's lines once everything is up (readers' e-mailed codes,
 * "site updated").
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { CMS_DIR, CmsBuildError, ROOT, cmsBuildIsCurrent, ensureCmsBuilt, strapiCli } from '../lib/cms-build.ts';
import { EnvFileError, parseEnv, planEnvFile, readEnvText, writeEnvText } from '../lib/env-file.ts';
import {
  ChildExitedError,
  ManagedProcess,
  PortCheckError,
  PortInUseError,
  StoppedError,
  Supervisor,
  WaitTimeoutError,
  ensurePortFree,
  parsePort,
  waitForHttp,
} from '../lib/processes.ts';
import { StepConsole, type Step } from '../lib/step-console.ts';
import { StrapiRequestError } from '@tilshi/strapi-client';
import { NEWSROOM_EVENTS } from '../src/seed/data/newsroom.ts';
import { runSeed, type SeedReport } from '../src/seed/index.ts';

const ENV_FILE = path.join(CMS_DIR, '.env');
const EXAMPLE_FILE = path.join(CMS_DIR, '.env.example');
const LOG_FILE = path.join(ROOT, '.tmp', 'start.log');
const USAGE = 'usage: npm start [-- --empty]   (--empty, or TILSHI_SEED=empty: seed only the seed article, no demo newsroom)';
const SITE_DIR = path.join(ROOT, 'site');
const PUBLISH_MAIN = path.join(ROOT, 'publish', 'src', 'main.ts');
const PUBLISH_LIVE_DIR = path.join(ROOT, 'publish', '.data', 'live');
/** The first full build of a large archive takes a while (see BENCHMARKS.md). */
const FIRST_BUILD_TIMEOUT_MS = 60 * 60_000;
const HEALTH_TIMEOUT_MS = 120_000;

/** A setting that makes start-up impossible, with what to change. */
class StartConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartConfigError';
  }
}

const steps = new StepConsole({ logFile: LOG_FILE });
/** Details for the log file; the console shows steps. */
const log = (line: string): void => steps.record(`[start] ${line}`);

const rel = (file: string): string => path.relative(ROOT, file);

/** Creates or completes cms/.env; returns its values and the admin credentials generated now, if any. */
function prepareEnvFile(): { values: Map<string, string>; generatedAdmin?: { email: string; password: string } } {
  const exampleText = readEnvText(EXAMPLE_FILE) ?? '';
  const plan = planEnvFile(readEnvText(ENV_FILE), exampleText, process.env);
  if (plan.changed) {
    writeEnvText(ENV_FILE, plan.text);
    steps.print(
      plan.created
        ? `✓ settings  wrote ${rel(ENV_FILE)} with fresh random secrets`
        : `✓ settings  added ${plan.added.join(', ')} to ${rel(ENV_FILE)}`,
    );
  }
  if (plan.placeholders.length > 0) {
    steps.print(
      `! warning: ${plan.placeholders.join(', ')} in ${rel(ENV_FILE)} still hold the example's changeMe values; empty them and npm start generates real ones.`,
    );
  }
  const values = parseEnv(plan.text);
  return plan.generatedAdmin ? { values, generatedAdmin: plan.generatedAdmin } : { values };
}

function resolvePort(values: Map<string, string>, variable: 'CMS_PORT' | 'SITE_PORT' | 'PUBLISH_PORT', fallback: number): number {
  const raw = process.env[variable] || values.get(variable) || String(fallback);
  const port = parsePort(raw);
  if (port === undefined) {
    throw new StartConfigError(
      `${variable} must be a TCP port number (1–65535); found "${raw}" (set it in the environment or ${rel(ENV_FILE)}).`,
    );
  }
  return port;
}

/** `--empty` / TILSHI_SEED=empty: no demo newsroom. */
function parseArgs(args: readonly string[]): { empty: boolean } {
  let empty = process.env.TILSHI_SEED === 'empty';
  for (const arg of args) {
    if (arg === '--') continue;
    if (arg === '--empty') empty = true;
    else throw new StartConfigError(`unknown argument "${arg}". ${USAGE}`);
  }
  if (process.env.TILSHI_SEED && !['empty', 'newsroom'].includes(process.env.TILSHI_SEED)) {
    throw new StartConfigError(`TILSHI_SEED must be "newsroom" (the default) or "empty"; found "${process.env.TILSHI_SEED}".`);
  }
  return { empty };
}

/** What the seed step says when it is done. */
function seedSummary(report: SeedReport): string {
  const created = report.articles.ru.created + report.articles.kk.created;
  const seedArticle = `the seed article${created > 0 ? ' (created)' : ''}`;
  const newsroom = report.newsroom;
  if (!newsroom) return `${seedArticle}; no demo newsroom (--empty)`;
  const { stories, illustrations } = newsroom;
  const fresh = stories.created > 0 ? `${stories.created} created now` : 'all there already';
  return `${seedArticle} and ${stories.planned} demo stories in Russian and Kazakh (${fresh}), ${NEWSROOM_EVENTS.length + 1} NGO events, ${illustrations.uploaded + illustrations.reused} illustrations`;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // The supervisor only speaks when it stops the children (Ctrl-C, a failure): that belongs on the console.
  const supervisor = new Supervisor({ log: (line) => steps.print(line), output: (child, line) => steps.childLine(child, line) });
  supervisor.handleSignals();
  // The step in progress, for the error line when something fails.
  const active: { step: Step | null } = { step: null };
  const begin = (label: string): Step => {
    active.step = steps.step(label);
    return active.step;
  };

  try {
    steps.print(`tilshi: starting (every detail goes to ${rel(LOG_FILE)})`);
    const { empty } = parseArgs(process.argv.slice(2));
    const { values, generatedAdmin } = prepareEnvFile();
    const port = resolvePort(values, 'CMS_PORT', 1337);
    const sitePort = resolvePort(values, 'SITE_PORT', 4321);
    const publishPort = resolvePort(values, 'PUBLISH_PORT', 4322);
    const host = values.get('HOST') || '127.0.0.1';
    await ensurePortFree(port, host, 'CMS_PORT');
    await ensurePortFree(sitePort, '127.0.0.1', 'SITE_PORT');
    await ensurePortFree(publishPort, '127.0.0.1', 'PUBLISH_PORT');
    const siteUrl = `http://127.0.0.1:${sitePort}`;
    const publishUrl = `http://127.0.0.1:${publishPort}`;

    if (cmsBuildIsCurrent()) {
      steps.print('✓ CMS build  up to date');
    } else {
      const step = begin('building the CMS (TypeScript and the admin panel; its sources changed)');
      await ensureCmsBuilt({ log, supervisor });
      step.done();
    }

    const cmsEnv: NodeJS.ProcessEnv = {
      ...process.env,
      ...Object.fromEntries(values),
      HOST: host,
      CMS_PORT: String(port),
      NODE_ENV: 'production',
      STRAPI_TELEMETRY_DISABLED: 'true',
      // Publishing: Strapi's webhook to the publish service (its secret comes from cms/.env), preview links to the site.
      PUBLISH_WEBHOOK_URL: process.env.PUBLISH_WEBHOOK_URL || values.get('PUBLISH_WEBHOOK_URL') || `${publishUrl}/hooks/strapi`,
      // Comment changes: the comments function (in the site server) drops what it cached as soon as a moderator decides.
      COMMENTS_HOOK_URLS: process.env.COMMENTS_HOOK_URLS || values.get('COMMENTS_HOOK_URLS') || `${siteUrl}/api/internal/changes/`,
      SITE_URL: process.env.SITE_URL || values.get('SITE_URL') || siteUrl,
    };
    const dbFile = cmsEnv.DATABASE_FILENAME || '.data/data.db';
    if ((cmsEnv.DATABASE_CLIENT ?? 'sqlite') === 'sqlite') mkdirSync(path.dirname(path.resolve(CMS_DIR, dbFile)), { recursive: true });

    const cmsUrl = `http://127.0.0.1:${port}`;
    let step = begin(`starting the CMS on ${cmsUrl}`);
    const cms = supervisor.spawn('cms', process.execPath, [strapiCli(), 'start'], { cwd: CMS_DIR, env: cmsEnv });
    await waitForHttp(`${cmsUrl}/_health`, { status: 204, timeoutMs: HEALTH_TIMEOUT_MS, process: cms });
    step.done();

    step = begin(empty ? 'seeding the CMS (the seed article only)' : 'seeding the CMS (the seed article and the demo newsroom)');
    const seedStep = step;
    const report = await runSeed({
      url: cmsUrl,
      writeToken: cmsEnv.STRAPI_WRITE_TOKEN ?? '',
      newsroom: !empty,
      log: (line) => steps.record(`[seed] ${line}`),
      progress: (done, total) => seedStep.progress(`${done}/${total} stories`),
    });
    step.done(seedSummary(report));

    // The static site is the publish service's live tree: its first full build (incremental: the
    // loaders fetch only what changed since the last one, processed images are cached) makes it,
    // Strapi's webhook keeps it current; the site server serves whatever release is current.
    const siteEnv: NodeJS.ProcessEnv = {
      ...process.env,
      STRAPI_URL: cmsUrl,
      STRAPI_SITE_TOKEN: cmsEnv.STRAPI_SITE_TOKEN ?? '',
      SITE_URL: process.env.SITE_URL || siteUrl,
      SITE_PORT: String(sitePort),
      NODE_ENV: 'production',
      ASTRO_TELEMETRY_DISABLED: '1',
      // The comments function under /api/ (site/src/pages/api/[...path].ts), read by the site server at request time:
      // the CMS's comments token, the function's session secret (kept in cms/.env with the others), e-mail written
      // to this console (registration and password-reset codes) unless COMMENTS_MAIL_URL names an SMTP server, and
      // the origins readers' browsers send (127.0.0.1 and localhost).
      STRAPI_COMMENTS_TOKEN: cmsEnv.STRAPI_COMMENTS_TOKEN ?? '',
      COMMENTS_SESSION_SECRET: cmsEnv.COMMENTS_SESSION_SECRET ?? '',
      COMMENTS_MAIL_URL: process.env.COMMENTS_MAIL_URL || values.get('COMMENTS_MAIL_URL') || 'log',
      // Readers confirm a mobile number before commenting; in development the SMS (code included) is printed here.
      COMMENTS_SMS: process.env.COMMENTS_SMS || values.get('COMMENTS_SMS') || 'log',
      MOBIZON_API_KEY: process.env.MOBIZON_API_KEY || values.get('MOBIZON_API_KEY') || '',
      MOBIZON_API_URL: process.env.MOBIZON_API_URL || values.get('MOBIZON_API_URL') || '',
      SITE_ORIGIN:
        process.env.SITE_ORIGIN ||
        [...new Set([new URL(process.env.SITE_URL || siteUrl).origin, siteUrl, `http://localhost:${sitePort}`])].join(','),
    };
    step = begin(`starting the publish service on ${publishUrl}`);
    const publish = supervisor.spawn('publish', process.execPath, [PUBLISH_MAIN], {
      cwd: ROOT,
      env: {
        ...siteEnv,
        PUBLISH_PORT: String(publishPort),
        PUBLISH_WEBHOOK_SECRET: cmsEnv.PUBLISH_WEBHOOK_SECRET ?? '',
        PUBLISH_LIVE_DIR: process.env.PUBLISH_LIVE_DIR || PUBLISH_LIVE_DIR,
        PUBLISH_INITIAL_BUILD: process.env.PUBLISH_INITIAL_BUILD || 'always',
      },
    });
    await waitForHttp(`${publishUrl}/health`, { status: 200, timeoutMs: HEALTH_TIMEOUT_MS, process: publish });
    step.done();
    step = begin('building the site (a full build: pages, images, feeds)');
    const served = await waitForFirstFullBuild(publishUrl, cmsEnv.PUBLISH_WEBHOOK_SECRET ?? '', publish);
    step.done(served === 'previous' ? 'serving the previous release now; a full build replaces it in the background' : undefined);

    step = begin(`starting the site on ${siteUrl}`);
    const site = supervisor.spawn('site', process.execPath, [path.join(SITE_DIR, 'serve.mjs')], {
      cwd: SITE_DIR,
      env: {
        ...siteEnv,
        TILSHI_LIVE_DIR: process.env.PUBLISH_LIVE_DIR || PUBLISH_LIVE_DIR,
        TILSHI_PREVIEW_SECRET: cmsEnv.TILSHI_PREVIEW_SECRET ?? '',
      },
    });
    await waitForHttp(`${siteUrl}/`, { status: 200, timeoutMs: HEALTH_TIMEOUT_MS, process: site });
    step.done();
    active.step = null;

    const adminEmail = cmsEnv.STRAPI_ADMIN_EMAIL ?? '';
    const lines = [
      '',
      'tilshi is running:',
      `  Site             ${siteUrl}/   (Kazakh: ${siteUrl}/kk/)`,
      `  CMS admin panel  ${cmsUrl}/admin`,
      generatedAdmin
        ? `  Admin login      ${generatedAdmin.email} / ${generatedAdmin.password}   (generated now, stored in ${rel(ENV_FILE)}; used only if no admin exists yet)`
        : `  Admin login      ${adminEmail || '(register at /admin)'}${adminEmail ? `   (password: STRAPI_ADMIN_PASSWORD in ${rel(ENV_FILE)} or your environment)` : ''}`,
      `  Publish service  ${publishUrl}/status   (a publish in the panel is live within seconds)`,
      `  CMS REST API     ${cmsUrl}/api`,
      `  Log              ${rel(LOG_FILE)}   (the CMS, builds and requests)`,
      '',
      `Press Ctrl-C to stop. E-mails and SMS to readers (their codes) and site updates are printed below.`,
      '',
    ];
    for (const line of lines) steps.print(line);
    steps.show('site');
    steps.show('publish');

    const failure = await supervisor.firstUnexpectedExit([cms, publish, site]);
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
      error instanceof CmsBuildError ||
      error instanceof StrapiRequestError;
    const message =
      known && error instanceof Error ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    active.step?.fail('failed');
    steps.print(`error: ${message}`);
    steps.print(`More in ${rel(LOG_FILE)}.`);
    await supervisor.stopAll();
    process.exit(1);
  }
}

/**
 * Resolves once there is a live site to serve: at once when an earlier run left a release (the
 * start-up full build then replaces it in the background: 'previous'), otherwise when the first
 * full build is done ('built'). Fails with the build's reason when it failed.
 */
async function waitForFirstFullBuild(publishUrl: string, webhookSecret: string, publish: ManagedProcess): Promise<'previous' | 'built'> {
  const deadline = Date.now() + FIRST_BUILD_TIMEOUT_MS;
  let exited = false;
  void publish.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new ChildExitedError(publish.name, await publish.exited, publish.lastLines());
    try {
      // The full status (release, failure reason) needs the secret; without it /status is a summary.
      const response = await fetch(`${publishUrl}/status`, {
        headers: { 'X-Tilshi-Webhook-Secret': webhookSecret },
        signal: AbortSignal.timeout(5_000),
      });
      const status = (await response.json()) as {
        live?: { release?: string | null };
        building?: { kind?: string } | null;
        queue?: { full?: boolean };
        lastFailure?: { kind?: string; reason?: string | null } | null;
      };
      const fullPending = status.building?.kind === 'full' || status.queue?.full === true;
      if (status.live?.release) return fullPending ? 'previous' : 'built';
      if (!fullPending && status.lastFailure?.kind === 'full') {
        throw new StartConfigError(`the first full build of the site failed: ${status.lastFailure.reason ?? '(no reason given)'}`);
      }
    } catch (error) {
      if (error instanceof StartConfigError) throw error;
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new WaitTimeoutError(
    `${publishUrl}/status`,
    Math.round(FIRST_BUILD_TIMEOUT_MS / 1000),
    'the first full build did not finish',
    publish.lastLines(),
  );
}

// Fail early with one message if the example file is missing (a broken checkout).
if (!existsSync(EXAMPLE_FILE)) {
  steps.print(`error: ${rel(EXAMPLE_FILE)} is missing; it lists the CMS settings. Restore it from git.`);
  process.exit(1);
}
await main();
