/**
 * Identified readers (identity mode `phone`, the default): a mobile number
 * confirmed by a one-time SMS code before the first comment, through the
 * development provider (the server log) and through the Mobizon gateway's
 * real HTTP API (a local stand-in); codes that are wrong, expired or replayed;
 * limits per number and per address; numbers never shown; account deletion
 * keeping the number for the retention period; bans and "always
 * pre-moderate"; and identity mode `email` for other jurisdictions.
 */
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { authResponseSchema, commentCreatedResponseSchema, commentListResponseSchema, meResponseSchema } from '@tilshi/shared-types';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../src/core/limits.ts';
import { createMobizonSms } from '../src/core/sms.ts';
import { startMobizon } from '@tilshi/testing/mobizon';
import {
  call,
  confirmPhone,
  createArticle,
  errorCode,
  loggedSmsCode,
  makeHandler,
  newPhone,
  registerReader,
  RELAXED_LIMITS,
  setReaderFlags,
  smsLog,
  storedComments,
  strapi,
} from './support.ts';

const handler = makeHandler();
let article: string;

/** Strapi's own SQLite file: the tables no API shows (codes, numbers), read and aged as an operator would. */
function database(): DatabaseSync {
  return new DatabaseSync(path.join(strapi.dataDir, 'data.db'), { timeout: 10_000 });
}

beforeAll(async () => {
  article = await createArticle();
});

