/**
 * Review stages in the panel (cms/src/document-middlewares/review-stage.ts):
 * the article list shows the stage as a coloured, translated badge (the
 * Content Manager prints enumeration values raw in lists; the form and the
 * list's filter translate them through the panel's translations, see
 * ../newsroom/messages.ts).
 */
import { Badge } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { msg } from '../newsroom/messages';

type Stage = 'draft' | 'in_review' | 'ready';
const VARIANT: Record<Stage, 'neutral' | 'warning' | 'success'> = { draft: 'neutral', in_review: 'warning', ready: 'success' };
const isStage = (value: unknown): value is Stage => value === 'draft' || value === 'in_review' || value === 'ready';

function StageBadge({ stage }: { stage: unknown }) {
  const { formatMessage } = useIntl();
  const known: Stage = isStage(stage) ? stage : 'draft';
  return <Badge variant={VARIANT[known]}>{formatMessage(msg(`stage.${known}`))}</Badge>;
}

type Header = { name: string; cellFormatter?: (row: Record<string, unknown>) => React.ReactNode } & Record<string, unknown>;
type ListColumns = { displayedHeaders: Header[]; layout: unknown };

/** The `Admin/CM/pages/ListView/inject-column-in-table` hook: the reviewStage column renders badges. */
export function reviewStageColumn({ displayedHeaders, layout }: ListColumns): ListColumns {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header) =>
      header.name === 'reviewStage'
        ? { ...header, cellFormatter: (row: Record<string, unknown>) => <StageBadge stage={row.reviewStage} /> }
        : header,
    ),
  };
}
