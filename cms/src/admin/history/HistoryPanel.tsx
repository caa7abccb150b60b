/**
 * «История» in the article form's side panel: the last versions of this
 * locale (when, who, what happened) and a link to all versions, where they
 * are compared and restored (./VersionsPage.tsx). Refreshed after each save.
 */
import * as React from 'react';
import { Badge, Flex, Link, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink } from 'react-router-dom';
import { actorLabel, aqtauTime, type ActorFields } from '../newsroom/format';
import { msg } from '../newsroom/messages';

type VersionEvent = 'create' | 'update' | 'publish' | 'discard' | 'restore';
type VersionSummary = ActorFields & { id: number; event: VersionEvent; createdAt: string; restoredFrom: number | null };
type VersionsAnswer = { data: VersionSummary[] };

const SHOWN = 3;

function RecentVersions({ documentId, locale, stamp }: { documentId: string; locale: string; stamp: string }) {
  const intl = useIntl();
  const { formatMessage } = intl;
  const { get } = useFetchClient();
  const [versions, setVersions] = React.useState<VersionSummary[] | null>(null);
  React.useEffect(() => {
    let active = true;
    get<VersionsAnswer>(`/tilshi-history/articles/${documentId}/versions?locale=${locale}&pageSize=${SHOWN}`).then(
      (response) => {
        if (active) setVersions(response.data.data);
      },
      () => {
        if (active) setVersions([]);
      },
    );
    return () => {
      active = false;
    };
  }, [get, documentId, locale, stamp]);
  if (versions === null) return <Typography>{formatMessage(msg('common.loading'))}</Typography>;
  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      {versions.length === 0 && <Typography textColor="neutral600">{formatMessage(msg('history.panel.none'))}</Typography>}
      {versions.map((version) => (
        <Flex key={version.id} direction="column" alignItems="flex-start" gap={1}>
          <Badge>{formatMessage(msg(`history.event.${version.event}`), { from: version.restoredFrom ?? '' })}</Badge>
          <Typography variant="pi">
            {aqtauTime(version.createdAt)} · {actorLabel(intl, version)}
          </Typography>
        </Flex>
      ))}
      <Link tag={RouterLink} to={`/history/articles/${documentId}?locale=${locale}`}>
        {formatMessage(msg('history.panel.all'))}
      </Link>
    </Flex>
  );
}

type PanelProps = { model: string; documentId?: string; document?: { locale?: string | null; updatedAt?: string | null } | null };

/** The side panel (articles that exist; a new article has no history yet). */
export function historyPanel({ model, documentId, document }: PanelProps) {
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const { formatMessage } = useIntl();
  if (model !== 'api::article.article' || !documentId) return null;
  const locale = document?.locale ?? 'ru';
  return {
    title: formatMessage(msg('history.panel.title')),
    content: <RecentVersions documentId={documentId} locale={locale} stamp={document?.updatedAt ?? ''} />,
  };
}
