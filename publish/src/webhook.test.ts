import { describe, expect, it } from 'vitest';
import { classify, secretMatches, webhookPayloadSchema, type WebhookPayload } from './webhook.ts';

const event = (over: Partial<WebhookPayload>): WebhookPayload =>
  webhookPayloadSchema.parse({ event: 'entry.publish', uid: 'api::article.article', model: 'article', ...over });

describe('the webhook secret', () => {
  it('matches only the exact configured secret', () => {
    expect(secretMatches('s3cret-value-0123', 's3cret-value-0123')).toBe(true);
    expect(secretMatches('s3cret-value-0124', 's3cret-value-0123')).toBe(false);
    expect(secretMatches('s3cret', 's3cret-value-0123')).toBe(false);
    expect(secretMatches(undefined, 's3cret-value-0123')).toBe(false);
    expect(secretMatches('', 's3cret-value-0123')).toBe(false);
  });
});

describe('what a Strapi event means for the site', () => {
  it('turns a published article into a scoped change of that document in its locale', () => {
    expect(classify(event({ entry: { documentId: 'doc1', locale: 'kk', publishedAt: '2026-11-25T08:00:00.000Z' } }))).toEqual({
      kind: 'articles',
      documentId: 'doc1',
      locales: ['kk'],
      event: 'entry.publish',
    });
  });

  it('treats unpublish and delete of an article as changes, even for the draft version Strapi also reports', () => {
    expect(classify(event({ event: 'entry.unpublish', entry: { documentId: 'doc1', locale: 'ru' } })).kind).toBe('articles');
    expect(classify(event({ event: 'entry.delete', entry: { documentId: 'doc1', locale: 'ru', publishedAt: null } })).kind).toBe(
      'articles',
    );
  });

  it('ignores draft saves of articles, which change nothing on the site', () => {
    expect(classify(event({ event: 'entry.update', entry: { documentId: 'doc1', locale: 'ru', publishedAt: null } })).kind).toBe('none');
    expect(classify(event({ event: 'entry.create', entry: { documentId: 'doc1', locale: 'ru', publishedAt: null } })).kind).toBe('none');
    expect(classify(event({ event: 'entry.draft-discard', entry: { documentId: 'doc1' } })).kind).toBe('none');
  });

  it('catches up after a publish without its entry, and falls back to a full build for an unknown unpublish', () => {
    expect(classify(event({ entry: null })).kind).toBe('catch-up');
    expect(classify(event({ event: 'entry.unpublish', entry: null })).kind).toBe('full');
  });

  it('renders only the new page of a new tag or author, the dependents of an edited entity, and every page for settings or a rubric', () => {
    expect(classify(event({ event: 'entry.create', uid: 'api::tag.tag', entry: { documentId: 't1', locale: 'kk' } }))).toMatchObject({
      kind: 'pages',
      keys: ['tag|kk:t1'],
    });
    expect(classify(event({ event: 'entry.create', uid: 'api::author.author', entry: { documentId: 'a1' } }))).toMatchObject({
      kind: 'pages',
      keys: ['author|ru:a1', 'author|kk:a1'],
    });
    expect(classify(event({ event: 'entry.update', uid: 'api::tag.tag', entry: { documentId: 't1', locale: 'kk' } }))).toEqual({
      kind: 'entity',
      entity: { type: 'tag', documentId: 't1', locale: 'kk' },
      event: 'entry.update',
    });
    expect(classify(event({ event: 'entry.delete', uid: 'api::credit.credit', entry: { documentId: 'c1' } }))).toEqual({
      kind: 'entity',
      entity: { type: 'credit', documentId: 'c1' },
      event: 'entry.delete',
    });
    expect(
      classify(event({ event: 'entry.update', uid: 'api::organization.organization', entry: { documentId: 'o1', locale: 'XX' } })),
    ).toMatchObject({ kind: 'entity', entity: { type: 'organization', documentId: 'o1', locale: null } });
    expect(classify(event({ event: 'entry.create', uid: 'api::credit.credit', entry: { documentId: 'c2' } })).kind).toBe('none');
    expect(
      classify(event({ event: 'entry.update', uid: 'api::site-setting.site-setting', entry: { documentId: 's', locale: 'ru' } })).kind,
    ).toBe('everything');
    expect(classify(event({ event: 'entry.create', uid: 'api::rubric.rubric', entry: { documentId: 'r', locale: 'ru' } })).kind).toBe(
      'everything',
    );
    expect(classify(event({ event: 'entry.update', uid: 'api::event.event', entry: { documentId: 'x' } })).kind).toBe('none');
  });

  it('refuses a documentId that could reach a scope key or a path: separators, encodings, dots', () => {
    for (const documentId of ['r1|page', 'ru:r1', '../r1', 'r1%2F..', 'r1/x', 'r 1', '', 'r'.repeat(65)]) {
      const rubric = webhookPayloadSchema.safeParse({
        event: 'entry.update',
        uid: 'api::rubric.rubric',
        entry: { documentId, locale: 'ru' },
      });
      expect(rubric.success, documentId).toBe(false);
      expect(rubric.error?.issues[0]?.path, documentId).toEqual(['entry', 'documentId']);
      const comment = webhookPayloadSchema.safeParse({
        event: 'entry.update',
        uid: 'api::comment.comment',
        entry: { documentId: 'c1', articleDocumentId: documentId },
      });
      expect(comment.error?.issues[0]?.path, documentId).toEqual(['entry', 'articleDocumentId']);
    }
    expect(
      webhookPayloadSchema.safeParse({ event: 'entry.update', uid: 'api::rubric.rubric', entry: { documentId: 'k3x9q_A-1' } }).success,
    ).toBe(true);
  });

  it('renders a renamed rubric’s own page at once (every other page follows), not for settings, a new or a deleted rubric', () => {
    const rubric = (name: string, entry: Record<string, unknown>) => classify(event({ event: name, uid: 'api::rubric.rubric', entry }));
    expect(rubric('entry.update', { documentId: 'r1', locale: 'kk' })).toEqual({
      kind: 'everything',
      reason: 'entry.update of api::rubric.rubric: shown on every page',
      pages: ['rubric|kk:r1'],
    });
    expect(rubric('entry.update', { documentId: 'r1', locale: null })).toMatchObject({ pages: ['rubric|ru:r1', 'rubric|kk:r1'] });
    expect(rubric('entry.delete', { documentId: 'r1', locale: 'ru' })).not.toHaveProperty('pages');
    expect(rubric('entry.create', { documentId: 'r2', locale: 'ru' })).not.toHaveProperty('pages');
    expect(
      classify(event({ event: 'entry.update', uid: 'api::site-setting.site-setting', entry: { documentId: 's', locale: 'ru' } })),
    ).not.toHaveProperty('pages');
  });

  it('rebuilds the pages of a replaced photo file, but nothing for a new upload, a comment awaiting moderation or a reader', () => {
    expect(classify(webhookPayloadSchema.parse({ event: 'media.update', media: { id: 1 } }))).toEqual({
      kind: 'entity',
      entity: { type: 'file', id: 1 },
      event: 'media.update',
    });
    expect(classify(webhookPayloadSchema.parse({ event: 'media.delete', media: { url: '/x' } })).kind).toBe('everything');
    // A file id that is not an integer says nothing about which pages show it: every page, never a guess.
    expect(classify(webhookPayloadSchema.parse({ event: 'media.update', media: { id: '7' } })).kind).toBe('everything');
    // A locale in the wrong case is no locale of the site: the edit concerns every locale's pages.
    expect(classify(event({ event: 'entry.update', uid: 'api::tag.tag', entry: { documentId: 't1', locale: 'RU' } }))).toMatchObject({
      kind: 'entity',
      entity: { type: 'tag', locale: null },
    });
    expect(classify(webhookPayloadSchema.parse({ event: 'media.create', media: { id: 1 } })).kind).toBe('none');
    expect(
      classify(
        event({
          event: 'entry.create',
          uid: 'api::comment.comment',
          entry: { documentId: 'c1', articleDocumentId: 'a1', moderationStatus: 'pending' },
        }),
      ).kind,
    ).toBe('none');
    expect(classify(event({ event: 'entry.update', uid: 'plugin::users-permissions.user', entry: { documentId: 'u1' } })).kind).toBe(
      'none',
    );
  });

  it('never builds for article versions or audit entries, the private records of the history (even if Strapi reported them)', () => {
    for (const uid of ['api::article-version.article-version', 'api::audit-entry.audit-entry']) {
      for (const name of ['entry.create', 'entry.update', 'entry.delete', 'entry.publish']) {
        expect(
          classify(event({ event: name, uid, entry: { documentId: 'v1', publishedAt: '2026-01-01T00:00:00.000Z' } })).kind,
          `${name} ${uid}`,
        ).toBe('none');
      }
    }
  });

  it('rebuilds only the pages of the article whose approved count a comment may change', () => {
    const comment = (over: Partial<WebhookPayload>) => event({ uid: 'api::comment.comment', model: 'comment', ...over });
    for (const change of [
      { event: 'entry.create', entry: { documentId: 'c1', articleDocumentId: 'a1', moderationStatus: 'approved' } },
      { event: 'entry.update', entry: { documentId: 'c1', articleDocumentId: 'a1', moderationStatus: 'rejected' } },
      { event: 'entry.delete', entry: { documentId: 'c1', articleDocumentId: 'a1' } },
    ]) {
      expect(classify(comment(change)), change.event).toEqual({ kind: 'articles', documentId: 'a1', locales: null, event: change.event });
    }
    expect(classify(comment({ event: 'entry.update', entry: { documentId: 'c1' } })).kind).toBe('none');
  });

  it('rejects a body that is not a Strapi event', () => {
    expect(webhookPayloadSchema.safeParse({ hello: 'world' }).success).toBe(false);
    expect(webhookPayloadSchema.safeParse({ event: 'entry.publish', entry: 'x' }).success).toBe(false);
  });
});
