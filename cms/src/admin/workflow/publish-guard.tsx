/**
 * The Publish button of an article, for someone who may not publish (a
 * reporter): Strapi only greys it out, which says nothing. Here it stays
 * clickable and answers, in the editor's language, who publishes and what to
 * do instead (move the article to «На проверке» and save). The CMS refuses
 * the publish itself anyway (the role has no publish permission).
 */
import { useDocumentRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { msg } from '../newsroom/messages';

/** The part of a Content Manager document action this wrapper reads and changes. */
type ActionDescription = {
  disabled?: boolean;
  onClick?: unknown;
  dialog?: unknown;
  publishConfirmScope?: unknown;
} & Record<string, unknown>;
type ActionProps = { model: string } & Record<string, unknown>;
export type DocumentAction = ((props: ActionProps) => ActionDescription | null) & { type?: string };

/** Wraps the Content Manager's own Publish action; other actions pass through unchanged. */
export function guardPublish(actions: DocumentAction[]): DocumentAction[] {
  return actions.map((Action) => {
    if (Action.type !== 'publish') return Action;
    const Guarded: DocumentAction = (props) => {
      const description = Action(props);
      const canPublish = useDocumentRBAC('ReporterPublishGuard', (state) => state.canPublish === true);
      const { formatMessage } = useIntl();
      if (!description || canPublish || props.model !== 'api::article.article') return description;
      return {
        ...description,
        disabled: false,
        onClick: () => false,
        publishConfirmScope: undefined,
        dialog: {
          type: 'dialog',
          title: formatMessage(msg('publish.refused.title')),
          content: formatMessage(msg('publish.refused.body')),
          confirmLabel: formatMessage(msg('publish.refused.ok')),
          variant: 'default',
        },
      };
    };
    Guarded.type = 'publish';
    return Guarded;
  });
}
