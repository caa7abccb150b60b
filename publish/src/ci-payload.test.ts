import { describe, expect, it } from 'vitest';
import { changesOfEvent, MAX_ARTICLES, MAX_ENTITIES, payloadOfBatch } from './ci-payload.ts';
import { batchOf as emptyBatch, PublishQueue, type Batch } from './queue.ts';
import type { Change } from './webhook.ts';

const batchOf = (overrides: Partial<Batch>): Batch => emptyBatch({ id: 7, kind: 'scoped', ...overrides });

/** The batch a queue makes of these changes (what the CI run's publisher builds). */
async function queued(changes: Change[]): Promise<Batch> {
  let resolve: (batch: Batch) => void = () => {};
  const ran = new Promise<Batch>((done) => (resolve = done));
  const queue = new PublishQueue({
    debounceMs: 0,
    maxWaitMs: 0,
    run: (batch) => {
      resolve(batch);
      return Promise.resolve({ ok: true });
    },
  });
  for (const change of changes) queue.push(change);
  const batch = await ran;
  queue.close();
  return batch;
}

/** What GitHub hands the workflow: the dispatch body's client_payload, through JSON. */
const eventOf = (batch: Batch): unknown => JSON.parse(JSON.stringify({ action: 'strapi-publish', client_payload: payloadOfBatch(batch) }));

describe('the CI payload of a batch', () => {
  it('carries articles with their locales, pages, edited entities and `everything` to the CI run, which queues the same batch', async () => {
    const sent = batchOf({
      articles: new Map([
        ['doc-ru', new Set(['ru' as const])],
        ['doc-all', null],
      ]),
      pages: new Set(['tag|ru|paromy']),
      entities: [
        { type: 'tag', documentId: 'tag1', locale: 'kk' },
        { type: 'credit', documentId: 'credit1' },
        { type: 'file', id: 42 },
      ],
      everything: 'site settings changed',
      reasons: ['entry.publish doc-ru (ru)'],
    });
    const received = await queued(changesOfEvent(eventOf(sent), 'event.json'));
    expect(received.kind).toBe('scoped');
    expect(received.articles).toEqual(sent.articles);
    expect(received.pages).toEqual(sent.pages);
    expect(received.entities).toEqual(sent.entities);
    expect(received.everything).toBe('site settings changed');
    expect(received.catchUp).toBe(false);
  });

  it('stays within GitHub’s bounds: articles beyond the limit become a catch-up with the CMS, entities beyond it a full build', async () => {
    const many = new Map(Array.from({ length: MAX_ARTICLES + 20 }, (_, i) => [`doc${i}`, null] as const));
    const payload = payloadOfBatch(batchOf({ articles: many }));
    expect(payload.articles).toHaveLength(MAX_ARTICLES);
    expect(payload.catchUp).toBe(true);
    expect(payload.reasons[0]).toMatch(/520 articles: the rest by catching up/);

    const entities = Array.from({ length: MAX_ENTITIES + 1 }, (_, i) => ({ type: 'author' as const, documentId: `a${i}` }));
    const full = payloadOfBatch(batchOf({ entities }));
    expect(full.kind).toBe('full');
    expect(full.entities).toEqual([]);
    expect((await queued(changesOfEvent(JSON.parse(JSON.stringify({ client_payload: full })), 'event.json'))).kind).toBe('full');
    expect(JSON.stringify(payloadOfBatch(batchOf({ articles: many, reasons: Array(50).fill('x'.repeat(200)) }))).length).toBeLessThan(
      60_000,
    );
  });

  it('refuses an event that is not a tilshi dispatch, naming the field (a push event, a forged locale, a path-like id)', () => {
    expect(() => changesOfEvent({ ref: 'refs/heads/main' }, 'push.json')).toThrow(
      /push\.json is not a tilshi repository_dispatch event: client_payload/,
    );
    const forged = { client_payload: { ...payloadOfBatch(batchOf({})), articles: [['doc1', ['RU']]] } };
    expect(() => changesOfEvent(forged, 'event.json')).toThrow(/client_payload\.articles\.0\.1\.0/);
    const entity = { client_payload: { ...payloadOfBatch(batchOf({})), entities: [{ type: 'file', id: '../../etc' }] } };
    expect(() => changesOfEvent(entity, 'event.json')).toThrow(/client_payload\.entities\.0/);
  });
});
