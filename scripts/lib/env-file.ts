/**
 * Reads and writes dotenv files (cms/.env) without a dependency: parsing,
 * setting values while keeping the user's comments and order, and generating
 * the random secrets Strapi needs. Pure functions first, file access last.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';

export type EnvValues = Map<string, string>;

/** A dotenv file that exists but cannot be used as it is. */
export class EnvFileError extends Error {
  readonly file: string;
  constructor(file: string, message: string) {
    super(`${file}: ${message}`);
    this.name = 'EnvFileError';
    this.file = file;
  }
}

/** A value no dotenv quoting can carry unchanged. */
export class EnvValueError extends Error {
  constructor(value: string) {
    super(`cannot write ${JSON.stringify(value)} to a dotenv file: it mixes all three quote characters and line breaks.`);
    this.name = 'EnvValueError';
  }
}

const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/** Reads a value the way dotenv (which Strapi uses) does: quotes removed, `\n` expanded in double quotes. */
function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if (quote === '"' || quote === "'" || quote === '`') {
    let end = 1;
    while (end < value.length && (value[end] !== quote || value[end - 1] === '\\')) end += 1;
    if (end < value.length) {
      const inner = value.slice(1, end);
      return quote === '"' ? inner.replace(/\\n/g, '\n').replace(/\\r/g, '\r') : inner;
    }
  }
  // unquoted: a `#` after whitespace starts a comment
  return value.replace(/\s+#.*$/, '').trim();
}

/** Parses KEY=VALUE lines; comments, blank lines and `export ` prefixes are allowed. Later keys win. */
export function parseEnv(text: string): EnvValues {
  const values: EnvValues = new Map();
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (match?.[1] !== undefined) values.set(match[1], unquote(match[2] ?? ''));
  }
  return values;
}

/** Formats a value so that parseEnv and Strapi's dotenv read it back unchanged. */
export function formatEnvValue(value: string): string {
  if (value === '' || /^[A-Za-z0-9_\-+/=.,:@]+$/.test(value)) return value;
  if (!value.includes("'") && !/[\r\n]/.test(value)) return `'${value}'`;
  if (!value.includes('"') && !value.includes('\\')) return `"${value.replace(/\n/g, '\\n').replace(/\r/g, '\\r')}"`;
  if (!value.includes('`') && !/[\r\n]/.test(value)) return `\`${value}\``;
  throw new EnvValueError(value);
}

/**
 * Sets `values` in the dotenv text: a key already present (even with an empty
 * value) is replaced on its own line, the others are appended, under
 * `heading` when given. Every other line stays as it was.
 */
export function setEnvValues(text: string, values: Record<string, string>, heading?: string): string {
  const pending = new Map(Object.entries(values));
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  const updated = lines.map((line) => {
    const key = LINE.exec(line)?.[1];
    if (key === undefined || !pending.has(key) || /^\s*#/.test(line)) return line;
    const value = pending.get(key) ?? '';
    pending.delete(key);
    return `${key}=${formatEnvValue(value)}`;
  });
  if (pending.size > 0) {
    if (updated.length > 0 && updated[updated.length - 1]?.trim() !== '') updated.push('');
    if (heading) updated.push(...heading.split('\n').map((line) => `# ${line}`));
    for (const [key, value] of pending) updated.push(`${key}=${formatEnvValue(value)}`);
  }
  return `${updated.join('\n')}\n`;
}

// --- secrets ----------------------------------------------------------------

/** Secrets Strapi and the tilshi scripts need, whatever cms/.env.example says. */
export const KNOWN_SECRETS = [
  'APP_KEYS',
  'ADMIN_JWT_SECRET',
  'API_TOKEN_SALT',
  'TRANSFER_TOKEN_SALT',
  'ENCRYPTION_KEY',
  'JWT_SECRET',
  'STRAPI_SITE_TOKEN',
  'STRAPI_WRITE_TOKEN',
  'STRAPI_COMMENTS_TOKEN',
] as const;

export type SecretSpec = { name: string; parts: number; urlSafe: boolean };

/**
 * The secrets an example file asks for: the known ones, plus any key whose
 * example value is a `changeMe` placeholder or whose name ends in _TOKEN.
 * Comma-separated placeholders (APP_KEYS=changeMe1,changeMe2) ask for as many keys.
 */
export function secretSpecs(exampleText: string): SecretSpec[] {
  const example = parseEnv(exampleText);
  const names = new Set<string>(KNOWN_SECRETS);
  for (const [name, value] of example) {
    if (/changeme/i.test(value) || name.endsWith('_TOKEN')) names.add(name);
  }
  return [...names].map((name) => {
    const placeholder = example.get(name) ?? '';
    const parts = name === 'APP_KEYS' ? Math.max(2, placeholder.split(',').length) : Math.max(1, placeholder.split(',').length);
    // API tokens travel in headers and shell commands: keep them URL-safe.
    return { name, parts, urlSafe: name.endsWith('_TOKEN') };
  });
}

export type RandomSource = (bytes: number) => Buffer;

export function generateSecret(spec: SecretSpec, random: RandomSource = randomBytes): string {
  return Array.from({ length: spec.parts }, () => random(32).toString(spec.urlSafe ? 'base64url' : 'base64')).join(',');
}

/** Secrets for runs that keep nothing (builds, tests): every known secret, freshly random. */
export function throwawaySecrets(random: RandomSource = randomBytes): Record<string, string> {
  return Object.fromEntries(secretSpecs('').map((spec) => [spec.name, generateSecret(spec, random)]));
}

/** The secrets of `specs` that `existing` lacks (absent or empty), freshly generated. Existing values are never replaced. */
export function missingSecrets(specs: SecretSpec[], existing: EnvValues, random: RandomSource = randomBytes): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const spec of specs) {
    if ((existing.get(spec.name) ?? '').trim() === '') missing[spec.name] = generateSecret(spec, random);
  }
  return missing;
}

