/**
 * "Site updated at …" in the panel: the home page widget and the side panel
 * of the article form read the publish service's status through the CMS
 * (GET /tilshi-publish/status, src/bootstrap/publish-status.ts) and say when
 * the site last changed, whether a build runs or waits, and why the last one
 * failed. Refreshed every few seconds while open.
 */
import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { SITE_MESSAGES } from './translations/tilshi';

type Build = { kind: string; finishedAt: string; durationMs: number; reason: string | null };
type Status = {
  live: { release: string | null; updatedAt: string | null };
  building: { kind: string; startedAt: string } | null;
  /** A full build running beside the scoped ones (absent from older services). */
  fullBuild?: { startedAt: string } | null;
  queue: {
    articles: number;
    pages: number;
    full: boolean;
    catchUp: boolean;
    /** Large fan-outs rebuilt in chunks (publish/src/queue.ts); absent from older services. */
    background?: Array<{ id: number; subject: string; total: number; done: number }>;
  };
  lastSuccess: Build | null;
  lastFailure: Build | null;
  search: { pendingSince: string | null };
};
type Answer = { configured: boolean; reachable: boolean; status: Status | null; error: string | null };

const REFRESH_MS = 5_000;

/**
 * Date and time in Aktau as numbers (02.12, 09:16:33) in every interface
 * language: Chromium has no Kazakh date formats («12-02» would read as a month).
 */
function useTime(): (iso: string | null | undefined) => string {
  return (iso) =>
    iso
      ? new Date(iso).toLocaleString('ru-RU', {
          timeZone: 'Asia/Aqtau',
          day: '2-digit',
          month: '2-digit',
          hour: '2-digit',
          minute: '2-digit',
          second: '2-digit',
        })
      : '—';
}

function usePublishStatus(): { answer: Answer | null; error: string | null } {
  const { get } = useFetchClient();
  const [answer, setAnswer] = React.useState<Answer | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    let active = true;
    const load = () => {
      get<Answer>('/tilshi-publish/status').then(
        (response) => {
          if (!active) return;
          setAnswer(response.data);
          setError(null);
        },
        (failure: unknown) => {
          if (active) setError(failure instanceof Error ? failure.message : String(failure));
        },
      );
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      active = false;
      window.clearInterval(timer);
    };
  }, [get]);
  return { answer, error };
}

/** The message naming what a background rebuild follows (publish/src/queue.ts BackgroundSubject). */
function subjectMessage(subject: string): keyof typeof SITE_MESSAGES {
  const known: Record<string, keyof typeof SITE_MESSAGES> = {
    tag: 'tilshi.site.background.tag',
    author: 'tilshi.site.background.author',
    credit: 'tilshi.site.background.credit',
    event: 'tilshi.site.background.event',
    organization: 'tilshi.site.background.organization',
    file: 'tilshi.site.background.file',
  };
  return known[subject] ?? 'tilshi.site.background.everything';
}

/** The lines every view shows. */
function StatusLines({ answer, error }: { answer: Answer | null; error: string | null }) {
  const { formatMessage } = useIntl();
  const time = useTime();
  const say = (id: keyof typeof SITE_MESSAGES, values?: Record<string, string | number>) =>
    formatMessage({ id, defaultMessage: SITE_MESSAGES[id] }, values);
  if (error) return <Typography textColor="danger600">{say('tilshi.site.unavailable', { error })}</Typography>;
  if (!answer) return <Typography textColor="neutral600">{say('tilshi.site.loading')}</Typography>;
  if (!answer.configured) return <Typography textColor="neutral600">{say('tilshi.site.not-configured')}</Typography>;
  if (!answer.reachable || !answer.status)
    return <Typography textColor="danger600">{say('tilshi.site.unreachable', { error: answer.error ?? '' })}</Typography>;
  const { live, building, fullBuild, queue, lastFailure, lastSuccess, search } = answer.status;
  const waiting = queue.articles + queue.pages + (queue.full || queue.catchUp ? 1 : 0);
  const failedLast = lastFailure && (!lastSuccess || lastFailure.finishedAt > lastSuccess.finishedAt);
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography variant="omega" fontWeight="bold">
        {say('tilshi.site.updated', { time: time(live.updatedAt) })}
      </Typography>
      {building ? (
        <Typography textColor="primary600">
          {say(building.kind === 'full' ? 'tilshi.site.building-full' : 'tilshi.site.building', { time: time(building.startedAt) })}
        </Typography>
      ) : waiting > 0 ? (
        <Typography textColor="primary600">{say('tilshi.site.queued', { count: waiting })}</Typography>
      ) : (
        <Typography textColor="success600">{say('tilshi.site.up-to-date')}</Typography>
      )}
      {(queue.background ?? []).map((job) => (
        <Typography key={job.id} variant="pi" textColor="primary600">
          {say('tilshi.site.background', {
            what: say(subjectMessage(job.subject)),
            done: job.done.toLocaleString('ru-RU'),
            total: job.total.toLocaleString('ru-RU'),
          })}
        </Typography>
      ))}
      {fullBuild && (
        <Typography variant="pi" textColor="primary600">
          {say('tilshi.site.building-full', { time: time(fullBuild.startedAt) })}
        </Typography>
      )}
      {lastSuccess && (
        <Typography variant="pi" textColor="neutral600">
          {say('tilshi.site.last-build', { time: time(lastSuccess.finishedAt), seconds: (lastSuccess.durationMs / 1000).toFixed(1) })}
        </Typography>
      )}
      {failedLast && lastFailure && (
        <Typography variant="pi" textColor="danger600">
          {say('tilshi.site.failed', {
            time: time(lastFailure.finishedAt),
            reason: (lastFailure.reason ?? '').split('\n')[0]?.slice(0, 300) ?? '',
          })}
        </Typography>
      )}
      {search.pendingSince && (
        <Typography variant="pi" textColor="neutral600">
          {say('tilshi.site.search-pending')}
        </Typography>
      )}
    </Flex>
  );
}

/** The widget of the panel's home page. */
export function PublishStatusWidget() {
  const { answer, error } = usePublishStatus();
  return (
    <Box padding={2}>
      <StatusLines answer={answer} error={error} />
    </Box>
  );
}

/** The side panel of the edit view (articles only). */
export function publishStatusPanel({ model }: { model: string }) {
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const state = usePublishStatus();
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const { formatMessage } = useIntl();
  if (model !== 'api::article.article') return null;
  return {
    title: formatMessage({ id: 'tilshi.publish.widget.title', defaultMessage: 'Сайт' }),
    content: <StatusLines answer={state.answer} error={state.error} />,
  };
}
