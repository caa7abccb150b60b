import { describe, expect, it } from 'vitest';
import { WriteStamps } from './write-stamps.ts';

describe('write stamps', () => {
  it('leaves what a later build applied to it, and lets a later build overwrite an earlier one', () => {
    const stamps = new WriteStamps();
    const chunk = stamps.begin();
    const publish = stamps.begin();
    // The publish (started later, read the CMS later) applies first.
    expect(stamps.keep('file', ['news/a/index.html', 'tag/t/index.html'], publish)).toEqual(['news/a/index.html', 'tag/t/index.html']);
    stamps.record('file', ['news/a/index.html', 'tag/t/index.html'], publish);
    stamps.end(publish);
    // The slower chunk keeps only what the publish did not write.
    expect(stamps.keep('file', ['tag/t/index.html', 'news/b/index.html'], chunk)).toEqual(['news/b/index.html']);
    stamps.record('file', ['news/b/index.html'], chunk);
    // A newer publish overwrites the chunk's page.
    const next = stamps.begin();
    expect(stamps.keep('file', ['news/b/index.html'], next)).toEqual(['news/b/index.html']);
    stamps.end(chunk);
    stamps.end(next);
  });

  it('keeps documents, pages and files apart', () => {
    const stamps = new WriteStamps();
    const older = stamps.begin();
    const newer = stamps.begin();
    stamps.record('document', ['doc1'], newer);
    expect(stamps.keep('document', ['doc1', 'doc2'], older)).toEqual(['doc2']);
    expect(stamps.keep('page', ['doc1'], older)).toEqual(['doc1']);
    expect(stamps.keep('file', ['doc1'], older)).toEqual(['doc1']);
    stamps.end(older);
    stamps.end(newer);
  });

  it('holds no records once no build runs: every later build is newer than all of them', () => {
    const stamps = new WriteStamps();
    const first = stamps.begin();
    const second = stamps.begin();
    stamps.record('file', ['a.html'], second);
    stamps.end(second);
    expect(stamps.size).toBe(1);
    expect(stamps.keep('file', ['a.html'], first)).toEqual([]);
    stamps.end(first);
    expect(stamps.size).toBe(0);
    const third = stamps.begin();
    expect(stamps.keep('file', ['a.html'], third)).toEqual(['a.html']);
    stamps.end(third);
  });
});
