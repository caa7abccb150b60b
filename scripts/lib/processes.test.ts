import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChildExitedError,
  PortInUseError,
  StoppedError,
  Supervisor,
  WaitTimeoutError,
  ensurePortFree,
  parsePort,
  waitForHttp,
} from './processes.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const quiet = (): void => {};
const node = process.execPath;

describe('parsePort', () => {
  it('accepts whole numbers from 1 to 65535 and rejects anything else', () => {
    expect(parsePort('1337')).toBe(1337);
    expect(parsePort(' 80 ')).toBe(80);
    for (const bad of [undefined, '', '0', '65536', '13.5', 'abc', '-1']) expect(parsePort(bad)).toBeUndefined();
  });
});

describe('ensurePortFree', () => {
  it('passes for a free port and names the variable to change for a busy one', async () => {
    const port = await listen((_request, response) => response.end());
    const error = await ensurePortFree(port, '127.0.0.1', 'CMS_PORT').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PortInUseError);
    expect((error as PortInUseError).message).toContain('CMS_PORT');
    await new Promise((resolve) => servers.pop()?.close(resolve));
    await expect(ensurePortFree(port, '127.0.0.1', 'CMS_PORT')).resolves.toBeUndefined();
  });
});

describe('waitForHttp', () => {
  it('resolves once the endpoint answers with the expected status', async () => {
    let calls = 0;
    const port = await listen((_request, response) => {
      calls += 1;
      response.statusCode = calls < 3 ? 503 : 204;
      response.end();
    });
    await waitForHttp(`http://127.0.0.1:${port}/_health`, { status: 204, intervalMs: 10, timeoutMs: 5_000 });
    expect(calls).toBe(3);
  });

  it('times out with the last problem in the message', async () => {
    const port = await listen((_request, response) => {
      response.statusCode = 503;
      response.end();
    });
    await expect(waitForHttp(`http://127.0.0.1:${port}/`, { status: 204, intervalMs: 10, timeoutMs: 100 })).rejects.toThrow(
      WaitTimeoutError,
    );
    await expect(waitForHttp(`http://127.0.0.1:${port}/`, { status: 204, intervalMs: 10, timeoutMs: 100 })).rejects.toThrow(/HTTP 503/);
  });

  it('fails at once with the output of a watched process that exits', async () => {
    const supervisor = new Supervisor({ log: quiet });
    const child = supervisor.spawn('server', node, ['-e', 'console.log("boom: no config"); process.exit(3)'], { echo: false });
    const error = await waitForHttp('http://127.0.0.1:9/', { timeoutMs: 10_000, intervalMs: 10, process: child }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ChildExitedError);
    expect((error as ChildExitedError).message).toMatch(/exited with code 3[\s\S]*boom: no config/);
  });
});

describe('Supervisor', () => {
  it('runs a child to completion and rejects with its last lines when it fails', async () => {
    const supervisor = new Supervisor({ log: quiet });
    await expect(supervisor.run('ok', node, ['-e', 'process.exit(0)'])).resolves.toBeUndefined();
    await expect(supervisor.run('bad', node, ['-e', 'console.error("nope"); process.exit(2)'], { echo: false })).rejects.toThrow(
      /bad exited with code 2[\s\S]*nope/,
    );
  });

  it('stops running children with SIGTERM and reports them as stopped, not failed', async () => {
    const supervisor = new Supervisor({ log: quiet });
    const running = supervisor.run('sleeper', node, ['-e', 'setInterval(() => {}, 1000)']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await supervisor.stopAll();
    await expect(running).rejects.toBeInstanceOf(StoppedError);
  });

  it('kills a child that ignores SIGTERM once the stop timeout passes', async () => {
    const supervisor = new Supervisor({ log: quiet, stopTimeoutMs: 300 });
    const stubborn = supervisor.spawn(
      'stubborn',
      node,
      ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'],
      { echo: false },
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await supervisor.stopAll();
    expect((await stubborn.exited).signal).toBe('SIGKILL');
  });

  it('reports the first child that exits on its own', async () => {
    const supervisor = new Supervisor({ log: quiet });
    const steady = supervisor.spawn('steady', node, ['-e', 'setInterval(() => {}, 1000)']);
    const crashing = supervisor.spawn('crashing', node, ['-e', 'setTimeout(() => process.exit(5), 100)']);
    const failure = await supervisor.firstUnexpectedExit([steady, crashing]);
    expect(failure.child).toBe('crashing');
    expect(failure.exit.code).toBe(5);
    await supervisor.stopAll();
  });
});
