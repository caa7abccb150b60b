/**
 * A plain node:http host for the handler: converts IncomingMessage →
 * Request and Response → ServerResponse. For local runs and the benchmark;
 * the site itself mounts the handler through Astro's adapters.
 *
 *   node --env-file=comments/.env comments/src/node-server.ts
 *
 * listens on COMMENTS_HOST:COMMENTS_PORT (127.0.0.1:4323 by default: 4321 is the site, 4322 the publish service).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createHandlerFromEnv } from './config.ts';
import type { CommentsHandler } from './core/handler.ts';

/** The request body as a web stream, with back-pressure; cancelling it (413) stops reading. */
function bodyStream(incoming: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      incoming.on('data', (chunk: Buffer) => {
        if (!open) return;
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) incoming.pause();
      });
      incoming.on('end', () => {
        if (open) controller.close();
        open = false;
      });
      incoming.on('error', (error) => {
        if (open) controller.error(error);
        open = false;
      });
    },
    pull() {
      incoming.resume();
    },
    cancel() {
      open = false;
      incoming.pause();
    },
  });
}

export function toRequest(incoming: IncomingMessage): Request {
  // Only the path and query are used; the host part is a placeholder, never the (untrusted) Host header.
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  const method = incoming.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, ...(hasBody ? { body: bodyStream(incoming), duplex: 'half' } : {}) });
}

export async function writeResponse(response: Response, outgoing: ServerResponse, requestFullyRead: boolean): Promise<void> {
  outgoing.statusCode = response.status;
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') outgoing.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outgoing.setHeader('Set-Cookie', cookies);
  // A body left unread (413) is not drained: the connection closes after the answer.
  if (!requestFullyRead) outgoing.setHeader('Connection', 'close');
  if (response.body) {
    for await (const chunk of response.body) outgoing.write(chunk);
  }
  outgoing.end();
}

export function createNodeServer(handler: CommentsHandler): Server {
  return createServer((incoming, outgoing) => {
    void (async () => {
      try {
        const response = await handler(toRequest(incoming), {
          ...(incoming.socket.remoteAddress ? { clientAddress: incoming.socket.remoteAddress } : {}),
        });
        await writeResponse(response, outgoing, incoming.readableEnded || incoming.method === 'GET' || incoming.method === 'HEAD');
      } catch (error) {
        process.stderr.write(
          `[comments] ${incoming.method} ${incoming.url}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
        if (!outgoing.headersSent) {
          outgoing.statusCode = 500;
          outgoing.setHeader('Content-Type', 'application/json; charset=utf-8');
        }
        outgoing.end('{"error":{"code":"internal_error","message":"Внутренняя ошибка.","status":500}}');
      }
    })();
  });
}

export type RunningServer = { url: string; server: Server; close(): Promise<void> };

/** Starts the node:http host; port 0 picks a free one. */
export async function listen(handler: CommentsHandler, options: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const server = createNodeServer(handler);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address: AddressInfo | string | null = server.address();
  if (address === null || typeof address === 'string') throw new Error(`the comments server did not bind a TCP port (${String(address)})`);
  const { port } = address;
  return {
    url: `http://${host}:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const handler = createHandlerFromEnv(process.env, {
    onError: (error, request) =>
      process.stderr.write(`[comments] ${request.method} ${request.path}: ${error instanceof Error ? error.message : String(error)}\n`),
  });
  const port = Number(process.env.COMMENTS_PORT ?? 4323);
  const running = await listen(handler, { port, host: process.env.COMMENTS_HOST ?? '127.0.0.1' });
  process.stdout.write(`comments function on ${running.url}\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void running.close().then(() => process.exit(0)));
}
