/**
 * Shapes of the seed's data files: plain objects, one field per CMS field,
 * Russian (`ru`) and Kazakh (`kk`) side by side for localized types.
 * Relations are written as keys of other seed entries (slugs, names) and
 * resolved to documentIds when seeding.
 */

export type Bilingual<T> = { ru: T; kk: T };

export type SiteSettingsSeed = {
  siteName: string;
  ageLabel: string;
  telegramUrl: string;
  telegramCta: string;
  telegramCtaNote: string;
  telegramButton: string;
  commentsNotice: string;
  commentsDisclaimer: string;
};

export type RubricSeed = { position: number } & Bilingual<{ name: string; slug: string; description: string }>;

export type TagSeed = Bilingual<{ name: string; slug: string }>;

export type AuthorSeed = { name: string; slug: string; position: string; bio: string };

export type CreditSeed = {
  name: string;
  kind: 'photographer' | 'agency' | 'organization' | 'reader';
  url: string | null;
  licenseNote: string | null;
};

export type LegalForm = 'ngo' | 'oyul' | 'nao' | 'public_fund' | 'public_association' | 'state_body' | 'company' | 'other';

export type OrganizationSeed = {
  legalForm: LegalForm;
  url: string | null;
} & Bilingual<{ name: string; shortName: string | null; slug: string; city: string | null }>;

export type EventKind = 'open_day' | 'forum' | 'grant_contest' | 'round_table' | 'training' | 'hearing' | 'meeting' | 'other';

export type NgoEventSeed = {
  kind: EventKind;
  /** yyyy-mm-dd */
  startDate: string;
  /** HH:MM:SS, only when the source states it. */
  startTime: string | null;
  endDate: string | null;
  /** ru slugs of organizations */
  organizers: string[];
  supporters: string[];
} & Bilingual<{
  title: string;
  slug: string;
  city: string | null;
  venue: string | null;
  projectName: string | null;
  participants: Array<{ group: string; count: number }>;
  keyFigures: Array<{ label: string; value: number; unit: string | null }>;
  proposals: Array<{ text: string }>;
  quotes: Array<{ text: string; speaker: string; role: string | null }>;
}>;

export type PhotoSeed = {
  /** Media-library file name of the generated placeholder. */
  fileName: string;
  /** Lines printed on the placeholder image. */
  placeholderLines: string[];
} & Bilingual<{ caption: string; alt: string }>;

export type AgeRating = 'age0' | 'age6' | 'age12' | 'age16' | 'age18';
