/**
 * Sessions as the Copenhagen Book describes them.
 *
 * - The cookie holds a random 160-bit token; D1 stores only its SHA-256. Someone who reads the
 *   sessions table (a backup, a leaked export) cannot sign in with what they find.
 * - Sliding expiry: a session lives 30 days and is pushed forward when a request comes in its
 *   second half, so active trainers stay signed in and the write happens at most ~once in 15 days.
 * - Sign-out deletes the row: the cookie is worthless from then on even if it was copied.
 * - The cookie is HttpOnly (no script reads it), Secure, SameSite=Lax (not sent on cross-site
 *   POSTs; CSRF middleware covers the rest), Path=/.
 */
import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db';
import { sessions, users, type Language, type Role } from '../data/schema';

export const SESSION_COOKIE = 'warsztat_session';
export const SESSION_LIFETIME_MS = 30 * 24 * 60 * 60 * 1000;
const RENEW_WHEN_LEFT_MS = SESSION_LIFETIME_MS / 2;

export type SessionUser = {
  id: number;
  email: string;
  name: string;
  role: Role;
  preferredLanguage: Language | null;
};

export function generateSessionToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return base32(bytes);
}

export async function hashSessionToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function createSession(db: Db, userId: number, now = Date.now()) {
  const token = generateSessionToken();
  const expiresAt = now + SESSION_LIFETIME_MS;
  await db.insert(sessions).values({ id: await hashSessionToken(token), userId, expiresAt });
  return { token, expiresAt };
}

/** One D1 round trip for a valid session; a second only when the expiry slides forward. */
export async function validateSessionToken(
  db: Db,
  token: string,
  now = Date.now(),
): Promise<{ user: SessionUser; expiresAt: number; renewed: boolean } | null> {
  const id = await hashSessionToken(token);
  const row = await db
    .select({
      expiresAt: sessions.expiresAt,
      id: users.id,
      email: users.email,
      name: users.name,
      role: users.role,
      preferredLanguage: users.preferredLanguage,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id))
    .get();
  if (!row) return null;
  if (row.expiresAt <= now) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  const { expiresAt, ...user } = row;
  if (expiresAt - now < RENEW_WHEN_LEFT_MS) {
    const renewedAt = now + SESSION_LIFETIME_MS;
    await db.update(sessions).set({ expiresAt: renewedAt }).where(eq(sessions.id, id));
    return { user, expiresAt: renewedAt, renewed: true };
  }
  return { user, expiresAt, renewed: false };
}

export async function invalidateSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, await hashSessionToken(token)));
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function writeSessionCookie(c: Context, token: string, expiresAt: number): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/',
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure: true });
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
