/**
 * A trainer's own account: the profile, email change, password change and reset, sessions.
 *
 * Link tokens (src/auth/tokens.ts) are found by their hash, and every statement that acts on one
 * repeats the conditions that make it usable (purpose, unused, unexpired, account active), so a
 * used, expired or foreign token writes nothing. The statement that marks a token used comes last
 * in its batch, or the others find it through `used_at = now` of this batch.
 */
import { type SQL, sql } from 'drizzle-orm';
import { SIGNIN_LIMIT } from '../auth/rate-limit';
import type { IssuedToken } from '../auth/tokens';
import { mapRead, query, type Read, read, readAll } from '../db';
import { type Profile, profileRead } from './profiles';
import { accountTokens, type Language, type Role, rateLimits, sessions, users } from './schema';
import { normalizeEmail } from './users';

export type Recipient = { id: number; email: string; name: string; preferredLanguage: Language | null };

/**
 * The rate limit as a condition for a write in the same batch as `countAttempts`. With the Workers
 * binding the answer is already known (the read has no statements); with the D1 counter it is
 * known only inside the batch, after its upserts, so the condition reads the counter's rows the
 * way countAttempts' parser does (a key over the limit refuses).
 */
export function withinLimit(attempts: Read<boolean>, keys: string[]): SQL {
  if (attempts.statements.length === 0) return attempts.parse([]) ? sql`1` : sql`0`;
  const list = sql.join(
    keys.map((key) => sql`${key}`),
    sql`, `,
  );
  return sql`NOT EXISTS (SELECT 1 FROM ${rateLimits} WHERE ${rateLimits.key} IN (${list}) AND ${rateLimits.count} > ${SIGNIN_LIMIT})`;
}

// ——— Password reset

/**
 * Stores a reset token for the account with this email when there is one that may sign in (not
 * deactivated, not deleted) and `allowed` holds, and returns who gets the message (null: nobody).
 * The same statements run whether or not the account exists, so the answer takes the same time.
 * Older unused links stay valid until their hour ends (a stranger asking again and again for your
 * address must not spoil the link you are about to open); using one ends all of them.
 */
export function passwordResetRequest(email: string, token: IssuedToken, now: number, allowed: SQL): Read<Recipient | null> {
  const address = normalizeEmail(email);
  return read(
    [
      query<never>(sql`
        DELETE FROM ${accountTokens} WHERE purpose = 'password-reset' AND expires_at <= ${now}
          AND user_id = (SELECT id FROM ${users} WHERE email = ${address})`),
      query<never>(sql`
        INSERT INTO ${accountTokens} (token_hash, user_id, purpose, expires_at, created_at)
        SELECT ${token.hash}, u.id, 'password-reset', ${token.expiresAt}, ${now} FROM ${users} u
        WHERE u.email = ${address} AND u.deactivated_at IS NULL AND u.deleted_at IS NULL AND ${allowed}`),
      query<Recipient>(sql`
        SELECT u.id, u.email, u.name, u.preferred_language AS preferredLanguage
        FROM ${accountTokens} t JOIN ${users} u ON u.id = t.user_id WHERE t.token_hash = ${token.hash}`),
    ],
    ([, , [recipient]]) => recipient ?? null,
  );
}

export type TokenState = 'valid' | 'expired' | 'used' | 'unknown';

type TokenRow = { expiresAt: number; usedAt: number | null; active: number; newEmail: string | null; taken: number };

const stateOf = (row: TokenRow | undefined, now: number): TokenState => {
  if (!row) return 'unknown';
  if (row.usedAt !== null) return 'used';
  if (row.expiresAt <= now || !row.active) return 'expired';
  return 'valid';
};

function tokenRow(hash: string, purpose: 'password-reset' | 'email-change') {
  return query<TokenRow>(sql`
    SELECT t.expires_at AS expiresAt, t.used_at AS usedAt, t.new_email AS newEmail,
      (u.deactivated_at IS NULL AND u.deleted_at IS NULL) AS active,
      EXISTS (SELECT 1 FROM ${users} x WHERE x.email = t.new_email) AS taken
    FROM ${accountTokens} t JOIN ${users} u ON u.id = t.user_id
    WHERE t.token_hash = ${hash} AND t.purpose = ${purpose}`);
}

