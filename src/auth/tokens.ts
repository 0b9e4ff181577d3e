/**
 * Tokens in emailed links (password reset, email change; invitations follow the same pattern).
 *
 * - Random: 160 bits from crypto.getRandomValues, lowercase base32 (the session token's format),
 *   so a link cannot be guessed.
 * - Stored only as their SHA-256 hex: someone who reads the table (a backup, an export) finds no
 *   working link. A link is looked up by that hash in SQL, an exact index match, so the time an
 *   answer takes does not depend on how much of a guess was right (no JS comparison of secrets).
 * - Short-lived: the caller picks the lifetime (one hour for a reset, a day for an email change);
 *   the expiry is checked in the SQL that uses the token.
 * - Single use: the statement that acts on a token also marks it used, with a WHERE that finds
 *   only unused ones, in the same batch (src/data/accounts.ts), so a second use writes nothing.
 */
import { z } from 'zod';
import { generateSessionToken, hashSessionToken } from './session';

export const HOUR_MS = 60 * 60 * 1000;

/** A token as links carry it. Anything else is not one of ours (and is not looked up at all). */
export const linkToken = z.string().regex(/^[a-z2-7]{32}$/);

export type IssuedToken = {
  /** For the link, never stored. */
  token: string;
  /** For the database, never sent. */
  hash: string;
  expiresAt: number;
};

/** A new link token valid for `lifetimeMs` from `now`. */
export async function issueToken(lifetimeMs: number, now = Date.now()): Promise<IssuedToken> {
  const token = generateSessionToken();
  return { token, hash: await hashToken(token), expiresAt: now + lifetimeMs };
}

/** The stored form of a token a link presented. */
export function hashToken(token: string): Promise<string> {
  return hashSessionToken(token);
}
