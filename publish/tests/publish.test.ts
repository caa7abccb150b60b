/**
 * Publishing through Strapi puts the page live, unpublishing takes it down
 * everywhere, a burst of publishes costs a few builds, and a forged webhook
 * costs nothing — against the real stack (@tilshi/testing/publish-stack).
 */
import { waitQuiet } from '@tilshi/testing/publish-stack';
import { describe, expect, inject, it } from 'vitest';
import { z } from 'zod';
import {
  adminCall,
  articleData,
  fullBuildAfter,
  buildsSince,
  LIVE_WITHIN_MS,
  publishStatus,
  requestFullBuild,
  rest,
  served,
  slugOf,
  unpublishInPanel,
  waitServed,
  waitUntil,
} from './helpers.ts';
import { dayOf, paths } from '@tilshi/site/build-contract';

const stack = inject('stack');

/** The day sitemap of an article published now (its Aktau day). */
const daySitemap = () => paths.daySitemap(dayOf(new Date()));

describe('publishing an article in Strapi', () => {
  it('puts its page live, on the home page, in its day sitemap and in the feed, and /status says so', async () => {
    const startedAt = Date.now();
    const title = `Публикация ${startedAt}: порт Актау принял первый паром`;
    const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);

    await waitServed(stack, `/news/${slug}/`, title);
    const seconds = (Date.now() - startedAt) / 1000;
    expect(seconds).toBeLessThan(30); // generous: the benchmark measures latency; this only proves it is not a full rebuild cycle

    // Pages that link to it are written after it, one file at a time: once the service has applied
    // the build, they all have it (that a link never points ahead of the live tree is live.test.ts's).
    const status = await waitQuiet(stack);
    expect((await served(stack, '/')).text).toContain(`/news/${slug}/`);
    expect((await served(stack, daySitemap())).text).toContain(`/news/${slug}/`);
    expect((await served(stack, '/rss.xml')).text).toContain(title);

    const build = buildsSince(status, startedAt).find((b) => b.kind === 'scoped' && b.ok);
    expect(build).toBeDefined();
    // What the build did, from its result file: the scoped sync's counts and where its time went.
    expect(build?.contentSync).toMatchObject({ mode: 'scoped' });
    expect(build?.contentSync?.mode === 'scoped' && build.contentSync.changedDocuments).toBeGreaterThanOrEqual(1);
    expect(build?.phases?.render).toBeGreaterThan(0);
    // And the service's own steps around the build: they and the build make up the record's duration.
    const steps = build?.steps;
    expect(steps).not.toBeNull();
    expect(steps!.checks).toBeGreaterThan(0); // the written pages were parsed
    const accounted = steps!.scope + (build?.buildMs ?? 0) + steps!.checks + steps!.apply + steps!.after;
    expect(accounted).toBeLessThanOrEqual(build!.durationMs + 4); // each step rounded to a millisecond
    expect(accounted).toBeGreaterThan(build!.durationMs * 0.9);
    expect(status.lastSuccess?.finishedAt).toBeDefined();
    expect(status.live.updatedAt && Date.parse(status.live.updatedAt)).toBeGreaterThanOrEqual(startedAt);
  });

  it('takes the page down when it is unpublished in the panel: 404, and gone from the home page, sitemap and feeds', async () => {
    const title = `Снимут с публикации ${Date.now()}`;
    const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);
    await waitServed(stack, `/news/${slug}/`, title);

    await unpublishInPanel(stack, documentId, 'ru');
    await waitUntil('the page to be gone', async () => (await served(stack, `/news/${slug}/`)).status === 404, LIVE_WITHIN_MS, 100);
    const notFound = await served(stack, `/news/${slug}/`);
    expect(notFound.text).toContain('<title>'); // the site's 404 page, not an empty answer
    for (const where of ['/', '/rss.xml', daySitemap(), '/sitemaps/google-news.xml']) {
      expect((await served(stack, where)).text, where).not.toContain(slug);
    }
    const status = await waitQuiet(stack);
    expect(status.recent[0]?.ok).toBe(true);
  });

  it('turns 20 rapid publishes into a few builds, one per build time of the burst, and serves the final content', async () => {
    const base = `Серия правок ${Date.now()}`;
    const { documentId } = await rest(stack).create('articles', articleData(`${base}: версия 0`), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);
    await waitServed(stack, `/news/${slug}/`, `${base}: версия 0`);
    await waitQuiet(stack, { quietMs: 500 });

    const burstStarted = Date.now();
    for (let version = 1; version <= 20; version += 1) {
      // A REST update publishes (the article rules save the draft, then publish): one entry.publish each.
      await rest(stack).update('articles', documentId, { title: `${base}: версия ${version}`, slug }, { locale: 'ru' });
    }
    const burstMs = Date.now() - burstStarted;
    await waitServed(stack, `/news/${slug}/`, `${base}: версия 20`);
    const status = await waitQuiet(stack);
    const builds = buildsSince(status, burstStarted);
    expect(builds.length).toBeGreaterThanOrEqual(1);
    // Coalesced: what arrives while a build runs waits for the one after it, so the burst costs at most one
    // build per (shortest) build's time, plus the one after it — never one per publish.
    const shortest = Math.min(...builds.map((build) => build.durationMs));
    expect(builds.length).toBeLessThanOrEqual(Math.min(6, 2 + Math.floor(burstMs / shortest)));
    expect(builds.every((build) => build.ok)).toBe(true);
    expect((await served(stack, '/')).text).toContain(`${base}: версия 20`);
  });
});

