/**
 * Sessions as the Copenhagen Book describes them.
 *
 * - The cookie holds a random 160-bit token; D1 stores only its SHA-256. Someone who reads the
 *   sessions table (a backup, a leaked export) cannot sign in with what they find.
 * - Idle expiry slides: a session unused for 30 days ends; one used in the second half of that
 *   window is pushed forward, so the write happens at most about once in 15 days.
 * - Absolute lifetime: however active, a session ends 90 days after sign-in, so a copied cookie
 *   does not work forever. The renewal never pushes past it.
 * - Signing in replaces the session the browser presented (no fixation: a token planted before
 *   sign-in is worthless after it); sign-out deletes the row; a daily cron prunes expired rows.
 * - The cookie is `__Host-` prefixed (the browser refuses it unless Secure, Path=/ and without
 *   Domain: a sibling subdomain cannot set or shadow it), HttpOnly (no script reads it) and
 *   SameSite=Lax (not sent on cross-site POSTs; src/auth/csrf.ts refuses those as well).
 *
 * - The renewal is a write, and a batch with a write goes to the primary database, never a read
 *   replica (src/http/context.ts). So the browser also keeps a hint of when renewal falls due
 *   (RENEW_COOKIE, not secret: altering it only makes one's own session renew later or sooner),
 *   and pages leave the UPDATE out until then: most signed-in pages are read-only batches.
 *
 * A session is never looked up on its own: `readSession` is put in front of each page's batch and
 * `currentUserId` is how the page's statements reach the user, so validating the session, renewing
 * it and reading or writing the page cost one round trip. A write whose session is invalid or
 * expired finds no user and writes nothing.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { type Language, type Role, sessions, users } from '../data/schema';
import { query, type Read, read } from '../db';

export const SESSION_COOKIE = '__Host-warsztat_session';
export const RENEW_COOKIE = 'warsztat_renew_at';
export const IDLE_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
export const ABSOLUTE_LIFETIME_MS = 90 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_MS = IDLE_LIFETIME_MS / 2;

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  preferredLanguage: Language | null;
  /** When the session's renewal falls due (unix ms): the hint kept in RENEW_COOKIE. */
  renewAt: number;
};

/** The presented session, as the statements of this request refer to it. */
export type SessionKey = { id: string; now: number /** Whether renewal may be due (the hint says so, or is missing). */; renew: boolean };

export function generateSessionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return base32(bytes);
}

export async function hashSessionToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The session key of the cookie this request carries, or null. Costs no round trip. */
export async function presentedSession(c: Context, now = Date.now()): Promise<SessionKey | null> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token || !/^[a-z2-7]{32}$/.test(token)) return null;
  const renewAt = Number(getCookie(c, RENEW_COOKIE));
  return { id: await hashSessionToken(token), now, renew: !(renewAt > now) };
}

/** The signed-in user's id as SQL: NULL when the session is missing, unknown or expired. */
export function currentUserId(key: SessionKey | null): SQL {
  if (!key) return sql`NULL`;
  return sql`(SELECT ${sessions.userId} FROM ${sessions} WHERE ${sessions.id} = ${key.id} AND ${sessions.expiresAt} > ${key.now})`;
}

/**
 * Slides the expiry forward when due (never past the absolute lifetime), then reads the user.
 * Without `key.renew` the batch stays read-only (see RENEW_COOKIE above).
 */
export function readSession(key: SessionKey): Read<SessionUser | null> {
  const { id, now } = key;
  const select = query<SessionUser>(sql`
    SELECT u.id, u.email, u.name, u.role, u.preferred_language AS preferredLanguage,
      s.expires_at - ${RENEW_WHEN_LEFT_MS} AS renewAt
    FROM ${sessions} s JOIN ${users} u ON u.id = s.user_id
    WHERE s.id = ${id} AND s.expires_at > ${now} AND u.deactivated_at IS NULL AND u.deleted_at IS NULL`);
  if (!key.renew) return read([select], ([[user]]) => user ?? null);
  return read(
    [
      query<never>(sql`
        UPDATE ${sessions} SET expires_at = min(${now + IDLE_LIFETIME_MS}, created_at + ${ABSOLUTE_LIFETIME_MS})
        WHERE ${sessions.id} = ${id} AND ${sessions.expiresAt} > ${now} AND ${sessions.expiresAt} < ${now + RENEW_WHEN_LEFT_MS}`),
      select,
    ],
    ([, [user]]) => user ?? null,
  );
}

/**
 * A new session for `userId` (a number, or SQL that finds it), replacing the presented one if
 * any. Returns the token for the cookie and the statements to put in the sign-in's batch.
 */
export async function startSession(userId: number | SQL, replacing: SessionKey | null, now = Date.now()) {
  const token = generateSessionToken();
  const id = await hashSessionToken(token);
  const statements = [
    // Only when the user is there: a sign-up refused for a taken email keeps the old session.
    ...(replacing ? [sql`DELETE FROM ${sessions} WHERE ${sessions.id} = ${replacing.id} AND ${userId} IS NOT NULL`] : []),
    sql`INSERT INTO ${sessions} (id, user_id, expires_at, created_at)
        SELECT ${id}, ${userId}, ${now + IDLE_LIFETIME_MS}, ${now} WHERE ${userId} IS NOT NULL`,
  ];
  return { token, expiresAt: now + ABSOLUTE_LIFETIME_MS, statements };
}

export function endSession(key: SessionKey): SQL {
  return sql`DELETE FROM ${sessions} WHERE ${sessions.id} = ${key.id}`;
}

/** For the daily cron: rows of sessions that ended are of no use to anyone. */
export function pruneSessions(now: number): SQL {
  return sql`DELETE FROM ${sessions} WHERE ${sessions.expiresAt} <= ${now}`;
}

/** The cookie lives as long as the session can: the absolute lifetime. D1 decides the rest. */
export function writeSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    expires: new Date(expiresAt),
  });
  writeRenewHint(c, Date.now() + IDLE_LIFETIME_MS - RENEW_WHEN_LEFT_MS);
}

/** The hint of when the session's renewal falls due; the session itself lives in D1. */
export function writeRenewHint(c: Context, renewAt: number): void {
  setCookie(c, RENEW_COOKIE, String(renewAt), {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    maxAge: IDLE_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
  deleteCookie(c, RENEW_COOKIE, { path: '/', secure: true });
}

/** RFC 4648 base32, lowercase, unpadded: safe in a cookie and easy to compare by eye. */
function base32(bytes: Uint8Array): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}
