import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ADMIN_EMAIL,
  EnvValueError,
  formatEnvValue,
  generateAdminPassword,
  missingSecrets,
  parseEnv,
  planEnvFile,
  secretSpecs,
  setEnvValues,
  throwawaySecrets,
} from './env-file.ts';

const EXAMPLE = `# comment
HOST=127.0.0.1
APP_KEYS=changeMe1,changeMe2
ADMIN_JWT_SECRET=changeMe
API_TOKEN_SALT=changeMe
TRANSFER_TOKEN_SALT=changeMe
ENCRYPTION_KEY=changeMe
JWT_SECRET=changeMe
STRAPI_SITE_TOKEN=
STRAPI_ADMIN_EMAIL=
STRAPI_ADMIN_PASSWORD=
DATABASE_PASSWORD=
`;

const SECRET_NAMES = [
  'APP_KEYS',
  'ADMIN_JWT_SECRET',
  'API_TOKEN_SALT',
  'TRANSFER_TOKEN_SALT',
  'ENCRYPTION_KEY',
  'JWT_SECRET',
  'STRAPI_SITE_TOKEN',
  'STRAPI_WRITE_TOKEN',
  'STRAPI_COMMENTS_TOKEN',
];

describe('parseEnv', () => {
  it('reads KEY=VALUE lines and skips comments and blank lines', () => {
    const values = parseEnv('# note\n\nA=1\n  B = two \nexport C=3\n');
    expect([...values]).toEqual([
      ['A', '1'],
      ['B', 'two'],
      ['C', '3'],
    ]);
  });

  it('unquotes single- and double-quoted values and drops trailing comments of unquoted ones', () => {
    const values = parseEnv(`A="x # not a comment"\nB='y z'\nC=plain # comment\nD="line\\nbreak"`);
    expect(values.get('A')).toBe('x # not a comment');
    expect(values.get('B')).toBe('y z');
    expect(values.get('C')).toBe('plain');
    expect(values.get('D')).toBe('line\nbreak');
  });

  it('keeps empty values as empty strings and lets a later line win', () => {
    const values = parseEnv('A=\nB=1\nB=2\n');
    expect(values.get('A')).toBe('');
    expect(values.get('B')).toBe('2');
  });
});

describe('formatEnvValue', () => {
  it('leaves base64 secrets unquoted and quotes values that need it, round-tripping through parseEnv', () => {
    expect(formatEnvValue('abc+/=,def==')).toBe('abc+/=,def==');
    for (const value of ['has space', 'has # hash', 'quote " inside', "it's", 'back\\slash', 'multi\nline', `both ' and "`]) {
      expect(parseEnv(`K=${formatEnvValue(value)}`).get('K')).toBe(value);
    }
  });

  it('refuses a value no quoting can carry instead of writing it wrongly', () => {
    expect(() => formatEnvValue('all \' " ` quotes\nand a line break')).toThrow(EnvValueError);
  });
});

describe('setEnvValues', () => {
  it('replaces an existing key on its own line and keeps comments and order', () => {
    const text = '# keep me\nA=1\nB=\nC=3\n';
    expect(setEnvValues(text, { B: 'two' })).toBe('# keep me\nA=1\nB=two\nC=3\n');
  });

  it('appends missing keys under a heading after a blank line', () => {
    expect(setEnvValues('A=1\n', { B: '2' }, 'Added')).toBe('A=1\n\n# Added\nB=2\n');
  });

  it('does not treat a commented-out key as present', () => {
    expect(setEnvValues('# B=old\n', { B: 'new' })).toBe('# B=old\n\nB=new\n');
  });
});

describe('secretSpecs', () => {
  it('asks for every known secret, including the write token the example may not list yet', () => {
    expect(
      secretSpecs(EXAMPLE)
        .map((spec) => spec.name)
        .sort(),
    ).toEqual([...SECRET_NAMES].sort());
  });

  it('adds keys whose example value is a changeMe placeholder or whose name ends in _TOKEN', () => {
    const names = secretSpecs('NEW_SECRET=changeMe\nOTHER_TOKEN=\nPLAIN=1\n').map((spec) => spec.name);
    expect(names).toContain('NEW_SECRET');
    expect(names).toContain('OTHER_TOKEN');
    expect(names).not.toContain('PLAIN');
  });

  it('asks for as many APP_KEYS as the placeholder lists', () => {
    expect(secretSpecs('APP_KEYS=a,b,c,d').find((spec) => spec.name === 'APP_KEYS')?.parts).toBe(4);
  });
});

