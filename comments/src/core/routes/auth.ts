/**
 * Reader accounts and sessions. Accounts are created and checked here only:
 * the CMS's own users-permissions routes are closed, so every rule below holds
 * for every account. Nothing here tells whether an e-mail has an account:
 * registration and password reset answer 202 "a code is on its way" either
 * way, after the same work and no sooner than the auth floor.
 */
import {
  accountDeleteRequestSchema,
  isStrongPassword,
  notificationsRequestSchema,
  phoneRequestSchema,
  phoneVerifyRequestSchema,
  loginRequestSchema,
  passwordChangeRequestSchema,
  passwordResetConfirmRequestSchema,
  passwordResetRequestSchema,
  registerRequestSchema,
  USERNAME_PATTERN,
  VERIFICATION_CODE_PATTERN,
  VERIFICATION_CODE_TTL_MINUTES,
  verifyRequestSchema,
  type Locale,
} from '@tilshi/shared-types';
import { z } from 'zod';
import { CommentsError } from '../errors.ts';
import { jsonResponse } from '../http.ts';
import { MAIL_TEXTS } from '../mail.ts';
import { normalizePhone } from '../phone.ts';
import { SMS_TEXTS } from '../sms.ts';
import type { Kit, Route } from '../route.ts';
import { isHoneypotFilled, normalizeUsername } from '../rules.ts';

const EMAIL_MAX = 254;

/** A typed e-mail address, normalised (trimmed, lower case); 400 invalid_email otherwise. */
function checkedEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > EMAIL_MAX || !z.email().safeParse(email).success) throw new CommentsError('invalid_email');
  return email;
}

/** A code as typed (spaces and dashes people add are dropped); 400 invalid_code when it cannot be one. */
function checkedCode(raw: string): string {
  const code = raw.replace(/[\s-]/g, '');
  if (!VERIFICATION_CODE_PATTERN.test(code)) throw new CommentsError('invalid_code');
  return code;
}

function codeSent(next: 'verify' | 'reset' | 'phone'): Response {
  return jsonResponse(202, { data: { next, codeTtlMinutes: VERIFICATION_CODE_TTL_MINUTES } });
}

