/**
 * One-off commands, the same code path as the service:
 *
 *   node publish/src/cli.ts full-build   a full build into the live tree (new release, checks,
 *                                        atomic switch, old releases pruned); exit 1 on failure.
 *                                        The CI workflow runs it, then deploys <live>/current/client.
 *
 * Settings as for the service (publish/README.md), minus the webhook secret.
 */
import { loadConfig } from './config.ts';
import { PublishConfigError } from './errors.ts';
import { Publisher } from './publisher.ts';

const log = (line: string): void => {
  process.stdout.write(`[publish] ${line}\n`);
};

const [command] = process.argv.slice(2);
if (command !== 'full-build') {
  process.stderr.write('usage: node publish/src/cli.ts full-build\n');
  process.exit(2);
}

try {
  const config = loadConfig(process.env, { service: false });
  const publisher = new Publisher({ ...config, warmBuilder: false }, log);
  const record = await publisher.buildFullOnce();
  await publisher.close();
  if (!record.ok) {
    log(`full build failed: ${record.reason ?? ''}`);
    process.exit(1);
  }
  const current = await publisher.live.current();
  log(`live: ${current?.dir ?? '(none)'}/client (${record.articles} article versions, ${record.written} files, ${record.durationMs} ms)`);
} catch (error) {
  if (error instanceof PublishConfigError) {
    log(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