/** Whether a reset link still works: the page shows the form, or says why not. */
export function resetTokenRead(hash: string, now: number): Read<TokenState> {
  return read([tokenRow(hash, 'password-reset')], ([[row]]) => stateOf(row, now));
}

/** The account a reset link belongs to while it is usable (unused, unexpired, account active), as SQL. */
export function resetTokenUser(hash: string, now: number): SQL {
  return sql`(SELECT t.user_id FROM ${accountTokens} t JOIN ${users} u ON u.id = t.user_id
    WHERE t.token_hash = ${hash} AND t.purpose = 'password-reset' AND t.used_at IS NULL AND t.expires_at > ${now}
      AND u.deactivated_at IS NULL AND u.deleted_at IS NULL)`;
}

/**
 * The reset itself, for one batch: the new password, every session of the account ended, this
 * browser's new one started (`newSession`: startSession's statements for `userId`), and the link
 * (with any other unused reset link of the account) marked used — last, because every statement
 * before finds the account through the unused link. The first returns the user when it worked.
 */
export type ResetUser = { role: Role; preferredLanguage: Language | null };

export function resetPasswordStatements(userId: SQL, now: number, passwordHash: string, newSession: SQL[]) {
  return [
    query<ResetUser>(sql`
      UPDATE ${users} SET password_hash = ${passwordHash} WHERE id = ${userId}
      RETURNING role, preferred_language AS preferredLanguage`),
    sql`DELETE FROM ${sessions} WHERE user_id = ${userId}`,
    ...newSession,
    sql`UPDATE ${accountTokens} SET used_at = ${now}
        WHERE user_id = ${userId} AND purpose = 'password-reset' AND used_at IS NULL`,
  ];
}

// ——— The profile page

export type SessionRow = { createdAt: number; expiresAt: number; current: number };
export type PendingEmail = { newEmail: string; expiresAt: number };
export type AccountPage = { sessions: SessionRow[]; pending: PendingEmail | null; profile: Profile | null };

/** The signed-in user's sessions (this one marked) and the email change waiting for its link. */
export function accountRead(me: SQL, sessionId: string, now: number): Read<AccountPage> {
  const page = read(
    [
      query<SessionRow>(sql`
        SELECT created_at AS createdAt, expires_at AS expiresAt, (id = ${sessionId}) AS current
        FROM ${sessions} WHERE user_id = ${me} AND expires_at > ${now} ORDER BY created_at DESC`),
      query<PendingEmail>(sql`
        SELECT new_email AS newEmail, expires_at AS expiresAt FROM ${accountTokens}
        WHERE user_id = ${me} AND purpose = 'email-change' AND used_at IS NULL AND expires_at > ${now}
        ORDER BY created_at DESC LIMIT 1`),
    ],
    ([sessionRows, [pending]]) => ({ sessions: sessionRows, pending: pending ?? null }),
  );
  return mapRead(readAll({ page, profile: profileRead(me) }), (v) => ({ ...v.page, profile: v.profile }));
}

export function updateProfile(me: SQL, name: string, language: Language): SQL {
  return sql`UPDATE ${users} SET name = ${name}, preferred_language = ${language} WHERE id = ${me}`;
}

/** The signed-in user's password hash, to check the current password before a change. */
export function passwordHashRead(me: SQL): Read<string | null> {
  return read([query<{ hash: string }>(sql`SELECT password_hash AS hash FROM ${users} WHERE id = ${me}`)], ([[row]]) => row?.hash ?? null);
}

/** Whether another account uses this address (sign-up says as much to anyone). */
export function emailTakenRead(email: string): Read<boolean> {
  return read(
    [query<{ n: number }>(sql`SELECT count(*) AS n FROM ${users} WHERE email = ${normalizeEmail(email)}`)],
    ([[row]]) => (row?.n ?? 0) > 0,
  );
}

