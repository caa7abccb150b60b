/**
 * The image URLs of a `<picture>` (an AVIF srcset and a WebP fallback, the
 * formats of config.ts), worked out once per photo and size in a build.
 *
 * Astro's `<Picture>` calls `getImage` once per format on every page that
 * shows a photo: each call validates the options, hashes every transform and
 * registers it for generation. A listing thumbnail appears on dozens of pages
 * (home, rubric, tag, author, archive day…), so a full build at 10,000
 * articles spent ~9 s of its ~62 s of rendering in `getImage` (BENCHMARKS.md,
 * "Entity edits…"). The answer depends only on the source and the transform,
 * so the first page to show a photo at a size computes it (and so registers
 * its transforms, which Astro keeps for the whole build) and every later page
 * reuses the URLs.
 *
 * The memo belongs to one build: Astro makes a new `globalThis.astroAsset`
 * for each (the publish service's warm worker runs many builds in one
 * process, and each must register its own images), and the memo is keyed by
 * that object. Outside a static build (the on-demand preview, where the URLs
 * point at the image endpoint) nothing is kept.
 */
import { getImage } from 'astro:assets';
import { IMAGE_FALLBACK_FORMAT, IMAGE_FORMATS } from '../config.ts';
import { staticBuildAssets } from './static-build.ts';

export type PictureUrls = {
  /** One `<source>` per format: its srcset and MIME type. */
  sources: Array<{ type: string; srcset: string }>;
  /** The fallback `<img>`: the largest width, and the srcset of every width. */
  src: string;
  srcset: string;
};

/** What a picture is made of: the source file and the size it is shown at, with the widths of its srcset. */
export type PictureSpec = { src: string; width: number; height: number; widths: readonly number[] };

const MIME_TYPES: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png' };

async function urlsOf({ src, width, height, widths }: PictureSpec): Promise<PictureUrls> {
  const transform = { src, width, height, widths: [...widths] };
  const [sources, fallback] = await Promise.all([
    Promise.all(
      IMAGE_FORMATS.map(async (format) => {
        const image = await getImage({ ...transform, format });
        return { type: MIME_TYPES[format] ?? `image/${format}`, srcset: image.srcSet.attribute };
      }),
    ),
    getImage({ ...transform, format: IMAGE_FALLBACK_FORMAT }),
  ]);
  return { sources, src: fallback.src, srcset: fallback.srcSet.attribute };
}

/** Memos by build: the build's `globalThis.astroAsset` while it can register static images. */
const builds = new WeakMap<object, Map<string, Promise<PictureUrls>>>();

function buildMemo(): Map<string, Promise<PictureUrls>> | null {
  const assets = staticBuildAssets();
  if (!assets) return null;
  let memo = builds.get(assets);
  if (!memo) {
    memo = new Map();
    builds.set(assets, memo);
  }
  return memo;
}

export function pictureUrls(spec: PictureSpec): Promise<PictureUrls> {
  const memo = buildMemo();
  if (!memo) return urlsOf(spec);
  const key = JSON.stringify([spec.src, spec.width, spec.height, spec.widths]);
  let urls = memo.get(key);
  if (!urls) {
    urls = urlsOf(spec);
    memo.set(key, urls);
    // A failed transform is not remembered: the next page asks again (and fails the same way, by name).
    urls.catch(() => memo.delete(key));
  }
  return urls;
}
