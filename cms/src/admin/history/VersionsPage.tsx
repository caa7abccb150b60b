/**
 * «История версий» of one article locale: every save, publish and restore,
 * with who and when; what a version changed (or how it differs from the
 * current draft), line by line; and «Восстановить эту версию», which makes
 * it the new draft (the site keeps the published version until someone
 * publishes). Reads GET /tilshi-history/articles/:documentId/versions and
 * /tilshi-history/versions/:id, restores with POST
 * /tilshi-history/versions/:id/restore (cms/src/newsroom/history.ts).
 */
import * as React from 'react';
import { Badge, Box, Button, Dialog, Flex, Grid, Link, SingleSelect, SingleSelectOption, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useHref, useParams, useSearchParams } from 'react-router-dom';
import { actorLabel, aqtauTime, articleAdminPath, errorMessage, type ActorFields } from '../newsroom/format';
import { isMessageKey, msg } from '../newsroom/messages';

type VersionEvent = 'create' | 'update' | 'publish' | 'discard' | 'restore';
type VersionSummary = ActorFields & {
  id: number;
  event: VersionEvent;
  title: string | null;
  createdAt: string;
  restoredFrom: number | null;
  changedFields: string[];
};
type VersionsAnswer = { data: VersionSummary[]; meta: { documentId: string; locale: string; total: number } };
type DiffLine = { op: 'same' | 'removed' | 'added'; text: string };
type DetailAnswer = {
  data: {
    version: Omit<VersionSummary, 'changedFields'>;
    against: { kind: 'previous' | 'current' };
    changes: Array<{ field: string; lines: DiffLine[] }>;
  };
};
type RestoreAnswer = { data: { documentId: string; locale: string; restoredFrom: number; missing: string[] } };

const LOCALES = ['ru', 'kk'] as const;
const EVENT_VARIANT: Record<VersionEvent, 'success' | 'secondary' | 'neutral' | 'warning'> = {
  publish: 'success',
  create: 'secondary',
  update: 'neutral',
  discard: 'warning',
  restore: 'warning',
};

function useFieldLabel(): (field: string) => string {
  const { formatMessage } = useIntl();
  return (field) => {
    const key = `field.${field}`;
    return isMessageKey(key) ? formatMessage(msg(key)) : field;
  };
}

function EventBadge({ version }: { version: Pick<VersionSummary, 'event' | 'restoredFrom'> }) {
  const { formatMessage } = useIntl();
  return (
    <Badge variant={EVENT_VARIANT[version.event]}>
      {formatMessage(msg(`history.event.${version.event}`), { from: version.restoredFrom ?? '' })}
    </Badge>
  );
}

const LINE_STYLE: Record<DiffLine['op'], React.CSSProperties> = {
  same: { color: '#666687' },
  removed: { background: '#fcecea', color: '#b72b1a', textDecoration: 'line-through' },
  added: { background: '#eafbe7', color: '#2f6846' },
};
const LINE_MARK: Record<DiffLine['op'], string> = { same: ' ', removed: '−', added: '+' };

function Changes({ changes }: { changes: DetailAnswer['data']['changes'] }) {
  const { formatMessage } = useIntl();
  const label = useFieldLabel();
  if (changes.length === 0) return <Typography>{formatMessage(msg('history.no.changes'))}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      {changes.map((change) => (
        <Box key={change.field} data-field={change.field}>
          <Typography variant="delta" tag="h3">
            {label(change.field)}
          </Typography>
          <Box paddingTop={2}>
            {change.lines.map((line, index) => (
              <div
                key={index}
                data-op={line.op}
                style={{ ...LINE_STYLE[line.op], whiteSpace: 'pre-wrap', padding: '2px 6px', fontSize: '1.4rem' }}
              >
                <span
                  aria-label={
                    line.op === 'same' ? undefined : formatMessage(msg(line.op === 'removed' ? 'history.before' : 'history.after'))
                  }
                >
                  {LINE_MARK[line.op]}{' '}
                </span>
                {line.text}
              </div>
            ))}
          </Box>
        </Box>
      ))}
    </Flex>
  );
}

