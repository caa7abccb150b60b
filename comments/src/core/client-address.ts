/**
 * The reader's real address, for rate limits (never stored in clear: limits.ts
 * keys buckets by a keyed hash of it).
 *
 * Which source to trust is a deployment setting (`COMMENTS_CLIENT_ADDRESS`,
 * comments/README.md "Behind a proxy"):
 * - `socket` (default): the peer of the TCP connection, as the host reports it
 *   (Astro's `clientAddress` on the Node adapter without `allowedDomains`).
 *   Right when readers connect to the server directly, as with `npm start`;
 *   behind a proxy every reader would share the proxy's address.
 * - `forwarded:<n>`: behind `n` proxies you run, each appending to
 *   `X-Forwarded-For` (nginx `$proxy_add_x_forwarded_for`): the `n`-th entry
 *   from the right is the reader's; anything further left was sent by the
 *   client and is ignored.
 * - `header:<name>`: a header the platform sets and readers cannot forge —
 *   Netlify `x-nf-client-connection-ip`, Vercel `x-real-ip`, Cloudflare
 *   `cf-connecting-ip`.
 * A missing or unparsable address yields null (limits then count under
 * "unknown", which a spoofer cannot use to escape them).
 */
import ipaddr from 'ipaddr.js';

export type AddressTrust = { kind: 'socket' } | { kind: 'forwarded'; hops: number } | { kind: 'header'; name: string };

export class AddressTrustError extends Error {
  constructor(value: string) {
    super(`"${value}" is not an address source: use socket, forwarded:<number of proxies> or header:<header name>`);
    this.name = 'AddressTrustError';
  }
}

export function parseAddressTrust(value: string): AddressTrust {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'socket') return { kind: 'socket' };
  const forwarded = /^forwarded:(\d{1,2})$/.exec(trimmed);
  if (forwarded?.[1] && Number(forwarded[1]) >= 1) return { kind: 'forwarded', hops: Number(forwarded[1]) };
  const header = /^header:([A-Za-z0-9-]{1,64})$/.exec(trimmed);
  if (header?.[1]) return { kind: 'header', name: header[1].toLowerCase() };
  throw new AddressTrustError(value);
}

/** The address as one rate-limit key: IPv4 as is (IPv4-mapped IPv6 too), IPv6 by its /64 (one subscriber's network). */
export function addressKey(raw: string): string | null {
  const value = raw.trim().replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(value)) return null;
  const address = ipaddr.process(value);
  if (address.kind() === 'ipv4') return address.toString();
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${parts.join(':')}::/64`;
}

/** The reader's address key for a request, by the trusted source; null when it cannot be told. */
export function readerAddress(request: Request, socketAddress: string | undefined, trust: AddressTrust): string | null {
  switch (trust.kind) {
    case 'socket':
      return socketAddress ? addressKey(socketAddress) : null;
    case 'header': {
      const value = request.headers.get(trust.name);
      return value ? addressKey(value.split(',')[0] ?? '') : null;
    }
    case 'forwarded': {
      const chain = (request.headers.get('x-forwarded-for') ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      const entry = chain[chain.length - trust.hops];
      return entry ? addressKey(entry) : null;
    }
  }
}
