/**
 * «Модерация»: every comment waiting for a moderator, across articles, newest
 * first — the text as the reader wrote it (plain text, never HTML), the
 * article with links to the site and to the panel, the reader, why it waits
 * — with approve / reject / ban in one click, for one comment or for all
 * selected. Reads and decides through the admin routes of
 * cms/src/newsroom/routes.ts (GET /tilshi-moderation/queue, POST
 * /tilshi-moderation/decisions).
 *
 * Views: `VIEWS` below, one per filter of the server's QUEUE_VIEWS. «Ждут
 * проверки»: comments off the site — new ones the rules hold, and those
 * readers' reports hid («Жалобы читателей»). «Жалобы на сайте»: comments still
 * on the site that readers reported, to keep (the reports are dismissed) or to
 * reject. Every comment with open reports shows how many, per reason, and the
 * readers' notes (plain text). Beside «ban reader», «always pre-moderate»
 * keeps the reader's next comments waiting.
 */
import * as React from 'react';
import { Badge, Box, Button, Checkbox, Flex, Link, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { aqtauTime, articleAdminPath, errorMessage, QUEUE_CHANGED_EVENT } from '../newsroom/format';
import { msg, type MessageKey } from '../newsroom/messages';
import { MODERATE_PERMISSION } from './permissions';

type Reason = 'new_reader' | 'banned_words' | 'links' | 'premoderated_reader' | 'reader_reports';
type QueueItem = {
  documentId: string;
  /** The reader's text: plain text, rendered as text. */
  body: string;
  createdAt: string;
  language: string;
  status: string;
  reasons: Reason[];
  note: string | null;
  reader: { id: number; username: string; blocked: boolean; trusted: boolean; premoderated: boolean } | null;
  /** Readers' reports since the last decision; the notes are readers' plain text. */
  reports: {
    count: number;
    reasons: Array<{ reason: string; count: number }>;
    lastAt: string | null;
    latest: Array<{ reason: string; note: string | null; createdAt: string }>;
  };
  article: { documentId: string; locale: string | null; title: string | null; published: boolean; siteUrl: string | null } | null;
};
type QueueAnswer = {
  data: QueueItem[];
  meta: { view: string; page: number; pageSize: number; total: number; counts: Record<string, number> };
};
type Decision = 'approve' | 'keep' | 'reject' | 'ban' | 'premoderate';
type DecisionAnswer = {
  data: { decision: Decision; comments: number; rejected: number; readersBanned: number; readersPremoderated: number };
};

/** The queue's views (see the comment at the top): which decision puts a comment on the site, and what an empty view says. */
const VIEWS: ReadonlyArray<{ id: string; label: MessageKey; onSite: 'approve' | 'keep'; empty: MessageKey }> = [
  { id: 'pending', label: 'moderation.view.pending', onSite: 'approve', empty: 'moderation.empty' },
  { id: 'reported', label: 'moderation.view.reported', onSite: 'keep', empty: 'moderation.empty.reported' },
];

const REPORT_REASONS: ReadonlyArray<string> = ['spam', 'insult', 'off_topic', 'illegal', 'other'];
const reportLabel = (reason: string): MessageKey | null =>
  REPORT_REASONS.includes(reason) ? (`moderation.report.${reason}` as MessageKey) : null;

/** The toast after a decision. */
function doneMessage(formatMessage: ReturnType<typeof useIntl>['formatMessage'], result: DecisionAnswer['data']): string {
  switch (result.decision) {
    case 'ban':
      return formatMessage(msg('moderation.done.ban'), { readers: result.readersBanned, count: result.rejected });
    case 'premoderate':
      return formatMessage(msg('moderation.done.premoderate'), { readers: result.readersPremoderated });
    case 'keep':
      return formatMessage(msg('moderation.done.keep'), { count: result.comments });
    case 'approve':
      return formatMessage(msg('moderation.done.approve'), { count: result.comments });
    case 'reject':
      return formatMessage(msg('moderation.done.reject'), { count: result.comments });
  }
}

const PAGE_SIZE = 25;

const REASON_VARIANT: Record<Reason, 'secondary' | 'danger' | 'warning'> = {
  new_reader: 'secondary',
  banned_words: 'danger',
  links: 'warning',
  premoderated_reader: 'secondary',
  reader_reports: 'danger',
};

/** Readers' open reports of a comment: how many, per reason, and their notes (plain text, never HTML). */
function Reports({ reports }: { reports: QueueItem['reports'] }) {
  const { formatMessage } = useIntl();
  if (reports.count === 0) return null;
  const reasonText = (reason: string) => {
    const key = reportLabel(reason);
    return key ? formatMessage(msg(key)) : reason;
  };
  return (
    <Flex direction="column" alignItems="flex-start" gap={1} data-testid="comment-reports">
      <Typography fontWeight="semiBold" textColor="danger600">
        {formatMessage(msg('moderation.reports'), { count: reports.count })}
        {reports.lastAt ? `, ${formatMessage(msg('moderation.reports.last'), { time: aqtauTime(reports.lastAt) })}` : ''}
      </Typography>
      <Typography variant="pi">
        {reports.reasons
          .map((entry) => (entry.count > 1 ? `${reasonText(entry.reason)} ×${entry.count}` : reasonText(entry.reason)))
          .join(', ')}
      </Typography>
      {reports.latest
        .filter((report) => report.note)
        .map((report) => (
          <Typography
            key={`${report.createdAt}-${report.note}`}
            variant="pi"
            textColor="neutral600"
            style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          >
            «{report.note}» — {reasonText(report.reason)}
          </Typography>
        ))}
    </Flex>
  );
}

function Reasons({ item }: { item: QueueItem }) {
  const { formatMessage } = useIntl();
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {item.status === 'pending' && (
        <Flex gap={1} wrap="wrap">
          {item.reasons.map((reason) => (
            <Badge key={reason} variant={REASON_VARIANT[reason]}>
              {formatMessage(msg(`moderation.reason.${reason}`))}
            </Badge>
          ))}
        </Flex>
      )}
      {item.status === 'pending' && item.note && (
        <Typography variant="pi" textColor="neutral600">
          {item.note}
        </Typography>
      )}
      <Reports reports={item.reports} />
    </Flex>
  );
}

