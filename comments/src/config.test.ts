import { commentErrorResponseSchema } from '@tilshi/shared-types';
import { describe, expect, it } from 'vitest';
import { CommentsConfigError, configFromEnv, createHandlerFromEnvOrUnavailable } from './config.ts';

const VALID = {
  STRAPI_URL: 'http://127.0.0.1:1337',
  STRAPI_COMMENTS_TOKEN: 'x'.repeat(40),
  COMMENTS_SESSION_SECRET: 'y'.repeat(40),
  COMMENTS_MAIL_URL: 'log',
  SITE_ORIGIN: 'https://tilshi.kz, https://www.tilshi.kz',
};

describe('configFromEnv', () => {
  it('reads the required variables and fills the defaults', () => {
    const config = configFromEnv(VALID);
    expect(config.SITE_ORIGIN).toEqual(['https://tilshi.kz', 'https://www.tilshi.kz']);
    expect(config).toMatchObject({
      COMMENTS_BASE_PATH: '/api',
      COMMENTS_RATE_PER_MINUTE: 5,
      COMMENTS_RATE_PER_DAY: 50,
      COMMENTS_AUTO_TRUST_AFTER: 3,
    });
  });

  it('refuses a mail setting that is neither an SMTP URL nor "log", and an unknown address source', () => {
    try {
      configFromEnv({ ...VALID, COMMENTS_MAIL_URL: 'mailto:editor@tilshi.kz', COMMENTS_CLIENT_ADDRESS: 'x-forwarded-for' });
      expect.unreachable();
    } catch (error) {
      expect(error instanceof CommentsConfigError && error.variables.sort()).toEqual(['COMMENTS_CLIENT_ADDRESS', 'COMMENTS_MAIL_URL']);
    }
    expect(
      configFromEnv({ ...VALID, COMMENTS_MAIL_URL: 'smtps://user:pass@smtp.example.kz:465', COMMENTS_CLIENT_ADDRESS: 'forwarded:1' })
        .COMMENTS_CLIENT_ADDRESS,
    ).toBe('forwarded:1');
  });

  it('reads limit overrides and names a part it cannot read', () => {
    expect(configFromEnv({ ...VALID, COMMENTS_LIMITS: 'registerPerAddress=30/3600, loginPerAccount=5/900' }).COMMENTS_LIMITS).toEqual({
      registerPerAddress: { limit: 30, windowSeconds: 3600 },
      loginPerAccount: { limit: 5, windowSeconds: 900 },
    });
    try {
      configFromEnv({ ...VALID, COMMENTS_LIMITS: 'registerPerAddress=30/3600,toString=1/1' });
      expect.unreachable();
    } catch (error) {
      expect(error instanceof CommentsConfigError && error.variables).toEqual(['COMMENTS_LIMITS']);
      expect(String(error)).toContain('"toString=1/1"');
    }
  });

  it('reads numbers from strings', () => {
    expect(configFromEnv({ ...VALID, COMMENTS_RATE_PER_MINUTE: '2' }).COMMENTS_RATE_PER_MINUTE).toBe(2);
  });

  it('names every missing or wrong variable in one error', () => {
    try {
      configFromEnv({ ...VALID, STRAPI_COMMENTS_TOKEN: 'short', SITE_ORIGIN: 'https://tilshi.kz/news/', STRAPI_URL: '' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CommentsConfigError);
      expect(error instanceof CommentsConfigError && error.variables.sort()).toEqual([
        'SITE_ORIGIN',
        'STRAPI_COMMENTS_TOKEN',
        'STRAPI_URL',
      ]);
      expect(String(error)).toContain('comments/.env.example');
    }
  });
});

describe('createHandlerFromEnvOrUnavailable', () => {
  it('answers every request with 503 not_configured naming the missing variables, in the reader’s language', async () => {
    const reported: CommentsConfigError[] = [];
    const handler = createHandlerFromEnvOrUnavailable({ SITE_ORIGIN: 'https://tilshi.kz' }, {}, (error) => reported.push(error));
    expect(reported).toHaveLength(1);
    const response = await handler(new Request('https://tilshi.kz/api/comments?article=abc', { headers: { 'Accept-Language': 'kk' } }));
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(response.headers.get('content-language')).toBe('kk');
    const body = commentErrorResponseSchema.parse(await response.json());
    expect(body.error.code).toBe('not_configured');
    expect(body.error.message).toContain('Пікірлер');
    expect(body.error.details?.variables).toEqual(
      expect.arrayContaining(['STRAPI_URL', 'STRAPI_COMMENTS_TOKEN', 'COMMENTS_SESSION_SECRET', 'COMMENTS_MAIL_URL']),
    );
    expect(JSON.stringify(body)).not.toContain('tilshi.kz');
  });

  it('builds the real handler when the configuration is valid, reporting nothing', async () => {
    const reported: CommentsConfigError[] = [];
    const handler = createHandlerFromEnvOrUnavailable(VALID, {}, (error) => reported.push(error));
    expect(reported).toEqual([]);
    const response = await handler(new Request('https://tilshi.kz/api/nowhere'));
    expect(response.status).toBe(404);
  });
});