describe('comment counts on the static pages', () => {
  it('rebuilds an article’s page when a moderator approves a comment on it: the count is right without JavaScript', async () => {
    const title = `Комментарии ${Date.now()}: в Актау открыли новую библиотеку`;
    const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    const slug = await slugOf(stack, documentId);
    expect(await waitServed(stack, `/news/${slug}/`, title)).toContain('0 комментариев');
    await waitQuiet(stack);

    // A reader and their comment, as the comments function would store them; a new pending comment rebuilds nothing.
    const username = `reader_${Date.now()}`;
    const beforeComment = Date.now();
    // Readers have the Authenticated role (users-permissions requires one).
    const roles = z
      .object({ roles: z.array(z.object({ id: z.number(), type: z.string() })) })
      .parse((await adminCall(stack, 'GET', '/users-permissions/roles')).json).roles;
    const authenticated = roles.find((role) => role.type === 'authenticated');
    if (!authenticated) throw new Error('users-permissions has no Authenticated role');
    const user = await adminCall(stack, 'POST', '/content-manager/collection-types/plugin::users-permissions.user', {
      username,
      email: `${username}@example.com`,
      password: 'Reader-pass-1',
      confirmed: true,
      role: authenticated.id,
    });
    expect(user.status, JSON.stringify(user.json)).toBeLessThan(300);
    // The Content Manager answers a users-permissions user as the entry itself (no `data` envelope, unlike api:: types).
    const userId = z.object({ id: z.number() }).parse(user.json).id;
    const created = await adminCall(stack, 'POST', '/content-manager/collection-types/api::comment.comment', {
      body: 'Отличная новость!',
      moderationStatus: 'pending',
      articleDocumentId: documentId,
      authorId: userId,
      authorName: username,
      language: 'ru',
    });
    const comment = z.object({ data: z.object({ documentId: z.string() }) }).parse(created.json).data.documentId;
    const before = await waitQuiet(stack);
    const startedAt = Date.now();
    await adminCall(stack, 'PUT', `/content-manager/collection-types/api::comment.comment/${comment}`, { moderationStatus: 'approved' });
    expect(await waitServed(stack, `/news/${slug}/`, '1 комментарий')).toContain('data-count="1"');
    const status = await waitQuiet(stack);
    expect(buildsSince(before, beforeComment)).toEqual([]);
    const builds = buildsSince(status, startedAt);
    expect(builds.length).toBeGreaterThan(0);
    expect(builds.every((build) => build.kind === 'scoped')).toBe(true);

    // A trusted reader's comment is approved as it is written (the function's write path, the query engine):
    // the CMS still announces it as the Document Service would, and the count follows without a moderator.
    const trustedAt = Date.now();
    const approved = { status: 'approved', reasons: [], note: null };
    const submitted = await fetch(`${stack.strapiUrl}/api/comments/submit`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${inject('commentsToken')}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        data: {
          items: [
            {
              readerId: userId,
              sessionVersion: 0,
              requirePhone: false,
              article: documentId,
              parent: null,
              body: 'Спасибо, что написали!',
              language: 'ru',
              idempotencyKey: null,
              window: { perMinute: 5, perDay: 50, now: trustedAt },
              addressLimit: null,
              autoTrustAfter: 0,
              decisions: { trusted: approved, untrusted: approved, premoderated: approved },
            },
          ],
        },
      }),
    });
    expect(await submitted.json()).toMatchObject({ data: [{ outcome: 'created', comment: { moderationStatus: 'approved' } }] });
    expect(await waitServed(stack, `/news/${slug}/`, '2 комментария')).toContain('data-count="2"');
    const afterTrusted = buildsSince(await waitQuiet(stack), trustedAt);
    expect(afterTrusted.length).toBeGreaterThan(0);
    expect(afterTrusted.every((build) => build.kind === 'scoped')).toBe(true);
  });
});

