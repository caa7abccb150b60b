/**
 * Posts newly published articles to the newsroom's Telegram channel through
 * the Bot API — off unless PUBLISH_TELEGRAM_BOT_TOKEN and
 * PUBLISH_TELEGRAM_CHAT_ID are set. The publisher calls `published()` after a
 * scoped build went live with the article versions that were not live before;
 * a full build (start-up, nightly) posts nothing, so turning it on never
 * floods the channel with the archive.
 *
 * What is posted: the article page as it went live — its og:title,
 * og:description (the lead), og:url and og:image read from the page in the
 * live tree — with `sendPhoto` (the share image, by URL, caption in HTML)
 * or `sendMessage` when the page has no photo of its own.
 *
 * Never twice: every article version (documentId + locale) is recorded in a
 * state file (PUBLISH_WORK_DIR/telegram.json) before its request is sent and
 * marked posted after; one that was once queued is never queued again, even
 * after an unpublish and a new publish. A request Telegram answered with an
 * error that may pass (429 Too Many Requests after its `retry_after`, 5xx) or
 * that never reached it (connection refused, DNS) is retried with backoff, up
 * to MAX_ATTEMPTS; a request whose answer was lost (a timeout, the service
 * stopped mid-request) may have been posted, so it is not sent again but
 * shown as `uncertain`. `/status` shows the queue, the failures and the last
 * posts.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { load } from 'cheerio';
import { localeSchema, type Locale } from '@tilshi/shared-types';
import { z } from 'zod';
import { fileOfPath } from './site-index.ts';

export type TelegramConfig = {
  token: string;
  chatId: string;
  /** The Bot API's base URL (a stand-in in tests). */
  apiUrl: string;
  /** Only versions in these locales are posted. */
  locales: readonly Locale[];
  /** Only articles published at most this long ago (a backdated archive import is not news). */
  maxAgeHours: number;
  /** One request's time limit. */
  timeoutMs: number;
  /** The wait before the second attempt; each further one waits four times longer. */
  retryBaseMs: number;
};

export const MAX_ATTEMPTS = 5;
const CAPTION_LIMIT = 1024;
const MESSAGE_LIMIT = 4096;

