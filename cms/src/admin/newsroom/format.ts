/**
 * Shared helpers of the newsroom's panel pages: the newsroom's time zone for
 * dates, who an actor is in words, the message of a failed request.
 */
import type { IntlShape } from 'react-intl';
import { msg } from './messages';

export type ActorFields = { actorKind: 'admin' | 'api-token' | 'reader' | 'scheduled' | 'system'; actorName: string | null };

const AQTAU = new Intl.DateTimeFormat('ru-RU', {
  timeZone: 'Asia/Aqtau',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

/** A moment in Aktau time, as the newsroom reads it: 01.12.2026, 14:05. */
export function aqtauTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : AQTAU.format(date);
}

/** Who did it, in words: the admin's name, the API token, «Отложенная публикация»… */
export function actorLabel(intl: IntlShape, actor: ActorFields): string {
  switch (actor.actorKind) {
    case 'admin':
      return actor.actorName ?? '—';
    case 'api-token':
      return intl.formatMessage(msg('actor.api-token'), { name: actor.actorName ?? '' });
    case 'reader':
      return intl.formatMessage(msg('actor.reader'), { name: actor.actorName ?? '' });
    case 'scheduled':
      return intl.formatMessage(msg('actor.scheduled'));
    case 'system':
      return intl.formatMessage(msg('actor.system'));
  }
}

/** A property of an unknown value, if it is an object that has it. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

/** The message Strapi answered with (its `error.message`), else the error's own. */
export function errorMessage(error: unknown): string {
  const message = field(field(field(field(error, 'response'), 'data'), 'error'), 'message');
  if (typeof message === 'string' && message !== '') return message;
  return error instanceof Error ? error.message : String(error);
}

/** The panel's address of an article's edit view, in a locale. */
export function articleAdminPath(documentId: string, locale: string | null): string {
  return `/content-manager/collection-types/api::article.article/${documentId}${locale ? `?plugins[i18n][locale]=${locale}` : ''}`;
}

/** Tell the menu's counter (and other open views) that the queue changed. */
export const QUEUE_CHANGED_EVENT = 'tilshi:moderation-changed';