describe('the webhook receiver', () => {
  it('answers 401 to a request without the shared secret or with a wrong one, and builds nothing', async () => {
    await waitQuiet(stack, { quietMs: 500 });
    const before = await publishStatus(stack);
    const body = JSON.stringify({
      event: 'entry.publish',
      uid: 'api::article.article',
      model: 'article',
      entry: { documentId: 'forged', locale: 'ru', publishedAt: new Date().toISOString() },
    });
    const attempts: Array<Record<string, string>> = [
      {},
      { 'X-Tilshi-Webhook-Secret': 'wrong' },
      { 'X-Tilshi-Webhook-Secret': `${stack.webhookSecret}x` },
      { Authorization: `Bearer ${stack.webhookSecret}` },
    ];
    for (const headers of attempts) {
      const response = await fetch(`${stack.publishUrl}/hooks/strapi`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      });
      expect(response.status).toBe(401);
    }
    // The secret in the query, with a relation filter as Strapi's REST API takes it: the receiver reads neither.
    const query = `secret=${encodeURIComponent(stack.webhookSecret)}&filters[article][publishedAt][$null]=true`;
    const inQuery = await fetch(`${stack.publishUrl}/hooks/strapi?${query}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body,
    });
    expect(inQuery.status).toBe(401);
    expect((await fetch(`${stack.publishUrl}/build`, { method: 'POST' })).status).toBe(401);
    expect((await fetch(`${stack.publishUrl}/rollback`, { method: 'POST' })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // longer than the debounce window
    const after = await publishStatus(stack);
    expect(after.recent[0]?.id).toBe(before.recent[0]?.id);
    expect(after.building).toBeNull();
    expect(after.queue.articles).toBe(0);
  });

  it('accepts an authentic event at once and treats duplicates and null entries as harmless', async () => {
    const post = async (payload: unknown) => {
      const started = performance.now();
      const response = await fetch(`${stack.publishUrl}/hooks/strapi`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Tilshi-Webhook-Secret': stack.webhookSecret },
        body: JSON.stringify(payload),
      });
      return { status: response.status, ms: performance.now() - started, body: (await response.json()) as { change?: string } };
    };
    const gone = {
      event: 'entry.delete',
      uid: 'api::article.article',
      model: 'article',
      entry: { documentId: 'never-existed', locale: 'ru', publishedAt: null },
    };
    const first = await post(gone);
    const duplicate = await post(gone);
    const nullEntry = await post({ event: 'entry.publish', uid: 'api::article.article', model: 'article', entry: null });
    expect([first.status, duplicate.status, nullEntry.status]).toEqual([202, 202, 202]);
    expect(Math.max(first.ms, duplicate.ms, nullEntry.ms)).toBeLessThan(1_000);
    expect(nullEntry.body.change).toBe('catch-up');
    expect((await post({ not: 'an event' })).status).toBe(400);
    // A documentId that would become part of a scope key (a rubric's own page) or a path is refused, and says where.
    const hostile = await post({
      event: 'entry.update',
      uid: 'api::rubric.rubric',
      entry: { documentId: 'r1|page|ru:../x', locale: 'ru' },
    });
    expect(hostile.status).toBe(400);
    expect(JSON.stringify(hostile.body)).toContain('entry.documentId');
    // The route is exact: another case or an encoded slash is not the webhook, even with the secret.
    for (const route of ['/HOOKS/strapi', '/hooks/Strapi', '/hooks%2Fstrapi', '/hooks/strapi%00']) {
      const response = await fetch(`${stack.publishUrl}${route}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Tilshi-Webhook-Secret': stack.webhookSecret },
        body: JSON.stringify(gone),
      });
      expect(response.status, route).toBe(404);
    }
    const status = await waitQuiet(stack);
    expect(status.recent[0]?.ok).toBe(true);
    expect((await served(stack, '/')).status).toBe(200);
  });

  it('shows the site state to signed-in editors through the CMS, and to nobody else', async () => {
    const viaPanel = await adminCall(stack, 'GET', '/tilshi-publish/status');
    expect(viaPanel.status).toBe(200);
    // The full status (the CMS sends the service's secret), not the anonymous summary.
    expect(viaPanel.json).toMatchObject({
      configured: true,
      reachable: true,
      status: { service: 'tilshi-publish', live: { release: expect.any(String) }, recent: expect.any(Array) },
    });
    expect((await fetch(`${stack.strapiUrl}/tilshi-publish/status`)).status).toBe(401);
  });
});

