/**
 * SMS to readers: the one-time code that confirms a mobile number. The core
 * knows the SmsSender interface, the texts (ru/kk) and two senders:
 *
 * - `createLogSms` — development (`COMMENTS_SMS=log`, what `npm start` uses):
 *   the message, code included, is written to the server log with the number
 *   masked to its last two digits;
 * - `createMobizonSms` — Mobizon (mobizon.kz), an SMS gateway that works with
 *   Kazakhstan's operators, through its public HTTP API:
 *   `POST {apiUrl}/service/message/sendsmsmessage?api=v1&apiKey=…&output=json`
 *   with the form fields `recipient` (digits, no "+"), `text` and optionally
 *   `from` (a registered alpha name); it answers
 *   `{ code, data: { campaignId, messageId, status }, message }`, `code` 0 (or
 *   100, queued) meaning accepted. Only fetch is used, so it runs on any host.
 */
import type { Locale } from '@tilshi/shared-types';
import { VERIFICATION_CODE_TTL_MINUTES } from '@tilshi/shared-types';
import { z } from 'zod';
import { maskPhone } from './phone.ts';

export type SmsMessage = { to: string; text: string };

export interface SmsSender {
  /** Sends one SMS to an E.164 number; throws SmsDeliveryError when the gateway refuses or cannot be reached. */
  send(message: SmsMessage): Promise<void>;
}

/** The gateway did not take the message (the function answers 503 sms_unavailable). Never carries the number. */
export class SmsDeliveryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SmsDeliveryError';
  }
}

/** Development only: the SMS goes to the log (the code is in it; the number is masked). */
export function createLogSms(write: (line: string) => void): SmsSender {
  return {
    async send(message) {
      write(`[comments] SMS to ${maskPhone(message.to)}: ${message.text}`);
    },
  };
}

export type MobizonOptions = {
  /** The API key of the Mobizon account (Settings → API). */
  apiKey: string;
  /** The API server of the account's site: https://api.mobizon.kz for accounts registered at mobizon.kz. */
  apiUrl: string;
  /** A registered sender name (alpha name); without one Mobizon uses its shared one. */
  from?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

const mobizonAnswer = z.object({ code: z.coerce.number().int(), message: z.string().optional().default(''), data: z.unknown().optional() });

/** Digit runs long enough to be a phone number are cut out of anything that may reach a log. */
const withoutNumbers = (text: string): string => text.replace(/\d{5,}/g, '…');

export function createMobizonSms(options: MobizonOptions): SmsSender {
  const base = options.apiUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  return {
    async send(message) {
      const url = `${base}/service/message/sendsmsmessage?${new URLSearchParams({ api: 'v1', apiKey: options.apiKey, output: 'json' })}`;
      const form = new URLSearchParams({
        recipient: message.to.replace(/^\+/, ''),
        text: message.text,
        ...(options.from ? { from: options.from } : {}),
      });
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
          body: form,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        throw new SmsDeliveryError(
          `Mobizon ${base}: ${error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed'}`,
          { cause: error },
        );
      }
      const text = await response.text();
      let parsed: z.infer<typeof mobizonAnswer> | null;
      try {
        const result = mobizonAnswer.safeParse(JSON.parse(text));
        parsed = result.success ? result.data : null;
      } catch {
        parsed = null;
      }
      if (!response.ok || !parsed) throw new SmsDeliveryError(`Mobizon ${base} answered HTTP ${response.status} without its JSON result`);
      if (parsed.code !== 0 && parsed.code !== 100) {
        const hint = parsed.code === 8 ? ' (is MOBIZON_API_KEY the key of this account and MOBIZON_API_URL its API server?)' : '';
        throw new SmsDeliveryError(`Mobizon refused the message: code ${parsed.code} ${withoutNumbers(parsed.message)}${hint}`);
      }
    },
  };
}

export const SMS_TEXTS = {
  phoneCode: (code: string, site: string): Record<Locale, string> => ({
    ru: `${code} — код для подтверждения номера на ${site}. Действует ${VERIFICATION_CODE_TTL_MINUTES} мин. Никому его не сообщайте.`,
    kk: `${code} — ${site} сайтында нөмірді растау коды. ${VERIFICATION_CODE_TTL_MINUTES} мин жарамды. Оны ешкімге айтпаңыз.`,
  }),
};
