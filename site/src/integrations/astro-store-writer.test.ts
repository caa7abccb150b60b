/**
 * site/patches/astro@7.3.5.patch, third part: Astro's `FileWriter` writes the
 * content store (`data-store.json`) entry after entry in devalue's format instead
 * of serializing the whole store into one string first. What Astro reads back —
 * `devalue.parse` when a sync opens the file (`MutableDataStore.fromFile`),
 * `devalue.unflatten` of the parsed JSON when the pages render — must be exactly
 * what `devalue.stringify` would have given.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

type Collections = Map<string, Map<string, unknown>>;
type Devalue = { stringify(value: unknown): string; parse(text: string): unknown; unflatten(value: unknown): unknown };

const require = createRequire(import.meta.url);
const astroDir = path.dirname(require.resolve('astro/package.json'));
const astroFile = (name: string) => pathToFileURL(path.join(astroDir, 'dist', 'content', name)).href;

async function astro() {
  const { FileWriter } = (await import(astroFile('data-store-writer.js'))) as {
    FileWriter: new (file: URL | string) => { write(collections: Collections): Promise<boolean> };
  };
  const { MutableDataStore } = (await import(astroFile('mutable-data-store.js'))) as {
    MutableDataStore: { fromFile(file: URL): Promise<{ get(collection: string, key: string): unknown; collections(): Collections }> };
  };
  // The devalue Astro itself imports.
  const devalue = (await import(pathToFileURL(createRequire(path.join(astroDir, 'package.json')).resolve('devalue')).href)) as Devalue;
  return { FileWriter, MutableDataStore, devalue };
}

/** An article entry as the loaders store it, with every kind of value the site's schemas produce and some they might. */
function article(n: number, shared: object) {
  const looped: Record<string, unknown> = { name: 'loop' };
  looped.self = looped;
  return {
    id: `ru:doc${n}`,
    digest: `d${n}`,
    data: {
      title: `Заголовок «${n}»: "кавычки", \\ и </script>, \u2028 \u2029 \t\n`,
      lone: '\ud800 одиночный суррогат',
      publishedAt: new Date(Date.UTC(2024, 0, n + 1, 8, 30)),
      invalidDate: new Date(Number.NaN),
      views: n,
      score: 0.5,
      negativeZero: -0,
      notANumber: Number.NaN,
      infinite: Number.POSITIVE_INFINITY,
      belowAll: Number.NEGATIVE_INFINITY,
      missing: undefined,
      none: null,
      published: n % 2 === 0,
      big: 12345678901234567890n,
      locale: 'ru',
      tags: ['ngo', 'aktau', shared, shared],
      byLocale: new Map<unknown, unknown>([
        ['kk', { slug: `kk-${n}` }],
        [1, 'one'],
      ]),
      rubrics: new Set(['society', 2]),
      body: `<p>${'Текст статьи. '.repeat(30)}${n}</p>`,
      lead: 'Один и тот же длинный вводный абзац во всех статьях. '.repeat(5),
      nested: { deeper: { deepest: [[], {}, [undefined, null]] } },
      looped,
    },
  };
}

