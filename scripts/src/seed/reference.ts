/**
 * Seeds the reference content every page needs: site settings (ru, kk),
 * photo credits, authors, rubrics, tags and organizations, from ./data.
 */
import type { Locale } from '@tilshi/shared-types';
import type { StrapiClient } from '@tilshi/strapi-client';
import { z } from 'zod';
import { CREDITS, AUTHORS } from './data/people.ts';
import { ORGANIZATIONS } from './data/organizations.ts';
import { SITE_SETTINGS } from './data/site-settings.ts';
import { RUBRICS, TAGS } from './data/taxonomy.ts';
import { ensureDocuments, ensureLocalizedDocuments, type LocalizedTally, type Tally } from './upsert.ts';

export type SiteSettingsOutcome = { written: Locale[]; unchanged: Locale[] };

/** Writes the site settings of a locale only when they differ from the data. */
export async function seedSiteSettings(rest: StrapiClient): Promise<SiteSettingsOutcome> {
  const outcome: SiteSettingsOutcome = { written: [], unchanged: [] };
  for (const locale of ['ru', 'kk'] as const) {
    const wanted = SITE_SETTINGS[locale];
    const current = await rest.getSingle('/api/site-setting', { locale }, z.record(z.string(), z.unknown()));
    const same = current !== null && Object.entries(wanted).every(([key, value]) => current[key] === value);
    if (same) {
      outcome.unchanged.push(locale);
    } else {
      await rest.putSingle('site-setting', wanted, { locale });
      outcome.written.push(locale);
    }
  }
  return outcome;
}

export type ReferenceIds = {
  credits: Map<string, string>;
  authors: Map<string, string>;
  rubrics: Map<string, string>;
  tags: Map<string, string>;
  organizations: Map<string, string>;
};

export async function seedReference(
  rest: StrapiClient,
  tallies: { credits: Tally; authors: Tally; rubrics: LocalizedTally; tags: LocalizedTally; organizations: LocalizedTally },
): Promise<ReferenceIds> {
  const credits = await ensureDocuments(rest, 'credits', 'name', CREDITS, tallies.credits);
  const authors = await ensureDocuments(rest, 'authors', 'slug', AUTHORS, tallies.authors);
  const rubrics = await ensureLocalizedDocuments(
    rest,
    'rubrics',
    RUBRICS.map(({ position, ru, kk }) => ({ ru: { ...ru, position }, kk: { ...kk, position } })),
    tallies.rubrics,
  );
  const tags = await ensureLocalizedDocuments(rest, 'tags', TAGS, tallies.tags);
  const organizations = await ensureLocalizedDocuments(
    rest,
    'organizations',
    ORGANIZATIONS.map(({ legalForm, url, ru, kk }) => ({ ru: { ...ru, legalForm, url }, kk: { ...kk, legalForm, url } })),
    tallies.organizations,
  );
  return { credits, authors, rubrics, tags, organizations };
}