// eslint-disable-next-line max-lines-per-function -- the auth route table: one short handler per route, each under its method/path/auth comment
export function authRoutes(kit: Kit): Route[] {
  const { store, limit, mailer, sms, siteName } = kit;

  async function mail(to: string, language: Locale, texts: Record<Locale, { subject: string; text: string }>): Promise<void> {
    await mailer.send({ to, ...texts[language] });
  }

  return [
    /**
     * POST /auth/register — public; Origin-checked. JSON { username, email, password, website?, locale? }
     * (`website` is the honeypot). 202 { data: { next: 'verify', codeTtlMinutes } } whether or not the
     * e-mail has an account: a new (or never confirmed) one gets a 6-digit code, a confirmed one a notice
     * "you already have an account". 409 username_taken. Limited per address and per e-mail.
     * username, email and password are unsanitised input.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/register$/,
      run: async (context) => {
        const input = await kit.parseBody(context, registerRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        const username = normalizeUsername(input.username);
        if (!USERNAME_PATTERN.test(username)) throw new CommentsError('invalid_username');
        const email = checkedEmail(input.email);
        if (!isStrongPassword(input.password, { username, email })) throw new CommentsError('weak_password');
        await limit([
          { name: 'registerPerAddress', key: context.address },
          { name: 'registerPerEmail', key: email },
        ]);
        return kit.atLeastFloor(async () => {
          const outcome = await store.registerAccount({ username, email, password: input.password });
          if (outcome.outcome === 'username_taken') throw new CommentsError('username_taken');
          if (outcome.outcome === 'code') await mail(email, context.language, MAIL_TEXTS.registerCode(outcome.code, siteName));
          else await mail(email, context.language, MAIL_TEXTS.accountExists(siteName));
          return codeSent('verify');
        });
      },
    },
    /**
     * POST /auth/verify — public; Origin-checked. JSON { email, code, locale? }: the code of the
     * registration e-mail. 200 { data: { user, expiresAt } } + session cookie; 400 invalid_code when the
     * code is wrong, expired, used, or the e-mail unknown. Limited per e-mail and per address.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/verify$/,
      run: async (context) => {
        const input = await kit.parseBody(context, verifyRequestSchema);
        const email = checkedEmail(input.email);
        const code = checkedCode(input.code);
        await limit([
          { name: 'codePerAddress', key: context.address },
          { name: 'codePerEmail', key: email },
        ]);
        const outcome = await kit.atLeastFloor(() => store.verifyAccount({ email, code }));
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_code');
        return kit.startSession(outcome);
      },
    },
    /**
     * POST /auth/login — public; Origin-checked. JSON { identifier (e-mail or username), password, locale? }.
     * 200 { data: { user, expiresAt } } + session cookie; 401 invalid_credentials (unknown or wrong — the
     * same answer in the same time); 403 account_blocked / verification_required (a new code was e-mailed)
     * only with the right password. Limited per address and per account. Both fields are unsanitised input.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/login$/,
      run: async (context) => {
        const input = await kit.parseBody(context, loginRequestSchema);
        const identifier = input.identifier.normalize('NFC').trim();
        if (identifier === '' || identifier.length > EMAIL_MAX || input.password === '' || input.password.length > 200) {
          throw new CommentsError('invalid_credentials');
        }
        await limit([
          { name: 'loginPerAddress', key: context.address },
          { name: 'loginPerAccount', key: identifier.toLowerCase() },
        ]);
        const outcome = await kit.atLeastFloor(async () => {
          const result = await store.login({ identifier, password: input.password });
          if (result.outcome === 'unconfirmed') await mail(result.email, context.language, MAIL_TEXTS.registerCode(result.code, siteName));
          return result;
        });
        if (outcome.outcome === 'invalid') throw new CommentsError('invalid_credentials');
        if (outcome.outcome === 'blocked') throw new CommentsError('account_blocked');
        if (outcome.outcome === 'unconfirmed') throw new CommentsError('verification_required');
        return kit.startSession(outcome);
      },
    },
    /**
     * POST /auth/logout — Origin-checked; the session cookie or Bearer token if any. 204 and the cookie
     * cleared. A valid session is ended on the server too: every session of that reader, on every device.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/logout$/,
      run: async (context) => {
        const signedIn = await kit.requireReader(context).catch((error: unknown) => {
          if (error instanceof CommentsError && (error.code === 'unauthorized' || error.code === 'account_blocked')) return null;
          throw error;
        });
        if (signedIn) await store.revokeSessions(signedIn.account.id);
        context.extraHeaders.delete('Set-Cookie');
        return kit.clearSession(new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } }));
      },
    },
    /** GET /auth/me — signed in (cookie or Bearer). 200 { data: { user, expiresAt } }; renews an old enough session. */
    {
      method: 'GET',
      pattern: /^\/auth\/me$/,
      run: async (context) => {
        const { account, session } = await kit.requireReader(context);
        return jsonResponse(200, { data: kit.sessionData(account, session.expiresAt) });
      },
    },
    /**
     * POST /auth/phone — signed in; Origin-checked. JSON { phone, locale? }: a mobile number as typed
     * (unsanitised input). 202 { data: { next: 'phone', codeTtlMinutes } }: a 6-digit code goes to the number
     * by SMS, whether or not another account has it (verify tells only whoever got the code). 400
     * invalid_phone for a number that is not a mobile number of the accepted countries; 503 sms_unavailable.
     * Limited per number, per account and per address.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/phone$/,
      run: async (context) => {
        const { account } = await kit.requireReader(context);
        const input = await kit.parseBody(context, phoneRequestSchema);
        const phone = normalizePhone(input.phone, kit.phoneCountries);
        if (phone === null) throw new CommentsError('invalid_phone');
        await limit([
          { name: 'smsPerAddress', key: context.address },
          { name: 'smsPerAccount', key: String(account.id) },
          { name: 'smsPerPhone', key: phone },
        ]);
        const outcome = await store.requestPhone({ userId: account.id, phone });
        if (outcome.outcome !== 'code') throw new CommentsError('unauthorized', { details: { reason: 'account cannot confirm a number' } });
        await sms.send({ to: phone, text: SMS_TEXTS.phoneCode(outcome.code, siteName)[context.language] });
        return codeSent('phone');
      },
    },
    /**
     * POST /auth/phone/verify — signed in; Origin-checked. JSON { code, locale? }: the SMS code. 200
     * { data: { user, expiresAt, phoneRequired: false } }; 400 invalid_code (wrong, expired, used up);
     * 409 phone_taken (the number is confirmed for another account: told only to its owner).
     * Limited per account and per address.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/phone\/verify$/,
      run: async (context) => {
        const { account, session } = await kit.requireReader(context);
        const input = await kit.parseBody(context, phoneVerifyRequestSchema);
        const code = checkedCode(input.code);
        await limit([
          { name: 'phoneCodePerAddress', key: context.address },
          { name: 'phoneCodePerAccount', key: String(account.id) },
        ]);
        const outcome = await store.verifyPhone({ userId: account.id, code });
        if (outcome.outcome === 'taken') throw new CommentsError('phone_taken');
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_code');
        return jsonResponse(200, { data: kit.sessionData({ ...account, phoneEnding: outcome.phoneEnding }, session.expiresAt) });
      },
    },
    /**
     * DELETE /auth/account — signed in; Origin-checked. JSON { password, locale? }. 204: the account and
     * every comment of the reader are deleted, the cookie cleared (a confirmed number is kept, unreadable,
     * for the retention period the law asks, then removed). 401 invalid_credentials for a wrong password.
     * Limited per account. `password` is unsanitised input.
     */
    {
      method: 'DELETE',
      pattern: /^\/auth\/account$/,
      run: async (context) => {
        const { account } = await kit.requireReader(context);
        const input = await kit.parseBody(context, accountDeleteRequestSchema);
        await limit([{ name: 'passwordPerAccount', key: String(account.id) }]);
        const outcome = await store.deleteAccount({ userId: account.id, password: input.password });
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_credentials');
        kit.cache.invalidate(outcome.articles);
        context.extraHeaders.delete('Set-Cookie');
        return kit.clearSession(new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } }));
      },
    },
    /**
     * POST /auth/notifications — signed in; Origin-checked. JSON { notifyReplies, locale? }. 200 the
     * session answer with the new setting: whether replies to the reader's comments are e-mailed.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/notifications$/,
      run: async (context) => {
        const { account, session } = await kit.requireReader(context);
        const input = await kit.parseBody(context, notificationsRequestSchema);
        await store.setNotifications({ userId: account.id, notifyReplies: input.notifyReplies });
        return jsonResponse(200, { data: kit.sessionData({ ...account, notifyReplies: input.notifyReplies }, session.expiresAt) });
      },
    },
    /**
     * POST /auth/password — signed in; Origin-checked. JSON { currentPassword, password, locale? }. 200 a new
     * session (cookie) for this browser; every other session of the reader ends. 401 invalid_credentials
     * for a wrong current password, 400 weak_password. Limited per reader. Both fields are unsanitised input.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/password$/,
      run: async (context) => {
        const { account } = await kit.requireReader(context);
        const input = await kit.parseBody(context, passwordChangeRequestSchema);
        if (!isStrongPassword(input.password, { username: account.username })) throw new CommentsError('weak_password');
        await limit([{ name: 'passwordPerAccount', key: String(account.id) }]);
        const outcome = await store.changePassword({
          userId: account.id,
          currentPassword: input.currentPassword,
          newPassword: input.password,
        });
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_credentials');
        context.extraHeaders.delete('Set-Cookie');
        return kit.startSession(outcome);
      },
    },
    /**
     * POST /auth/password-reset — public; Origin-checked. JSON { email, website?, locale? }. 202
     * { data: { next: 'reset', codeTtlMinutes } } always; a confirmed account gets a code by e-mail.
     * Limited per address and per e-mail.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/password-reset$/,
      run: async (context) => {
        const input = await kit.parseBody(context, passwordResetRequestSchema);
        if (isHoneypotFilled(input.website)) throw new CommentsError('spam_detected');
        const email = checkedEmail(input.email);
        await limit([
          { name: 'resetPerAddress', key: context.address },
          { name: 'resetPerEmail', key: email },
        ]);
        return kit.atLeastFloor(async () => {
          const outcome = await store.requestPasswordReset({ email });
          if (outcome.outcome === 'code') await mail(email, context.language, MAIL_TEXTS.resetCode(outcome.code, siteName));
          return codeSent('reset');
        });
      },
    },
    /**
     * POST /auth/password-reset/confirm — public; Origin-checked. JSON { email, code, password, locale? }.
     * 200 a new session (cookie); every earlier session ends. 400 invalid_code / weak_password.
     * Limited per e-mail and per address. `password` is unsanitised input.
     */
    {
      method: 'POST',
      pattern: /^\/auth\/password-reset\/confirm$/,
      run: async (context) => {
        const input = await kit.parseBody(context, passwordResetConfirmRequestSchema);
        const email = checkedEmail(input.email);
        const code = checkedCode(input.code);
        if (!isStrongPassword(input.password, { email })) throw new CommentsError('weak_password');
        await limit([
          { name: 'codePerAddress', key: context.address },
          { name: 'codePerEmail', key: email },
        ]);
        const outcome = await kit.atLeastFloor(() => store.confirmPasswordReset({ email, code, newPassword: input.password }));
        if (outcome.outcome !== 'ok') throw new CommentsError('invalid_code');
        return kit.startSession(outcome);
      },
    },
  ];
}