function sampleStore(): Collections {
  const shared = { credit: 'Фото: пресс-служба' };
  return new Map([
    [
      'tags',
      new Map([
        ['ru:t2', { id: 'ru:t2', data: { title: 'Б' } }],
        ['ru:t1', { id: 'ru:t1', data: { title: 'А' } }],
      ]),
    ],
    ['articles', new Map(Array.from({ length: 40 }, (_, n) => [`ru:doc${39 - n}`, article(39 - n, shared)]))],
    ['empty', new Map()],
  ]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'tilshi-astro-writer-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Astro’s content store file, written entry by entry (patched)', () => {
  it('reads back through devalue and Astro’s own store exactly as devalue.stringify’s file would, sorted as Astro sorts', async () => {
    const { FileWriter, MutableDataStore, devalue } = await astro();
    const store = sampleStore();
    const file = path.join(dir, 'data-store.json');
    expect(await new FileWriter(file).write(store)).toBe(true);
    const text = await readFile(file, 'utf8');
    const expected = devalue.parse(devalue.stringify(store)) as Collections;

    const parsed = devalue.parse(text) as Collections;
    expect(parsed).toEqual(expected);
    expect([...parsed.keys()]).toEqual(['articles', 'empty', 'tags']);
    expect([...parsed.get('articles')!.keys()].slice(0, 3)).toEqual(['ru:doc0', 'ru:doc1', 'ru:doc10']);
    // What the prerender bundle does with the file (site/src/integrations/content-store.ts, then Astro's unflatten).
    expect(devalue.unflatten(JSON.parse(text))).toEqual(expected);

    const entry = parsed.get('articles')!.get('ru:doc7') as ReturnType<typeof article>;
    expect(Object.is(entry.data.negativeZero, -0)).toBe(true);
    expect(entry.data.lone).toBe('\ud800 одиночный суррогат');
    expect(entry.data.looped.self).toBe(entry.data.looped);
    expect(entry.data.tags[2]).toBe(entry.data.tags[3]);
    expect('missing' in entry.data).toBe(true);
    expect(entry.data.publishedAt).toEqual(new Date(Date.UTC(2024, 0, 8, 8, 30)));
    expect(Number.isNaN(entry.data.invalidDate.getTime())).toBe(true);
    // The same long string in two entries is written once, as devalue.stringify writes it.
    expect(text.split('абзац во всех статьях. Один').length - 1).toBe(4);

    // A sync opening the file (what every scoped build does) sees the same entries.
    const opened = await MutableDataStore.fromFile(pathToFileURL(file));
    expect(opened.get('articles', 'ru:doc7')).toEqual(expected.get('articles')!.get('ru:doc7'));
    expect(opened.get('tags', 'ru:t1')).toEqual({ id: 'ru:t1', data: { title: 'А' } });
  });

  it('leaves an unchanged file alone and replaces a changed one, with no temporary file left', async () => {
    const { FileWriter, devalue } = await astro();
    const file = pathToFileURL(path.join(dir, 'data-store.json'));
    const writer = new FileWriter(file);
    const store = sampleStore();
    expect(await writer.write(store)).toBe(true);
    const first = await stat(file);
    expect(await writer.write(sampleStore())).toBe(false);
    expect((await stat(file)).mtimeMs).toBe(first.mtimeMs);
    store.get('tags')!.set('ru:t3', { id: 'ru:t3', data: { title: 'В' } });
    expect(await writer.write(store)).toBe(true);
    expect((devalue.parse(await readFile(file, 'utf8')) as Collections).get('tags')!.get('ru:t3')).toEqual({
      id: 'ru:t3',
      data: { title: 'В' },
    });
    await expect(stat(`${file.pathname}.tmp`)).rejects.toThrow(/ENOENT/);
  });

  it('hands a store with values it does not write (a RegExp, a null-prototype object, an array with holes) to devalue whole', async () => {
    const { FileWriter, devalue } = await astro();
    const file = path.join(dir, 'data-store.json');
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1 });
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is being tested
    const holes = [1, , 3];
    const store: Collections = new Map([['odd', new Map<string, unknown>([['x', { pattern: /ак[тт]ау/giu, bare, holes }]])]]);
    expect(await new FileWriter(file).write(store)).toBe(true);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(devalue.stringify(store));
    expect(devalue.parse(text)).toEqual(devalue.parse(devalue.stringify(store)));
  });

  it('keeps the previous file whole when an entry cannot be read while it is written', async () => {
    const { FileWriter } = await astro();
    const file = path.join(dir, 'data-store.json');
    const writer = new FileWriter(file);
    await writer.write(sampleStore());
    const before = await readFile(file, 'utf8');
    const broken = sampleStore();
    broken.get('articles')!.set('ru:doc5', {
      get data() {
        throw new Error('entry unreadable');
      },
    });
    await expect(writer.write(broken)).rejects.toThrow('entry unreadable');
    expect(await readFile(file, 'utf8')).toBe(before);
    await expect(stat(`${file}.tmp`)).rejects.toThrow(/ENOENT/);
  });

  it('writes a store too large for one JavaScript string, which devalue.stringify cannot', { timeout: 120_000 }, async () => {
    const { FileWriter } = await astro();
    // V8's longest string is 2^29 − 24 characters; 33 entries of 16 Mi characters each are more.
    const chunk = 'a'.repeat(16 * 1024 * 1024);
    const entries = new Map(Array.from({ length: 33 }, (_, n) => [`ru:${n}`, { id: `ru:${n}`, body: `${n}${chunk}` }]));
    const store: Collections = new Map([['articles', entries]]);
    expect(() => chunk.repeat(33)).toThrow(RangeError); // so devalue.stringify(store) cannot make its string
    const file = path.join(dir, 'data-store.json');
    expect(await new FileWriter(file).write(store)).toBe(true);
    expect((await stat(file)).size).toBeGreaterThan(2 ** 29);
    await writeFile(file, ''); // not read back: a string that long cannot be made here either
  });
});
