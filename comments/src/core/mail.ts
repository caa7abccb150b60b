/**
 * E-mail to readers: one-time codes (confirming a new account, resetting a
 * password) and the notice that an address already has an account. The core
 * only knows the Mailer interface and the texts; hosts inject a mailer —
 * SMTP (src/smtp-mailer.ts, `COMMENTS_MAIL_URL=smtp://…`) or, for development
 * only, the server log (`COMMENTS_MAIL_URL=log`: what `npm start` uses, so
 * the code shows in its console).
 *
 * The texts are here, in Russian and Kazakh; the reader's language is that of
 * the request that caused the mail.
 */
import type { Locale } from '@tilshi/shared-types';
import { VERIFICATION_CODE_TTL_MINUTES } from '@tilshi/shared-types';

/** `headers`: e.g. List-Unsubscribe of a notification (RFC 2369, RFC 8058 one-click). */
export type MailMessage = { to: string; subject: string; text: string; headers?: Record<string, string> };

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/** The mailer could not hand the message over (the function answers 503 mail_unavailable). */
export class MailDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailDeliveryError';
  }
}

/** Development only: the message goes to the log instead of a mailbox (the address is shortened). */
export function createLogMailer(write: (line: string) => void): Mailer {
  return {
    async send(message) {
      const [name = '', domain = ''] = message.to.split('@');
      write(`[comments] mail to ${name.slice(0, 2)}…@${domain} — ${message.subject}\n${message.text}`);
    },
  };
}

type Texts = { subject: string; text: string };

export const MAIL_TEXTS = {
  registerCode: (code: string, site: string): Record<Locale, Texts> => ({
    ru: {
      subject: `Код подтверждения: ${code}`,
      text: `Здравствуйте!\n\nВаш код для завершения регистрации на ${site}: ${code}\nКод действует ${VERIFICATION_CODE_TTL_MINUTES} минут.\n\nЕсли вы не регистрировались, просто удалите это письмо.`,
    },
    kk: {
      subject: `Растау коды: ${code}`,
      text: `Сәлеметсіз бе!\n\n${site} сайтында тіркелуді аяқтау коды: ${code}\nКод ${VERIFICATION_CODE_TTL_MINUTES} минут жарамды.\n\nЕгер сіз тіркелмеген болсаңыз, бұл хатты өшіре салыңыз.`,
    },
  }),
  accountExists: (site: string): Record<Locale, Texts> => ({
    ru: {
      subject: 'Вы уже зарегистрированы',
      text: `Здравствуйте!\n\nКто-то (возможно, вы) пытался зарегистрироваться на ${site} с этим адресом, но у вас уже есть учётная запись.\nВойдите на сайт или восстановите пароль на странице входа.\n\nЕсли это были не вы, ничего делать не нужно.`,
    },
    kk: {
      subject: 'Сіз тіркелгенсіз',
      text: `Сәлеметсіз бе!\n\nБіреу (мүмкін, сіз) ${site} сайтында осы мекенжаймен тіркелмек болды, бірақ сізде тіркелгі бар.\nСайтқа кіріңіз немесе кіру бетінде құпиясөзді қалпына келтіріңіз.\n\nЕгер бұл сіз болмасаңыз, ештеңе істеудің қажеті жоқ.`,
    },
  }),
  resetCode: (code: string, site: string): Record<Locale, Texts> => ({
    ru: {
      subject: `Код для смены пароля: ${code}`,
      text: `Здравствуйте!\n\nВаш код для смены пароля на ${site}: ${code}\nКод действует ${VERIFICATION_CODE_TTL_MINUTES} минут. После смены пароля все ваши сеансы будут завершены.\n\nЕсли вы не просили сменить пароль, просто удалите это письмо.`,
    },
    kk: {
      subject: `Құпиясөзді өзгерту коды: ${code}`,
      text: `Сәлеметсіз бе!\n\n${site} сайтында құпиясөзді өзгерту коды: ${code}\nКод ${VERIFICATION_CODE_TTL_MINUTES} минут жарамды. Құпиясөз өзгергеннен кейін барлық сеанстарыңыз аяқталады.\n\nЕгер сіз құпиясөзді өзгертуді сұрамаған болсаңыз, бұл хатты өшіре салыңыз.`,
    },
  }),
};

/** The part of a reply quoted in its notification: the first 300 characters, as plain text. */
function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 300)}…` : flat;
}

export const NOTICE_TEXTS = {
  /** An e-mail telling a reader that someone answered their comment; `link` opens it on the site, `optOut` stops these e-mails without signing in. */
  reply: (input: {
    username: string;
    replier: string;
    body: string;
    link: string;
    optOut: string;
    site: string;
  }): Record<Locale, Texts> => ({
    ru: {
      subject: `${input.replier} ответил(а) на ваш комментарий`,
      text: `Здравствуйте, ${input.username}!\n\n${input.replier} ответил(а) на ваш комментарий на ${input.site}:\n\n«${excerpt(input.body)}»\n\nОткрыть обсуждение: ${input.link}\n\nНе хотите получать такие письма? Отписаться (вход не нужен): ${input.optOut}`,
    },
    kk: {
      subject: `${input.replier} сіздің пікіріңізге жауап берді`,
      text: `Сәлеметсіз бе, ${input.username}!\n\n${input.replier} ${input.site} сайтындағы пікіріңізге жауап берді:\n\n«${excerpt(input.body)}»\n\nТалқылауды ашу: ${input.link}\n\nМұндай хаттарды алғыңыз келмесе, жазылымнан бас тартыңыз (кіру қажет емес): ${input.optOut}`,
    },
  }),
};
