/**
 * Translating articles (ru ⇄ kk) in the panel:
 * - the «Перевод» side panel of the article form: for a translation, which
 *   fields still hold the original's text (what "Fill in from another locale"
 *   copied and nobody translated yet), each marked in the form and one click
 *   away, and whether the original changed since the translation was saved
 *   (with «Перевод актуален» to confirm it still is); for the original, the
 *   state of its translations;
 * - the article list's «Переводы» column: every locale version, published or
 *   not, out of date or untranslated.
 * The state comes from GET /tilshi-translations/status
 * (src/bootstrap/translation-status.ts); the original's text from the
 * content manager's own API.
 */
import * as React from 'react';
import { Badge, Button, Flex, TextButton, Typography } from '@strapi/design-system';
import { getFetchClient, useFetchClient, useForm, useQueryParams } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { LOCALES } from '../constants';
import { TRANSLATION_MESSAGES } from './translations/tilshi';

const ARTICLE = 'api::article.article';
const DOCUMENTS = `/content-manager/collection-types/${ARTICLE}`;

type LocaleState = { published: boolean; original: boolean; outdated: boolean; untranslated: boolean };
export type TranslationState = { original: string | null; locales: Record<string, LocaleState> };
type Photo = { caption?: unknown; alt?: unknown } | null | undefined;
type ArticleText = {
  title?: unknown;
  lead?: unknown;
  body?: unknown;
  sourceAttribution?: unknown;
  cover?: Photo;
  gallery?: Photo[] | null;
};

type Say = (id: keyof typeof TRANSLATION_MESSAGES, values?: Record<string, string | number>) => string;
function useSay(): Say {
  const { formatMessage } = useIntl();
  return (id, values) => formatMessage({ id, defaultMessage: TRANSLATION_MESSAGES[id] }, values);
}

/* ---------------------------------------------------------------------------------------------
 * Batched status requests: one per list page, not one per row. One client for all batches,
 * not a component's (useFetchClient aborts its requests when that component unmounts, and the
 * batch serves every row).
 * ------------------------------------------------------------------------------------------- */

const cache = new Map<string, { at: number; state: TranslationState | null }>();
const waiting = new Map<string, Array<(state: TranslationState | null) => void>>();
let flushTimer: number | undefined;
const CACHE_MS = 5_000;

function loadStatus(documentId: string): Promise<TranslationState | null> {
  const cached = cache.get(documentId);
  if (cached && Date.now() - cached.at < CACHE_MS) return Promise.resolve(cached.state);
  return new Promise((resolve) => {
    waiting.set(documentId, [...(waiting.get(documentId) ?? []), resolve]);
    if (flushTimer !== undefined) return;
    flushTimer = window.setTimeout(() => void flushWaiting(), 20);
  });
}

/** Reads the state of every document waiting, in one request. */
async function flushWaiting(): Promise<void> {
  flushTimer = undefined;
  const batch = new Map(waiting);
  waiting.clear();
  const ids = [...batch.keys()];
  let states: Record<string, TranslationState> = {};
  try {
    const response = await getFetchClient().get<{ data: Record<string, TranslationState> }>(
      `/tilshi-translations/status?documentIds=${ids.map(encodeURIComponent).join(',')}`,
    );
    states = response.data.data;
  } catch {
    // Shown as "unknown": the list itself still works.
  }
  for (const [id, resolvers] of batch) {
    const state = states[id] ?? null;
    cache.set(id, { at: Date.now(), state });
    for (const done of resolvers) done(state);
  }
}

/** The document's translation state: `undefined` while loading, `null` when it could not be read. */
function useTranslationState(documentId: string | undefined, refreshKey: unknown): TranslationState | null | undefined {
  const [state, setState] = React.useState<TranslationState | null | undefined>(undefined);
  React.useEffect(() => {
    if (!documentId) return;
    let active = true;
    cache.delete(documentId);
    void loadStatus(documentId).then((loaded) => active && setState(loaded));
    return () => {
      active = false;
    };
  }, [documentId, refreshKey]);
  return state;
}

/* ---------------------------------------------------------------------------------------------
 * The list column.
 * ------------------------------------------------------------------------------------------- */

