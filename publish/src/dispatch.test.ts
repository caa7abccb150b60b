import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import { dispatchBatch } from './dispatch.ts';

describe('CI mode', () => {
  it('relays a batch of changes to GitHub as one repository_dispatch with the configured event type', async () => {
    const received: Array<{ url: string; headers: IncomingHttpHeaders; body: unknown }> = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const config = loadConfig(
        {
          STRAPI_SITE_TOKEN: 't',
          PUBLISH_WEBHOOK_SECRET: 'a-long-enough-secret',
          PUBLISH_MODE: 'dispatch',
          GITHUB_REPOSITORY: 'newsroom/tilshi',
          GITHUB_TOKEN: 'ghp_x',
          GITHUB_API_URL: `http://127.0.0.1:${port}`,
        },
        { service: true },
      );
      if (!config.dispatch) throw new Error('dispatch not configured');
      await dispatchBatch(config.dispatch, {
        id: 1,
        kind: 'scoped',
        articles: new Map([['doc1', null]]),
        pages: new Set(),
        catchUp: false,
        entities: [],
        everything: null,
        background: null,
        reasons: ['entry.publish doc1'],
        attempt: 1,
        firstEventAt: null,
      });
      expect(received).toHaveLength(1);
      expect(received[0]?.url).toBe('/repos/newsroom/tilshi/dispatches');
      expect(received[0]?.headers.authorization).toBe('Bearer ghp_x');
      expect(received[0]?.body).toEqual({
        event_type: 'strapi-publish',
        client_payload: {
          kind: 'scoped',
          articles: [['doc1', null]],
          pages: [],
          entities: [],
          everything: null,
          catchUp: false,
          reasons: ['entry.publish doc1'],
          batch: 1,
        },
      });
    } finally {
      server.close();
    }
  });

  it('needs a repository and a token, and the service needs its webhook secret', () => {
    expect(() => loadConfig({ STRAPI_SITE_TOKEN: 't', PUBLISH_WEBHOOK_SECRET: 'a-long-enough-secret', PUBLISH_MODE: 'dispatch' })).toThrow(
      /GITHUB_REPOSITORY and GITHUB_TOKEN/,
    );
    expect(() => loadConfig({ STRAPI_SITE_TOKEN: 't' })).toThrow(/PUBLISH_WEBHOOK_SECRET/);
    expect(loadConfig({ STRAPI_SITE_TOKEN: 't' }, { service: false }).webhookSecret).toBe('');
    expect(() => loadConfig({ STRAPI_SITE_TOKEN: 't', PUBLISH_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16/);
  });
});
