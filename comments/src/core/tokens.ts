/**
 * The opt-out link of e-mails about replies: `<reader id>.<HMAC>` keyed with
 * the function's secret, so the link works without signing in and cannot be
 * made for another reader. It does not expire (an old e-mail's link must still
 * stop the e-mails); changing COMMENTS_SESSION_SECRET invalidates all of them.
 */
const encoder = new TextEncoder();

function toHex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

export function createOptOutTokens(secret: string) {
  const key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  async function macOf(readerId: number): Promise<string> {
    return toHex(await crypto.subtle.sign('HMAC', await key, encoder.encode(`tilshi-opt-out:replies:${readerId}`))).slice(0, 32);
  }
  return {
    async tokenFor(readerId: number): Promise<string> {
      return `${readerId}.${await macOf(readerId)}`;
    },
    /** The reader a token names, or null when it was not made with this secret. */
    async readerOf(token: string): Promise<number | null> {
      const match = /^([1-9]\d{0,15})\.([0-9a-f]{32})$/.exec(token.trim());
      if (!match?.[1] || !match[2]) return null;
      const readerId = Number(match[1]);
      const expected = await macOf(readerId);
      // Constant time: compare every character whatever the first difference.
      let difference = 0;
      for (let index = 0; index < expected.length; index += 1) difference |= expected.charCodeAt(index) ^ match[2].charCodeAt(index);
      return difference === 0 ? readerId : null;
    },
  };
}

export type OptOutTokens = ReturnType<typeof createOptOutTokens>;