function TranslationsCell({ documentId }: { documentId: string }) {
  const say = useSay();
  const [state, setState] = React.useState<TranslationState | null | undefined>(undefined);
  React.useEffect(() => {
    let active = true;
    void loadStatus(documentId).then((loaded) => active && setState(loaded));
    return () => {
      active = false;
    };
  }, [documentId]);
  if (state === undefined) return <Typography textColor="neutral500">…</Typography>;
  return (
    <Flex gap={1} wrap="wrap">
      {LOCALES.map(({ code }) => {
        const locale = state?.locales[code];
        const [text, tone] = !locale
          ? [say('tilshi.translations.missing'), 'neutral']
          : locale.original
            ? [say('tilshi.translations.original'), 'success']
            : locale.untranslated
              ? [say('tilshi.translations.untranslated'), 'warning']
              : locale.outdated
                ? [say('tilshi.translations.outdated'), 'danger']
                : [say('tilshi.translations.current'), 'success'];
        const published = locale?.published
          ? ` · ${say('tilshi.translations.published')}`
          : locale
            ? ` · ${say('tilshi.translations.draft')}`
            : '';
        return (
          <Badge key={code} textColor={`${tone}600`} backgroundColor={`${tone}100`} title={`${code}: ${text}${published}`}>
            {`${code.toUpperCase()} ${text}${published}`}
          </Badge>
        );
      })}
    </Flex>
  );
}

type Header = {
  name: string;
  label: unknown;
  attribute: { type: string };
  searchable: boolean;
  sortable: boolean;
  cellFormatter: (row: Record<string, unknown>) => React.ReactNode;
};
type TableHeaders = { displayedHeaders: unknown[]; layout: unknown };

/**
 * Adds «Переводы» to the article list in place of the i18n plugin's «Available in» (`locales`),
 * which it extends. Strapi's list hook has no model: the page's address says it.
 */
export function translationsColumn({ displayedHeaders, layout }: TableHeaders): TableHeaders {
  if (!window.location.pathname.includes(`/collection-types/${ARTICLE}`)) return { displayedHeaders, layout };
  const others = displayedHeaders.filter((header) => (header as { name?: unknown }).name !== 'locales');
  const header: Header = {
    name: 'tilshi-translations',
    label: { id: 'tilshi.translations.column', defaultMessage: TRANSLATION_MESSAGES['tilshi.translations.column'] },
    attribute: { type: 'custom' },
    searchable: false,
    sortable: false,
    cellFormatter: (row) => (typeof row.documentId === 'string' ? <TranslationsCell documentId={row.documentId} /> : null),
  };
  return { displayedHeaders: [...others, header], layout };
}

/* ---------------------------------------------------------------------------------------------
 * The side panel of the article form.
 * ------------------------------------------------------------------------------------------- */

/** A field of the form that may still hold the original's text: its form name and label's message id. */
type Candidate = { name: string; labelId: string; mine: unknown; theirs: unknown };

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const same = (a: unknown, b: unknown) =>
  typeof a === 'string' || typeof b === 'string'
    ? text(a) !== '' && text(a) === text(b)
    : a != null && JSON.stringify(a) === JSON.stringify(b);

/** Fields of the current form whose value is still the original's (non-empty) text. */
export function untranslatedFields(mine: ArticleText, original: ArticleText): Candidate[] {
  const field = (name: keyof ArticleText) => ({
    name,
    labelId: `content-manager.content-types.${ARTICLE}.${name}`,
    mine: mine[name],
    theirs: original[name],
  });
  const photo = (path: string, index: number | null, a: Photo, b: Photo) =>
    (['caption', 'alt'] as const).map((part) => ({
      name: `${path}.${part}`,
      labelId: `content-manager.components.media.photo.${part}`,
      mine: a?.[part],
      theirs: b?.[part],
      index,
    }));
  const bodyText = (blocks: unknown) => (Array.isArray(blocks) && blocks.length > 0 ? blocks : null);
  const candidates: Candidate[] = [
    field('title'),
    field('lead'),
    { ...field('body'), mine: bodyText(mine.body), theirs: bodyText(original.body) },
    field('sourceAttribution'),
    ...photo('cover', null, mine.cover, original.cover),
    ...(mine.gallery ?? []).flatMap((entry, index) => photo(`gallery.${index}`, index, entry, original.gallery?.[index])),
  ];
  return candidates.filter((candidate) => same(candidate.mine, candidate.theirs));
}

/** Outline for the marked fields (inputs and textareas carry the form name). */
function markStyle(names: string[]): string {
  return names
    .filter((name) => name !== 'body')
    .map((name) => `[name="${name}"]`)
    .join(', ')
    .concat(names.some((name) => name !== 'body') ? ' { outline: 2px dashed #d9822f; outline-offset: 2px; background: #fff8eb; }' : '');
}

