import { rubricEndpoint } from '@tilshi/shared-types';
import { previewUrl } from '@tilshi/shared-types/preview-token';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadPreview, previewNote, type PreviewRequest } from './preview.ts';

describe('the note above a preview', () => {
  it('says which version it shows and that the other language is on the site', () => {
    expect(previewNote('kk', 'draft', [{ locale: 'ru', slug: 'port', path: '/news/port/' }])).toBe(
      'Жоба алдын ала қарау: материал жарияланғаннан кейін осылай көрінеді. Орысша нұсқасы сайтта жарияланған.',
    );
  });

  it('says when the other language is not published, and that this is the published version', () => {
    expect(previewNote('ru', 'published', [])).toBe(
      'Предпросмотр опубликованной версии: так материал выглядит на сайте. Казахская версия на сайте не опубликована: переключатель языка покажет её после публикации.',
    );
  });
});

describe('the signed link, checked before the CMS is asked', () => {
  const SECRET = 'site-test-secret';
  const STRAPI = 'http://cms.test';
  const DOCUMENT = 'q8w7e6r5t4y3u2i1o0p9a8s7';

  /** A preview request for a link as the panel signs it (cms/config/admin.ts calls the same previewUrl). */
  function requestFor(href: string, overrides: Partial<PreviewRequest> = {}): PreviewRequest {
    const url = new URL(href);
    const [, , locale, documentId] = url.pathname.split('/').map(decodeURIComponent);
    return { locale, documentId, query: url.searchParams, secret: SECRET, strapiUrl: STRAPI, token: undefined, ...overrides };
  }

  /** A CMS with no such article (every single entry 404, no rubrics); records what the site asked it. */
  function emptyCms(): string[] {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (input: string | URL) => {
      const url = new URL(String(input));
      asked.push(`${url.pathname}${url.search}`);
      if (url.pathname === rubricEndpoint) {
        return Response.json({ data: [], meta: { pagination: { page: 1, pageSize: 100, pageCount: 0, total: 0 } } });
      }
      return Response.json(
        { data: null, error: { status: 404, name: 'NotFoundError', message: 'Not Found', details: {} } },
        { status: 404 },
      );
    });
    return asked;
  }

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('accepts a link the CMS signed and passes its signature on to the CMS’s draft endpoint', async () => {
    const asked = emptyCms();
    const href = previewUrl('http://127.0.0.1:4321', SECRET, { documentId: DOCUMENT, locale: 'ru', status: 'draft' }, 600);
    const result = await loadPreview(requestFor(href));
    expect(result).toEqual({ ok: false, status: 404, message: 'There is no draft version of this article in this language.' });
    const signature = new URL(href).searchParams.get('signature') ?? '';
    expect(
      asked.some((each) => each.startsWith(`/api/article-previews/${DOCUMENT}?`) && each.includes(encodeURIComponent(signature))),
    ).toBe(true);
  });

  it('refuses a tampered, expired or wrongly signed link with 403, without asking the CMS', async () => {
    const asked = emptyCms();
    const signed = (secret: string, ttl = 600) =>
      new URL(previewUrl('http://127.0.0.1:4321', secret, { documentId: DOCUMENT, locale: 'ru', status: 'published' }, ttl));
    const asDraft = signed(SECRET);
    asDraft.searchParams.set('status', 'draft');
    const otherDocument = new URL(signed(SECRET).href.replace(DOCUMENT, 'another-document'));
    const later = signed(SECRET);
    later.searchParams.set('expires', String(Number(later.searchParams.get('expires')) + 3600));
    const noSignature = signed(SECRET);
    noSignature.searchParams.delete('signature');
    for (const url of [signed('another-secret'), signed(SECRET, -1), asDraft, otherDocument, later, noSignature]) {
      expect(await loadPreview(requestFor(url.href)), url.href).toEqual({
        ok: false,
        status: 403,
        message: 'This preview link is invalid or has expired: open the preview again from the panel.',
      });
    }
    expect(asked).toEqual([]);
  });

  it('answers 503 when the site has no preview secret', async () => {
    const asked = emptyCms();
    const href = previewUrl('http://127.0.0.1:4321', SECRET, { documentId: DOCUMENT, locale: 'ru', status: 'draft' }, 600);
    expect(await loadPreview(requestFor(href, { secret: undefined }))).toMatchObject({ ok: false, status: 503 });
    expect(asked).toEqual([]);
  });
});