// eslint-disable-next-line max-lines-per-function -- one page: its state, requests and JSX; the rows and the diff are components of their own
function Versions() {
  const intl = useIntl();
  const { formatMessage } = intl;
  const label = useFieldLabel();
  const { documentId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const locale = search.get('locale') ?? 'ru';
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [list, setList] = React.useState<VersionsAnswer | null>(null);
  const [selected, setSelected] = React.useState<number | null>(null);
  const [against, setAgainst] = React.useState<'previous' | 'current'>('previous');
  const [detail, setDetail] = React.useState<DetailAnswer['data'] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [confirming, setConfirming] = React.useState(false);
  const [reload, setReload] = React.useState(0);

  React.useEffect(() => {
    let active = true;
    get<VersionsAnswer>(`/tilshi-history/articles/${documentId}/versions?locale=${locale}&pageSize=100`).then(
      (response) => {
        if (!active) return;
        setList(response.data);
        setError(null);
        setSelected((current) =>
          current !== null && response.data.data.some((version) => version.id === current) ? current : (response.data.data[0]?.id ?? null),
        );
      },
      (failure: unknown) => {
        if (active) setError(errorMessage(failure));
      },
    );
    return () => {
      active = false;
    };
  }, [get, documentId, locale, reload]);

  React.useEffect(() => {
    if (selected === null) return;
    let active = true;
    setDetail(null);
    get<DetailAnswer>(`/tilshi-history/versions/${selected}?against=${against}`).then(
      (response) => {
        if (active) setDetail(response.data.data);
      },
      (failure: unknown) => {
        if (active) setError(errorMessage(failure));
      },
    );
    return () => {
      active = false;
    };
  }, [get, selected, against, reload]);

  const restore = async () => {
    if (selected === null) return;
    try {
      const { data } = await post<RestoreAnswer>(`/tilshi-history/versions/${selected}/restore`, {});
      toggleNotification({ type: 'success', message: formatMessage(msg('history.restore.done'), { id: selected }) });
      if (data.data.missing.length > 0) {
        toggleNotification({
          type: 'warning',
          message: formatMessage(msg('history.restore.missing'), { missing: data.data.missing.join('; ') }),
        });
      }
      setReload((count) => count + 1);
    } catch (failure) {
      toggleNotification({ type: 'danger', message: formatMessage(msg('common.error'), { error: errorMessage(failure) }) });
    } finally {
      setConfirming(false);
    }
  };

  const versions = list?.data ?? [];
  const title = versions[0]?.title ?? documentId;
  // A full page load, not a router link: the Content Manager keeps the article it showed last in its cache,
  // and a restore made here is not one of its own changes, so it would show the text from before the restore.
  const articleHref = useHref(articleAdminPath(documentId, locale));
  return (
    <Page.Main>
      <Page.Title>{`${formatMessage(msg('history.title'))}: ${title}`}</Page.Title>
      <Layouts.Header
        title={`${formatMessage(msg('history.title'))}: ${title}`}
        subtitle={formatMessage(msg('history.subtitle'))}
        navigationAction={<Link href={articleHref}>← {formatMessage(msg('history.back'))}</Link>}
        primaryAction={
          <Box minWidth="12rem">
            <SingleSelect
              aria-label={formatMessage(msg('history.locale'))}
              value={locale}
              onChange={(value) => setSearch({ locale: String(value) })}
            >
              {LOCALES.map((code) => (
                <SingleSelectOption key={code} value={code}>
                  {code}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
        }
      />
      <Layouts.Content>
        {error && <Typography textColor="danger600">{formatMessage(msg('common.error'), { error })}</Typography>}
        {!list && !error && <Typography>{formatMessage(msg('common.loading'))}</Typography>}
        {list && versions.length === 0 && <Typography>{formatMessage(msg('history.panel.none'))}</Typography>}
        {versions.length > 0 && (
          <Grid.Root gap={4}>
            <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
              <Flex direction="column" alignItems="stretch" gap={2} tag="ol" aria-label={formatMessage(msg('history.title'))}>
                {versions.map((version) => (
                  <li key={version.id} style={{ listStyle: 'none' }}>
                    <Box
                      tag="button"
                      type="button"
                      width="100%"
                      padding={3}
                      hasRadius
                      background={version.id === selected ? 'primary100' : 'neutral0'}
                      borderColor={version.id === selected ? 'primary600' : 'neutral200'}
                      borderStyle="solid"
                      borderWidth="1px"
                      aria-current={version.id === selected ? 'true' : undefined}
                      onClick={() => setSelected(version.id)}
                      style={{ textAlign: 'left', cursor: 'pointer' }}
                    >
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        <Flex gap={2}>
                          <Typography fontWeight="bold">{formatMessage(msg('history.version'), { id: version.id })}</Typography>
                          <EventBadge version={version} />
                        </Flex>
                        <Typography variant="pi">
                          {aqtauTime(version.createdAt)} · {actorLabel(intl, version)}
                        </Typography>
                        <Typography variant="pi" textColor="neutral600">
                          {version.changedFields.length > 0
                            ? formatMessage(msg('history.changed'), { fields: version.changedFields.map(label).join(', ') })
                            : formatMessage(msg('history.unchanged'))}
                        </Typography>
                      </Flex>
                    </Box>
                  </li>
                ))}
              </Flex>
            </Grid.Item>
            <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
              <Box padding={6} background="neutral0" hasRadius shadow="tableShadow">
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <Flex gap={2} wrap="wrap" justifyContent="space-between">
                    <Flex gap={2}>
                      {(['previous', 'current'] as const).map((kind) => (
                        <Button
                          key={kind}
                          variant={against === kind ? 'secondary' : 'tertiary'}
                          aria-pressed={against === kind}
                          onClick={() => setAgainst(kind)}
                        >
                          {formatMessage(msg(`history.against.${kind}`))}
                        </Button>
                      ))}
                    </Flex>
                    <Dialog.Root open={confirming} onOpenChange={setConfirming}>
                      <Dialog.Trigger>
                        <Button variant="default">{formatMessage(msg('history.restore'))}</Button>
                      </Dialog.Trigger>
                      <Dialog.Content>
                        <Dialog.Header>{formatMessage(msg('history.restore.title'), { id: selected ?? '' })}</Dialog.Header>
                        <Dialog.Body>
                          <Typography>{formatMessage(msg('history.restore.body'))}</Typography>
                        </Dialog.Body>
                        <Dialog.Footer>
                          <Dialog.Cancel>
                            <Button variant="tertiary">{formatMessage(msg('history.restore.cancel'))}</Button>
                          </Dialog.Cancel>
                          <Button variant="default" onClick={() => void restore()}>
                            {formatMessage(msg('history.restore.confirm'))}
                          </Button>
                        </Dialog.Footer>
                      </Dialog.Content>
                    </Dialog.Root>
                  </Flex>
                  {detail ? <Changes changes={detail.changes} /> : <Typography>{formatMessage(msg('common.loading'))}</Typography>}
                </Flex>
              </Box>
            </Grid.Item>
          </Grid.Root>
        )}
      </Layouts.Content>
    </Page.Main>
  );
}

export function VersionsPage() {
  return <Versions />;
}
