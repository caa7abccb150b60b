/**
 * The running static build's image registry (`globalThis.astroAsset`, astro/assets), or null outside
 * one: Astro sets `addStaticImage` on it only while it renders the pages of `astro build`, never in
 * `astro dev` or an on-demand route. The image service and the picture memo key their build-only
 * work on it.
 */
export function staticBuildAssets(): object | null {
  const assets: unknown = Reflect.get(globalThis, 'astroAsset');
  return typeof assets === 'object' && assets !== null && typeof Reflect.get(assets, 'addStaticImage') === 'function' ? assets : null;
}
