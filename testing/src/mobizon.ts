/**
 * Test harness: a stand-in for Mobizon's SMS gateway (mobizon.kz) on a free
 * loopback port, speaking its public HTTP API as the function's adapter uses
 * it (src/core/sms.ts): `POST /service/message/sendsmsmessage?api=v1&apiKey=…
 * &output=json` with a form body `recipient`, `text`, `from`; it answers
 * `{ code, data, message }` with Mobizon's result codes — 0 and the new
 * message's ids when accepted, 8 for a wrong API key, 1 (validation, with the
 * field in `data`) for a recipient that is not a number, 4/5 for an unknown
 * module/method. It keeps every accepted message so tests read the codes.
 */
import { createServer, type IncomingMessage } from 'node:http';

export type MobizonMessage = { recipient: string; text: string; from: string | null };

export type MobizonStandIn = {
  url: string;
  apiKey: string;
  messages: MobizonMessage[];
  /** Makes the next `count` sends fail as the gateway does when it is overloaded (HTTP 503). */
  failNext(count: number): void;
  /** The 6-digit code of the newest message to `phone` (E.164) received after `since` messages. */
  codeFor(phone: string, since?: number): string;
  stop(): Promise<void>;
};

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk instanceof Buffer ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8');
}

export async function startMobizon(apiKey = 'kz0123456789abcdef0123456789abcdef012345'): Promise<MobizonStandIn> {
  const messages: MobizonMessage[] = [];
  let failures = 0;
  let nextId = 1000;
  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const answer = (code: number, data: unknown, message = ''): void => {
        response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ code, data, message }));
      };
      const body = new URLSearchParams(await bodyOf(request));
      if (failures > 0) {
        failures -= 1;
        response.writeHead(503, { 'Content-Type': 'text/html' });
        response.end('<html><body>Service Temporarily Unavailable</body></html>');
        return;
      }
      const [, module = '', method = ''] = /^\/service\/([^/]+)\/([^/]+)$/.exec(url.pathname) ?? [];
      if (url.searchParams.get('apiKey') !== apiKey) return answer(8, null, 'Неверный ключ API');
      if (module !== 'message') return answer(4, null, 'Модуль не найден');
      if (method !== 'sendsmsmessage' || request.method !== 'POST') return answer(5, null, 'Метод не найден');
      if (url.searchParams.get('output') !== 'json' || url.searchParams.get('api') !== 'v1') return answer(6, null, 'Неверный формат');
      const recipient = body.get('recipient') ?? '';
      const text = body.get('text') ?? '';
      if (!/^\d{10,15}$/.test(recipient)) return answer(1, { recipient: 'Неверный номер получателя' }, 'Ошибка проверки данных');
      if (text === '') return answer(1, { text: 'Текст сообщения не может быть пустым' }, 'Ошибка проверки данных');
      messages.push({ recipient, text, from: body.get('from') });
      nextId += 1;
      answer(0, { campaignId: String(nextId), messageId: String(nextId), status: 1 });
    })();
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('the Mobizon stand-in did not bind a port'));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    messages,
    failNext(count) {
      failures = count;
    },
    codeFor(phone, since = 0) {
      const recipient = phone.replace(/^\+/, '');
      const found = messages.slice(since).findLast((message) => message.recipient === recipient);
      const code = found ? /\b(\d{6})\b/.exec(found.text)?.[1] : undefined;
      if (!code) throw new Error(`no SMS code to …${recipient.slice(-2)} among ${messages.length - since} messages`);
      return code;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
