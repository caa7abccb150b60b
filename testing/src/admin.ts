/**
 * The panel's admin API for integration tests: the first admin of a test
 * Strapi, one login per test file (Strapi allows about 5 admin logins per
 * 5 minutes per e-mail and address), and users of the newsroom's roles made
 * the way a chief editor invites them (POST /admin/users, then the invitee's
 * POST /admin/register, which answers a session: no login needed).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

export type AdminCredentials = { email: string; password: string };

/** The first admin of a test Strapi (a fresh password each run). */
export function testAdmin(): AdminCredentials {
  return { email: 'chief@example.com', password: `Chief${randomBytes(4).toString('hex')}1` };
}

const tokenAnswer = z.object({ data: z.object({ token: z.string().min(1) }) });

/** Opens a panel session (POST /admin/login): once per test file and user. */
export async function adminLogin(url: string, credentials: AdminCredentials): Promise<string> {
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`admin login of ${credentials.email} failed: ${response.status} ${text}`);
  return tokenAnswer.parse(JSON.parse(text)).data.token;
}

/** `json` is the parsed body; null when the body is empty or not JSON (`text` has it as sent). */
export type StrapiAnswer = { status: number; json: unknown; text: string };

/**
 * A request to Strapi's HTTP API as a client sends it, with a bearer token (a panel session for
 * the admin API, an API token for /api) or none; answers the status and the JSON body, whatever
 * they are (the raw text too): for the tests of what Strapi answers and what it refuses (the StrapiClient of
 * @tilshi/strapi-client throws on an error status instead).
 */
export async function strapiCall(url: string, token: string | null, method: string, path: string, body?: unknown): Promise<StrapiAnswer> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: parseJson(text), text };
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

const rolesAnswer = z.object({ data: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })) });

export type NewsroomUser = AdminCredentials & { id: number; firstname: string; lastname: string; token: string };

/**
 * Invites an admin with a role (by its code, e.g. `tilshi-reporter`) and
 * registers them: answers their credentials and a session token.
 */
export async function createAdminUser(
  url: string,
  adminToken: string,
  roleCode: string,
  person: { firstname: string; lastname: string },
): Promise<NewsroomUser> {
  const roles = rolesAnswer.parse((await strapiCall(url, adminToken, 'GET', '/admin/roles')).json).data;
  const role = roles.find((candidate) => candidate.code === roleCode);
  if (!role) throw new Error(`no admin role with the code ${roleCode} (roles: ${roles.map((candidate) => candidate.code).join(', ')})`);
  const email = `${roleCode}-${randomBytes(4).toString('hex')}@example.com`;
  const invited = await strapiCall(url, adminToken, 'POST', '/admin/users', { ...person, email, roles: [role.id] });
  if (invited.status !== 201) throw new Error(`inviting ${email} failed: ${invited.status} ${JSON.stringify(invited.json)}`);
  const { id, registrationToken } = z
    .object({ data: z.object({ id: z.number(), registrationToken: z.string() }) })
    .parse(invited.json).data;
  const password = `Newsroom${randomBytes(4).toString('hex')}1`;
  const registered = await fetch(`${url}/admin/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ registrationToken, userInfo: { ...person, password } }),
  });
  const text = await registered.text();
  if (!registered.ok) throw new Error(`registering ${email} failed: ${registered.status} ${text}`);
  return { id, email, password, ...person, token: tokenAnswer.parse(JSON.parse(text)).data.token };
}
