/**
 * Plural forms through Intl.PluralRules, so every count reads correctly:
 * 0 комментариев, 1 комментарий, 2 комментария, 5 комментариев, 21 комментарий;
 * Kazakh has one/other and the noun does not change: 1 пікір, 5 пікір.
 */
import type { Locale } from '@tilshi/shared-types';

/** Words for the CLDR plural categories of one language; `other` is the fallback. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Identity helper that types a dictionary's plural entry. */
export function pluralForms(forms: PluralForms): PluralForms {
  return forms;
}

const rulesCache = new Map<Locale, Intl.PluralRules>();

function rulesFor(locale: Locale): Intl.PluralRules {
  let rules = rulesCache.get(locale);
  if (!rules) {
    rules = new Intl.PluralRules(locale);
    rulesCache.set(locale, rules);
  }
  return rules;
}

/** "5 комментариев" — the count followed by the word in the form the locale's plural rules pick. */
export function pluralLabel(n: number, locale: Locale, forms: PluralForms): string {
  const category = rulesFor(locale).select(n);
  return `${n} ${forms[category] ?? forms.other}`;
}
