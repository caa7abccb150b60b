/**
 * The contract must follow the CMS models (cms/src/api/∗/content-types and
 * cms/src/components), which are the source of truth: same attributes, same
 * enumerations, and `null` allowed exactly where the model allows emptiness.
 */
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import articleModel from '../../cms/src/api/article/content-types/article/schema.json' with { type: 'json' };
import authorModel from '../../cms/src/api/author/content-types/author/schema.json' with { type: 'json' };
import creditModel from '../../cms/src/api/credit/content-types/credit/schema.json' with { type: 'json' };
import ngoEventModel from '../../cms/src/api/ngo-event/content-types/ngo-event/schema.json' with { type: 'json' };
import organizationModel from '../../cms/src/api/organization/content-types/organization/schema.json' with { type: 'json' };
import rubricModel from '../../cms/src/api/rubric/content-types/rubric/schema.json' with { type: 'json' };
import siteSettingModel from '../../cms/src/api/site-setting/content-types/site-setting/schema.json' with { type: 'json' };
import tagModel from '../../cms/src/api/tag/content-types/tag/schema.json' with { type: 'json' };
import correctionModel from '../../cms/src/components/article/correction.json' with { type: 'json' };
import keyFigureModel from '../../cms/src/components/event/key-figure.json' with { type: 'json' };
import participantModel from '../../cms/src/components/event/participant.json' with { type: 'json' };
import proposalModel from '../../cms/src/components/event/proposal.json' with { type: 'json' };
import quoteModel from '../../cms/src/components/event/quote.json' with { type: 'json' };
import photoModel from '../../cms/src/components/media/photo.json' with { type: 'json' };
import { AGE_RATINGS, articleSchema, correctionSchema } from './article.ts';
import { authorSchema } from './author.ts';
import { CREDIT_KINDS, creditSchema } from './credit.ts';
import { EVENT_KINDS, keyFigureSchema, ngoEventSchema, participantSchema, proposalSchema, quoteSchema } from './ngo-event.ts';
import { LEGAL_FORMS, organizationSchema } from './organization.ts';
import { photoSchema } from './photo.ts';
import { rubricSchema } from './rubric.ts';
import { siteSettingsSchema } from './site-settings.ts';
import { tagSchema } from './tag.ts';

type Attribute = { type: string; required?: boolean; private?: boolean; repeatable?: boolean; relation?: string; enum?: string[] };
type Model = {
  attributes: Record<string, Attribute>;
  options?: { draftAndPublish?: boolean };
  pluginOptions?: { i18n?: { localized?: boolean } };
};
type Shape = Record<string, z.ZodType>;

const SYSTEM_FIELDS = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'locale'];

/** Slugs are not `required` in the models (the panel would pre-fill the model name): the CMS makes them. */
const SLUG_SET = { slug: 'cms/src/document-middlewares/slugs.ts makes it from the title or name on every save' };

const cases: Array<{
  name: string;
  model: Model;
  shape: Shape;
  /** Relations the public queries deliberately leave unpopulated (the reverse sides). */
  unpopulated?: string[];
  /** Attributes the model leaves optional but published content always has, with the reason. */
  alwaysSet?: Record<string, string>;
  /** Relations/fields the schema adds beyond the model's attributes. */
  extra?: string[];
}> = [
  { name: 'article', model: articleModel, shape: articleSchema.shape, extra: ['localizations'], alwaysSet: SLUG_SET },
  { name: 'author', model: authorModel, shape: authorSchema.shape, unpopulated: ['articles'], alwaysSet: SLUG_SET },
  { name: 'credit', model: creditModel, shape: creditSchema.shape },
  { name: 'ngo-event', model: ngoEventModel, shape: ngoEventSchema.shape, unpopulated: ['articles'], alwaysSet: SLUG_SET },
  {
    name: 'organization',
    model: organizationModel,
    shape: organizationSchema.shape,
    unpopulated: ['eventsOrganized', 'eventsSupported'],
    alwaysSet: SLUG_SET,
  },
  { name: 'rubric', model: rubricModel, shape: rubricSchema.shape, unpopulated: ['articles'], alwaysSet: SLUG_SET },
  { name: 'site-setting', model: siteSettingModel, shape: siteSettingsSchema.shape },
  { name: 'tag', model: tagModel, shape: tagSchema.shape, unpopulated: ['articles'], alwaysSet: SLUG_SET },
  { name: 'article.correction', model: correctionModel, shape: correctionSchema.shape },
  { name: 'event.key-figure', model: keyFigureModel, shape: keyFigureSchema.shape },
  { name: 'event.participant', model: participantModel, shape: participantSchema.shape },
  { name: 'event.proposal', model: proposalModel, shape: proposalSchema.shape },
  { name: 'event.quote', model: quoteModel, shape: quoteSchema.shape },
  {
    name: 'media.photo',
    model: photoModel,
    shape: photoSchema.shape,
    alwaysSet: { credit: 'the CMS refuses to publish a photo without a credit' },
  },
];

const isList = (attribute: Attribute) =>
  (attribute.type === 'component' && attribute.repeatable === true) ||
  (attribute.type === 'relation' && /ToMany$/.test(attribute.relation ?? '')) ||
  attribute.type === 'dynamiczone';

describe.each(cases)('the $name schema', ({ model, shape, unpopulated = [], alwaysSet = {}, extra = [] }) => {
  const publicAttributes = Object.entries(model.attributes).filter(
    ([name, attribute]) => !attribute.private && !unpopulated.includes(name),
  );

  it('has exactly the public attributes of the CMS model, besides the system fields', () => {
    const modelled = publicAttributes.map(([name]) => name).sort();
    const described = Object.keys(shape)
      .filter((key) => !SYSTEM_FIELDS.includes(key) && !extra.includes(key))
      .sort();
    expect(described).toEqual(modelled);
  });

  it('allows null exactly where the model allows an empty value', () => {
    for (const [name, attribute] of publicAttributes) {
      const field = shape[name];
      if (!field) continue;
      const nullable = field.safeParse(null).success;
      const expected = !attribute.required && !isList(attribute) && !(name in alwaysSet);
      expect({ name, nullable }).toEqual({ name, nullable: expected });
    }
  });

  it('carries a locale exactly when the model is localized', () => {
    expect('locale' in shape).toBe(model.pluginOptions?.i18n?.localized === true);
  });
});

describe('enumerations', () => {
  it('copy the values of the CMS models', () => {
    expect(AGE_RATINGS).toEqual(articleModel.attributes.ageRating.enum);
    expect(CREDIT_KINDS).toEqual(creditModel.attributes.kind.enum);
    expect(LEGAL_FORMS).toEqual(organizationModel.attributes.legalForm.enum);
    expect(EVENT_KINDS).toEqual(ngoEventModel.attributes.kind.enum);
  });
});