function ArticleCell({ article }: { article: QueueItem['article'] }) {
  const { formatMessage } = useIntl();
  if (!article) return <Typography textColor="neutral600">{formatMessage(msg('moderation.article.unknown'))}</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography fontWeight="semiBold">{article.title ?? article.documentId}</Typography>
      <Flex gap={2}>
        {article.siteUrl ? (
          <Link href={article.siteUrl} isExternal>
            {formatMessage(msg('moderation.article.site'))}
          </Link>
        ) : (
          <Typography variant="pi" textColor="neutral600">
            {formatMessage(msg('moderation.article.draft'))}
          </Typography>
        )}
        <Link tag={RouterLink} to={articleAdminPath(article.documentId, article.locale)}>
          {formatMessage(msg('moderation.article.panel'))}
        </Link>
      </Flex>
    </Flex>
  );
}

function ReaderCell({ reader }: { reader: QueueItem['reader'] }) {
  const { formatMessage } = useIntl();
  if (!reader) return <Typography>—</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      <Typography>{reader.username}</Typography>
      {reader.blocked && <Badge variant="danger">{formatMessage(msg('moderation.reader.blocked'))}</Badge>}
      {reader.trusted && <Badge variant="success">{formatMessage(msg('moderation.reader.trusted'))}</Badge>}
      {reader.premoderated && <Badge variant="warning">{formatMessage(msg('moderation.reader.premoderated'))}</Badge>}
    </Flex>
  );
}

