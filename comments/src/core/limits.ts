/**
 * Rate limits of the reader-facing routes, declared once, counted in the
 * CMS's database (CommentsStore.hitLimits) so they hold across instances.
 *
 * Each route is limited by the reader's address *and* by what it names (the
 * account, the e-mail): a flood from one address stops at the address limit
 * without touching other readers, and guessing one account's password from
 * many addresses stops at the account's limit without locking the site. The
 * address limits are generous because mobile operators put many readers
 * behind one address (CGNAT). Windows are fixed (limits.ts in the CMS).
 *
 * Bucket names never hold an address or e-mail in clear: `<rule>:<HMAC of the
 * key with the session secret>`.
 */
import { CommentsError } from './errors.ts';
import type { CommentsStore } from './store.ts';

export type LimitRule = { limit: number; windowSeconds: number };

const MINUTE = 60;
const HOUR = 3600;

export const DEFAULT_LIMITS = {
  /** Registrations (each sends an e-mail) from one address. */
  registerPerAddress: { limit: 10, windowSeconds: HOUR },
  /** Registrations naming one e-mail (codes sent to one mailbox). */
  registerPerEmail: { limit: 5, windowSeconds: HOUR },
  /** Sign-in attempts from one address. */
  loginPerAddress: { limit: 60, windowSeconds: 15 * MINUTE },
  /** Sign-in attempts for one account (e-mail or username): ten wrong passwords slow that account only. */
  loginPerAccount: { limit: 10, windowSeconds: 15 * MINUTE },
  /** Code attempts (confirmation, reset) for one e-mail, on top of 5 attempts per code. */
  codePerEmail: { limit: 10, windowSeconds: 15 * MINUTE },
  /** Code attempts from one address. */
  codePerAddress: { limit: 30, windowSeconds: 15 * MINUTE },
  /** Password-reset requests from one address and for one e-mail. */
  resetPerAddress: { limit: 10, windowSeconds: HOUR },
  resetPerEmail: { limit: 3, windowSeconds: HOUR },
  /** Password changes of one signed-in reader. */
  passwordPerAccount: { limit: 5, windowSeconds: 15 * MINUTE },
  /** Comments from one address (the per-reader limits are counted from the comments themselves). */
  commentsPerAddress: { limit: 30, windowSeconds: MINUTE },
  /** SMS codes sent to one number (each costs money and wakes its owner). */
  smsPerPhone: { limit: 3, windowSeconds: HOUR },
  /** SMS codes asked for from one address. */
  smsPerAddress: { limit: 10, windowSeconds: HOUR },
  /** SMS codes asked for by one account (new numbers included). */
  smsPerAccount: { limit: 5, windowSeconds: HOUR },
  /** SMS code attempts of one account, on top of 5 attempts per code. */
  phoneCodePerAccount: { limit: 10, windowSeconds: 15 * MINUTE },
  /** SMS code attempts from one address. */
  phoneCodePerAddress: { limit: 30, windowSeconds: 15 * MINUTE },
  /** Reports from one reader (a flood of reports is how a comment gets hidden unfairly). */
  reportsPerAccount: { limit: 20, windowSeconds: HOUR },
  /** Reports from one address. */
  reportsPerAddress: { limit: 60, windowSeconds: HOUR },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof DEFAULT_LIMITS;
export type Limits = Record<LimitName, LimitRule>;

function isLimitName(name: string): name is LimitName {
  return Object.hasOwn(DEFAULT_LIMITS, name);
}

/**
 * Operators' overrides (`COMMENTS_LIMITS`): `name=limit/windowSeconds`, comma-separated, e.g.
 * `registerPerAddress=30/3600,loginPerAccount=5/900`. Throws naming the first part it cannot read.
 */
export function parseLimits(value: string): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const part of value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]+)=(\d{1,6})\/(\d{1,7})$/.exec(part);
    const [, name = '', limit = '', windowSeconds = ''] = match ?? [];
    if (!match || !isLimitName(name) || Number(limit) < 1 || Number(windowSeconds) < 1) {
      throw new Error(`"${part}" is not name=limit/windowSeconds with a name of ${Object.keys(DEFAULT_LIMITS).join(', ')}`);
    }
    limits[name] = { limit: Number(limit), windowSeconds: Number(windowSeconds) };
  }
  return limits;
}

/** One check: a rule and the key it counts (an address key, a normalised e-mail, an account id); null key = "unknown". */
export type LimitCheck = { name: LimitName; key: string | null };

export type Limiter = (checks: LimitCheck[]) => Promise<void>;

/** The name of a check's shared bucket: `<rule>:<HMAC of the key>` (the address or e-mail never in clear). */
export function createBucketNamer(secret: string): (check: LimitCheck) => Promise<string> {
  // Web Crypto, so the core stays host-independent (Node, Netlify, Vercel, edge runtimes).
  const key = crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return async (check) => {
    const mac = new Uint8Array(
      await crypto.subtle.sign('HMAC', await key, new TextEncoder().encode(`${check.name}\n${check.key ?? 'unknown'}`)),
    );
    return `${check.name}:${Array.from(mac.slice(0, 16), (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  };
}

export function createLimiter(options: { store: CommentsStore; secret: string; limits?: Partial<Limits>; now?: () => Date }): Limiter {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const bucketOf = createBucketNamer(options.secret);

  /** Counts one hit for each check; 429 rate_limited (with Retry-After and the rule's name) if any window is over its limit. */
  return async (checks) => {
    if (checks.length === 0) return;
    const buckets = await Promise.all(checks.map(async (check) => ({ check, bucket: await bucketOf(check) })));
    const counts = await options.store.hitLimits(
      buckets.map(({ check, bucket }) => ({ bucket, windowSeconds: limits[check.name].windowSeconds })),
    );
    const now = (options.now?.() ?? new Date()).getTime();
    for (const { check, bucket } of buckets) {
      const count = counts.find((item) => item.bucket === bucket);
      const rule = limits[check.name];
      if (count && count.hits > rule.limit) {
        const retryAfter = Math.max(1, Math.ceil((count.resetsAt - now) / 1000));
        throw new CommentsError('rate_limited', {
          details: { limit: check.name, max: rule.limit, windowSeconds: rule.windowSeconds },
          headers: { 'Retry-After': String(retryAfter) },
        });
      }
    }
  };
}