function focusField(name: string) {
  const element =
    document.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`) ??
    (name === 'body' ? document.querySelector<HTMLElement>('[role="textbox"][contenteditable="true"]') : null);
  element?.scrollIntoView({ block: 'center' });
  element?.focus();
}

type PanelProps = { model: string; documentId?: string; document?: { locale?: string | null; updatedAt?: string } | null };

function TranslationContent({ documentId, locale, updatedAt }: { documentId: string; locale: string; updatedAt: string | undefined }) {
  const say = useSay();
  const { formatMessage } = useIntl();
  const { get, post } = useFetchClient();
  const values = useForm('TilshiTranslations', (state) => state.values) as ArticleText;
  const [confirmedAt, setConfirmedAt] = React.useState(0);
  const state = useTranslationState(documentId, `${updatedAt}-${confirmedAt}`);
  const [original, setOriginal] = React.useState<ArticleText | null>(null);
  const originalLocale = state?.original ?? null;
  const mineState = state?.locales[locale];

  React.useEffect(() => {
    if (!originalLocale || originalLocale === locale) return setOriginal(null);
    let active = true;
    get<{ data: ArticleText }>(`${DOCUMENTS}/${documentId}?locale=${originalLocale}`).then(
      (response) => active && setOriginal(response.data.data),
      () => active && setOriginal(null),
    );
    return () => {
      active = false;
    };
  }, [documentId, get, locale, originalLocale, updatedAt]);

  if (state === undefined) return <Typography textColor="neutral600">…</Typography>;
  if (state === null) return <Typography textColor="danger600">{say('tilshi.translations.unavailable')}</Typography>;
  const otherVersions = Object.keys(state.locales).filter((code) => code !== locale);
  if (otherVersions.length === 0) return <Typography textColor="neutral600">{say('tilshi.translations.only-version')}</Typography>;

  if (mineState?.original) {
    const others = LOCALES.filter(({ code }) => code !== locale);
    return (
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega">{say('tilshi.translations.this-is-original')}</Typography>
        {others.map(({ code, name }) => {
          const other = state.locales[code];
          const status = !other
            ? say('tilshi.translations.not-created')
            : other.untranslated
              ? say('tilshi.translations.untranslated')
              : other.outdated
                ? say('tilshi.translations.outdated')
                : say('tilshi.translations.current');
          return (
            <Typography key={code} variant="pi" textColor={other && !other.outdated && !other.untranslated ? 'success600' : 'warning600'}>
              {`${name}: ${status}`}
            </Typography>
          );
        })}
      </Flex>
    );
  }

  const pending = original ? untranslatedFields(values, original) : [];
  const originalName = (LOCALES.find(({ code }) => code === originalLocale)?.name ?? originalLocale ?? '').replace(/ \(\w+\)$/, '');
  const confirm = async () => {
    await post(`/tilshi-translations/${encodeURIComponent(documentId)}/${encodeURIComponent(locale)}/confirm`, {});
    setConfirmedAt(Date.now());
  };
  return (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <style>{markStyle(pending.map((field) => field.name))}</style>
      {!mineState ? (
        <Typography textColor="neutral600">{say('tilshi.translations.new-version', { original: originalName })}</Typography>
      ) : mineState.outdated ? (
        <>
          <Typography textColor="danger600">{say('tilshi.translations.original-changed', { original: originalName })}</Typography>
          <Button variant="secondary" size="S" onClick={() => void confirm()}>
            {say('tilshi.translations.confirm')}
          </Button>
        </>
      ) : (
        <Typography textColor="success600">{say('tilshi.translations.matches-original', { original: originalName })}</Typography>
      )}
      {pending.length > 0 ? (
        <>
          <Typography variant="omega" fontWeight="bold">
            {say('tilshi.translations.pending', { count: pending.length })}
          </Typography>
          {pending.map((field) => {
            const index = /^gallery\.(\d+)\./.exec(field.name)?.[1];
            const where = field.name.startsWith('cover.')
              ? `${formatMessage({ id: `content-manager.content-types.${ARTICLE}.cover` })}: `
              : index !== undefined
                ? `${formatMessage({ id: `content-manager.content-types.${ARTICLE}.gallery` })} №${Number(index) + 1}: `
                : '';
            return (
              <TextButton key={field.name} onClick={() => focusField(field.name)}>
                {`${where}${formatMessage({ id: field.labelId })}`}
              </TextButton>
            );
          })}
        </>
      ) : original ? (
        <Typography variant="pi" textColor="neutral600">
          {say('tilshi.translations.all-translated')}
        </Typography>
      ) : null}
    </Flex>
  );
}

/** The «Перевод» side panel (articles only), also for a locale version not saved yet (its locale is in the address). */
export function translationsPanel({ model, documentId, document }: PanelProps) {
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const say = useSay();
  // eslint-disable-next-line react-hooks/rules-of-hooks -- Strapi's content manager renders side panels as components
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = document?.locale ?? query.plugins?.i18n?.locale;
  if (model !== ARTICLE || !documentId || documentId === 'create' || !locale) return null;
  return {
    title: say('tilshi.translations.panel'),
    content: <TranslationContent documentId={documentId} locale={locale} updatedAt={document?.updatedAt} />,
  };
}
