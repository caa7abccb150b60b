import type { Core } from '@strapi/strapi';
import { DEFAULT_LOCALE, LOCALES } from '../constants';

type LocaleRow = { id: number; code: string; isDefault?: boolean };

/** Ensures the locales ru (default) and kk exist; removes Strapi's initial `en` if nothing uses it. */
export async function ensureLocales(strapi: Core.Strapi): Promise<void> {
  const locales = strapi.plugin('i18n').service('locales');
  const existing: LocaleRow[] = await locales.find();
  for (const locale of LOCALES) {
    if (!existing.some((row) => row.code === locale.code)) {
      await locales.create({ code: locale.code, name: locale.name });
    }
  }
  if ((await locales.getDefaultLocale()) !== DEFAULT_LOCALE) {
    await locales.setDefaultLocale({ code: DEFAULT_LOCALE });
  }
  const english = existing.find((row) => row.code === 'en');
  if (english) {
    await locales.delete({ id: english.id });
  }
}
