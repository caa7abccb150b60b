/**
 * The SMTP mailer of the comments function (nodemailer): `COMMENTS_MAIL_URL`
 * is an SMTP URL such as `smtps://user:password@smtp.example.kz:465` or
 * `smtp://user:password@mail.example.kz:587` (STARTTLS), `COMMENTS_MAIL_FROM`
 * the sender. Node-only, hence outside the host-independent core.
 */
import nodemailer from 'nodemailer';
import { MailDeliveryError, type Mailer } from './core/mail.ts';

export function createSmtpMailer(options: { url: string; from: string; timeoutMs?: number }): Mailer {
  const timeout = options.timeoutMs ?? 10_000;
  // A reader waits for the answer: fail in seconds, not nodemailer's default minutes.
  const transport = nodemailer.createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(message) {
      try {
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          ...(message.headers ? { headers: message.headers } : {}),
        });
      } catch (error) {
        throw new MailDeliveryError(`SMTP delivery failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
    },
  };
}
