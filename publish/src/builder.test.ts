import { describe, expect, it } from 'vitest';
import { LogTail, phasesOf } from './builder.ts';

describe('the phases of a build', () => {
  it('are measured between the lines Astro prints at each boundary', () => {
    const lines = [
      { at: 5, text: '[@astrojs/node] Enabling sessions with filesystem storage' },
      { at: 700, text: '08:18:24 [content] Syncing content' },
      { at: 900, text: '08:18:24 [strapi-articles] articles: scoped sync, …' },
      { at: 1000, text: '08:18:24 [content] Synced content' },
      { at: 1600, text: ' prerendering static routes ' },
      { at: 1800, text: ' generating optimized images ' },
      { at: 1850, text: '08:18:25 [build] Rearranging server assets...' },
    ];
    expect(phasesOf(lines, 1900)).toEqual({ startup: 700, contentSync: 300, bundle: 600, render: 200, images: 50, finish: 50 });
  });

  it('are unknown when the log lacks the boundaries', () => {
    expect(phasesOf([{ at: 1, text: 'something else' }], 10)).toBeNull();
  });
});

describe('the kept end of a build log', () => {
  it('is the last characters of everything pushed, however it was chunked', () => {
    const tail = new LogTail(10);
    for (const chunk of ['abc', 'defghij', 'klmnopqrstu', 'vw', 'xyz']) tail.push(chunk);
    expect(tail.text()).toBe('qrstuvwxyz');
  });
});
