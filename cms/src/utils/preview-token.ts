import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed draft-preview links. The panel's "Preview" button (config/admin.ts)
 * opens `<SITE_URL>/preview/<locale>/<documentId>/?status=…&expires=…&signature=…`;
 * the signature is an HMAC-SHA256 of those values with TILSHI_PREVIEW_SECRET,
 * which only the CMS and the site server know. The site's preview route and
 * the CMS's /api/article-previews endpoint both check it, so a link cannot be
 * forged or widened to another document, and it stops working once expired.
 * (site/src/lib/preview.ts has the same two functions for the site.)
 */

export type PreviewTarget = { documentId: string; locale: string; status: 'draft' | 'published'; expires: number };

export function previewSignature(secret: string, target: PreviewTarget): string {
  return createHmac('sha256', secret)
    .update(`${target.documentId}\n${target.locale}\n${target.status}\n${target.expires}`)
    .digest('base64url');
}

/** Whether a signature is right for the target and the link has not expired (constant-time comparison). */
export function verifyPreviewSignature(secret: string, target: PreviewTarget, signature: string, now: Date = new Date()): boolean {
  if (!Number.isInteger(target.expires) || target.expires * 1000 < now.getTime()) return false;
  const expected = Buffer.from(previewSignature(secret, target));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The site URL of a signed preview, valid for `ttlSeconds`. */
export function previewUrl(
  siteUrl: string,
  secret: string,
  target: Omit<PreviewTarget, 'expires'>,
  ttlSeconds: number,
  now: Date = new Date(),
): string {
  const expires = Math.floor(now.getTime() / 1000) + ttlSeconds;
  const signature = previewSignature(secret, { ...target, expires });
  const url = new URL(`/preview/${encodeURIComponent(target.locale)}/${encodeURIComponent(target.documentId)}/`, siteUrl);
  url.search = new URLSearchParams({ status: target.status, expires: String(expires), signature }).toString();
  return url.href;
}
