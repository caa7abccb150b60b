/**
 * Reader accounts, created and checked for the comments function only.
 *
 * users-permissions' own routes (/api/auth/local, …/register, forgot/reset
 * password) are closed (bootstrap/permissions.ts), so a reader account exists
 * only through these operations, which only the function's API token may call
 * (routes/reader-account.ts). The function applies its rules (username pattern,
 * password policy, honeypot, rate limits by address and identifier) before it
 * calls them; this service keeps what must be atomic or secret on the database
 * side: password hashes (users-permissions' bcrypt), one-time codes, the
 * session version that ends sessions, and answers that do not tell whether an
 * e-mail is known (the same work is done either way: a password is hashed or
 * compared against a dummy hash).
 *
 * One-time codes (6 digits, 15 minutes, 5 attempts) confirm a new account's
 * e-mail and a password reset; they are stored as SHA-256 hashes, one per
 * reader and purpose, and deleted when used. An account whose e-mail was never
 * confirmed reserves its username for a day; after that a new registration
 * may take the username or the e-mail over.
 */
import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { recordChanges, settlePushes, sqlOf } from '../../comment/changes';
import { CODES_TABLE, PHONES_TABLE, REPORTS_TABLE, knexOf, rowsOf } from '../tables';

const USER = 'plugin::users-permissions.user';
export const CODE_TTL_MS = 15 * 60 * 1000;
export const CODE_MAX_ATTEMPTS = 5;
export const UNCONFIRMED_TTL_MS = 24 * 60 * 60 * 1000;

export type CodePurpose = 'register' | 'reset' | 'phone';

type UserRow = {
  id: number;
  documentId: string;
  username: string;
  email: string;
  password: string | null;
  confirmed: boolean | null;
  blocked: boolean | null;
  sessionVersion: number | null;
  createdAt: string | Date;
};

const USER_FIELDS = ['id', 'documentId', 'username', 'email', 'password', 'confirmed', 'blocked', 'sessionVersion', 'createdAt'];

export type RegisterOutcome =
  { outcome: 'code'; userId: number; code: string } | { outcome: 'existing'; userId: number } | { outcome: 'username_taken' };
export type SessionOutcome = { outcome: 'ok'; userId: number; sessionVersion: number };
export type LoginOutcome =
  | SessionOutcome
  | { outcome: 'invalid' }
  | { outcome: 'blocked' }
  | { outcome: 'unconfirmed'; userId: number; email: string; code: string };
export type VerifyOutcome = SessionOutcome | { outcome: 'invalid' };
export type ResetRequestOutcome = { outcome: 'code'; userId: number; code: string } | { outcome: 'none' };
export type PhoneVerifyOutcome = { outcome: 'ok'; phoneEnding: string } | { outcome: 'invalid' } | { outcome: 'taken' };
export type DeleteOutcome = { outcome: 'ok'; articles: string[] } | { outcome: 'invalid' };

const COMMENT = 'api::comment.comment';

type UserService = {
  add(values: Record<string, unknown>): Promise<{ id: number }>;
  edit(id: number, values: Record<string, unknown>): Promise<unknown>;
  validatePassword(password: string, hash: string): Promise<boolean>;
  ensureHashedPasswords(values: { password: string }): Promise<{ password: string }>;
};

const hashCode = (userId: number, purpose: CodePurpose, code: string): string =>
  createHash('sha256').update(`${userId}:${purpose}:${code}`).digest('hex');

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

