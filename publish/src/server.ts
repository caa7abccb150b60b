/**
 * The publish service's HTTP interface (loopback by default):
 *
 *   POST /hooks/strapi  Strapi's webhook. Needs X-Tilshi-Webhook-Secret; answers
 *                       202 at once (the build runs afterwards), 401 without the
 *                       secret (nothing else happens), 400 for a body that is not
 *                       a Strapi event.
 *   GET  /status        with the secret header: current build, queue, last success
 *                       and failure (times, durations, reasons), search index
 *                       state — JSON. Without it: a public summary (state, last
 *                       success and failure times, queue length; public-status.ts).
 *   GET  /health        200 when the service runs.
 *   POST /build         a full build now (same secret header).
 *   POST /rollback      `current` back to the previous release (same secret header).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Publisher } from './publisher.ts';
import { publicStatus } from './public-status.ts';
import { SECRET_HEADER, secretMatches, webhookPayloadSchema } from './webhook.ts';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

class BodyTooLargeError extends Error {
  constructor() {
    super(`the body is larger than ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const headerValue = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export function createPublishServer(publisher: Publisher, log: (line: string) => void): Server {
  const secret = publisher.config.webhookSecret;
  const authorized = (req: IncomingMessage) => secret !== '' && secretMatches(headerValue(req, SECRET_HEADER), secret);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://publish.local');
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '') || '/'}`;
    switch (route) {
      case 'POST /hooks/strapi': {
        if (!authorized(req)) {
          req.resume();
          send(res, 401, { error: 'unauthorized', detail: `missing or wrong ${SECRET_HEADER} header` });
          return;
        }
        let json: unknown;
        try {
          json = JSON.parse(await readBody(req));
        } catch (error) {
          send(res, error instanceof BodyTooLargeError ? 413 : 400, {
            error: 'bad_request',
            detail: error instanceof Error ? error.message : String(error),
          });
          return;
        }
        const payload = webhookPayloadSchema.safeParse(json);
        if (!payload.success) {
          send(res, 400, { error: 'bad_request', detail: z.prettifyError(payload.error) });
          return;
        }
        const change = publisher.accept(payload.data);
        log(`webhook ${payload.data.event} ${payload.data.uid ?? ''} ${payload.data.entry?.documentId ?? ''} → ${change.kind}`);
        send(res, 202, { accepted: true, change: change.kind, ...('reason' in change ? { reason: change.reason } : {}) });
        return;
      }
      case 'GET /status': {
        const status = await publisher.fullStatus();
        send(res, 200, authorized(req) ? status : publicStatus(status));
        return;
      }
      case 'GET /health':
        send(res, 200, { ok: true });
        return;
      case 'POST /build':
        req.resume();
        if (!authorized(req)) {
          send(res, 401, { error: 'unauthorized' });
          return;
        }
        publisher.queue.requestFull('requested over HTTP (POST /build)');
        send(res, 202, { accepted: true });
        return;
      case 'POST /rollback': {
        req.resume();
        if (!authorized(req)) {
          send(res, 401, { error: 'unauthorized' });
          return;
        }
        const record = await publisher.rollback();
        send(res, record.ok ? 200 : 409, record);
        return;
      }
      default:
        req.resume();
        send(res, 404, {
          error: 'not_found',
          routes: ['POST /hooks/strapi', 'GET /status', 'GET /health', 'POST /build', 'POST /rollback'],
        });
    }
  };

  return createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(
        `request ${req.method ?? ''} ${req.url ?? ''} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
      if (!res.headersSent) send(res, 500, { error: 'internal_error' });
      else res.destroy();
    });
  });
}
