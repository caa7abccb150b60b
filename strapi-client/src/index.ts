export {
  absoluteFileUrl,
  documentIdOf,
  DocumentRef,
  MAX_PAGE_SIZE,
  StrapiClient,
  UploadedFile,
  validateEntry,
  type Parser,
  type RequestOptions,
  type RetryInfo,
  type StrapiClientOptions,
  type WriteOptions,
} from './client.ts';
export {
  describeNetworkError,
  formatIssuePath,
  StrapiConfigError,
  StrapiRequestError,
  StrapiResponseError,
  StrapiUnreachableError,
  StrapiValidationError,
} from './errors.ts';
