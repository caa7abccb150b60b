/**
 * The reader-account operations of the comments function (its API token is the
 * only caller: routes/reader-account.ts). Each action validates its JSON body
 * and answers `{ data: <outcome> }`; expected outcomes (wrong password, wrong
 * code, e-mail already confirmed…) are data, not errors, so the function maps
 * them itself. A malformed body is a 400 naming the fields.
 */
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import type readerAccountService from '../services/reader-account';

type Context = { request: { body?: unknown }; body: unknown; badRequest(message: string, details?: unknown): void };
type Service = ReturnType<typeof readerAccountService>;

const email = z.string().trim().toLowerCase().min(3).max(254);
const password = z.string().min(1).max(200);
const newPassword = z.string().min(8).max(200);
const code = z.string().regex(/^\d{6}$/);
const userId = z.number().int().positive();

const schemas = {
  register: z.object({ username: z.string().trim().min(3).max(60), email, password: newPassword }),
  verify: z.object({ email, code }),
  login: z.object({ identifier: z.string().trim().min(1).max(254), password }),
  revokeSessions: z.object({ userId }),
  changePassword: z.object({ userId, currentPassword: password, newPassword }),
  requestReset: z.object({ email }),
  confirmReset: z.object({ email, code, newPassword }),
  /** E.164, as the function normalised it. */
  requestPhone: z.object({ userId, phone: z.string().regex(/^\+[1-9]\d{6,14}$/) }),
  verifyPhone: z.object({ userId, code }),
  deleteAccount: z.object({ userId, password }),
  setNotifications: z.object({ userId, notifyReplies: z.boolean() }),
};

/** An action that parses the `data` of the JSON body with a schema (a 400 naming the fields otherwise) and answers `{ data: outcome }`. */
function action<Input>(schema: z.ZodType<Input>, run: (input: Input) => Promise<unknown>) {
  // The phone number of a bad request is never echoed: only the names of the fields.
  return async (ctx: Context): Promise<void> => {
    const body = ctx.request.body;
    const parsed = schema.safeParse(typeof body === 'object' && body !== null && 'data' in body ? body.data : undefined);
    if (!parsed.success) {
      ctx.badRequest('invalid reader-account request', { fields: parsed.error.issues.map((issue) => issue.path.join('.') || '(root)') });
      return;
    }
    ctx.body = { data: await run(parsed.data) };
  };
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = (): Service => strapi.service('api::reader-account.reader-account') as unknown as Service;
  return {
    /** POST /api/reader-accounts/register { data: { username, email, password } } → code | existing | username_taken. */
    register: action(schemas.register, (input) => service().register(input)),
    /** POST /api/reader-accounts/verify { data: { email, code } } → ok (userId, sessionVersion) | invalid. */
    verify: action(schemas.verify, (input) => service().verify(input)),
    /** POST /api/reader-accounts/login { data: { identifier, password } } → ok | invalid | blocked | unconfirmed (with a new code). */
    login: action(schemas.login, (input) => service().login(input)),
    /** POST /api/reader-accounts/sessions/revoke { data: { userId } } → { sessionVersion }. */
    revokeSessions: action(schemas.revokeSessions, (input) => service().revokeSessions(input.userId)),
    /** POST /api/reader-accounts/password { data: { userId, currentPassword, newPassword } } → ok | invalid. */
    changePassword: action(schemas.changePassword, (input) => service().changePassword(input)),
    /** POST /api/reader-accounts/password-reset { data: { email } } → code | none. */
    requestReset: action(schemas.requestReset, (input) => service().requestReset(input)),
    /** POST /api/reader-accounts/password-reset/confirm { data: { email, code, newPassword } } → ok | invalid. */
    confirmReset: action(schemas.confirmReset, (input) => service().confirmReset(input)),
    /** POST /api/reader-accounts/phone { data: { userId, phone } } → code | invalid (the function sends the SMS). */
    requestPhone: action(schemas.requestPhone, (input) => service().requestPhone(input)),
    /** POST /api/reader-accounts/phone/verify { data: { userId, code } } → ok (phoneEnding) | invalid | taken. */
    verifyPhone: action(schemas.verifyPhone, (input) => service().verifyPhone(input)),
    /** POST /api/reader-accounts/delete { data: { userId, password } } → ok (articles) | invalid. */
    deleteAccount: action(schemas.deleteAccount, (input) => service().deleteAccount(input)),
    /** POST /api/reader-accounts/notifications { data: { userId, notifyReplies } } → ok | invalid. */
    setNotifications: action(schemas.setNotifications, (input) => service().setNotifications(input)),
  };
};