// eslint-disable-next-line max-lines-per-function -- one page: selection, bulk actions and paging state with their JSX; each row is a component
function Queue() {
  const intl = useIntl();
  const { formatMessage } = intl;
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [view, setView] = React.useState(VIEWS[0]?.id ?? 'pending');
  const [page, setPage] = React.useState(1);
  const [answer, setAnswer] = React.useState<QueueAnswer | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [selected, setSelected] = React.useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = React.useState(false);

  const load = React.useCallback(async () => {
    try {
      const response = await get<QueueAnswer>(`/tilshi-moderation/queue?view=${view}&page=${page}&pageSize=${PAGE_SIZE}`);
      setAnswer(response.data);
      setError(null);
      setSelected((current) => new Set([...current].filter((id) => response.data.data.some((item) => item.documentId === id))));
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }, [get, view, page]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const decide = async (decision: Decision, ids: string[]) => {
    if (ids.length === 0 || busy) return;
    setBusy(true);
    try {
      const { data } = await post<DecisionAnswer>('/tilshi-moderation/decisions', { decision, comments: ids });
      const result = data.data;
      toggleNotification({ type: 'success', message: doneMessage(formatMessage, result) });
      setSelected(new Set());
      window.dispatchEvent(new Event(QUEUE_CHANGED_EVENT));
      await load();
    } catch (failure) {
      toggleNotification({ type: 'danger', message: formatMessage(msg('moderation.failed'), { error: errorMessage(failure) }) });
    } finally {
      setBusy(false);
    }
  };

  const items = answer?.data ?? [];
  const total = answer?.meta.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const allSelected = items.length > 0 && items.every((item) => selected.has(item.documentId));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const chosen = [...selected];
  const current = VIEWS.find((candidate) => candidate.id === view) ?? VIEWS[0];
  const onSite = current?.onSite ?? 'approve';
  const onSiteLabel = (selectedToo: boolean): MessageKey =>
    onSite === 'keep'
      ? selectedToo
        ? 'moderation.keep.selected'
        : 'moderation.keep'
      : selectedToo
        ? 'moderation.approve.selected'
        : 'moderation.approve';

  return (
    <Page.Main>
      <Page.Title>{formatMessage(msg('moderation.title'))}</Page.Title>
      <Layouts.Header title={formatMessage(msg('moderation.title'))} subtitle={formatMessage(msg('moderation.subtitle'))} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Flex gap={2} role="tablist">
            {VIEWS.map((candidate) => (
              <Button
                key={candidate.id}
                role="tab"
                aria-selected={candidate.id === view}
                variant={candidate.id === view ? 'secondary' : 'tertiary'}
                onClick={() => {
                  setView(candidate.id);
                  setPage(1);
                }}
              >
                {formatMessage(msg(candidate.label))} ({answer?.meta.counts[candidate.id] ?? '…'})
              </Button>
            ))}
          </Flex>
          {chosen.length > 0 && (
            <Flex gap={2} padding={3} background="primary100" hasRadius>
              <Typography fontWeight="semiBold">{formatMessage(msg('moderation.selected'), { count: chosen.length })}</Typography>
              <Button variant="success" disabled={busy} onClick={() => void decide(onSite, chosen)}>
                {formatMessage(msg(onSiteLabel(true)))}
              </Button>
              <Button variant="danger-light" disabled={busy} onClick={() => void decide('reject', chosen)}>
                {formatMessage(msg('moderation.reject.selected'))}
              </Button>
              <Button variant="tertiary" disabled={busy} onClick={() => void decide('ban', chosen)}>
                {formatMessage(msg('moderation.ban.selected'))}
              </Button>
              <Button variant="tertiary" disabled={busy} onClick={() => void decide('premoderate', chosen)}>
                {formatMessage(msg('moderation.premoderate.selected'))}
              </Button>
            </Flex>
          )}
          {error && <Typography textColor="danger600">{formatMessage(msg('common.error'), { error })}</Typography>}
          {!answer && !error && <Typography>{formatMessage(msg('common.loading'))}</Typography>}
          {answer && items.length === 0 && (
            <Box padding={8} background="neutral0" hasRadius shadow="tableShadow">
              <Typography variant="delta">{formatMessage(msg(current?.empty ?? 'moderation.empty'))}</Typography>
            </Box>
          )}
          {items.length > 0 && (
            <Table colCount={7} rowCount={items.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Checkbox
                      aria-label={formatMessage(msg('moderation.select.all'))}
                      checked={allSelected}
                      onCheckedChange={(checked) =>
                        setSelected(checked === true ? new Set(items.map((item) => item.documentId)) : new Set())
                      }
                    />
                  </Th>
                  {(['comment', 'article', 'reader', 'reason', 'date', 'actions'] as const).map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{formatMessage(msg(`moderation.column.${column}`))}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {items.map((item) => (
                  <Tr key={item.documentId} data-comment={item.documentId}>
                    <Td>
                      <Checkbox
                        aria-label={`${formatMessage(msg('moderation.select.one'))}: ${item.body.slice(0, 60)}`}
                        checked={selected.has(item.documentId)}
                        onCheckedChange={(checked) => toggle(item.documentId, checked === true)}
                      />
                    </Td>
                    <Td style={{ minWidth: '22rem', maxWidth: '32rem', whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      <Typography>{item.body}</Typography>
                    </Td>
                    <Td style={{ minWidth: '14rem', maxWidth: '20rem', whiteSpace: 'normal' }}>
                      <ArticleCell article={item.article} />
                    </Td>
                    <Td>
                      <ReaderCell reader={item.reader} />
                    </Td>
                    <Td style={{ minWidth: '12rem', maxWidth: '16rem', whiteSpace: 'normal' }}>
                      <Reasons item={item} />
                    </Td>
                    <Td>
                      <Typography variant="pi">{aqtauTime(item.createdAt)}</Typography>
                    </Td>
                    <Td>
                      <Flex direction="column" alignItems="stretch" gap={1}>
                        <Button size="S" variant="success-light" disabled={busy} onClick={() => void decide(onSite, [item.documentId])}>
                          {formatMessage(msg(onSiteLabel(false)))}
                        </Button>
                        <Button size="S" variant="danger-light" disabled={busy} onClick={() => void decide('reject', [item.documentId])}>
                          {formatMessage(msg('moderation.reject'))}
                        </Button>
                        <Button
                          size="S"
                          variant="tertiary"
                          disabled={busy || item.reader?.blocked === true}
                          onClick={() => void decide('ban', [item.documentId])}
                        >
                          {formatMessage(msg('moderation.ban'))}
                        </Button>
                        <Button
                          size="S"
                          variant="tertiary"
                          disabled={busy || item.reader === null || item.reader.blocked || item.reader.premoderated}
                          onClick={() => void decide('premoderate', [item.documentId])}
                        >
                          {formatMessage(msg('moderation.premoderate'))}
                        </Button>
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
          {pages > 1 && (
            <Flex gap={2} justifyContent="flex-end">
              <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
                {formatMessage(msg('common.previous'))}
              </Button>
              <Typography>{formatMessage(msg('moderation.page'), { page, pages })}</Typography>
              <Button variant="tertiary" disabled={page >= pages} onClick={() => setPage(page + 1)}>
                {formatMessage(msg('common.next'))}
              </Button>
            </Flex>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

export function ModerationPage() {
  return (
    <Page.Protect permissions={[{ action: MODERATE_PERMISSION, subject: null }]}>
      <Queue />
    </Page.Protect>
  );
}

export default ModerationPage;
