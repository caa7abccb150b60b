/**
 * Where the seed and the importer look for Strapi and its write token, and
 * the messages they give when it cannot be found.
 */
import { describe, expect, it } from 'vitest';
import { resolveStrapiConnection, StrapiConnectionError } from './strapi-connection.ts';

const ENV_FILE = '/repo/cms/.env';

describe('resolveStrapiConnection', () => {
  it('prefers STRAPI_URL and STRAPI_WRITE_TOKEN from the environment', () => {
    const connection = resolveStrapiConnection(
      { STRAPI_URL: 'http://cms.local:9000/', STRAPI_WRITE_TOKEN: 'env-token' },
      'CMS_PORT=1400\nSTRAPI_WRITE_TOKEN=file-token\n',
      ENV_FILE,
    );
    expect(connection).toEqual({ url: 'http://cms.local:9000', writeToken: 'env-token', from: 'STRAPI_URL' });
  });

  it('falls back to CMS_PORT and STRAPI_WRITE_TOKEN of cms/.env', () => {
    const connection = resolveStrapiConnection({}, '# written by npm start\nCMS_PORT=1400\nSTRAPI_WRITE_TOKEN="file-token"\n', ENV_FILE);
    expect(connection.url).toBe('http://127.0.0.1:1400');
    expect(connection.writeToken).toBe('file-token');
    expect(connection.from).toMatch(/^CMS_PORT in .*cms\/\.env$/);
  });

  it('uses port 1337 when neither the environment nor cms/.env names one', () => {
    expect(resolveStrapiConnection({ STRAPI_WRITE_TOKEN: 't' }, undefined, ENV_FILE).url).toBe('http://127.0.0.1:1337');
  });

  it('tells to run npm start when there is no token and no cms/.env', () => {
    expect(() => resolveStrapiConnection({}, undefined, ENV_FILE)).toThrow(StrapiConnectionError);
    expect(() => resolveStrapiConnection({}, undefined, ENV_FILE)).toThrow(
      /STRAPI_WRITE_TOKEN is not set and .*cms\/\.env does not exist\. Run `npm start` once/,
    );
  });

  it('tells to fill in the token when cms/.env has it empty', () => {
    expect(() => resolveStrapiConnection({ STRAPI_WRITE_TOKEN: ' ' }, 'STRAPI_WRITE_TOKEN=\n', ENV_FILE)).toThrow(
      /STRAPI_WRITE_TOKEN is empty in the environment and in .*cms\/\.env/,
    );
  });

  it('refuses a STRAPI_URL that is not http(s)', () => {
    expect(() => resolveStrapiConnection({ STRAPI_URL: 'localhost:1337', STRAPI_WRITE_TOKEN: 't' }, undefined, ENV_FILE)).toThrow(
      /must start with http/,
    );
  });
});
