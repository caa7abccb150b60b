import { describe, expect, it } from 'vitest';
import { createOptOutTokens } from './tokens.ts';

const tokens = createOptOutTokens('a-secret-of-the-function-at-least-32-chars');

describe('opt-out tokens', () => {
  it('name the reader they were made for', async () => {
    expect(await tokens.readerOf(await tokens.tokenFor(42))).toBe(42);
  });

  it('cannot be made for another reader, with another secret, or by hand', async () => {
    const token = await tokens.tokenFor(42);
    expect(await tokens.readerOf(token.replace(/^42/, '43'))).toBeNull();
    expect(await createOptOutTokens('another-secret-of-at-least-32-characters').readerOf(token)).toBeNull();
    for (const forged of ['42', '42.', `42.${'0'.repeat(32)}`, '0.abc', `-1.${token.split('.')[1] ?? ''}`, ''])
      expect(await tokens.readerOf(forged)).toBeNull();
  });
});
