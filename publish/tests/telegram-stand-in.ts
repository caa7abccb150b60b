/**
 * A local stand-in of the Telegram Bot API for the tests (real HTTP on a
 * loopback port): `POST /bot<token>/sendMessage` and `/sendPhoto` with a JSON
 * body, answered in the Bot API's shapes (`{ ok: true, result: Message }`,
 * `{ ok: false, error_code, description, parameters }`), checking what
 * Telegram checks: the token, `chat_id`, the text or the photo, HTML
 * `parse_mode` that parses, the length limits (4096 text, 1024 caption).
 * Test control, beside it: `GET /stand-in/messages` (what was posted),
 * `POST /stand-in/fail` with `{ times, status, retryAfter? }` (the next
 * requests fail like that).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';

export const postedMessageSchema = z.object({
  method: z.enum(['sendMessage', 'sendPhoto']),
  chatId: z.string(),
  text: z.string(),
  photo: z.string().nullable(),
  parseMode: z.string().nullable(),
  messageId: z.number().int(),
  at: z.string(),
});
export type PostedMessage = z.infer<typeof postedMessageSchema>;

export type TelegramStandIn = { url: string; token: string; chatId: string; stop(): Promise<void> };

const sendSchema = z.object({
  chat_id: z.union([z.string(), z.number()]),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.string().optional(),
  parse_mode: z.string().optional(),
});
export const failSchema = z.object({
  times: z.number().int().positive(),
  status: z.number().int(),
  retryAfter: z.number().int().positive().optional(),
});

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

/** Balanced tags of the few Telegram HTML tags; anything else is what Telegram refuses ("can't parse entities"). */
function htmlProblem(text: string): string | null {
  const stack: string[] = [];
  for (const match of text.matchAll(/<(\/?)([a-z]+)(?:\s[^>]*)?>/g)) {
    const [, closing, tag = ''] = match;
    if (!['b', 'strong', 'i', 'em', 'u', 's', 'a', 'code', 'pre', 'blockquote'].includes(tag)) return `unsupported start tag "${tag}"`;
    if (closing) {
      if (stack.pop() !== tag) return `unexpected end tag "${tag}"`;
    } else stack.push(tag);
  }
  if (/&(?!(amp|lt|gt|quot);)/.test(text)) return 'unescaped "&"';
  return stack.length > 0 ? `unclosed tag "${stack.at(-1) ?? ''}"` : null;
}

export async function startTelegramStandIn(): Promise<TelegramStandIn> {
  const token = '123456789:AAHstandInTokenForTheTests_abcdefgh';
  const chatId = '@tilshi_test_channel';
  const messages: PostedMessage[] = [];
  let failures: z.infer<typeof failSchema> | null = null;
  let nextId = 100;
  const server: Server = createServer((req, res) => {
    void answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const url = new URL(req.url ?? '/', 'http://stand-in');
    if (req.method === 'GET' && url.pathname === '/stand-in/messages') return send(200, messages);
    if (req.method === 'POST' && url.pathname === '/stand-in/fail') {
      failures = failSchema.parse(JSON.parse(await body(req)));
      return send(200, { ok: true });
    }
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!match || req.method !== 'POST') return send(404, { ok: false, error_code: 404, description: 'Not Found' });
    if (match[1] !== token) return send(401, { ok: false, error_code: 401, description: 'Unauthorized' });
    const method = match[2];
    if (method !== 'sendMessage' && method !== 'sendPhoto')
      return send(404, { ok: false, error_code: 404, description: 'Not Found: method not found' });
    const raw = await body(req);
    if (failures) {
      const { status, retryAfter } = failures;
      failures = failures.times > 1 ? { ...failures, times: failures.times - 1 } : null;
      return send(status, {
        ok: false,
        error_code: status,
        description: status === 429 ? `Too Many Requests: retry after ${retryAfter ?? 1}` : 'Bad Gateway',
        ...(retryAfter ? { parameters: { retry_after: retryAfter } } : {}),
      });
    }
    const parsed = sendSchema.safeParse(JSON.parse(raw || '{}'));
    if (!parsed.success) return send(400, { ok: false, error_code: 400, description: 'Bad Request: invalid parameters' });
    const input = parsed.data;
    if (String(input.chat_id) !== chatId) return send(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' });
    const text = method === 'sendMessage' ? input.text : input.caption;
    if (method === 'sendMessage' && !input.text)
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: message text is empty' });
    if (method === 'sendPhoto' && !input.photo)
      return send(400, { ok: false, error_code: 400, description: 'Bad Request: there is no photo in the request' });
    if ((text ?? '').length > (method === 'sendMessage' ? 4096 : 1024))
      return send(400, {
        ok: false,
        error_code: 400,
        description: `Bad Request: ${method === 'sendMessage' ? 'message' : 'caption'} is too long`,
      });
    if (input.parse_mode === 'HTML') {
      const problem = htmlProblem(text ?? '');
      if (problem) return send(400, { ok: false, error_code: 400, description: `Bad Request: can't parse entities: ${problem}` });
    }
    const messageId = nextId++;
    messages.push({
      method,
      chatId: String(input.chat_id),
      text: text ?? '',
      photo: input.photo ?? null,
      parseMode: input.parse_mode ?? null,
      messageId,
      at: new Date().toISOString(),
    });
    return send(200, {
      ok: true,
      result: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: -1001234567890, type: 'channel', username: chatId.slice(1) },
      },
    });
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    chatId,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What the stand-in received (from a test worker, over HTTP). */
export async function postedMessages(url: string): Promise<PostedMessage[]> {
  return z.array(postedMessageSchema).parse(await (await fetch(`${url}/stand-in/messages`)).json());
}

/** Makes the next `times` Bot API requests fail with `status` (429: with `retryAfter` seconds). */
export async function failNext(url: string, failure: z.infer<typeof failSchema>): Promise<void> {
  await fetch(`${url}/stand-in/fail`, { method: 'POST', body: JSON.stringify(failure) });
}
