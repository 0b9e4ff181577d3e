/**
 * Invitations as the invitee meets them: the link /invitations/<token>, and accepting it with a
 * new account or with the account they already have.
 *
 * The token is in the link only; D1 keeps its SHA-256 (`token_hash`), like session tokens, so a
 * leaked table or backup holds no working links. Lookups go by that hash in SQL. That is
 * constant-time enough: an index lookup's timing can at most tell an attacker how far the hash of
 * their guess matches a stored hash, and the hash of a guess is not something they can steer
 * towards a stored one (that would be a SHA-256 preimage), so timing says nothing about a valid
 * token. No secret is ever compared in JavaScript.
 *
 * Single use: accepting marks the row accepted in the same batch that creates the account and
 * takes the seat, with a WHERE that only a pending row passes; a second submission finds it
 * accepted (and the email taken) and writes nothing.
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Language } from './schema';
import { takeSeatStatements } from './seats';

export const INVITATION_STATES = ['pending', 'accepted', 'expired', 'revoked'] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

/** The state of the invitation `i` (an alias), derived from its row: nothing stores it. */
export const invitationState = (now: number) => sql`CASE
  WHEN i.accepted_at IS NOT NULL THEN 'accepted'
  WHEN i.revoked_at IS NOT NULL THEN 'revoked'
  WHEN i.expires_at <= ${now} THEN 'expired'
  ELSE 'pending' END`;

/** Still usable: not accepted, not withdrawn, not expired (for the alias `alias`). */
export const isPending = (alias: string, now: number) => {
  const a = sql.raw(alias);
  return sql`(${a}.accepted_at IS NULL AND ${a}.revoked_at IS NULL AND ${a}.expires_at > ${now})`;
};

/**
 * The course and cohort title of a cohort `h` joined to its course `c`, in `lang` where the course
 * has that translation, else its main language, else (never published) its slug.
 */
export const cohortCourseJoins = (lang: Language) => sql`
  LEFT JOIN courses c ON c.id = h.course_id
  LEFT JOIN course_texts m ON m.course_id = c.id AND m.language = c.main_language
  LEFT JOIN course_texts t ON t.course_id = c.id AND t.language = ${lang}`;
export const courseTitle = sql`coalesce(t.title, m.title, c.slug)`;

/** The account of this email, if one exists and was not deleted. */
const accountOf = (email: SQL) => sql`(SELECT id FROM users WHERE email = ${email} AND deleted_at IS NULL)`;

export type Seat = 'enrolled' | 'waiting' | null;

export type Invitation = {
  id: number;
  email: string;
  name: string;
  language: Language;
  state: InvitationState;
  cohortId: number | null;
  courseSlug: string | null;
  coursePublished: boolean;
  courseTitle: string | null;
  cohortName: string;
  isDefaultCohort: boolean;
  /** An account with this email exists (and was not deleted): accepting means signing in. */
  accountExists: boolean;
  /** The invitation was accepted by `me`. */
  acceptedByMe: boolean;
  /** Where `me` stands in the invitation's course: enrolled, waiting for a seat in its cohort, or neither. */
  seat: Seat;
  /** `me` has answered or declined the participant profile (src/data/profiles.ts). */
  hasProfile: boolean;
};

type Row = Omit<Invitation, 'coursePublished' | 'isDefaultCohort' | 'accountExists' | 'acceptedByMe' | 'hasProfile'> & {
  hasProfile: 0 | 1;
  coursePublished: 0 | 1 | null;
  isDefaultCohort: 0 | 1 | null;
  accountExists: 0 | 1;
  acceptedByMe: 0 | 1 | null;
};