/**
 * A new password, the current session kept and every other one ended (whoever had the old
 * password may be signed in elsewhere), unused reset links ended too.
 */
export function changePasswordStatements(me: SQL, sessionId: string, passwordHash: string, now: number): SQL[] {
  return [
    sql`UPDATE ${users} SET password_hash = ${passwordHash} WHERE id = ${me}`,
    endOtherSessions(me, sessionId),
    sql`UPDATE ${accountTokens} SET used_at = ${now} WHERE user_id = ${me} AND purpose = 'password-reset' AND used_at IS NULL`,
  ];
}

export function endOtherSessions(me: SQL, sessionId: string): SQL {
  return sql`DELETE FROM ${sessions} WHERE user_id = ${me} AND id <> ${sessionId}`;
}

/** Every session of the user, this one included. `me` is evaluated once, before any row goes. */
export function endAllSessions(me: SQL): SQL {
  return sql`DELETE FROM ${sessions} WHERE user_id = ${me}`;
}

// ——— Email change

/**
 * A confirmation token for `newEmail`, unless another account has that address; only the newest
 * request can be confirmed, so older unused ones go (after the insert, and only when it happened).
 */
export function requestEmailChangeStatements(me: SQL, newEmail: string, token: IssuedToken, now: number) {
  const address = normalizeEmail(newEmail);
  return [
    query<{ userId: number }>(sql`
      INSERT INTO ${accountTokens} (token_hash, user_id, purpose, new_email, expires_at, created_at)
      SELECT ${token.hash}, ${me}, 'email-change', ${address}, ${token.expiresAt}, ${now}
      WHERE ${me} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${users} WHERE email = ${address})
      RETURNING user_id AS userId`),
    sql`DELETE FROM ${accountTokens} WHERE user_id = ${me} AND purpose = 'email-change' AND used_at IS NULL
        AND token_hash <> ${token.hash} AND EXISTS (SELECT 1 FROM ${accountTokens} WHERE token_hash = ${token.hash})`,
  ];
}

export type EmailChangeLink = { state: TokenState; newEmail: string | null; taken: boolean };

export function emailChangeTokenRead(hash: string, now: number): Read<EmailChangeLink> {
  return read([tokenRow(hash, 'email-change')], ([[row]]) => ({
    state: stateOf(row, now),
    newEmail: row?.newEmail ?? null,
    taken: Boolean(row?.taken),
  }));
}

/**
 * Confirms an email change: the token is marked used only while it is usable and its address is
 * still free, then the account takes the address that token holds (found through `used_at` of
 * this batch), and unused reset links (sent to the old address) end. Returns the account's id.
 */
export function confirmEmailChangeStatements(hash: string, now: number) {
  const used = sql`(SELECT user_id FROM ${accountTokens} WHERE token_hash = ${hash} AND used_at = ${now})`;
  return [
    query<{ userId: number }>(sql`
      UPDATE ${accountTokens} SET used_at = ${now}
      WHERE token_hash = ${hash} AND purpose = 'email-change' AND used_at IS NULL AND expires_at > ${now}
        AND NOT EXISTS (SELECT 1 FROM ${users} x WHERE x.email = ${accountTokens.newEmail})
        AND EXISTS (SELECT 1 FROM ${users} u WHERE u.id = ${accountTokens.userId} AND u.deactivated_at IS NULL AND u.deleted_at IS NULL)
      RETURNING user_id AS userId`),
    sql`UPDATE ${users} SET email = (SELECT new_email FROM ${accountTokens} WHERE token_hash = ${hash})
        WHERE id = ${used} AND email <> (SELECT new_email FROM ${accountTokens} WHERE token_hash = ${hash})`,
    sql`UPDATE ${accountTokens} SET used_at = ${now} WHERE user_id = ${used} AND purpose = 'password-reset' AND used_at IS NULL`,
  ];
}
