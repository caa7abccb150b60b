/**
 * @tilshi/shared-types — zod schemas of tilshi's public Strapi REST responses
 * and the queries that produce them.
 */
export * from './common.ts';
export * from './envelope.ts';
export * from './query.ts';
export * from './media.ts';
export * from './blocks.ts';
export * from './blocks-html.ts';
export * from './credit.ts';
export * from './photo.ts';
export * from './rubric.ts';
export * from './tag.ts';
export * from './author.ts';
export * from './organization.ts';
export * from './ngo-event.ts';
export * from './article.ts';
export * from './site-settings.ts';
export * from './comment.ts';
export * from './comments-cms.ts';
export * from './build-contract.ts';
