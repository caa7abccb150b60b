/**
 * The function's configuration from environment variables (every one is
 * described in comments/.env.example), validated once at start-up with a
 * message naming each variable that is wrong. Hosts call
 * `createHandlerFromEnv(process.env)`; tests build the handler from options.
 */
import { z } from 'zod';
import { AddressTrustError, parseAddressTrust } from './core/client-address.ts';
import { errorMessage } from './core/errors.ts';
import { parseLimits } from './core/limits.ts';
import { createCommentsHandler, type CommentsHandler, type CommentsHandlerOptions } from './core/handler.ts';
import { jsonResponse } from './core/http.ts';
import { readerLanguage } from './core/language.ts';
import { createLogMailer } from './core/mail.ts';
import { parsePhoneCountries } from './core/phone.ts';
import { createLogSms, createMobizonSms } from './core/sms.ts';
import { createStrapiStore } from './core/strapi-store.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

const origin = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
    } catch {
      return false;
    }
  }, 'must be an origin such as https://tilshi.kz (scheme, host and port only, no trailing slash)');

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  STRAPI_URL: z.url({ protocol: /^https?$/ }),
  STRAPI_COMMENTS_TOKEN: z.string().min(32, 'must be the ≥ 32-character secret of the comments API token (cms STRAPI_COMMENTS_TOKEN)'),
  COMMENTS_SESSION_SECRET: z
    .string()
    .min(32, "must be a random secret of ≥ 32 characters, the function's own (it signs readers' sessions)"),
  COMMENTS_MAIL_URL: z
    .string()
    .trim()
    .refine(
      (value) => value === 'log' || /^smtps?:\/\/[^\s]+$/.test(value),
      'must be an SMTP URL (smtp://user:password@host:587, smtps://…:465) or "log" (development: mail goes to the server log)',
    ),
  COMMENTS_MAIL_FROM: z.string().trim().min(3).optional(),
  COMMENTS_IDENTITY: z
    .enum(['phone', 'email'], { message: 'must be phone (a mobile number confirmed by SMS before commenting: Kazakhstan) or email' })
    .default('phone'),
  COMMENTS_PHONE_COUNTRIES: z
    .string()
    .default('KZ')
    .transform((value, context) => {
      try {
        return parsePhoneCountries(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  COMMENTS_SMS: z
    .enum(['log', 'mobizon'], { message: 'must be log (development: the SMS goes to the server log) or mobizon' })
    .default('log'),
  MOBIZON_API_KEY: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9]{20,100}$/, 'must be the API key of your Mobizon account (Settings → API)')
    .optional(),
  MOBIZON_API_URL: z.url({ protocol: /^https?$/ }).default('https://api.mobizon.kz'),
  COMMENTS_SMS_FROM: z.string().trim().min(1).max(11).optional(),
  COMMENTS_REPORTS_TO_HIDE: positiveInt(3),
  COMMENTS_CLIENT_ADDRESS: z
    .string()
    .default('socket')
    .refine((value) => {
      try {
        parseAddressTrust(value);
        return true;
      } catch (error) {
        if (error instanceof AddressTrustError) return false;
        throw error;
      }
    }, 'must be socket, forwarded:<number of proxies> or header:<header name>'),
  SITE_ORIGIN: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    )
    .pipe(z.array(origin).min(1, 'must list at least one origin')),
  COMMENTS_LIMITS: z
    .string()
    .default('')
    .transform((value, context) => {
      try {
        return parseLimits(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  COMMENTS_AUTH_FLOOR_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  COMMENTS_BASE_PATH: z
    .string()
    .regex(/^(\/[A-Za-z0-9._-]+)*$/, 'must be a path such as /api')
    .default('/api'),
  COMMENTS_RATE_PER_MINUTE: positiveInt(5),
  COMMENTS_RATE_PER_DAY: positiveInt(50),
  COMMENTS_AUTO_TRUST_AFTER: z.coerce.number().int().nonnegative().default(3),
  COMMENTS_MAX_BODY_BYTES: positiveInt(32 * 1024),
  COMMENTS_STRAPI_TIMEOUT_MS: positiveInt(5000),
  COMMENTS_COOKIE_NAME: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('tilshi_session'),
});

const checkedEnvSchema = envSchema.superRefine((config, context) => {
  if (config.COMMENTS_SMS === 'mobizon' && !config.MOBIZON_API_KEY) {
    context.addIssue({ code: 'custom', path: ['MOBIZON_API_KEY'], message: 'is required with COMMENTS_SMS=mobizon' });
  }
});

export type CommentsConfig = z.infer<typeof envSchema>;

export class CommentsConfigError extends Error {
  readonly variables: string[];
  constructor(problems: Array<{ variable: string; message: string }>) {
    super(
      `The comments function is misconfigured (see comments/.env.example):\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}`,
    );
    this.name = 'CommentsConfigError';
    this.variables = problems.map((problem) => problem.variable);
  }
}

/** Empty strings count as unset, as in .env files. */
export function configFromEnv(env: Record<string, string | undefined>): CommentsConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = checkedEnvSchema.safeParse(present);
  if (!parsed.success) {
    throw new CommentsConfigError(parsed.error.issues.map((issue) => ({ variable: String(issue.path[0] ?? '?'), message: issue.message })));
  }
  return parsed.data;
}

export function handlerOptionsFromConfig(config: CommentsConfig, extra: Partial<CommentsHandlerOptions> = {}): CommentsHandlerOptions {
  const siteHost = new URL(config.SITE_ORIGIN[0] ?? 'http://localhost').hostname;
  return {
    store: createStrapiStore({ url: config.STRAPI_URL, token: config.STRAPI_COMMENTS_TOKEN, timeoutMs: config.COMMENTS_STRAPI_TIMEOUT_MS }),
    sessionSecret: config.COMMENTS_SESSION_SECRET,
    mailer:
      config.COMMENTS_MAIL_URL === 'log'
        ? createLogMailer((line) => console.info(line))
        : createSmtpMailer({ url: config.COMMENTS_MAIL_URL, from: config.COMMENTS_MAIL_FROM ?? `noreply@${siteHost}` }),
    sms:
      config.COMMENTS_SMS === 'mobizon'
        ? createMobizonSms({
            apiKey: config.MOBIZON_API_KEY ?? '',
            apiUrl: config.MOBIZON_API_URL,
            ...(config.COMMENTS_SMS_FROM ? { from: config.COMMENTS_SMS_FROM } : {}),
          })
        : createLogSms((line) => console.info(line)),
    identity: config.COMMENTS_IDENTITY,
    phoneCountries: config.COMMENTS_PHONE_COUNTRIES,
    reportsToHide: config.COMMENTS_REPORTS_TO_HIDE,
    hookSecret: config.STRAPI_COMMENTS_TOKEN,
    addressTrust: parseAddressTrust(config.COMMENTS_CLIENT_ADDRESS),
    limits: config.COMMENTS_LIMITS,
    authFloorMs: config.COMMENTS_AUTH_FLOOR_MS,
    siteOrigins: config.SITE_ORIGIN,
    basePath: config.COMMENTS_BASE_PATH,
    rateLimits: { perMinute: config.COMMENTS_RATE_PER_MINUTE, perDay: config.COMMENTS_RATE_PER_DAY },
    autoTrustAfter: config.COMMENTS_AUTO_TRUST_AFTER,
    maxBodyBytes: config.COMMENTS_MAX_BODY_BYTES,
    cookieName: config.COMMENTS_COOKIE_NAME,
    ...extra,
  };
}

/** The handler a host mounts: `const handler = createHandlerFromEnv(process.env)`. */
export function createHandlerFromEnv(
  env: Record<string, string | undefined>,
  extra: Partial<CommentsHandlerOptions> = {},
): CommentsHandler {
  return createCommentsHandler(handlerOptionsFromConfig(configFromEnv(env), extra));
}

/**
 * The handler of a host that has no valid configuration for the function:
 * every request gets 503 `not_configured` in the reader's language, with the
 * variables to set in `details.variables` (their names only, never values).
 * A site deployed without the function's secrets thus still serves its
 * static pages, and the island says that comments are unavailable.
 */
export function unconfiguredHandler(error: CommentsConfigError): CommentsHandler {
  return async (request) => {
    const language = readerLanguage(request);
    const response = jsonResponse(
      503,
      {
        error: {
          code: 'not_configured',
          message: errorMessage('not_configured', language),
          status: 503,
          details: { variables: error.variables },
        },
      },
      { 'Retry-After': '300' },
    );
    response.headers.set('Content-Language', language);
    return response;
  };
}

/**
 * `createHandlerFromEnv` for hosts that must not fail to start over the
 * function's settings (the Astro site builds and serves its static pages
 * without them): a configuration error is reported once through
 * `onConfigError` and becomes `unconfiguredHandler`. Other errors still throw.
 */
export function createHandlerFromEnvOrUnavailable(
  env: Record<string, string | undefined>,
  extra: Partial<CommentsHandlerOptions> = {},
  onConfigError: (error: CommentsConfigError) => void = () => {},
): CommentsHandler {
  try {
    return createHandlerFromEnv(env, extra);
  } catch (error) {
    if (!(error instanceof CommentsConfigError)) throw error;
    onConfigError(error);
    return unconfiguredHandler(error);
  }
}
