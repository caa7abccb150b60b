/**
 * site/patches/astro@7.3.5.patch: the CSP digest of an inline style or script
 * (every page of a static build carries the same ones) is worked out once,
 * and stays the digest Astro would compute.
 */
import { createHash, webcrypto } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

type Digest = (data: string, algorithm: 'SHA-256' | 'SHA-384' | 'SHA-512') => Promise<string>;

async function astroDigest(): Promise<Digest> {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist', 'core', 'encryption.js');
  return ((await import(pathToFileURL(file).href)) as { generateCspDigest: Digest }).generateCspDigest;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Astro’s CSP digests, patched', () => {
  it('hashes the same inline content once, and gives the digest a browser checks against', async () => {
    const generateCspDigest = await astroDigest();
    const digest = vi.spyOn(webcrypto.subtle, 'digest');
    const style = `.masthead{color:#0a5}/* ${Math.random()} */`;
    const expected = `sha256-${createHash('sha256').update(style).digest('base64')}`;
    const first = await generateCspDigest(style, 'SHA-256');
    const again = await Promise.all(Array.from({ length: 50 }, () => generateCspDigest(`${style}`, 'SHA-256')));
    expect(first).toBe(expected);
    expect(new Set(again)).toEqual(new Set([expected]));
    expect(digest).toHaveBeenCalledTimes(1);
    // Other content, or another algorithm, is its own digest.
    expect(await generateCspDigest(`${style} `, 'SHA-256')).not.toBe(expected);
    expect(await generateCspDigest(style, 'SHA-384')).toBe(`sha384-${createHash('sha384').update(style).digest('base64')}`);
    expect(digest).toHaveBeenCalledTimes(3);
  });
});