/** The invitation whose token hashes to `tokenHash`, as `me` (SQL, may be NULL) sees it; null when there is none. */
export function invitationRead(tokenHash: string, now: number, me: SQL, lang: Language): Read<Invitation | null> {
  return read(
    [
      query<Row>(sql`
        SELECT i.id, i.email, i.name, i.language, ${invitationState(now)} AS state, i.cohort_id AS cohortId,
          c.slug AS courseSlug, c.published AS coursePublished, ${courseTitle} AS courseTitle,
          coalesce(h.name, '') AS cohortName, h.is_default AS isDefaultCohort,
          ${accountOf(sql`i.email`)} IS NOT NULL AS accountExists,
          i.accepted_by = ${me} AS acceptedByMe,
          CASE
            WHEN EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = ${me} AND e.course_id = c.id AND e.withdrawn_at IS NULL) THEN 'enrolled'
            WHEN EXISTS (SELECT 1 FROM waitlist w WHERE w.user_id = ${me} AND w.cohort_id = h.id) THEN 'waiting'
          END AS seat,
          EXISTS (SELECT 1 FROM participant_profiles pp WHERE pp.user_id = ${me}) AS hasProfile
        FROM invitations i
        LEFT JOIN cohorts h ON h.id = i.cohort_id
        ${cohortCourseJoins(lang)}
        WHERE i.token_hash = ${tokenHash}`),
    ],
    ([[row]]) =>
      row
        ? {
            ...row,
            coursePublished: row.coursePublished === 1,
            isDefaultCohort: row.isDefaultCohort === 1,
            accountExists: row.accountExists === 1,
            acceptedByMe: row.acceptedByMe === 1,
            hasProfile: row.hasProfile === 1,
          }
        : null,
  );
}

const byToken = (tokenHash: string) => sql`(SELECT id FROM invitations WHERE token_hash = ${tokenHash})`;

/**
 * Marks the invitation accepted by `user` and takes a seat in its cohort, if it has one (a full
 * cohort puts them on the waitlist). The first statement returns the invitation's id when it
 * accepted; the seat's two after it return the enrolment or the waitlist row (see seats.ts).
 */
function acceptStatements(tokenHash: string, user: SQL, now: number, when: SQL): SQL[] {
  const cohort = sql`(SELECT cohort_id FROM invitations WHERE token_hash = ${tokenHash})`;
  const acceptedNow = sql`EXISTS (SELECT 1 FROM invitations WHERE id = ${byToken(tokenHash)} AND accepted_by = ${user} AND accepted_at = ${now})`;
  return [
    sql`
      UPDATE invitations SET accepted_at = ${now}, accepted_by = ${user}
      WHERE token_hash = ${tokenHash} AND ${isPending('invitations', now)} AND ${user} IS NOT NULL AND ${when}
      RETURNING id`,
    ...takeSeatStatements(cohort, user, now, acceptedNow),
  ];
}

/**
 * Accepting with a new account. The account is made only from a pending invitation, with the
 * invitation's email (the invitee cannot change it) and language; when the email is taken, or the
 * invitation is not pending, nothing is written. `userId` finds the new account by its password
 * hash, which carries a fresh random salt, so it is NULL unless this very statement inserted it.
 * Statements: [user, accept, enrol, wait, clear waitlist]; then the caller's session.
 */
export function acceptWithNewAccount(tokenHash: string, account: { name: string; passwordHash: string }, now: number) {
  const email = sql`(SELECT email FROM invitations WHERE token_hash = ${tokenHash})`;
  const userId = sql`(SELECT id FROM users WHERE email = ${email} AND password_hash = ${account.passwordHash})`;
  return {
    userId,
    statements: [
      sql`
        INSERT INTO users (email, name, password_hash, role, preferred_language)
        SELECT i.email, ${account.name}, ${account.passwordHash}, 'trainer', i.language FROM invitations i
        WHERE i.token_hash = ${tokenHash} AND ${isPending('i', now)}
        ON CONFLICT (email) DO NOTHING
        RETURNING id`,
      ...acceptStatements(tokenHash, userId, now, sql`1`),
    ],
  };
}

/**
 * Accepting as the signed-in `me`, whose account must have the invitation's email: nothing is
 * written for anyone else. Statements: [accept, enrol, wait, clear waitlist].
 */
export function acceptAsMember(tokenHash: string, me: SQL, now: number): SQL[] {
  const sameEmail = sql`(SELECT email FROM users WHERE id = ${me} AND deleted_at IS NULL) = (SELECT email FROM invitations WHERE token_hash = ${tokenHash})`;
  return acceptStatements(tokenHash, me, now, sameEmail);
}

/** What accepting did, from the RETURNING rows of `acceptStatements` (starting at `at`). */
export function acceptedSeat(written: unknown[][], at: number): { accepted: boolean; seat: Seat } {
  const accepted = (written[at]?.length ?? 0) > 0;
  const seat: Seat = written[at + 1]?.length ? 'enrolled' : written[at + 2]?.length ? 'waiting' : null;
  return { accepted, seat };
}