describe('a new reader in identity mode phone', () => {
  it('registers by e-mail, is asked for a number before the first comment, confirms it by the logged SMS code, then comments', async () => {
    const reader = await registerReader(handler, 'phone', { phone: false });
    const me = meResponseSchema.parse((await call(handler, 'GET', '/api/auth/me', { token: reader.token })).json);
    expect(me.data).toMatchObject({ phoneRequired: true, user: { phoneVerified: false, phoneEnding: null } });

    const refused = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Без номера нельзя?' } });
    expect(refused.status).toBe(403);
    expect(errorCode(refused)).toBe('phone_required');

    const since = smsLog.length;
    const asked = await call(handler, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: '8 (701) 555-12-34' } });
    expect(asked.status).toBe(202);
    expect(asked.json).toEqual({ data: { next: 'phone', codeTtlMinutes: 15 } });
    // The development provider prints the code with the number masked to its last two digits.
    const line = smsLog.slice(since).join('\n');
    expect(line).toMatch(/SMS to \+7 \*\*\* \*\*\* \*\* 34: \d{6} — код для подтверждения номера/);
    expect(line).not.toContain('5551234');
    expect(JSON.stringify(asked.json)).not.toContain('555');

    const verified = await call(handler, 'POST', '/api/auth/phone/verify', { token: reader.token, body: { code: loggedSmsCode(since) } });
    expect(verified.status).toBe(200);
    expect(authResponseSchema.parse(verified.json).data).toMatchObject({
      phoneRequired: false,
      user: { phoneVerified: true, phoneEnding: '34' },
    });
    expect(verified.text).not.toContain('5551234');

    const posted = await call(handler, 'POST', '/api/comments', {
      token: reader.token,
      body: { article, body: 'Теперь с подтверждённым номером.' },
    });
    expect(posted.status).toBe(201);
    const db = database();
    try {
      expect(db.prepare('SELECT phone FROM tilshi_reader_phones WHERE user_id = ?').get(reader.id)).toEqual({ phone: '+77015551234' });
    } finally {
      db.close();
    }
  });

  it('sends the code through the Mobizon gateway: digits without "+", the alpha name, and the code in the text', async () => {
    const mobizon = await startMobizon();
    try {
      const viaGateway = makeHandler({ sms: createMobizonSms({ apiKey: mobizon.apiKey, apiUrl: mobizon.url, from: 'TILSHI' }) });
      const reader = await registerReader(viaGateway, 'mobizon', { phone: false });
      const phone = newPhone();
      expect((await call(viaGateway, 'POST', '/api/auth/phone', { token: reader.token, body: { phone, locale: 'kk' } })).status).toBe(202);
      expect(mobizon.messages.at(-1)).toMatchObject({ recipient: phone.slice(1), from: 'TILSHI' });
      expect(mobizon.messages.at(-1)?.text).toMatch(/^\d{6} — tilshi\.example сайтында нөмірді растау коды/);
      const verified = await call(viaGateway, 'POST', '/api/auth/phone/verify', {
        token: reader.token,
        body: { code: mobizon.codeFor(phone) },
      });
      expect(verified.status).toBe(200);
      expect(
        (await call(viaGateway, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Через шлюз Mobizon.' } })).status,
      ).toBe(201);
    } finally {
      await mobizon.stop();
    }
  });

  it('answers 503 sms_unavailable when the gateway refuses the key or is down, and the code of a failed send is never usable', async () => {
    const mobizon = await startMobizon();
    try {
      const wrongKey = makeHandler({ sms: createMobizonSms({ apiKey: 'x'.repeat(40), apiUrl: mobizon.url }) });
      const reader = await registerReader(wrongKey, 'badkey', { phone: false });
      const refused = await call(wrongKey, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: newPhone() } });
      expect(refused.status).toBe(503);
      expect(errorCode(refused)).toBe('sms_unavailable');
      expect(refused.headers.get('retry-after')).toBe('60');

      const down = makeHandler({ sms: createMobizonSms({ apiKey: mobizon.apiKey, apiUrl: mobizon.url }) });
      mobizon.failNext(1);
      expect(errorCode(await call(down, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: newPhone() } }))).toBe(
        'sms_unavailable',
      );
      expect(mobizon.messages).toHaveLength(0);
    } finally {
      await mobizon.stop();
    }
  });

  it('refuses numbers that are not Kazakh mobile numbers, naming the problem, and sends nothing', async () => {
    const reader = await registerReader(handler, 'badnum', { phone: false });
    const since = smsLog.length;
    for (const phone of ['+7 727 212 34 56', '+7 916 123 45 67', '12345', 'seven-seven-seven', '+7701123456789012345678']) {
      const answer = await call(handler, 'POST', '/api/auth/phone', { token: reader.token, body: { phone } });
      expect(answer.status, phone).toBe(400);
      expect(errorCode(answer)).toBe('invalid_phone');
    }
    expect(smsLog.length).toBe(since);
    // Another jurisdiction's operator may accept its own numbers.
    const russian = makeHandler({ phoneCountries: ['KZ', 'RU'] });
    expect((await call(russian, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: '+7 916 123 45 67' } })).status).toBe(202);
  });

  it('refuses a wrong code, stops after five attempts, and never accepts a used or an expired code', async () => {
    const reader = await registerReader(handler, 'codes', { phone: false });
    const ask = async () => {
      const since = smsLog.length;
      expect((await call(handler, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: newPhone() } })).status).toBe(202);
      return loggedSmsCode(since);
    };
    const verify = (code: string) => call(handler, 'POST', '/api/auth/phone/verify', { token: reader.token, body: { code } });
    const wrongOf = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

    const first = await ask();
    for (let attempt = 0; attempt < 5; attempt += 1) expect(errorCode(await verify(wrongOf(first)))).toBe('invalid_code');
    expect(errorCode(await verify(first))).toBe('invalid_code');

    const second = await ask();
    expect((await verify(second)).status).toBe(200);
    expect(errorCode(await verify(second))).toBe('invalid_code');

    const third = await ask();
    const db = database();
    try {
      db.prepare("UPDATE tilshi_reader_codes SET expires_at = ? WHERE user_id = ? AND purpose = 'phone'").run(Date.now() - 1000, reader.id);
    } finally {
      db.close();
    }
    expect(errorCode(await verify(third))).toBe('invalid_code');
  });

  it('tells only whoever received the code that the number belongs to another account, and keeps one account per number', async () => {
    const owner = await registerReader(handler, 'owner');
    const other = await registerReader(handler, 'other', { phone: false });
    const since = smsLog.length;
    // Asking for a code says nothing about the number: the same 202 as for a free one.
    const asked = await call(handler, 'POST', '/api/auth/phone', { token: other.token, body: { phone: owner.phone } });
    expect(asked.status).toBe(202);
    const taken = await call(handler, 'POST', '/api/auth/phone/verify', { token: other.token, body: { code: loggedSmsCode(since) } });
    expect(taken.status).toBe(409);
    expect(errorCode(taken)).toBe('phone_taken');
    const me = meResponseSchema.parse((await call(handler, 'GET', '/api/auth/me', { token: other.token })).json);
    expect(me.data.phoneRequired).toBe(true);
  });
});

