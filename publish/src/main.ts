/**
 * The publish service: `node publish/src/main.ts` (npm start runs it on
 * PUBLISH_PORT, 4322). Settings: publish/README.md.
 */
import { loadConfig } from './config.ts';
import { PublishConfigError } from './errors.ts';
import { Publisher } from './publisher.ts';
import { createPublishServer } from './server.ts';

/** Each line with its time (UTC, to the millisecond): when a webhook arrived and a build ran is what operators ask first. */
const log = (line: string): void => {
  process.stdout.write(`[publish] ${new Date().toISOString()} ${line}\n`);
};

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof PublishConfigError) {
    log(`error: ${error.message}`);
    process.exit(1);
  }
  throw error;
}

const publisher = new Publisher(config, log);
const server = createPublishServer(publisher, log);
server.on('error', (error) => {
  log(`error: cannot listen on ${config.host}:${config.port}: ${error.message}`);
  process.exit(1);
});
// The index of the live release is loaded and the start-up build queued before the first request.
await publisher.start();
server.listen(config.port, config.host, () => {
  log(`listening on http://${config.host}:${config.port} (webhook POST /hooks/strapi, GET /status); live tree ${config.liveDir}`);
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping (a build still running is abandoned; the live site stays as it is)`);
    server.close();
    const grace = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([publisher.close(), grace]).then(() => process.exit(0));
  });
}
