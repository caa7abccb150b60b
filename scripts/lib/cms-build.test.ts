import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildEnv, cmsSourceHash } from './cms-build.ts';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function fakeCms(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tilshi-cms-'));
  made.push(dir);
  mkdirSync(path.join(dir, 'src', 'api'), { recursive: true });
  mkdirSync(path.join(dir, 'config'));
  writeFileSync(path.join(dir, 'src', 'index.ts'), 'export default {};\n');
  writeFileSync(path.join(dir, 'src', 'api', 'a.ts'), 'export const a = 1;\n');
  writeFileSync(path.join(dir, 'config', 'server.ts'), 'export default {};\n');
  writeFileSync(path.join(dir, 'package.json'), '{}\n');
  writeFileSync(path.join(dir, 'tsconfig.json'), '{}\n');
  return dir;
}

describe('cmsSourceHash', () => {
  it('stays the same while the sources do not change', () => {
    const dir = fakeCms();
    expect(cmsSourceHash(dir)).toBe(cmsSourceHash(dir));
  });

  it('changes when a source file is edited, added or renamed', () => {
    const dir = fakeCms();
    const before = cmsSourceHash(dir);
    writeFileSync(path.join(dir, 'src', 'api', 'a.ts'), 'export const a = 2;\n');
    const edited = cmsSourceHash(dir);
    expect(edited).not.toBe(before);
    writeFileSync(path.join(dir, 'config', 'plugins.ts'), 'export default {};\n');
    expect(cmsSourceHash(dir)).not.toBe(edited);
  });

  it('changes when a patch of a Strapi package changes: it is bundled into the admin panel', () => {
    const dir = fakeCms();
    const before = cmsSourceHash(dir);
    mkdirSync(path.join(dir, 'patches'));
    writeFileSync(path.join(dir, 'patches', '@strapi__content-manager@5.54.0.patch'), 'diff --git a/x b/x\n');
    const patched = cmsSourceHash(dir);
    expect(patched).not.toBe(before);
    writeFileSync(path.join(dir, 'patches', '@strapi__content-manager@5.54.0.patch'), 'diff --git a/x b/y\n');
    expect(cmsSourceHash(dir)).not.toBe(patched);
  });

  it('ignores build output and data outside the inputs', () => {
    const dir = fakeCms();
    const before = cmsSourceHash(dir);
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', '.build-stamp'), 'x');
    mkdirSync(path.join(dir, '.data'));
    writeFileSync(path.join(dir, '.data', 'data.db'), 'x');
    expect(cmsSourceHash(dir)).toBe(before);
  });
});

describe('buildEnv', () => {
  it('provides throwaway secrets and blanks STRAPI_ADMIN_* variables so they stay out of the public admin bundle', () => {
    const env = buildEnv({ PATH: '/bin', STRAPI_ADMIN_PASSWORD: 'Secret123', STRAPI_ADMIN_EMAIL: 'a@b.kz', APP_KEYS: 'real' });
    expect(env.PATH).toBe('/bin');
    expect(env.STRAPI_ADMIN_PASSWORD).toBe('');
    expect(env.STRAPI_ADMIN_EMAIL).toBe('');
    expect(env.APP_KEYS).not.toBe('real');
    expect(env.ENCRYPTION_KEY).toBeTruthy();
  });

  it('blanks STRAPI_ADMIN_* keys found only in cms/.env, because the build would load them from there', () => {
    const env = buildEnv({ PATH: '/bin' }, ['STRAPI_ADMIN_PASSWORD', 'HOST']);
    expect(env).toHaveProperty('STRAPI_ADMIN_PASSWORD', '');
    expect(env).not.toHaveProperty('HOST');
  });

  it('keeps STRAPI_ADMIN_BACKEND_URL, which is meant for the admin bundle', () => {
    expect(buildEnv({ STRAPI_ADMIN_BACKEND_URL: 'https://cms.example.kz' }).STRAPI_ADMIN_BACKEND_URL).toBe('https://cms.example.kz');
  });
});
