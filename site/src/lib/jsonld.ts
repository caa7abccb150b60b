/**
 * schema.org JSON-LD of the site's pages: NewsArticle, Event (NGO events) and
 * BreadcrumbList. Pure functions of typed data and absolute URLs, so they are
 * unit-tested and the pages only serialize them (`jsonLdScript`).
 */
import type { Locale, NgoEvent, Organization } from '@tilshi/shared-types';
import { eventStartIso, isoInZone } from './format.ts';

export type JsonLd = { '@context': 'https://schema.org'; '@type': string; [key: string]: unknown };

export type Publisher = { name: string; url: string; logoUrl: string };

export type NewsArticleInput = {
  url: string;
  headline: string;
  description: string;
  locale: Locale;
  datePublished: string;
  dateModified: string;
  imageUrls: readonly string[];
  authors: ReadonlyArray<{ name: string; url: string }>;
  section: string | null;
  keywords: readonly string[];
  publisher: Publisher;
};

const organizationLd = (publisher: Publisher) => ({
  '@type': 'NewsMediaOrganization',
  name: publisher.name,
  url: publisher.url,
  logo: { '@type': 'ImageObject', url: publisher.logoUrl },
});

/** NewsArticle; without a byline the newsroom itself is the author. */
export function newsArticleLd(input: NewsArticleInput): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': input.url },
    url: input.url,
    headline: input.headline.length > 110 ? `${input.headline.slice(0, 109)}…` : input.headline,
    description: input.description,
    inLanguage: input.locale,
    datePublished: isoInZone(input.datePublished),
    dateModified: isoInZone(input.dateModified),
    image: [...input.imageUrls],
    author:
      input.authors.length > 0
        ? input.authors.map((author) => ({ '@type': 'Person', name: author.name, url: author.url }))
        : [organizationLd(input.publisher)],
    publisher: organizationLd(input.publisher),
    ...(input.section ? { articleSection: input.section } : {}),
    ...(input.keywords.length > 0 ? { keywords: input.keywords.join(', ') } : {}),
  };
}

/** An NGO event as a schema.org Event held in person. */
export function eventLd(event: NgoEvent, url: string, orgUrl: (org: Organization) => string): JsonLd {
  const place = [event.venue, event.city].filter((part): part is string => Boolean(part));
  const org = (o: Organization) => ({ '@type': 'Organization', name: o.name, url: o.url ?? orgUrl(o) });
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    url,
    startDate: eventStartIso(event.startDate, event.startTime),
    ...(event.endDate ? { endDate: event.endDate } : {}),
    eventStatus: 'https://schema.org/EventScheduled',
    eventAttendanceMode: 'https://schema.org/OfflineEventAttendanceMode',
    location: {
      '@type': 'Place',
      name: place.join(', ') || (event.city ?? ''),
      address: { '@type': 'PostalAddress', addressLocality: event.city ?? '', addressCountry: 'KZ' },
    },
    ...(event.organizers.length > 0 ? { organizer: event.organizers.map(org) } : {}),
    ...(event.supporters.length > 0 ? { sponsor: event.supporters.map(org) } : {}),
    ...(event.projectName ? { description: event.projectName } : {}),
    inLanguage: event.locale,
  };
}

/** BreadcrumbList from the home page down to the current page. */
export function breadcrumbLd(items: ReadonlyArray<{ name: string; url: string }>): JsonLd {
  return {
    '@context': 'https://schema.org',
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: item.url })),
  };
}

/** JSON for a <script type="application/ld+json">: "<" escaped so text cannot close the script. */
export function jsonLdScript(data: JsonLd): string {
  return JSON.stringify(data).replace(/</g, '\\u003c');
}
