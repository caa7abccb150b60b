/**
 * One-off commands, the same code path as the service (the CI workflow runs
 * them; each works on the live tree PUBLISH_LIVE_DIR and work folder
 * PUBLISH_WORK_DIR, which the workflow keeps between runs):
 *
 *   node publish/src/cli.ts full-build
 *       a full build into the live tree (new release, checks, atomic switch,
 *       old releases pruned); exit 1 on failure.
 *   node publish/src/cli.ts full-build --partition I/N --out DIR
 *       renders partition I (0-based) of N of a full build into DIR: one job
 *       of a full build sharded across CI jobs (an archive too large for one
 *       runner's time limit);
 *   node publish/src/cli.ts full-build --merge DIR...
 *       puts those partitions together as a full build (search index, checks,
 *       atomic switch).
 *
 *   node publish/src/cli.ts apply [EVENT_FILE] [--report FILE]
 *       the changes of one repository_dispatch (EVENT_FILE, default
 *       $GITHUB_EVENT_PATH; ci-payload.ts) applied as the service applies a
 *       batch: scoped builds of exactly their dependents, background chunks,
 *       a full build only where the service would make one (or when nothing
 *       is live yet); plus a catch-up with the CMS (articles changed since
 *       the live release's newest one: a run GitHub cancelled while another
 *       one waited loses no article); then the search index. Exit 1 when a
 *       build failed. --report writes the run's build records (those of
 *       /status: kind, outcome, files written and deleted, phases) as JSON,
 *       for the workflow's summary and for tests.
 *
 *   node publish/src/cli.ts deploy (--to DIR | --command CMD) [--state FILE] [--lists DIR]
 *       sends the files that changed since the last deploy (deploy.ts).
 *
 * Settings as for the service (publish/README.md), minus the webhook secret.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { changesOfEvent } from './ci-payload.ts';
import { loadConfig, type PublishConfig } from './config.ts';
import { deploy } from './deploy.ts';
import { PublishConfigError } from './errors.ts';
import { Publisher } from './publisher.ts';

const USAGE = `usage: node publish/src/cli.ts full-build [--partition I/N --out DIR | --merge DIR...]
       node publish/src/cli.ts apply [EVENT_FILE] [--report FILE]
       node publish/src/cli.ts deploy (--to DIR | --command CMD) [--state FILE] [--lists DIR]
`;

class UsageError extends Error {}

const log = (line: string): void => {
  process.stdout.write(`[publish] ${line}\n`);
};

/** The service's publisher for one command: no warm worker, no schedule, batches at once. */
function oneOffPublisher(config: PublishConfig): Publisher {
  return new Publisher({ ...config, warmBuilder: false, fullBuildAt: null, initialBuild: 'if-missing', debounceMs: 0, maxWaitMs: 0 }, log, {
    searchGraceMs: 0,
    searchFollowsFullBuilds: false,
  });
}

function partitionOf(text: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const [index, count] = [Number(match?.[1]), Number(match?.[2])];
  if (!match || count < 1 || index >= count) throw new UsageError(`--partition ${text}: expected I/N with 0 ≤ I < N, e.g. 0/4`);
  return { index, count };
}

async function fullBuild(config: PublishConfig, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { partition: { type: 'string' }, out: { type: 'string' }, merge: { type: 'boolean' } },
  });
  const publisher = oneOffPublisher(config);
  try {
    if (values.partition) {
      if (!values.out) throw new UsageError('--partition needs --out DIR (where the partition is rendered)');
      const partition = partitionOf(values.partition);
      await publisher.renderShard(path.resolve(values.out), partition);
      log(`partition ${partition.index}/${partition.count} rendered into ${values.out}`);
      return 0;
    }
    if (values.merge && positionals.length === 0) throw new UsageError('--merge needs the partitions’ folders');
    const record = values.merge
      ? await publisher.buildFullFromShards(positionals.map((dir) => path.resolve(dir)))
      : await publisher.buildFullOnce();
    if (!record.ok) {
      log(`full build failed: ${record.reason ?? ''}`);
      return 1;
    }
    const current = await publisher.live.current();
    log(`live: ${current?.dir ?? '(none)'}/client (${record.articles} article versions, ${record.written} files, ${record.durationMs} ms)`);
    return 0;
  } finally {
    await publisher.close();
  }
}

async function apply(config: PublishConfig, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { report: { type: 'string' } } });
  const file = positionals[0] ?? process.env.GITHUB_EVENT_PATH;
  if (!file) throw new UsageError('apply needs the event file (argument or GITHUB_EVENT_PATH)');
  const changes = changesOfEvent(JSON.parse(await readFile(file, 'utf8')), file);
  const publisher = oneOffPublisher(config);
  await publisher.start();
  for (const change of changes) publisher.queue.push(change);
  publisher.queue.push({ kind: 'catch-up', event: 'CI run' });
  await publisher.queue.whenIdle();
  await publisher.search.flush();
  const { recent } = publisher.status();
  await publisher.close();
  const failed = recent.filter((record) => !record.ok);
  const records = [...recent].reverse();
  if (values.report) await writeFile(path.resolve(values.report), `${JSON.stringify({ records }, null, 2)}\n`);
  for (const record of records)
    log(
      `${record.id}: ${record.kind}, ${record.ok ? 'ok' : `FAILED: ${record.reason ?? ''}`}, ${record.written} written, ${record.deleted} deleted`,
    );
  return failed.length > 0 ? 1 : 0;
}

async function deployCommand(config: PublishConfig, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { to: { type: 'string' }, command: { type: 'string' }, state: { type: 'string' }, lists: { type: 'string' } },
  });
  if (!values.to && !values.command) throw new UsageError('deploy needs --to DIR or --command CMD');
  const current = await oneOffPublisher(config).live.current();
  if (!current) throw new UsageError(`nothing is live in ${config.liveDir}: run full-build or apply first`);
  await deploy({
    source: path.join(current.dir, 'client'),
    stateFile: values.state ?? path.join(config.workDir, 'deployed-tree.json'),
    listsDir: values.lists ?? path.join(config.workDir, 'deploy'),
    ...(values.to ? { to: path.resolve(values.to) } : {}),
    ...(values.command ? { command: values.command } : {}),
    log,
  });
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadConfig(process.env, { service: false });
  if (command === 'full-build') return fullBuild(config, rest);
  if (command === 'apply') return apply(config, rest);
  if (command === 'deploy') return deployCommand(config, rest);
  throw new UsageError(`unknown command ${command ?? '(none)'}`);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`${error.message}\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof PublishConfigError) {
    log(`error: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
}
