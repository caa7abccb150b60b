import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Astro's `getImage` exists only inside Astro's Vite pipeline (`astro:assets` is a virtual module); this
 * stand-in answers as it does in a static build — one URL per transform, registered through
 * `globalThis.astroAsset.addStaticImage` — and counts the calls. The markup itself is checked on real
 * builds (tests/article-page.test.ts, tests/pages.test.ts).
 */
const calls: Array<{ src: string; format: string }> = [];
vi.mock('astro:assets', () => ({
  getImage: vi.fn(async (options: { src: string; width: number; widths: number[]; format: string }) => {
    calls.push({ src: options.src, format: options.format });
    const register = Reflect.get(Reflect.get(globalThis, 'astroAsset') ?? {}, 'addStaticImage') as
      ((transform: unknown) => string) | undefined;
    const url = (width: number) =>
      register?.({ src: options.src, width, format: options.format }) ?? `/_image?href=${options.src}&w=${width}&f=${options.format}`;
    if (options.src.includes('broken')) throw new Error(`cannot read ${options.src}`);
    return {
      src: url(options.width),
      srcSet: { attribute: options.widths.map((width) => `${url(width)} ${width}w`).join(', ') },
    };
  }),
}));

const { pictureUrls } = await import('./picture.ts');

/** A build as Astro starts one: a new `globalThis.astroAsset` that can register static images. */
function startBuild(): string[] {
  const registered: string[] = [];
  Reflect.set(globalThis, 'astroAsset', {
    addStaticImage: (transform: { src: string; width: number; format: string }) => {
      const url = `/_astro/${transform.src.split('/').pop()}-${transform.width}.${transform.format}`;
      registered.push(url);
      return url;
    },
  });
  return registered;
}

const photo = { src: 'https://cms.test/uploads/aktau.jpg', width: 800, height: 533, widths: [480, 800] };

beforeEach(() => {
  calls.length = 0;
});
afterEach(() => {
  Reflect.deleteProperty(globalThis, 'astroAsset');
});

describe('the picture URLs of a photo', () => {
  it('are an AVIF srcset and a WebP fallback at every width', async () => {
    startBuild();
    expect(await pictureUrls(photo)).toEqual({
      sources: [{ type: 'image/avif', srcset: '/_astro/aktau.jpg-480.avif 480w, /_astro/aktau.jpg-800.avif 800w' }],
      src: '/_astro/aktau.jpg-800.webp',
      srcset: '/_astro/aktau.jpg-480.webp 480w, /_astro/aktau.jpg-800.webp 800w',
    });
  });

  it('are worked out once per photo and size in a build, and again in the next build (which registers its own images)', async () => {
    const first = startBuild();
    const once = await pictureUrls(photo);
    expect(await pictureUrls({ ...photo, widths: [480, 800] })).toEqual(once);
    expect(calls).toHaveLength(2);
    // Another size of the same photo is another picture.
    await pictureUrls({ ...photo, width: 480, height: 320, widths: [480] });
    expect(calls).toHaveLength(4);
    expect(first).toContain('/_astro/aktau.jpg-800.avif');

    // The publish service's warm worker runs the next build in the same process: its images must be registered again.
    const second = startBuild();
    expect(await pictureUrls(photo)).toEqual(once);
    expect(calls).toHaveLength(6);
    expect(second).toEqual(
      expect.arrayContaining(['/_astro/aktau.jpg-800.avif', '/_astro/aktau.jpg-800.webp', '/_astro/aktau.jpg-480.webp']),
    );
  });

  it('are not kept outside a static build (the on-demand preview)', async () => {
    const preview = await pictureUrls(photo);
    await pictureUrls(photo);
    expect(calls).toHaveLength(4);
    expect(preview.src).toBe('/_image?href=https://cms.test/uploads/aktau.jpg&w=800&f=webp');
  });

  it('are not remembered when a transform fails: the next page gets the same error, by name', async () => {
    startBuild();
    const broken = { ...photo, src: 'https://cms.test/uploads/broken.jpg' };
    await expect(pictureUrls(broken)).rejects.toThrow('cannot read https://cms.test/uploads/broken.jpg');
    await expect(pictureUrls(broken)).rejects.toThrow('cannot read https://cms.test/uploads/broken.jpg');
    expect(calls.length).toBeGreaterThanOrEqual(3);
  });
});
