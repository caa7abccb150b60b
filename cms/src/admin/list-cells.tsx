/**
 * List view cells Strapi 5.54 renders poorly for the newsroom (its ListView
 * CellValue): enumeration values printed raw (`pending`, `age18`), and dates
 * as «суббота, 5 ноября 2022 г. в 11:03», which crowds the table out — and
 * in Kazakh as «2022 M11 5, Sat» (Chromium ships no Kazakh date names).
 * This hook of the list table gives enumeration columns the value's
 * translation (src/labels/content-types.ts → ./labels.ts, the text the edit
 * form's select and the filters already show) and date columns a short
 * numeric date and time (05.11.2022, 11:03) in every interface language.
 */
import { Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

export const INJECT_COLUMN_IN_TABLE = 'Admin/CM/pages/ListView/inject-column-in-table';

type Header = { name: string; attribute?: { type?: string }; cellFormatter?: unknown };
type TableHeaders = { displayedHeaders: Header[]; layout: unknown };

const DATE_TYPES = new Set(['date', 'datetime']);

function EnumValue({ value }: { value: unknown }) {
  const { formatMessage } = useIntl();
  if (typeof value !== 'string' || value === '') return <Typography textColor="neutral800">-</Typography>;
  return <Typography textColor="neutral800">{formatMessage({ id: value, defaultMessage: value })}</Typography>;
}

/** A date (YYYY-MM-DD) or date-time as 05.11.2022 or 05.11.2022, 11:03 (browser time zone, as Strapi shows it). */
export function shortDate(value: unknown, type: string): string {
  if (typeof value !== 'string' || value === '') return '-';
  const date = type === 'date' ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat('ru-RU', type === 'date' ? { dateStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' }).format(
    date,
  );
}

export function readableListCells({ displayedHeaders, layout }: TableHeaders): TableHeaders {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header) => {
      const type = header.attribute?.type ?? '';
      if (header.cellFormatter !== undefined) return header;
      if (type === 'enumeration')
        return { ...header, cellFormatter: (row: Record<string, unknown>) => <EnumValue value={row[header.name]} /> };
      if (DATE_TYPES.has(type))
        return {
          ...header,
          cellFormatter: (row: Record<string, unknown>) => (
            <Typography textColor="neutral800">{shortDate(row[header.name], type)}</Typography>
          ),
        };
      return header;
    }),
  };
}
