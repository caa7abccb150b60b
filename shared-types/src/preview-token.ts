/**
 * Signed draft-preview links, written once for both sides: the CMS signs them
 * (cms/config/admin.ts, the panel's "Preview" button) and checks them again
 * before it serves a draft (cms/src/api/article-preview/), and the site's
 * on-demand preview route checks them (site/src/lib/preview.ts).
 *
 * The panel opens `<SITE_URL>/preview/<locale>/<documentId>/?status=…&expires=…&signature=…`;
 * the signature is an HMAC-SHA256 (base64url) of documentId, locale, status
 * and expires (Unix seconds), one per line, with TILSHI_PREVIEW_SECRET, which
 * only the CMS and the site server know. So a link cannot be forged or widened
 * to another document, and it stops working once expired.
 *
 * Imported as `@tilshi/shared-types/preview-token`, not from the package
 * root: it needs node:crypto, and the root is also imported by the site's
 * browser scripts. It imports nothing else, so the CMS's CommonJS build can
 * require() it as it is (Node ≥ 24: type stripping and require of an ES module).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

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
