/**
 * The «Модерация» menu icon with the number of comments waiting: polled every
 * 30 s (GET /tilshi-moderation/counts) and at once after a decision in the
 * queue (QUEUE_CHANGED_EVENT). Strapi's menu links have only a static
 * counter, so the icon carries it.
 */
import * as React from 'react';
import { Message } from '@strapi/icons';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { QUEUE_CHANGED_EVENT } from '../newsroom/format';
import { msg } from '../newsroom/messages';

const REFRESH_MS = 30_000;

type CountsAnswer = { data: Record<string, number> };

function usePendingCount(): number | null {
  const { get } = useFetchClient();
  const [count, setCount] = React.useState<number | null>(null);
  React.useEffect(() => {
    let active = true;
    const load = () => {
      get<CountsAnswer>('/tilshi-moderation/counts').then(
        (response) => {
          if (active) setCount(response.data.data.pending ?? 0);
        },
        () => {
          if (active) setCount(null);
        },
      );
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    window.addEventListener(QUEUE_CHANGED_EVENT, load);
    return () => {
      active = false;
      window.clearInterval(timer);
      window.removeEventListener(QUEUE_CHANGED_EVENT, load);
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
