/**
 * @tilshi/comments — the reader-comments function. Hosts import
 * `createHandlerFromEnv` (or `createCommentsHandler` with their own options)
 * and pass it web-standard Requests; see comments/README.md.
 */
export { createCommentsHandler, type CommentsHandler, type CommentsHandlerOptions, type ConnectionInfo } from './core/handler.ts';
export { createLogMailer, MailDeliveryError, type Mailer, type MailMessage } from './core/mail.ts';
export { createSmtpMailer } from './smtp-mailer.ts';
export { parseAddressTrust, type AddressTrust } from './core/client-address.ts';
export { createStrapiStore, type StrapiStoreOptions } from './core/strapi-store.ts';
export * from './core/store.ts';
export { CommentsError, ERROR_CATALOG, MODERATION_MESSAGES, errorMessage } from './core/errors.ts';
export {
  configFromEnv,
  createHandlerFromEnv,
  createHandlerFromEnvOrUnavailable,
  handlerOptionsFromConfig,
  unconfiguredHandler,
  CommentsConfigError,
  type CommentsConfig,
} from './config.ts';