describe('/status', () => {
  it('answers an anonymous caller a summary without document ids, reasons or paths, and the full status only with the secret', async () => {
    const title = `Статус без секрета ${Date.now()}`;
    const { documentId } = await rest(stack).create('articles', articleData(title), { locale: 'ru' });
    await waitServed(stack, `/news/${await slugOf(stack, documentId)}/`, title);
    const full = await waitQuiet(stack);
    expect(JSON.stringify(full)).toContain(documentId);

    const anonymous: Array<Record<string, string>> = [
      {},
      { 'X-Tilshi-Webhook-Secret': 'wrong' },
      { Authorization: `Bearer ${stack.webhookSecret}` },
    ];
    for (const headers of anonymous) {
      const response = await fetch(`${stack.publishUrl}/status`, { headers });
      expect(response.status).toBe(200);
      const text = await response.text();
      const summary = z
        .strictObject({
          service: z.literal('tilshi-publish'),
          now: z.string(),
          state: z.enum(['building', 'queued', 'idle']),
          live: z.strictObject({ updatedAt: z.string().nullable() }),
          lastSuccessAt: z.string().nullable(),
          lastFailureAt: z.string().nullable(),
          queue: z.strictObject({
            articles: z.number(),
            pages: z.number(),
            fullBuild: z.boolean(),
            background: z.array(z.strictObject({ total: z.number(), done: z.number() })),
          }),
          detail: z.string(),
        })
        .parse(JSON.parse(text));
      expect(summary.state).toBe('idle');
      expect(summary.lastSuccessAt).toBe(full.lastSuccess?.finishedAt);
      expect(text).not.toContain(documentId);
      for (const secretPart of [
        full.live.release ?? '',
        stack.liveDir,
        stack.workDir,
        ...full.recent.flatMap((build) => [build.id, build.reason ?? '', ...build.trigger]),
      ]) {
        if (secretPart) expect(text).not.toContain(secretPart);
      }
    }
  });

  it('says where a full build’s time went, phase by phase, as it does for scoped builds', async () => {
    const { full } = await fullBuildAfter(stack, await requestFullBuild(stack));
    expect(full.ok).toBe(true);
    expect(full.phases).not.toBeNull();
    expect(full.phases?.contentSync).toBeGreaterThan(0);
    expect(full.phases?.render).toBeGreaterThan(0);
    expect(full.contentSync?.mode).toMatch(/^(full|incremental)$/);
    expect(full.steps).toBeNull(); // the steps are a scoped build's
    // The test stack allows two processes (PUBLISH_FULL_BUILD_WORKERS=2) and its small site fits them both.
    expect(full.processes).toBe(2);
    // A full build's own steps: its astro build(s) within `render`, the five within the record.
    const steps = full.fullSteps;
    expect(steps).not.toBeNull();
    expect(steps?.render).toBeGreaterThanOrEqual(full.buildMs ?? Infinity);
    const sum = (steps?.render ?? 0) + (steps?.search ?? 0) + (steps?.checks ?? 0) + (steps?.catchUp ?? 0) + (steps?.switch ?? 0);
    // Each step and the duration are rounded to whole milliseconds apart: five halves of slack, at most 3 ms.
    expect(sum).toBeLessThanOrEqual(full.durationMs + 3);
  });

  it('puts the first release live before its search index, which the search worker makes right after', async () => {
    const first = stack.firstRelease;
    expect(first?.build.trigger.join(' ')).toContain('first full build');
    expect(first?.build.fullSteps).not.toBeNull();
    // Made after the release went live (an index made before the switch would date from before its end).
    expect(first?.search.lastIndexedAt ?? '').toMatch(/^\d{4}-/);
    expect(Date.parse(first?.search.lastIndexedAt ?? '')).toBeGreaterThan(Date.parse(first?.build.finishedAt ?? ''));
    expect(first?.search.lastPages).toBeGreaterThan(0);
    const toc = await served(stack, '/pagefind/parts.json');
    expect(toc.status).toBe(200);
    expect(
      Object.keys(z.object({ languages: z.record(z.string(), z.array(z.string())) }).parse(JSON.parse(toc.text)).languages).sort(),
    ).toEqual(['kk', 'ru']);
  });
});
