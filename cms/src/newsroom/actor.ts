/**
 * Who does what: the actor of a Document Service action, for article
 * versions and the audit list. Read from Strapi's request context (the Koa
 * context of the request the action runs in), so it is right for every way
 * in — the panel (an admin user), REST with an API token (the importer, the
 * seed, the comments function: the token's name) — and from an explicit
 * scope for work that runs outside any request (scheduled publishing), or
 * that must be recorded as something more specific (a restore).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Core } from '@strapi/strapi';

export type Actor =
  | { kind: 'admin'; id: number; name: string }
  | { kind: 'api-token'; name: string }
  | { kind: 'reader'; id: number; name: string }
  | { kind: 'scheduled' }
  | { kind: 'system' };

export type ActorKind = Actor['kind'];

/** How an actor is stored on a version or an audit entry. */
export type ActorColumns = { actorKind: ActorKind; actorName: string | null; actorId: number | null };

/** What an explicit scope says about the actions run inside it. */
export type ActionScope = {
  actor?: Actor;
  /** The version a restore brings back: the article's next version is recorded as a restore of it. */
  restoredFrom?: number;
};

const scopes = new AsyncLocalStorage<ActionScope>();

/** Runs `work` with its Document Service actions attributed to `scope` (nested scopes add to the outer one). */
export function withActionScope<T>(scope: ActionScope, work: () => Promise<T>): Promise<T> {
  return scopes.run({ ...scopes.getStore(), ...scope }, work);
}

export function currentScope(): ActionScope {
  return scopes.getStore() ?? {};
}

const asRecord = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
const asString = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/** "Имя Фамилия" of an admin user, else their username or e-mail. */
export function adminDisplayName(user: Record<string, unknown>): string {
  const full = [asString(user.firstname), asString(user.lastname)].filter(Boolean).join(' ');
  return full || asString(user.username) || asString(user.email) || `admin #${String(user.id)}`;
}

/** The actor of the request being served, from its authentication (none outside a request). */
export function requestActor(strapi: Core.Strapi): Actor | undefined {
  const state = asRecord(asRecord(strapi.requestContext.get())?.state);
  const auth = asRecord(state?.auth);
  const strategy = asString(asRecord(auth?.strategy)?.name);
  const credentials = asRecord(auth?.credentials);
  if (!strategy || !credentials) return undefined;
  if (strategy === 'admin' && typeof credentials.id === 'number')
    return { kind: 'admin', id: credentials.id, name: adminDisplayName(credentials) };
  if (strategy === 'api-token' || strategy === 'content-api-token' || strategy === 'admin-token') {
    return { kind: 'api-token', name: asString(credentials.name) ?? 'API token' };
  }
  if (strategy === 'users-permissions' && typeof credentials.id === 'number') {
    return { kind: 'reader', id: credentials.id, name: asString(credentials.username) ?? `#${credentials.id}` };
  }
  return undefined;
}

/** Who the action running now is done by: an explicit scope, else the request, else the system itself. */
export function currentActor(strapi: Core.Strapi): Actor {
  return currentScope().actor ?? requestActor(strapi) ?? { kind: 'system' };
}

export function actorColumns(actor: Actor): ActorColumns {
  switch (actor.kind) {
    case 'admin':
    case 'reader':
      return { actorKind: actor.kind, actorName: actor.name.slice(0, 300), actorId: actor.id };
    case 'api-token':
      return { actorKind: actor.kind, actorName: actor.name.slice(0, 300), actorId: null };
    case 'scheduled':
    case 'system':
      return { actorKind: actor.kind, actorName: null, actorId: null };
  }
}