describe('the limits of SMS codes', () => {
  it('sends at most three codes an hour to one number, whatever account asks', async () => {
    const limited = makeHandler({ limits: { ...RELAXED_LIMITS, smsPerPhone: DEFAULT_LIMITS.smsPerPhone } });
    const phone = newPhone();
    const readers = [await registerReader(limited, 'smsa', { phone: false }), await registerReader(limited, 'smsb', { phone: false })];
    const statuses: number[] = [];
    for (let index = 0; index < 4; index += 1) {
      const reader = readers[index % 2];
      statuses.push((await call(limited, 'POST', '/api/auth/phone', { token: reader?.token, body: { phone } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
    // Another number is not held back.
    expect((await call(limited, 'POST', '/api/auth/phone', { token: readers[0]?.token, body: { phone: newPhone() } })).status).toBe(202);
  });

  it('stops one address asking for codes in bulk, and only that address', async () => {
    const limited = makeHandler({ limits: { ...RELAXED_LIMITS, smsPerAddress: { limit: 2, windowSeconds: 3600 } } });
    const reader = await registerReader(limited, 'smsaddr', { phone: false });
    // The handler counts the socket peer: the test passes it as the host would.
    const ask = (address: string) =>
      limited(
        new Request('https://tilshi.example/api/auth/phone', {
          method: 'POST',
          headers: { Origin: 'https://tilshi.example', Authorization: `Bearer ${reader.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ phone: newPhone() }),
        }),
        { clientAddress: address },
      );
    expect((await ask('203.0.113.7')).status).toBe(202);
    expect((await ask('203.0.113.7')).status).toBe(202);
    const third = await ask('203.0.113.7');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await ask('198.51.100.9')).status).toBe(202);
  });

  it('stops guessing codes after ten attempts of one account, even with fresh codes', async () => {
    const limited = makeHandler({ limits: { ...RELAXED_LIMITS, phoneCodePerAccount: DEFAULT_LIMITS.phoneCodePerAccount } });
    const reader = await registerReader(limited, 'guess', { phone: false });
    const statuses: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      await call(limited, 'POST', '/api/auth/phone', { token: reader.token, body: { phone: newPhone() } });
      for (let attempt = 0; attempt < 4; attempt += 1) {
        statuses.push((await call(limited, 'POST', '/api/auth/phone/verify', { token: reader.token, body: { code: '000000' } })).status);
      }
    }
    expect(statuses.slice(0, 10).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('moderators', () => {
  it('ban a reader: their session is refused and they cannot comment', async () => {
    const reader = await registerReader(handler, 'banned');
    await setReaderFlags(reader.id, { blocked: true });
    const answer = await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Меня забанили?' } });
    expect(answer.status).toBe(403);
    expect(errorCode(answer)).toBe('account_blocked');
  });

  it('keep a reader always pre-moderated, even a trusted one: their comments wait, with the reason in the note', async () => {
    const reader = await registerReader(handler, 'premod');
    await setReaderFlags(reader.id, { trusted: true });
    await setReaderFlagsRaw(reader.id, { premoderated: true });
    const created = commentCreatedResponseSchema.parse(
      (await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Проверьте меня.' } })).json,
    );
    expect(created.data.status).toBe('pending');
    const [stored] = await storedComments(`filters[documentId][$eq]=${created.data.id}`);
    expect(stored?.moderationNote).toContain('премодерации');
    expect(stored?.moderationReasons).toEqual(['premoderated_reader']);
    await setReaderFlagsRaw(reader.id, { premoderated: false });
    const later = commentCreatedResponseSchema.parse(
      (await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Снова доверенный.' } })).json,
    );
    expect(later.data.status).toBe('approved');
  });
});

/** Ticks a reader flag the shared moderator helper does not name. */
async function setReaderFlagsRaw(userId: number, flags: Record<string, boolean>): Promise<void> {
  const { adminCall } = await import('./support.ts');
  const list = (await adminCall('GET', `/content-manager/collection-types/plugin::users-permissions.user?filters[id][$eq]=${userId}`)) as {
    results: Array<{ documentId: string }>;
  };
  const documentId = list.results[0]?.documentId;
  if (!documentId) throw new Error(`no user ${userId}`);
  await adminCall('PUT', `/content-manager/collection-types/plugin::users-permissions.user/${documentId}`, flags);
}

describe('a reader deleting their account', () => {
  it('needs the password, then loses the account and every comment at once, while the number is kept for the retention period', async () => {
    const reader = await registerReader(handler, 'leaver');
    await setReaderFlags(reader.id, { trusted: true });
    const body = `Комментарий до удаления ${Date.now()}`;
    const created = commentCreatedResponseSchema.parse(
      (await call(handler, 'POST', '/api/comments', { token: reader.token, body: { article, body } })).json,
    );
    expect(created.data.status).toBe('approved');
    const listed = async () =>
      commentListResponseSchema
        .parse((await call(handler, 'GET', `/api/comments?article=${article}&limit=50`)).json)
        .data.map((comment) => comment.body);
    expect(await listed()).toContain(body);

    const wrong = await call(handler, 'DELETE', '/api/auth/account', { token: reader.token, body: { password: 'not-the-password-1' } });
    expect(wrong.status).toBe(401);
    expect(errorCode(wrong)).toBe('invalid_credentials');

    const deleted = await call(handler, 'DELETE', '/api/auth/account', { token: reader.token, body: { password: reader.password } });
    expect(deleted.status).toBe(204);
    expect(deleted.headers.getSetCookie().join()).toMatch(/tilshi_session=;.*Max-Age=0/);
    expect(await listed()).not.toContain(body);
    expect(await storedComments(`filters[authorId][$eq]=${reader.id}`)).toEqual([]);
    expect((await call(handler, 'GET', '/api/auth/me', { token: reader.token })).status).toBe(401);
    expect((await call(handler, 'POST', '/api/auth/login', { body: { identifier: reader.email, password: reader.password } })).status).toBe(
      401,
    );

    const db = database();
    try {
      const row = db.prepare('SELECT phone, username, account_deleted_at FROM tilshi_reader_phones WHERE user_id = ?').get(reader.id);
      expect(row).toMatchObject({ phone: reader.phone, username: reader.username });
      expect(Number((row as { account_deleted_at: number }).account_deleted_at)).toBeGreaterThan(Date.now() - 60_000);
    } finally {
      db.close();
    }
    // The number is free for a new account (one live account per number).
    const newcomer = await registerReader(handler, 'newcomer', { phone: false });
    expect(await confirmPhone(handler, newcomer.token, reader.phone ?? '')).toBe(reader.phone);
  });

  it('leaves the number to the CMS’s sweep, which removes it once the retention period is over, and no live reader’s', async () => {
    const reader = await registerReader(handler, 'retention');
    const keeper = await registerReader(handler, 'keeper');
    expect((await call(handler, 'DELETE', '/api/auth/account', { token: reader.token, body: { password: reader.password } })).status).toBe(
      204,
    );
    const rowsOf = (userId: number) => {
      const db = database();
      try {
        return db.prepare('SELECT user_id FROM tilshi_reader_phones WHERE user_id = ?').all(userId).length;
      } finally {
        db.close();
      }
    };
    // Deleted yesterday: the sweep (every two seconds in these tests) keeps it.
    const age = (days: number) => {
      const db = database();
      try {
        db.prepare('UPDATE tilshi_reader_phones SET account_deleted_at = ? WHERE user_id = ?').run(
          Date.now() - days * 24 * 3600 * 1000,
          reader.id,
        );
      } finally {
        db.close();
      }
    };
    age(1);
    await new Promise((resolve) => setTimeout(resolve, 4500));
    expect(rowsOf(reader.id)).toBe(1);
    // Deleted 93 days ago: past the three months, gone at the next sweep; the live reader's number stays.
    age(93);
    const deadline = Date.now() + 15_000;
    while (rowsOf(reader.id) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(rowsOf(reader.id)).toBe(0);
    expect(rowsOf(keeper.id)).toBe(1);
  });
});

describe('identity mode email', () => {
  const emailOnly = makeHandler({ identity: 'email' });

  it('lets a reader with a confirmed e-mail comment without a number', async () => {
    const reader = await registerReader(emailOnly, 'emailonly', { phone: false });
    const me = meResponseSchema.parse((await call(emailOnly, 'GET', '/api/auth/me', { token: reader.token })).json);
    expect(me.data.phoneRequired).toBe(false);
    expect(
      (await call(emailOnly, 'POST', '/api/comments', { token: reader.token, body: { article, body: 'Без номера, по e-mail.' } })).status,
    ).toBe(201);
  });
});
