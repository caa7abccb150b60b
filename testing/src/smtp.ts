/**
 * Test harness: a real SMTP server (nodemailer's smtp-server) on a free
 * loopback port that keeps every message it receives, parsed with mailparser.
 * The function sends to it through its real SMTP mailer, exactly as it would
 * send to a mail provider; tests read the codes out of the messages.
 */
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** `headers`: every header line, lower-case names (e.g. list-unsubscribe). */
export type ReceivedMail = { to: string[]; subject: string; text: string; headers: Record<string, string> };

export type SmtpStandIn = {
  /** For COMMENTS_MAIL_URL / createSmtpMailer. */
  url: string;
  messages: ReceivedMail[];
  /** The first message (received after `since` messages) that matches, waiting up to `timeoutMs`. */
  waitFor(match: (mail: ReceivedMail) => boolean, options?: { since?: number; timeoutMs?: number }): Promise<ReceivedMail>;
  /** The 6-digit code of the newest message to `email` that carries one (waits for it). */
  codeFor(email: string, options?: { since?: number; timeoutMs?: number }): Promise<string>;
  stop(): Promise<void>;
};

const CODE = /\b(\d{6})\b/;

export async function startSmtp(): Promise<SmtpStandIn> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          messages.push({
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            headers: Object.fromEntries(
              parsed.headerLines.map((header) => [header.key.toLowerCase(), header.line.slice(header.line.indexOf(':') + 1).trim()]),
            ),
          });
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      if (address && typeof address === 'object') resolve(address.port);
      else reject(new Error('the SMTP stand-in did not bind a port'));
    });
  });

  async function waitFor(
    match: (mail: ReceivedMail) => boolean,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<ReceivedMail> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      const found = messages.slice(options.since ?? 0).findLast(match);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error(
          `no matching mail within ${options.timeoutMs ?? 10_000} ms; received: ${messages.map((mail) => `${mail.to.join(',')}: ${mail.subject}`).join(' | ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor,
    async codeFor(email, options = {}) {
      const mail = await waitFor((item) => item.to.includes(email.toLowerCase()) && CODE.test(item.subject), options);
      const code = CODE.exec(mail.subject)?.[1];
      if (!code) throw new Error(`no code in "${mail.subject}"`);
      return code;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
