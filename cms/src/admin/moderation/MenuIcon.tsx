/**
 * The «Модерация» menu icon with the number of comments waiting for a
 * decision: pending ones plus reported ones still on the site. Strapi's
 * menu links have only a static counter, so the icon carries it. The menu
 * draws its icons again on every navigation, so the count lives here, once
 * for the panel: fetched (GET /tilshi-moderation/counts) when it is older
 * than 30 s or could not be read, and at once after a decision in the queue (QUEUE_CHANGED_EVENT).
 */
import * as React from 'react';
import { Message } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { QUEUE_CHANGED_EVENT } from '../newsroom/format';
import { msg } from '../newsroom/messages';

const FRESH_MS = 30_000;
/** How often a shown icon checks whether the count is stale (or still unread). */
const CHECK_MS = 5_000;

type CountsAnswer = { data: Record<string, number> };
type Fetch = ReturnType<typeof useFetchClient>['get'];

/** The shared count: its value, when it was read, who shows it, and the request in flight. */
type SharedCount = { count: number | null; readAt: number; listeners: Set<(count: number | null) => void>; loading: Promise<void> | null };
const shared: SharedCount = { count: null, readAt: 0, listeners: new Set(), loading: null };

function refresh(get: Fetch, force: boolean): void {
  if (shared.loading || (!force && Date.now() - shared.readAt < FRESH_MS)) return;
  shared.loading = get<CountsAnswer>('/tilshi-moderation/counts').then(
    (response) => {
      // Every view counts: comments off the site waiting, and reported ones still on it (the views never overlap).
      const count = Object.values(response.data.data).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0);
      shared.count = count;
      shared.readAt = Date.now();
      shared.loading = null;
      for (const listener of shared.listeners) listener(count);
    },
    () => {
      // Not read (e.g. the session is still being renewed as the panel opens): the next draw of the menu asks again.
      shared.loading = null;
    },
  );
}

function usePendingCount(): number | null {
  const { get } = useFetchClient();
  const [count, setCount] = React.useState<number | null>(shared.count);
  React.useEffect(() => {
    shared.listeners.add(setCount);
    refresh(get, false);
    const timer = window.setInterval(() => refresh(get, false), CHECK_MS);
    const changed = () => refresh(get, true);
    window.addEventListener(QUEUE_CHANGED_EVENT, changed);
    return () => {
      shared.listeners.delete(setCount);
      window.clearInterval(timer);
      window.removeEventListener(QUEUE_CHANGED_EVENT, changed);
    };
  }, [get]);
  return count;
}

export function ModerationMenuIcon(props: React.SVGProps<SVGSVGElement>) {
  const count = usePendingCount();
  const { formatMessage } = useIntl();
  return (
    <span style={{ position: 'relative', display: 'inline-flex' }}>
      <Message {...props} />
      {count !== null && count > 0 && (
        <span
          data-testid="moderation-pending-count"
          aria-label={formatMessage(msg('moderation.count'), { count })}
          style={{
            position: 'absolute',
            top: '-0.6rem',
            right: '-0.9rem',
            minWidth: '1.6rem',
            padding: '0 0.3rem',
            borderRadius: '0.8rem',
            background: '#d02b20',
            color: '#fff',
            fontSize: '1rem',
            lineHeight: '1.6rem',
            fontWeight: 700,
            textAlign: 'center',
          }}
        >
          {count > 99 ? '99+' : count}
        </span>
      )}
    </span>
  );
}
