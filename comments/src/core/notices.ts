/**
 * E-mails about replies: when a reply is approved (at once for a trusted
 * reader, or later by a moderator), the author of the comment it answers is
 * told, unless they turned such e-mails off or it is their own reply. The CMS
 * hands out each approved reply once, whichever instance asks
 * (CommentsStore.claimReplyNotices), so a reply is announced once however many
 * instances run. The function asks after posting an approved reply and when
 * the CMS's hook reports changes (a moderator's approval).
 *
 * Each e-mail carries an opt-out link that works without signing in
 * (tokens.ts) — to the site's /unsubscribe/ page, and as List-Unsubscribe
 * with List-Unsubscribe-Post (RFC 8058), so mail programs offer a one-click
 * "unsubscribe" that POSTs to /api/notifications/unsubscribe directly.
 */
import { NOTICE_TEXTS, type Mailer } from './mail.ts';
import type { CommentsStore, PublishedArticle } from './store.ts';
import type { OptOutTokens } from './tokens.ts';

export type ReplyNotifierOptions = {
  store: CommentsStore;
  mailer: Mailer;
  tokens: OptOutTokens;
  /** The site's first origin, e.g. https://tilshi.kz: links point there. */
  siteOrigin: string;
  siteName: string;
  /** The function's path prefix ("/api"). */
  basePath: string;
  onError: (error: unknown) => void;
};

/** The article's page in a language it is published in (the reader's, else Russian, else any). */
export function articlePath(article: PublishedArticle, language: string): string | null {
  const locale = article.locales.includes(language === 'kk' ? 'kk' : 'ru') ? (language === 'kk' ? 'kk' : 'ru') : article.locales[0];
  const slug = locale ? article.slugs[locale] : undefined;
  if (!locale || !slug) return null;
  return `${locale === 'ru' ? '' : `/${locale}`}/news/${encodeURIComponent(slug)}/`;
}

export function createReplyNotifier(options: ReplyNotifierOptions): () => Promise<void> {
  let running: Promise<void> | null = null;

  async function sendBatch(): Promise<number> {
    const notices = await options.store.claimReplyNotices(20);
    for (const notice of notices) {
      try {
        const article = await options.store.findArticle(notice.reply.article);
        const path = article ? articlePath(article, notice.reply.language) : null;
        const link = `${options.siteOrigin}${path ?? '/'}#comment-${notice.reply.id}`;
        const token = await options.tokens.tokenFor(notice.to.userId);
        const optOut = `${options.siteOrigin}${notice.reply.language === 'kk' ? '/kk' : ''}/unsubscribe/?token=${encodeURIComponent(token)}`;
        const oneClick = `${options.siteOrigin}${options.basePath}/notifications/unsubscribe/?token=${encodeURIComponent(token)}`;
        const texts = NOTICE_TEXTS.reply({
          username: notice.to.username,
          replier: notice.reply.authorName,
          body: notice.reply.body,
          link,
          optOut,
          site: options.siteName,
        })[notice.reply.language];
        await options.mailer.send({
          to: notice.to.email,
          ...texts,
          headers: { 'List-Unsubscribe': `<${oneClick}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
        });
      } catch (error) {
        // One undeliverable notice must not hold back the others; it was claimed, so it is not retried.
        options.onError(error);
      }
    }
    return notices.length;
  }

  /** Sends every waiting notice (batch after batch); never throws: a failure is reported, the caller's answer stands. */
  return async () => {
    const previous = running;
    running = (async () => {
      if (previous) await previous;
      try {
        while ((await sendBatch()) === 20);
      } catch (error) {
        options.onError(error);
      }
    })();
    await running;
  };
}
