/**
 * «Предпросмотр» in the article form, in place of Strapi's preview panel
 * (which hides itself until the first save and is disabled while anything is
 * unsaved, with only a tooltip to say why):
 * - a new article says that preview needs a saved draft, with a button that
 *   saves it (Strapi's own Save, through its Ctrl+Enter shortcut);
 * - a saved one opens the site's preview of the draft, and of the published
 *   version when there is one, in a new tab; unsaved changes are saved first,
 *   so the preview shows what the editor sees.
 * The link comes from the content manager's preview API (config/admin.ts:
 * a signed link to the site's /preview/ route). Strapi's side-by-side
 * preview page is not offered: it frames the site, and no page of the site
 * may be framed (site/src/lib/security-headers.ts, frame-ancestors 'none').
 */
import * as React from 'react';
import { Button, Flex, Typography } from '@strapi/design-system';
import { useFetchClient, useForm } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { PREVIEW_MESSAGES } from './translations/tilshi';

const ARTICLE = 'api::article.article';
const SAVE_TIMEOUT_MS = 20_000;

type Say = (id: keyof typeof PREVIEW_MESSAGES) => string;
type PanelProps = { model: string; documentId?: string; document?: { locale?: string | null; status?: string; id?: unknown } | null };
type PanelDescription = { title: string; content: React.ReactNode } | null;
type Panel = (props: PanelProps) => PanelDescription;

/** Strapi's Save, as its keyboard shortcut triggers it (UpdateAction listens on window). */
function pressSave(): void {
  window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
}

/** Resolves when the form has nothing unsaved; false when the save did not happen in time (validation errors). */
function useSaved(): () => Promise<boolean> {
  const modified = useForm('TilshiPreview', (state) => state.modified);
  const isSubmitting = useForm('TilshiPreview', (state) => state.isSubmitting);
  const latest = React.useRef({ modified, isSubmitting });
  latest.current = { modified, isSubmitting };
  return React.useCallback(async () => {
    if (!latest.current.modified) return true;
    pressSave();
    const deadline = Date.now() + SAVE_TIMEOUT_MS;
    let started = false;
    while (Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      started ||= latest.current.isSubmitting;
      if (!latest.current.modified) return true;
      if (started && !latest.current.isSubmitting && latest.current.modified) return false;
    }
    return false;
  }, []);
}

function PreviewContent({ documentId, locale, hasPublished }: { documentId: string; locale: string; hasPublished: boolean }) {
  const { formatMessage } = useIntl();
  const say: Say = (id) => formatMessage({ id, defaultMessage: PREVIEW_MESSAGES[id] });
  const { get } = useFetchClient();
  const modified = useForm('TilshiPreview', (state) => state.modified);
  const saved = useSaved();
  const [problem, setProblem] = React.useState<string | null>(null);

  const open = async (status: 'draft' | 'published') => {
    setProblem(null);
    // Opened now, while the click still counts as the editor's: browsers block pop-ups opened later.
    const tab = window.open('about:blank', '_blank');
    if (status === 'draft' && !(await saved())) {
      tab?.close();
      return setProblem(say('tilshi.preview.not-saved'));
    }
    try {
      const response = await get<{ data: { url: string } }>(
        `/content-manager/preview/url/${ARTICLE}?documentId=${encodeURIComponent(documentId)}&locale=${encodeURIComponent(locale)}&status=${status}`,
      );
      if (tab) tab.location.href = response.data.data.url;
      else window.location.href = response.data.data.url;
    } catch {
      tab?.close();
      setProblem(say('tilshi.preview.unavailable'));
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      {modified && (
        <Typography variant="pi" textColor="neutral600">
          {say('tilshi.preview.unsaved-note')}
        </Typography>
      )}
      <Button variant="secondary" fullWidth onClick={() => void open('draft')}>
        {say(modified ? 'tilshi.preview.save-and-open' : 'tilshi.preview.open-draft')}
      </Button>
      {hasPublished && (
        <Button variant="tertiary" fullWidth onClick={() => void open('published')}>
          {say('tilshi.preview.open-published')}
        </Button>
      )}
      {problem && (
        <Typography variant="pi" textColor="danger600" role="alert">
          {problem}
        </Typography>
      )}
    </Flex>
  );
}

function NewArticleContent() {
  const { formatMessage } = useIntl();
  const say: Say = (id) => formatMessage({ id, defaultMessage: PREVIEW_MESSAGES[id] });
  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Typography variant="pi" textColor="neutral600">
        {say('tilshi.preview.needs-draft')}
      </Typography>
      <Button variant="secondary" fullWidth onClick={pressSave}>
        {say('tilshi.preview.save-draft')}
      </Button>
    </Flex>
  );
}

/** The «Предпросмотр» side panel (articles only). */
export function previewPanel({ model, documentId, document }: PanelProps): PanelDescription {
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const { formatMessage } = useIntl();
  if (model !== ARTICLE) return null;
  const title = formatMessage({ id: 'tilshi.preview.panel', defaultMessage: PREVIEW_MESSAGES['tilshi.preview.panel'] });
  if (!documentId || !document?.locale) return { title, content: <NewArticleContent /> };
  const hasPublished = document.status === 'published' || document.status === 'modified';
  return { title, content: <PreviewContent documentId={documentId} locale={document.locale} hasPublished={hasPublished} /> };
}

/**
 * Strapi's own preview panel, hidden for articles (ours replaces it). Strapi
 * registers it unnamed; it is recognized by its title, the message
 * `content-manager.preview.panel.title`, which it always renders.
 */
export function withoutStrapiPreviewForArticles(panels: Panel[]): Panel[] {
  return panels.map((panel) => {
    const wrapped: Panel = (props) => {
      // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
      const { formatMessage } = useIntl();
      const description = panel(props);
      const strapiPreviewTitle = formatMessage({ id: 'content-manager.preview.panel.title', defaultMessage: 'Preview' });
      return props.model === ARTICLE && description?.title === strapiPreviewTitle ? null : description;
    };
    return Object.assign(wrapped, panel);
  });
}
