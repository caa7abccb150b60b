/**
 * NGO event (api::ngo-event.ngo-event) and its components. Localized; `kind`
 * and the dates are shared by both locales.
 */
import { z } from 'zod';
import { componentFields, dateSchema, localizedEntryFields, optionalText, requiredText, slugSchema, timeSchema } from './common.ts';
import { collectionResponse, singleResponse } from './envelope.ts';
import { organizationSchema } from './organization.ts';

export const EVENT_KINDS = ['open_day', 'forum', 'grant_contest', 'round_table', 'training', 'hearing', 'meeting', 'other'] as const;
export const eventKindSchema = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof eventKindSchema>;

/** Component `event.participant`: a group of participants and how many came. */
export const participantSchema = z.object({
  ...componentFields,
  group: requiredText,
  count: z.number().int().nonnegative(),
});
export type Participant = z.infer<typeof participantSchema>;

/** Component `event.key-figure`: a labelled number. Decimals come back as JSON numbers. */
export const keyFigureSchema = z.object({
  ...componentFields,
  label: requiredText,
  value: z.number(),
  unit: optionalText,
});
export type KeyFigure = z.infer<typeof keyFigureSchema>;

/** Component `event.proposal`: a proposal voiced at the event. */
export const proposalSchema = z.object({
  ...componentFields,
  text: requiredText,
});
export type Proposal = z.infer<typeof proposalSchema>;

/** Component `event.quote`: what a participant said. */
export const quoteSchema = z.object({
  ...componentFields,
  text: requiredText,
  speaker: requiredText,
  role: optionalText,
});
export type Quote = z.infer<typeof quoteSchema>;

/** An event as `ngoEventQuery` returns it: organizations and every component populated. */
export const ngoEventSchema = z.object({
  ...localizedEntryFields,
  title: requiredText,
  slug: slugSchema,
  kind: eventKindSchema,
  /** "2026-11-20" */
  startDate: dateSchema,
  /** "10:00:00.000"; null when the event has no announced start time. */
  startTime: timeSchema.nullable(),
  endDate: dateSchema.nullable(),
  city: optionalText,
  venue: optionalText,
  projectName: optionalText,
  organizers: z.array(organizationSchema),
  supporters: z.array(organizationSchema),
  participants: z.array(participantSchema),
  keyFigures: z.array(keyFigureSchema),
  proposals: z.array(proposalSchema),
  quotes: z.array(quoteSchema),
});
export type NgoEvent = z.infer<typeof ngoEventSchema>;

export const ngoEventEndpoint = '/api/ngo-events';
/** Also used for the `event` of an article, so both return the same shape. */
export const ngoEventPopulate = ['organizers', 'supporters', 'participants', 'keyFigures', 'proposals', 'quotes'] as const;
export const ngoEventQuery = {
  populate: ngoEventPopulate,
  sort: ['startDate:desc', 'id:desc'],
  pagination: { pageSize: 100 },
} as const;

export const ngoEventsResponseSchema = collectionResponse(ngoEventSchema);
export type NgoEventsResponse = z.infer<typeof ngoEventsResponseSchema>;
export const ngoEventResponseSchema = singleResponse(ngoEventSchema);
export type NgoEventResponse = z.infer<typeof ngoEventResponseSchema>;
