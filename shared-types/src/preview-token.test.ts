import { describe, expect, it } from 'vitest';
import { previewSignature, previewUrl, verifyPreviewSignature, type PreviewTarget } from './preview-token.ts';

const SECRET = 'tilshi-test-secret';
const DOCUMENT = 'q8w7e6r5t4y3u2i1o0p9a8s7';
// 1 800 000 000 s since the epoch.
const NOW = new Date('2027-01-15T08:00:00Z');
const TTL = 600;

/** What a preview request carries, read the way the site's route and the CMS's endpoint read it (status, expires, signature). */
function linkOf(href: string): { target: PreviewTarget; signature: string } {
  const url = new URL(href);
  const [, , locale = '', documentId = ''] = url.pathname.split('/').map(decodeURIComponent);
  const status = url.searchParams.get('status') === 'published' ? 'published' : 'draft';
  return {
    target: { documentId, locale, status, expires: Number(url.searchParams.get('expires')) },
    signature: url.searchParams.get('signature') ?? '',
  };
}

describe('signed preview links', () => {
  it('keeps the token format of the links already issued: HMAC-SHA256 of the four values, one per line, base64url', () => {
    // Values made by the CMS's and the site's own copies of these functions before they became this module.
    expect(previewSignature(SECRET, { documentId: DOCUMENT, locale: 'kk', status: 'draft', expires: 1_800_000_000 })).toBe(
      'k8Fynn3mUdhbmOQUZvuzji1vWIY7cGotI-xPfvKqnsU',
    );
    expect(previewUrl('https://tilshi.kz', SECRET, { documentId: DOCUMENT, locale: 'kk', status: 'published' }, TTL, NOW)).toBe(
      `https://tilshi.kz/preview/kk/${DOCUMENT}/?status=published&expires=1800000600&signature=VEvmeG1CY9nJ4oVS88LuAYJGk4x9GiCl4KK9_1Lg85Y`,
    );
  });

  it('verifies a link the panel signs (previewUrl) with the values the preview request carries, until it expires', () => {
    for (const status of ['draft', 'published'] as const) {
      const { target, signature } = linkOf(
        previewUrl('http://127.0.0.1:4321', SECRET, { documentId: DOCUMENT, locale: 'ru', status }, TTL, NOW),
      );
      expect(target).toEqual({ documentId: DOCUMENT, locale: 'ru', status, expires: 1_800_000_600 });
      expect(verifyPreviewSignature(SECRET, target, signature, NOW)).toBe(true);
      // Valid through its last second, refused after it.
      expect(verifyPreviewSignature(SECRET, target, signature, new Date(1_800_000_600_000))).toBe(true);
      expect(verifyPreviewSignature(SECRET, target, signature, new Date(1_800_000_600_001))).toBe(false);
    }
  });

  it('escapes the locale and documentId in the path, and signs them unescaped', () => {
    const href = previewUrl('https://tilshi.kz/', SECRET, { documentId: 'a/b?c', locale: 'ru', status: 'draft' }, TTL, NOW);
    expect(new URL(href).pathname).toBe('/preview/ru/a%2Fb%3Fc/');
    const { target, signature } = linkOf(href);
    expect(target.documentId).toBe('a/b?c');
    expect(verifyPreviewSignature(SECRET, target, signature, NOW)).toBe(true);
  });

  it('refuses a link signed with another secret, or with any of its values changed', () => {
    const { target, signature } = linkOf(
      previewUrl('https://tilshi.kz', SECRET, { documentId: DOCUMENT, locale: 'ru', status: 'published' }, TTL, NOW),
    );
    expect(verifyPreviewSignature('another-secret', target, signature, NOW)).toBe(false);
    expect(verifyPreviewSignature(SECRET, { ...target, documentId: 'another-document' }, signature, NOW)).toBe(false);
    expect(verifyPreviewSignature(SECRET, { ...target, locale: 'kk' }, signature, NOW)).toBe(false);
    expect(verifyPreviewSignature(SECRET, { ...target, status: 'draft' }, signature, NOW)).toBe(false);
    expect(verifyPreviewSignature(SECRET, { ...target, expires: target.expires + 3600 }, signature, NOW)).toBe(false);
  });

  it('refuses a tampered, truncated, lengthened or missing signature', () => {
    const { target, signature } = linkOf(
      previewUrl('https://tilshi.kz', SECRET, { documentId: DOCUMENT, locale: 'ru', status: 'draft' }, TTL, NOW),
    );
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const forged of [flipped, signature.slice(0, -1), `${signature}=`, signature.toUpperCase(), 'forged', '']) {
      expect(verifyPreviewSignature(SECRET, target, forged, NOW), forged).toBe(false);
    }
  });

  it('refuses an expired link even with a right signature, and an expiry that is not a whole number of seconds', () => {
    const expired = { documentId: DOCUMENT, locale: 'ru', status: 'draft', expires: 1_799_999_999 } as const;
    expect(verifyPreviewSignature(SECRET, expired, previewSignature(SECRET, expired), NOW)).toBe(false);
    // A missing `expires` reads as NaN (or 0, expired); a fractional one is not what the panel signs.
    for (const expires of [Number.NaN, Number(null), 1_800_000_600.5, Number.POSITIVE_INFINITY]) {
      const target = { documentId: DOCUMENT, locale: 'ru', status: 'draft', expires } as const;
      expect(verifyPreviewSignature(SECRET, target, previewSignature(SECRET, target), NOW), String(expires)).toBe(false);
    }
  });
});