describe('missingSecrets', () => {
  it('generates only the secrets that are absent or empty and never replaces existing ones', () => {
    const existing = parseEnv('ADMIN_JWT_SECRET=mine\nJWT_SECRET=\n');
    const missing = missingSecrets(secretSpecs(EXAMPLE), existing);
    expect(missing).not.toHaveProperty('ADMIN_JWT_SECRET');
    expect(missing.JWT_SECRET).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(Object.keys(missing).sort()).toEqual(SECRET_NAMES.filter((name) => name !== 'ADMIN_JWT_SECRET').sort());
  });

  it('makes API tokens URL-safe and at least 32 characters long', () => {
    const missing = missingSecrets(secretSpecs(EXAMPLE), new Map());
    for (const token of [missing.STRAPI_SITE_TOKEN, missing.STRAPI_WRITE_TOKEN]) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    }
  });

  it('generates comma-separated APP_KEYS', () => {
    expect(missingSecrets(secretSpecs(EXAMPLE), new Map()).APP_KEYS?.split(',')).toHaveLength(2);
  });
});

describe('throwawaySecrets', () => {
  it('gives every known secret a fresh value on each call', () => {
    const first = throwawaySecrets();
    const second = throwawaySecrets();
    expect(Object.keys(first).sort()).toEqual([...SECRET_NAMES].sort());
    for (const name of SECRET_NAMES) expect(first[name]).not.toBe(second[name]);
  });
});

describe('generateAdminPassword', () => {
  it('satisfies Strapi: 8 to 72 characters with a lower-case letter, an upper-case letter and a digit', () => {
    for (let i = 0; i < 200; i += 1) {
      const password = generateAdminPassword();
      expect(password.length).toBeGreaterThanOrEqual(8);
      expect(password.length).toBeLessThanOrEqual(72);
      expect(password).toMatch(/[a-z]/);
      expect(password).toMatch(/[A-Z]/);
      expect(password).toMatch(/\d/);
    }
  });
});

describe('planEnvFile', () => {
  it('creates a new file with every secret and a generated admin when there is none', () => {
    const plan = planEnvFile(undefined, EXAMPLE, {});
    const values = parseEnv(plan.text);
    expect(plan.created).toBe(true);
    expect(plan.changed).toBe(true);
    for (const name of SECRET_NAMES) expect(values.get(name)).toBeTruthy();
    expect(values.get('STRAPI_ADMIN_EMAIL')).toBe(DEFAULT_ADMIN_EMAIL);
    expect(plan.generatedAdmin).toEqual({ email: DEFAULT_ADMIN_EMAIL, password: values.get('STRAPI_ADMIN_PASSWORD') });
  });

  it('leaves a complete file untouched', () => {
    const complete = planEnvFile(undefined, EXAMPLE, {}).text;
    const plan = planEnvFile(complete, EXAMPLE, {});
    expect(plan.changed).toBe(false);
    expect(plan.text).toBe(complete);
    expect(plan.generatedAdmin).toBeUndefined();
  });

  it('adds a missing secret to an existing file without changing the values already there', () => {
    const current = '# mine\nAPP_KEYS=a,b\nADMIN_JWT_SECRET=x\nSTRAPI_ADMIN_EMAIL=me@example.kz\nSTRAPI_ADMIN_PASSWORD=Secret123\n';
    const plan = planEnvFile(current, EXAMPLE, {});
    const values = parseEnv(plan.text);
    expect(plan.text.startsWith(current)).toBe(true);
    expect(values.get('APP_KEYS')).toBe('a,b');
    expect(values.get('ADMIN_JWT_SECRET')).toBe('x');
    expect(plan.added).toContain('STRAPI_WRITE_TOKEN');
    expect(plan.added).not.toContain('APP_KEYS');
    expect(plan.generatedAdmin).toBeUndefined();
  });

  it('does not generate an admin when the environment already provides the credentials', () => {
    const plan = planEnvFile(undefined, EXAMPLE, { STRAPI_ADMIN_EMAIL: 'ops@example.kz', STRAPI_ADMIN_PASSWORD: 'Secret123' });
    expect(plan.generatedAdmin).toBeUndefined();
    expect(parseEnv(plan.text).has('STRAPI_ADMIN_PASSWORD')).toBe(false);
  });

  it('generates only the password when an admin e-mail is already set', () => {
    const plan = planEnvFile('STRAPI_ADMIN_EMAIL=me@example.kz\n', EXAMPLE, {});
    expect(plan.generatedAdmin?.email).toBe('me@example.kz');
    expect(parseEnv(plan.text).get('STRAPI_ADMIN_EMAIL')).toBe('me@example.kz');
  });

  it('reports changeMe placeholders without replacing them', () => {
    const plan = planEnvFile('JWT_SECRET=changeMe\n', EXAMPLE, {});
    expect(plan.placeholders).toEqual(['JWT_SECRET']);
    expect(parseEnv(plan.text).get('JWT_SECRET')).toBe('changeMe');
  });
});