/** Keys still holding the example's `changeMe` placeholders: they work, but are public knowledge. */
export function placeholderSecrets(existing: EnvValues): string[] {
  return [...existing].filter(([, value]) => /changeme/i.test(value)).map(([name]) => name);
}

/** A password Strapi accepts for an admin: 8–72 bytes with a lower-case letter, an upper-case letter and a digit. */
export function generateAdminPassword(): string {
  const lower = 'abcdefghijkmnopqrstuvwxyz';
  const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = lower + upper + digits;
  const pick = (set: string): string => set[randomInt(set.length)] ?? 'x';
  const chars = [pick(lower), pick(upper), pick(digits), ...Array.from({ length: 17 }, () => pick(all))];
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
  }
  return chars.join('');
}

// --- files ------------------------------------------------------------------

/** The file's text, or undefined when it does not exist. */
export function readEnvText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw new EnvFileError(file, `cannot read it (${error instanceof Error ? error.message : String(error)}).`);
  }
}

/** Writes a file only its owner can read: it holds secrets. */
export function writeEnvText(file: string, text: string): void {
  try {
    writeFileSync(file, text, { mode: 0o600 });
    chmodSync(file, 0o600);
  } catch (error) {
    throw new EnvFileError(file, `cannot write it (${error instanceof Error ? error.message : String(error)}).`);
  }
}

// --- cms/.env for `npm start` -------------------------------------------------

export const DEFAULT_ADMIN_EMAIL = 'admin@tilshi.local';

const NEW_FILE_HEADER = `# Local settings of the tilshi CMS, written by \`npm start\` with fresh random
# secrets. Keep it private (git ignores it). Every other setting, with its
# default, is described in cms/.env.example; add a line here to change one.
`;

export type EnvFilePlan = {
  /** The text cms/.env should have. */
  text: string;
  /** Whether `text` differs from the current file (or the file does not exist yet). */
  changed: boolean;
  created: boolean;
  /** Keys given a value in this run. */
  added: string[];
  /** Admin credentials generated in this run, to show the user once. */
  generatedAdmin?: { email: string; password: string };
  /** Keys that still hold `changeMe` placeholders. */
  placeholders: string[];
};

/**
 * Decides what cms/.env must become: the current text (or a new file) with
 * every missing secret generated, and admin credentials when neither the
 * environment nor the file provides them. Existing values are never changed.
 */
export function planEnvFile(
  current: string | undefined,
  exampleText: string,
  env: NodeJS.ProcessEnv,
  random: RandomSource = randomBytes,
): EnvFilePlan {
  const existing = parseEnv(current ?? '');
  const secrets = missingSecrets(secretSpecs(exampleText), existing, random);
  const given = (name: string): string => (existing.get(name) ?? '').trim() || (env[name] ?? '').trim();

  const admin: Record<string, string> = {};
  let generatedAdmin: EnvFilePlan['generatedAdmin'];
  if (given('STRAPI_ADMIN_PASSWORD') === '') {
    const email = given('STRAPI_ADMIN_EMAIL') || DEFAULT_ADMIN_EMAIL;
    if (given('STRAPI_ADMIN_EMAIL') === '') admin.STRAPI_ADMIN_EMAIL = email;
    admin.STRAPI_ADMIN_PASSWORD = generateAdminPassword();
    generatedAdmin = { email, password: admin.STRAPI_ADMIN_PASSWORD };
  } else if (given('STRAPI_ADMIN_EMAIL') === '') {
    admin.STRAPI_ADMIN_EMAIL = DEFAULT_ADMIN_EMAIL;
  }

  const additions = { ...secrets, ...admin };
  const added = Object.keys(additions);
  const base = current ?? NEW_FILE_HEADER;
  const withSecrets = Object.keys(secrets).length > 0 ? setEnvValues(base, secrets, 'Secrets generated by `npm start`') : base;
  const text =
    Object.keys(admin).length > 0 ? setEnvValues(withSecrets, admin, 'First admin user, created when no admin exists yet') : withSecrets;
  const plan: EnvFilePlan = {
    text,
    changed: current === undefined || added.length > 0,
    created: current === undefined,
    added,
    placeholders: placeholderSecrets(existing),
  };
  if (generatedAdmin) plan.generatedAdmin = generatedAdmin;
  return plan;
}