// eslint-disable-next-line max-lines-per-function -- Strapi's service factory: its body is the service's methods, each short
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const users = () => strapi.db.query(USER);
  const userService = (): UserService => strapi.plugin('users-permissions').service('user') as UserService;
  let dummyHash: Promise<string> | undefined;

  /** A bcrypt hash of nothing in particular: unknown identifiers are compared against it, so they cost what known ones do. */
  function dummy(): Promise<string> {
    dummyHash ??= userService()
      .ensureHashedPasswords({ password: `tilshi-dummy-${randomInt(1e9)}` })
      .then((values) => values.password);
    return dummyHash;
  }

  const byEmail = (email: string): Promise<UserRow | null> => users().findOne({ select: USER_FIELDS, where: { email: { $eqi: email } } });
  const byUsername = (username: string): Promise<UserRow | null> =>
    users().findOne({ select: USER_FIELDS, where: { username: { $eqi: username } } });

  function isStaleReservation(user: UserRow, now: number): boolean {
    return user.confirmed !== true && now - new Date(user.createdAt).getTime() > UNCONFIRMED_TTL_MS;
  }

  async function authenticatedRoleId(): Promise<number> {
    const role: { id: number } | null = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'authenticated' } });
    if (!role) throw new Error('users-permissions: the authenticated role does not exist');
    return role.id;
  }

  /**
   * A fresh code for a reader and purpose (replacing any earlier one); only its
   * hash is stored, with the `target` it was sent to when that is not the
   * account's e-mail (the number a phone code confirms; the hash covers it too).
   */
  async function issueCode(userId: number, purpose: CodePurpose, now: number, target: string | null = null): Promise<string> {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const knex = knexOf(strapi);
    await knex.raw(
      `INSERT INTO ${CODES_TABLE} (user_id, purpose, code_hash, expires_at, attempts, target) VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (user_id, purpose) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at, attempts = 0, target = excluded.target`,
      [userId, purpose, hashCode(userId, purpose, `${code}:${target ?? ''}`), now + CODE_TTL_MS, target],
    );
    return code;
  }

  /**
   * Spends one attempt on a reader's code and consumes it when right. Wrong,
   * expired, used up (5 attempts) or missing codes are all simply "not valid"
   * (null); a right one answers the target it was sent to ('' for the e-mail).
   */
  async function consumeCode(userId: number, purpose: CodePurpose, code: string, now: number): Promise<string | null> {
    const knex = knexOf(strapi);
    const counted = rowsOf(
      await knex.raw(
        `UPDATE ${CODES_TABLE} SET attempts = attempts + 1 WHERE user_id = ? AND purpose = ? AND attempts < ? AND expires_at > ? RETURNING code_hash, target`,
        [userId, purpose, CODE_MAX_ATTEMPTS, now],
      ),
    );
    const stored = counted[0]?.code_hash;
    if (typeof stored !== 'string') {
      await knex.raw(`DELETE FROM ${CODES_TABLE} WHERE user_id = ? AND purpose = ?`, [userId, purpose]);
      return null;
    }
    const target = typeof counted[0]?.target === 'string' ? counted[0].target : '';
    if (!sameHash(stored, hashCode(userId, purpose, `${code}:${target}`))) return null;
    await knex.raw(`DELETE FROM ${CODES_TABLE} WHERE user_id = ? AND purpose = ?`, [userId, purpose]);
    return target;
  }

  /** Moves a reader's session version on, in one statement (two logouts at once both count). */
  async function bumpSessionVersion(userId: number): Promise<number> {
    const meta = strapi.db.metadata.get(USER);
    const column = (meta.attributes.sessionVersion as { columnName?: string } | undefined)?.columnName ?? 'session_version';
    const rows = rowsOf(
      await knexOf(strapi).raw(
        `UPDATE ${meta.tableName} SET ${column} = COALESCE(${column}, 0) + 1 WHERE id = ? RETURNING ${column} AS version`,
        [userId],
      ),
    );
    return Number(rows[0]?.version ?? 0);
  }

  return {
    /**
     * A new account (unconfirmed, with a code to confirm its e-mail), the same
     * for an unconfirmed one of that e-mail (new username, password and code),
     * or "existing" for a confirmed e-mail — the password is hashed in every
     * case, so the three take the same time. `username_taken`: another account
     * has that username (usernames are public).
     */
    async register(input: { username: string; email: string; password: string }, now = Date.now()): Promise<RegisterOutcome> {
      const [owner, holder] = await Promise.all([byEmail(input.email), byUsername(input.username)]);
      if (holder && holder.id !== owner?.id) {
        if (!isStaleReservation(holder, now)) {
          await dummy();
          return { outcome: 'username_taken' };
        }
        await users().delete({ where: { id: holder.id } });
      }
      if (owner?.confirmed === true) {
        // Same cost as creating an account: hash the password, keep nothing.
        await userService().ensureHashedPasswords({ password: input.password });
        return { outcome: 'existing', userId: owner.id };
      }
      let userId: number;
      if (owner) {
        await userService().edit(owner.id, { username: input.username, password: input.password });
        userId = owner.id;
      } else {
        const created = await userService().add({
          username: input.username,
          email: input.email,
          password: input.password,
          provider: 'local',
          confirmed: false,
          blocked: false,
          role: await authenticatedRoleId(),
        });
        userId = created.id;
      }
      return { outcome: 'code', userId, code: await issueCode(userId, 'register', now) };
    },

    /** Confirms a new account's e-mail with its code; the account can sign in from then on. */
    async verify(input: { email: string; code: string }, now = Date.now()): Promise<VerifyOutcome> {
      const user = await byEmail(input.email);
      if (!user || user.blocked === true || (await consumeCode(user.id, 'register', input.code, now)) === null)
        return { outcome: 'invalid' };
      if (user.confirmed !== true) await users().update({ where: { id: user.id }, data: { confirmed: true } });
      return { outcome: 'ok', userId: user.id, sessionVersion: user.sessionVersion ?? 0 };
    },

    /**
     * E-mail (any case) or username (any case) and password. Unknown
     * identifiers are compared against a dummy hash. Blocked and unconfirmed
     * are told only to whoever knows the password; an unconfirmed account gets
     * a fresh code to confirm it.
     */
    async login(input: { identifier: string; password: string }, now = Date.now()): Promise<LoginOutcome> {
      const user = input.identifier.includes('@') ? await byEmail(input.identifier) : await byUsername(input.identifier);
      const matches = await userService().validatePassword(input.password, user?.password ?? (await dummy()));
      if (!user || !user.password || !matches) return { outcome: 'invalid' };
      if (user.blocked === true) return { outcome: 'blocked' };
      if (user.confirmed !== true)
        return { outcome: 'unconfirmed', userId: user.id, email: user.email, code: await issueCode(user.id, 'register', now) };
      return { outcome: 'ok', userId: user.id, sessionVersion: user.sessionVersion ?? 0 };
    },

    /** Ends every session of a reader (logout, password change): their session version moves on. */
    async revokeSessions(userId: number): Promise<{ sessionVersion: number }> {
      return { sessionVersion: await bumpSessionVersion(userId) };
    },

    /** A signed-in reader changes their password; every other session ends. */
    async changePassword(input: {
      userId: number;
      currentPassword: string;
      newPassword: string;
    }): Promise<SessionOutcome | { outcome: 'invalid' }> {
      const user: UserRow | null = await users().findOne({ select: USER_FIELDS, where: { id: input.userId } });
      if (!user?.password || !(await userService().validatePassword(input.currentPassword, user.password))) return { outcome: 'invalid' };
      await userService().edit(user.id, { password: input.newPassword });
      return { outcome: 'ok', userId: user.id, sessionVersion: await bumpSessionVersion(user.id) };
    },

    /** A code to reset the password of a confirmed, unblocked account; "none" otherwise (the function answers the same). */
    async requestReset(input: { email: string }, now = Date.now()): Promise<ResetRequestOutcome> {
      const user = await byEmail(input.email);
      if (!user || user.confirmed !== true || user.blocked === true) return { outcome: 'none' };
      return { outcome: 'code', userId: user.id, code: await issueCode(user.id, 'reset', now) };
    },

    /** A new password with a reset code; every earlier session ends. */
    async confirmReset(input: { email: string; code: string; newPassword: string }, now = Date.now()): Promise<VerifyOutcome> {
      const user = await byEmail(input.email);
      if (!user || user.blocked === true || (await consumeCode(user.id, 'reset', input.code, now)) === null) return { outcome: 'invalid' };
      await userService().edit(user.id, { password: input.newPassword });
      return { outcome: 'ok', userId: user.id, sessionVersion: await bumpSessionVersion(user.id) };
    },

    /**
     * A code to confirm a mobile number (E.164, normalised by the function) for
     * a signed-in reader, sent by SMS by the function. Always a code: whether
     * the number belongs to another account is told only to whoever received
     * the code (verifyPhone), so nobody learns which numbers are registered.
     */
    async requestPhone(
      input: { userId: number; phone: string },
      now = Date.now(),
    ): Promise<{ outcome: 'code'; code: string } | { outcome: 'invalid' }> {
      const user: { id: number; confirmed: boolean | null; blocked: boolean | null } | null = await users().findOne({
        select: ['id', 'confirmed', 'blocked'],
        where: { id: input.userId },
      });
      if (!user || user.confirmed !== true || user.blocked === true) return { outcome: 'invalid' };
      return { outcome: 'code', code: await issueCode(user.id, 'phone', now, input.phone) };
    },

    /**
     * Confirms the number the code was sent to for this reader: the account's
     * identification from then on (a new number replaces the old one). `taken`:
     * another live account has it (one account per number, a unique index).
     */
    async verifyPhone(input: { userId: number; code: string }, now = Date.now()): Promise<PhoneVerifyOutcome> {
      const user: { id: number; username: string; blocked: boolean | null } | null = await users().findOne({
        select: ['id', 'username', 'blocked'],
        where: { id: input.userId },
      });
      if (!user || user.blocked === true) return { outcome: 'invalid' };
      const phone = await consumeCode(user.id, 'phone', input.code, now);
      if (!phone) return { outcome: 'invalid' };
      const knex = knexOf(strapi);
      const holder = rowsOf(
        await knex.raw(`SELECT user_id FROM ${PHONES_TABLE} WHERE phone = ? AND account_deleted_at IS NULL`, [phone]),
      )[0];
      if (holder && Number(holder.user_id) !== user.id) return { outcome: 'taken' };
      try {
        await knex.raw(
          `INSERT INTO ${PHONES_TABLE} (user_id, phone, username, verified_at, account_deleted_at) VALUES (?, ?, ?, ?, NULL)
           ON CONFLICT (user_id) DO UPDATE SET phone = excluded.phone, username = excluded.username, verified_at = excluded.verified_at, account_deleted_at = NULL`,
          [user.id, phone, user.username, now],
        );
      } catch (error) {
        // The unique index on live numbers: another account confirmed it at the same moment.
        if (/unique|constraint/i.test(String(error))) return { outcome: 'taken' };
        throw error;
      }
      return { outcome: 'ok', phoneEnding: phone.slice(-2) };
    },

    /**
     * Deletes a reader's account at their request (with their password): their
     * comments and reports go at once, the account too; the confirmed number
     * stays (with the username it belonged to) for the retention period the law
     * asks, then the hourly sweep removes it. Answers the articles whose
     * comments changed, for the function's cache.
     */
    async deleteAccount(input: { userId: number; password: string }, now = Date.now()): Promise<DeleteOutcome> {
      const user: UserRow | null = await users().findOne({ select: USER_FIELDS, where: { id: input.userId } });
      if (!user?.password || !(await userService().validatePassword(input.password, user.password))) return { outcome: 'invalid' };
      const comments: Array<{ articleDocumentId: string | null }> = await strapi.db
        .query(COMMENT)
        .findMany({ select: ['articleDocumentId'], where: { authorId: user.id } });
      const articles = [
        ...new Set(comments.map((comment) => comment.articleDocumentId).filter((id): id is string => typeof id === 'string')),
      ];
      await strapi.db.transaction(async () => {
        // The transaction's own connection: SQLite has one, a statement outside it would wait forever.
        const knex = await sqlOf(strapi);
        await strapi.db.query(COMMENT).deleteMany({ where: { authorId: user.id } });
        await knex.raw(`DELETE FROM ${REPORTS_TABLE} WHERE reader_id = ?`, [user.id]);
        await knex.raw(`DELETE FROM ${CODES_TABLE} WHERE user_id = ?`, [user.id]);
        await knex.raw(`UPDATE ${PHONES_TABLE} SET account_deleted_at = ?, username = ? WHERE user_id = ?`, [now, user.username, user.id]);
        await users().delete({ where: { id: user.id } });
        await recordChanges(strapi, articles, now);
      });
      await settlePushes();
      return { outcome: 'ok', articles };
    },

    /** Turns the e-mails about replies on or off (the account page, or the opt-out link of such an e-mail). */
    async setNotifications(input: { userId: number; notifyReplies: boolean }): Promise<{ outcome: 'ok' } | { outcome: 'invalid' }> {
      const updated = await users().update({ where: { id: input.userId }, data: { notifyReplies: input.notifyReplies } });
      return updated ? { outcome: 'ok' } : { outcome: 'invalid' };
    },
  };
};
