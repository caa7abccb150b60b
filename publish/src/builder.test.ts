import { describe, expect, it } from 'vitest';
import { LogTail } from './builder.ts';

describe('the kept end of a build log', () => {
  it('is the last characters of everything pushed, however it was chunked', () => {
    const tail = new LogTail(10);
    for (const chunk of ['abc', 'defghij', 'klmnopqrstu', 'vw', 'xyz']) tail.push(chunk);
    expect(tail.text()).toBe('qrstuvwxyz');
  });
});
