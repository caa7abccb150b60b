/**
 * Every build lets go of Astro's content layer, and so of its store of every
 * entry, once the content is synced and before the pages render (they read the
 * saved store file): the layer Astro's build would keep to the end of the
 * process is gone, and a later build makes its own.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { astroContentLayer, releaseContentLayer } from './primed-sync.ts';

type Singleton = { init(options: Record<string, unknown>): unknown; get(): unknown };

function astroSingleton(): Singleton {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve('astro/package.json')), 'dist', 'content', 'instance.js');
  return (require(file) as { globalContentLayer: Singleton }).globalContentLayer;
}

describe('the content layer after the content sync', () => {
  it('is let go: Astro holds no layer (and no store) while the pages render', () => {
    const singleton = astroSingleton();
    const store = { entries: new Map([['articles', new Map([['ru:a', { title: 'Актау' }]])]]) };
    const layer = singleton.init({ settings: {}, logger: {}, store });
    expect(astroContentLayer()).toBe(layer);

    releaseContentLayer();
    expect(singleton.get()).toBeNull();
    expect(() => astroContentLayer()).toThrow(/is not running/);
    releaseContentLayer(); // nothing running: nothing to do

    // The next build (the warm worker's) sets up its own.
    const next = singleton.init({ settings: {}, logger: {}, store: { entries: new Map() } });
    expect(astroContentLayer()).toBe(next);
    releaseContentLayer();
  });
});