const entrySchema = z.object({
  documentId: z.string().min(1),
  locale: localeSchema,
  path: z.string().startsWith('/'),
  state: z.enum(['pending', 'sending', 'posted', 'failed', 'uncertain']),
  attempts: z.number().int().nonnegative(),
  queuedAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  postedAt: z.string().nullable(),
  messageId: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type TelegramEntry = z.infer<typeof entrySchema>;
const stateSchema = z.object({ version: z.literal(1), entries: z.array(entrySchema) });

const apiAnswer = z.object({
  ok: z.boolean(),
  result: z.object({ message_id: z.number().int() }).loose().optional(),
  description: z.string().optional(),
  error_code: z.number().int().optional(),
  parameters: z.object({ retry_after: z.number().optional() }).loose().optional(),
});

/** A post that did not go through, and whether trying again can help. */
class PostError extends Error {
  readonly retry: 'yes' | 'no' | 'unknown';
  readonly afterMs: number | null;
  constructor(message: string, retry: 'yes' | 'no' | 'unknown', afterMs: number | null = null) {
    super(message);
    this.name = 'TelegramPostError';
    this.retry = retry;
    this.afterMs = afterMs;
  }
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const READ_MORE: Record<Locale, string> = { ru: 'Читать на сайте', kk: 'Сайтта оқу' };

/** The post's text (HTML): the title in bold, the lead, the link; shortened to `limit` by cutting the lead. */
export function postText(page: { title: string; lead: string; url: string }, locale: Locale, limit: number): string {
  const head = `<b>${escape(page.title)}</b>\n\n`;
  const tail = `\n\n<a href="${escape(page.url)}">${READ_MORE[locale]}</a>`;
  let lead = page.lead;
  while (head.length + escape(lead).length + tail.length > limit && lead.length > 0)
    lead = `${lead.slice(0, Math.max(0, lead.length - 20)).trimEnd()}…`.replace(/……$/, '…');
  return `${head}${escape(lead)}${tail}`;
}

export type PagePost = { title: string; lead: string; url: string; image: string | null };

/** What the live page says about itself (Open Graph), for the post. */
export function pagePost(html: string): PagePost {
  const $ = load(html);
  const meta = (property: string) => $(`meta[property="${property}"]`).attr('content')?.trim() ?? '';
  const title = meta('og:title');
  const url = meta('og:url');
  if (!title || !url) throw new PostError('the live page has no og:title or og:url', 'no');
  const image = meta('og:image');
  // A generated card (site name and title) says nothing the text does not: post the photo only.
  return { title, lead: meta('og:description'), url, image: image && !/\/_astro\/og-[0-9a-f]+\.png$/.test(image) ? image : null };
}

export type TelegramStatus = {
  enabled: boolean;
  chat: string | null;
  posted: number;
  pending: TelegramEntry[];
  failed: TelegramEntry[];
  uncertain: TelegramEntry[];
  recent: TelegramEntry[];
};

export class TelegramPoster {
  readonly #config: TelegramConfig;
  readonly #file: string;
  readonly #log: (line: string) => void;
  readonly #liveClient: () => Promise<string | null>;
  #entries = new Map<string, TelegramEntry>();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #draining: Promise<void> | null = null;
  #closed = false;

  /** `liveClient`: the live release's client folder (where the pages are read from). */
  constructor(config: TelegramConfig, workDir: string, liveClient: () => Promise<string | null>, log: (line: string) => void) {
    this.#config = config;
    this.#file = path.join(workDir, 'telegram.json');
    this.#liveClient = liveClient;
    this.#log = log;
  }

  /** Loads the state; a post that was being sent when the service stopped may have gone out: `uncertain`. */
  async start(): Promise<void> {
    let text: string | null = null;
    try {
      text = await readFile(this.#file, 'utf8');
    } catch {
      // first start
    }
    if (text !== null) {
      const parsed = stateSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${this.#file}: ${z.prettifyError(parsed.error)}`);
      for (const entry of parsed.data.entries) {
        this.#entries.set(
          `${entry.documentId}:${entry.locale}`,
          entry.state === 'sending' ? { ...entry, state: 'uncertain', lastError: 'the service stopped while it was being sent' } : entry,
        );
      }
      await this.#save();
    }
    this.#schedule(0);
  }

  close(): void {
    this.#closed = true;
    if (this.#timer) clearTimeout(this.#timer);
  }

  /** Article versions that went live for the first time in a scoped build; queues those to post. */
  async published(
    versions: ReadonlyArray<{ documentId: string; locale: Locale; path: string; date: string }>,
    now = new Date(),
  ): Promise<void> {
    let queued = 0;
    for (const version of versions) {
      const key = `${version.documentId}:${version.locale}`;
      if (this.#entries.has(key) || !this.#config.locales.includes(version.locale)) continue;
      const age = now.getTime() - Date.parse(version.date);
      if (!(age <= this.#config.maxAgeHours * 3_600_000)) continue;
      this.#entries.set(key, {
        documentId: version.documentId,
        locale: version.locale,
        path: version.path,
        state: 'pending',
        attempts: 0,
        queuedAt: now.toISOString(),
        nextAttemptAt: now.toISOString(),
        postedAt: null,
        messageId: null,
        lastError: null,
      });
      queued += 1;
    }
    if (queued === 0) return;
    await this.#save();
    this.#schedule(0);
  }

  status(): TelegramStatus {
    const all = [...this.#entries.values()];
    const of = (state: TelegramEntry['state']) => all.filter((entry) => entry.state === state);
    return {
      enabled: true,
      chat: this.#config.chatId,
      posted: of('posted').length,
      pending: [...of('pending'), ...of('sending')],
      failed: of('failed'),
      uncertain: of('uncertain'),
      recent: of('posted')
        .sort((a, b) => ((a.postedAt ?? '') < (b.postedAt ?? '') ? 1 : -1))
        .slice(0, 10),
    };
  }

  /** Waits until nothing is due now (tests). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  #schedule(delayMs: number): void {
    if (this.#closed) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#draining ??= this.#drain().finally(() => {
        this.#draining = null;
        this.#scheduleNext();
      });
    }, delayMs);
    this.#timer.unref?.();
  }

  #scheduleNext(): void {
    const due = [...this.#entries.values()]
      .filter((entry) => entry.state === 'pending' && entry.nextAttemptAt)
      .map((entry) => Date.parse(entry.nextAttemptAt ?? ''));
    if (due.length > 0) this.#schedule(Math.max(0, Math.min(...due) - Date.now()));
  }

  async #drain(): Promise<void> {
    for (;;) {
      if (this.#closed) return;
      const now = Date.now();
      const next = [...this.#entries.values()].find((entry) => entry.state === 'pending' && Date.parse(entry.nextAttemptAt ?? '') <= now);
      if (!next) return;
      await this.#post(next);
    }
  }

  async #post(entry: TelegramEntry): Promise<void> {
    const key = `${entry.documentId}:${entry.locale}`;
    const sending: TelegramEntry = { ...entry, state: 'sending', attempts: entry.attempts + 1 };
    this.#entries.set(key, sending);
    await this.#save();
    try {
      const live = await this.#liveClient();
      if (!live) throw new PostError('there is no live release to read the page from', 'yes');
      let html: string;
      try {
        html = await readFile(path.join(live, fileOfPath(entry.path)), 'utf8');
      } catch {
        throw new PostError(`the page ${entry.path} is not live`, 'yes');
      }
      const page = pagePost(html);
      const messageId = page.image
        ? await this.#call('sendPhoto', {
            chat_id: this.#config.chatId,
            photo: page.image,
            caption: postText(page, entry.locale, CAPTION_LIMIT),
            parse_mode: 'HTML',
          })
        : await this.#call('sendMessage', {
            chat_id: this.#config.chatId,
            text: postText(page, entry.locale, MESSAGE_LIMIT),
            parse_mode: 'HTML',
          });
      this.#entries.set(key, {
        ...sending,
        state: 'posted',
        postedAt: new Date().toISOString(),
        messageId,
        nextAttemptAt: null,
        lastError: null,
      });
      this.#log(`telegram: posted ${entry.path} (message ${messageId})`);
    } catch (error) {
      const failure = error instanceof PostError ? error : new PostError(error instanceof Error ? error.message : String(error), 'yes');
      const last = sending.attempts >= MAX_ATTEMPTS;
      const state: TelegramEntry['state'] =
        failure.retry === 'unknown' ? 'uncertain' : failure.retry === 'no' || last ? 'failed' : 'pending';
      // 30 s, 2 min, 8 min, 32 min by default; Telegram's own retry_after for 429.
      const delay = failure.afterMs ?? this.#config.retryBaseMs * 4 ** (sending.attempts - 1);
      this.#entries.set(key, {
        ...sending,
        state,
        lastError: failure.message,
        nextAttemptAt: state === 'pending' ? new Date(Date.now() + delay).toISOString() : null,
      });
      this.#log(
        `telegram: ${entry.path} ${state === 'pending' ? `failed, retrying in ${Math.round(delay / 1000)} s` : state}: ${failure.message}`,
      );
    }
    await this.#save();
  }

  /** One Bot API call; returns the message id or throws a PostError that says whether to try again. */
  async #call(method: 'sendMessage' | 'sendPhoto', body: Record<string, string>): Promise<number> {
    // The token is part of the URL: it never goes into an error message.
    const url = `${this.#config.apiUrl.replace(/\/+$/, '')}/bot${this.#config.token}/${method}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.#config.timeoutMs),
      });
    } catch (error) {
      const cause = error instanceof Error && error.cause instanceof Error ? error.cause : null;
      const code = cause && 'code' in cause ? String(cause.code) : '';
      // Refused or unresolvable: the request never reached Telegram. Anything else (a timeout): it may have.
      if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN'].includes(code))
        throw new PostError(`${method}: cannot reach the Bot API (${code})`, 'yes');
      throw new PostError(
        `${method}: no answer from the Bot API (${error instanceof Error ? error.name : 'error'}${code ? ` ${code}` : ''}); it may have been posted`,
        'unknown',
      );
    }
    const parsed = apiAnswer.safeParse(await response.json().catch(() => null));
    if (!parsed.success)
      throw new PostError(`${method}: HTTP ${response.status} without a Bot API answer`, response.status >= 500 ? 'yes' : 'no');
    const answer = parsed.data;
    if (answer.ok && answer.result) return answer.result.message_id;
    const reason = `${method}: ${answer.error_code ?? response.status} ${answer.description ?? ''}`.trim();
    if (response.status === 429) throw new PostError(reason, 'yes', (answer.parameters?.retry_after ?? 30) * 1000);
    throw new PostError(reason, response.status >= 500 ? 'yes' : 'no');
  }

  async #save(): Promise<void> {
    const tmp = `${this.#file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ version: 1, entries: [...this.#entries.values()] }));
    await rename(tmp, this.#file);
  }
}

/** The Telegram settings of the environment; null (off) without a token and a chat. */
export function telegramConfig(env: NodeJS.ProcessEnv): TelegramConfig | null {
  const token = env.PUBLISH_TELEGRAM_BOT_TOKEN?.trim() ?? '';
  const chatId = env.PUBLISH_TELEGRAM_CHAT_ID?.trim() ?? '';
  if (!token && !chatId) return null;
  if (!token || !chatId)
    throw new Error('Telegram posting needs both PUBLISH_TELEGRAM_BOT_TOKEN and PUBLISH_TELEGRAM_CHAT_ID (or neither, to leave it off)');
  if (!/^\d+:[\w-]{20,}$/.test(token))
    throw new Error('PUBLISH_TELEGRAM_BOT_TOKEN does not look like a Bot API token (<bot id>:<secret>, from @BotFather)');
  if (!/^(@[A-Za-z][\w]{3,}|-?\d+)$/.test(chatId))
    throw new Error('PUBLISH_TELEGRAM_CHAT_ID must be a channel username (@name) or a numeric chat id (-100…)');
  const locales = (env.PUBLISH_TELEGRAM_LOCALES || 'ru').split(',').map((locale) => localeSchema.parse(locale.trim()));
  const maxAgeHours = Number(env.PUBLISH_TELEGRAM_MAX_AGE_HOURS || 24);
  if (!Number.isFinite(maxAgeHours) || maxAgeHours <= 0)
    throw new Error('PUBLISH_TELEGRAM_MAX_AGE_HOURS must be a positive number of hours');
  const timeoutMs = Number(env.PUBLISH_TELEGRAM_TIMEOUT_MS || 15_000);
  const retryBaseMs = Number(env.PUBLISH_TELEGRAM_RETRY_MS || 30_000);
  if (!(timeoutMs > 0) || !(retryBaseMs > 0))
    throw new Error('PUBLISH_TELEGRAM_TIMEOUT_MS and PUBLISH_TELEGRAM_RETRY_MS must be positive numbers of milliseconds');
  return {
    token,
    chatId,
    apiUrl: env.PUBLISH_TELEGRAM_API_URL || 'https://api.telegram.org',
    locales,
    maxAgeHours,
    timeoutMs,
    retryBaseMs,
  };
}
