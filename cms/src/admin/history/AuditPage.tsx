/**
 * «Журнал действий»: who published, unpublished, deleted or restored which
 * article, and who approved, rejected or deleted which comment and banned
 * which reader — newest first, from GET /tilshi-audit/entries
 * (cms/src/newsroom/audit.ts). Entries are written by the CMS for every way
 * in (panel, REST, scheduled publishing) and never edited.
 */
import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  Link,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { actorLabel, aqtauTime, articleAdminPath, errorMessage, type ActorFields } from '../newsroom/format';
import { msg, type MessageKey } from '../newsroom/messages';
import { AUDIT_PERMISSION } from '../moderation/permissions';

type AuditAction =
  | 'publish'
  | 'unpublish'
  | 'delete'
  | 'restore'
  | 'comment_approve'
  | 'comment_reject'
  | 'comment_pending'
  | 'comment_delete'
  | 'comment_keep'
  | 'reader_ban'
  | 'reader_unban'
  | 'reader_premoderate'
  | 'reader_unpremoderate';
type AuditEntry = ActorFields & {
  id: number;
  action: AuditAction;
  subjectType: 'article' | 'comment' | 'reader';
  subjectId: string;
  subjectLocale: string | null;
  subjectTitle: string | null;
  createdAt: string;
};
type AuditAnswer = { data: AuditEntry[]; meta: { page: number; pageSize: number; total: number } };

const FILTERS: Record<string, { label: MessageKey; actions: AuditAction[] }> = {
  all: { label: 'audit.filter.all', actions: [] },
  articles: { label: 'audit.filter.articles', actions: ['publish', 'unpublish', 'delete', 'restore'] },
  moderation: {
    label: 'audit.filter.moderation',
    actions: [
      'comment_approve',
      'comment_reject',
      'comment_pending',
      'comment_delete',
      'comment_keep',
      'reader_ban',
      'reader_unban',
      'reader_premoderate',
      'reader_unpremoderate',
    ],
  },
};

const PAGE_SIZE = 50;

function Subject({ entry }: { entry: AuditEntry }) {
  const title = entry.subjectTitle ?? entry.subjectId;
  const locale = entry.subjectLocale ? ` (${entry.subjectLocale})` : '';
  if (entry.subjectType === 'article' && entry.action !== 'delete') {
    return (
      <Link tag={RouterLink} to={articleAdminPath(entry.subjectId, entry.subjectLocale)}>
        {title}
        {locale}
      </Link>
    );
  }
  if (entry.subjectType === 'comment' && entry.action !== 'comment_delete') {
    return (
      <Link tag={RouterLink} to={`/content-manager/collection-types/api::comment.comment/${entry.subjectId}`}>
        «{title}»
      </Link>
    );
  }
  return (
    <Typography>
      {entry.subjectType === 'comment' ? `«${title}»` : title}
      {locale}
    </Typography>
  );
}

function AuditList() {
  const intl = useIntl();
  const { formatMessage } = intl;
  const { get } = useFetchClient();
  const [filter, setFilter] = React.useState('all');
  const [page, setPage] = React.useState(1);
  const [answer, setAnswer] = React.useState<AuditAnswer | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    let active = true;
    const actions = FILTERS[filter]?.actions ?? [];
    get<AuditAnswer>(
      `/tilshi-audit/entries?page=${page}&pageSize=${PAGE_SIZE}${actions.length > 0 ? `&action=${actions.join(',')}` : ''}`,
    ).then(
      (response) => {
        if (!active) return;
        setAnswer(response.data);
        setError(null);
      },
      (failure: unknown) => {
        if (active) setError(errorMessage(failure));
      },
    );
    return () => {
      active = false;
    };
  }, [get, filter, page]);

  const entries = answer?.data ?? [];
  const pages = Math.max(1, Math.ceil((answer?.meta.total ?? 0) / PAGE_SIZE));
  return (
    <Page.Main>
      <Page.Title>{formatMessage(msg('audit.title'))}</Page.Title>
      <Layouts.Header title={formatMessage(msg('audit.title'))} subtitle={formatMessage(msg('audit.subtitle'))} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box maxWidth="32rem">
            <SingleSelect
              aria-label={formatMessage(msg('audit.filter'))}
              value={filter}
              onChange={(value) => {
                setFilter(String(value));
                setPage(1);
              }}
            >
              {Object.entries(FILTERS).map(([id, option]) => (
                <SingleSelectOption key={id} value={id}>
                  {formatMessage(msg(option.label))}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          {error && <Typography textColor="danger600">{formatMessage(msg('common.error'), { error })}</Typography>}
          {!answer && !error && <Typography>{formatMessage(msg('common.loading'))}</Typography>}
          {answer && entries.length === 0 && <Typography>{formatMessage(msg('audit.empty'))}</Typography>}
          {entries.length > 0 && (
            <Table colCount={4} rowCount={entries.length + 1}>
              <Thead>
                <Tr>
                  {(['when', 'who', 'action', 'subject'] as const).map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{formatMessage(msg(`audit.column.${column}`))}</Typography>
                    </Th>
                  ))}
                </Tr>
              </Thead>
              <Tbody>
                {entries.map((entry) => (
                  <Tr key={entry.id} data-audit-action={entry.action}>
                    <Td>
                      <Typography>{aqtauTime(entry.createdAt)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{actorLabel(intl, entry)}</Typography>
                    </Td>
                    <Td>
                      <Typography>{formatMessage(msg(`audit.action.${entry.action}`))}</Typography>
                    </Td>
                    <Td style={{ whiteSpace: 'normal' }}>
                      <Subject entry={entry} />
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

export function AuditPage() {
  return (
    <Page.Protect permissions={[{ action: AUDIT_PERMISSION, subject: null }]}>
      <AuditList />
    </Page.Protect>
  );
}
