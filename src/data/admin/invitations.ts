/**
 * Invitations as admins manage them: the list, inviting a list of people (into a cohort or not),
 * sending one again and withdrawing one. Every write is one batch whose statements all require an
 * admin session (`isAdmin`) and record themselves in the audit log.
 *
 * Inviting does not depend on the list's length for its number of statements where it can help
 * it: the rows travel as one JSON parameter (`json_each`), so 300 invitations are one INSERT and
 * one audit INSERT, and D1's 100-parameter limit never applies. Only existing accounts enrolled
 * into a cohort need statements per line (`takeSeatStatements`, three each).
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../../db';
import { cohortCourseJoins, courseTitle, type InvitationState, invitationState, isPending } from '../invitations';
import type { Language } from '../schema';
import { takeSeatStatements } from '../seats';
import { isAdmin } from './courses';

type Actor = { me: SQL; now: number };

export type InvitationRow = {
  id: number;
  email: string;
  name: string;
  language: Language;
  state: InvitationState;
  courseTitle: string | null;
  cohortName: string;
  isDefaultCohort: boolean;
  invitedBy: string | null;
  createdAt: number;
  expiresAt: number;
  acceptedAt: number | null;
  revokedAt: number | null;
};

/** The list shows the newest invitations; older ones stay in D1 (and in the audit log). */
export const LIST_LIMIT = 500;

/** Invitations, newest first, in one state or all. */
export function invitationsRead(state: InvitationState | null, lang: Language, now: number): Read<InvitationRow[]> {
  type Row = Omit<InvitationRow, 'isDefaultCohort'> & { isDefaultCohort: 0 | 1 | null };
  return read(
    [
      query<Row>(sql`
        SELECT * FROM (
          SELECT i.id, i.email, i.name, i.language, ${invitationState(now)} AS state,
            CASE WHEN h.id IS NULL THEN NULL ELSE ${courseTitle} END AS courseTitle, coalesce(h.name, '') AS cohortName,
            h.is_default AS isDefaultCohort, u.name AS invitedBy, i.created_at AS createdAt, i.expires_at AS expiresAt,
            i.accepted_at AS acceptedAt, i.revoked_at AS revokedAt
          FROM invitations i
          LEFT JOIN users u ON u.id = i.invited_by
          LEFT JOIN cohorts h ON h.id = i.cohort_id
          ${cohortCourseJoins(lang)}
        ) WHERE ${state} IS NULL OR state = ${state}
        ORDER BY createdAt DESC, id DESC LIMIT ${LIST_LIMIT}`),
    ],
    ([rows]) => rows.map((r) => ({ ...r, isDefaultCohort: r.isDefaultCohort === 1 })),
  );
}

export type CohortChoice = { id: number; courseTitle: string; cohortName: string; isDefault: boolean };

/** Every cohort of every course that is not archived, for the invite form's select. */
export function cohortChoicesRead(lang: Language): Read<CohortChoice[]> {
  type Row = Omit<CohortChoice, 'isDefault'> & { isDefault: 0 | 1 };
  return read(
    [
      query<Row>(sql`
        SELECT h.id, ${courseTitle} AS courseTitle, h.name AS cohortName, h.is_default AS isDefault
        FROM cohorts h ${cohortCourseJoins(lang)}
        WHERE c.archived_at IS NULL
        ORDER BY courseTitle, h.is_default DESC, h.name, h.id`),
    ],
    ([rows]) => rows.map((r) => ({ ...r, isDefault: r.isDefault === 1 })),
  );
}

/** A cohort as the invitation email names it: its course's title in each language, and its name. */
export type MailCohort = { courseTitle: Record<Language, string>; cohortName: string; isDefault: boolean } | null;

export function mailCohortRead(cohort: SQL): Read<MailCohort> {
  type Row = { language: Language; title: string; cohortName: string; isDefault: 0 | 1; main: 0 | 1; slug: string };
  return read(
    [
      query<Row>(sql`
        SELECT coalesce(t.language, c.main_language) AS language, coalesce(t.title, c.slug) AS title, h.name AS cohortName,
          h.is_default AS isDefault, t.language IS c.main_language AS main, c.slug
        FROM cohorts h JOIN courses c ON c.id = h.course_id LEFT JOIN course_texts t ON t.course_id = c.id
        WHERE h.id = ${cohort}`),
    ],
    ([rows]) => {
      const first = rows[0];
      if (!first) return null;
      const main = rows.find((r) => r.main === 1) ?? first;
      const title = (lang: Language) => rows.find((r) => r.language === lang)?.title ?? main.title;
      return { courseTitle: { pl: title('pl'), en: title('en') }, cohortName: first.cohortName, isDefault: first.isDefault === 1 };
    },
  );
}

/** Who acted on which invitations, in the audit log: one line per invitation, the address as detail. */
function auditInvitations(action: 'invite' | 'resend' | 'revoke', which: SQL, actor: Actor): SQL {
  return sql`
    INSERT INTO audit_log (user_id, action, course_id, detail, created_at)
    SELECT ${actor.me}, ${action}, h.course_id, i.email, ${actor.now}
    FROM invitations i LEFT JOIN cohorts h ON h.id = i.cohort_id
    WHERE ${which} AND ${isAdmin(actor.me)}`;
}

/** A cohort an admin may invite into: it exists and its course is not archived. */
export const invitableCohort = (cohortId: number | null) =>
  cohortId === null
    ? sql`1`
    : sql`EXISTS (SELECT 1 FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE h.id = ${cohortId} AND c.archived_at IS NULL)`;

export type NewInvitation = { email: string; name: string; language: Language; tokenHash: string };

export type InviteOutcome =
  | { kind: 'invited'; id: number }
  | { kind: 'member'; seat: 'enrolled' | 'waiting' | 'alreadyEnrolled' | 'alreadyWaiting' | 'deactivated' | null }
  | { kind: 'alreadyInvited'; id: number; createdAt: number };

/**
 * Invites `people` (valid, distinct addresses). For each address, in the batch:
 * - an account exists (not deleted): no invitation; with a cohort, they take a seat in it now
 *   (or join its waitlist), unless the account is deactivated: it could not use the seat, so it
 *   takes none and the admin is told to reactivate it first;
 * - a pending invitation exists: left as it is (the admin can send it again from the result);
 * - otherwise: a new invitation, expiring at `expiresAt`, logged in the audit log.
 * Nothing is written when the cohort is not one an admin may invite into (`cohortOk` says so).
 */
export function inviteWrites(people: NewInvitation[], cohortId: number | null, expiresAt: number, actor: Actor) {
  const { me, now } = actor;
  const json = JSON.stringify(people.map((p) => ({ email: p.email, name: p.name, language: p.language, hash: p.tokenHash })));
  const list = sql`(SELECT json_extract(value, '$.email') FROM json_each(${json}))`;
  const hashes = sql`(SELECT json_extract(value, '$.hash') FROM json_each(${json}))`;
  const when = sql`${isAdmin(me)} AND ${invitableCohort(cohortId)}`;
  const account = (email: SQL) => sql`(SELECT id FROM users WHERE email = ${email} AND deleted_at IS NULL)`;
  const active = (email: SQL) => sql`(SELECT id FROM users WHERE email = ${email} AND deleted_at IS NULL AND deactivated_at IS NULL)`;
  const seats = cohortId === null ? [] : people.flatMap((p) => takeSeatStatements(sql`${cohortId}`, active(sql`${p.email}`), now, when));
  const statements = [
    sql`
      INSERT INTO invitations (email, name, language, token_hash, cohort_id, invited_by, created_at, expires_at)
      SELECT json_extract(j.value, '$.email'), json_extract(j.value, '$.name'), json_extract(j.value, '$.language'),
        json_extract(j.value, '$.hash'), ${cohortId}, ${me}, ${now}, ${expiresAt}
      FROM json_each(${json}) j
      WHERE ${when}
        AND ${account(sql`json_extract(j.value, '$.email')`)} IS NULL
        AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.email = json_extract(j.value, '$.email') AND ${isPending('i', now)})
      RETURNING id, email`,
    auditInvitations('invite', sql`i.token_hash IN ${hashes}`, actor),
    ...seats,
  ];
  type Member = { email: string; enrolled: 0 | 1; waiting: 0 | 1; deactivated: 0 | 1 };
  type Pending = { id: number; email: string; createdAt: number };
  const after = read(
    [
      query<{ ok: 0 | 1 }>(sql`SELECT ${invitableCohort(cohortId)} AS ok`),
      query<Member>(sql`
        SELECT u.email,
          EXISTS (SELECT 1 FROM enrolments e JOIN cohorts h ON h.course_id = e.course_id
            WHERE h.id = ${cohortId} AND e.user_id = u.id AND e.withdrawn_at IS NULL) AS enrolled,
          EXISTS (SELECT 1 FROM waitlist w WHERE w.cohort_id = ${cohortId} AND w.user_id = u.id) AS waiting,
          u.deactivated_at IS NOT NULL AS deactivated
        FROM users u WHERE u.email IN ${list} AND u.deleted_at IS NULL`),
      query<Pending>(sql`
        SELECT i.id, i.email, i.created_at AS createdAt FROM invitations i
        WHERE i.email IN ${list} AND ${isPending('i', now)} AND i.token_hash NOT IN ${hashes}`),
    ],
    ([[check], members, pending]) => ({ cohortOk: check?.ok === 1, members, pending }),
  );
  /** Each address's outcome, from what the batch returned (`written`: this write's rows, in order). */
  const outcomes = (written: unknown[][], value: { members: Member[]; pending: Pending[] }): Map<string, InviteOutcome> => {
    const out = new Map<string, InviteOutcome>();
    for (const row of (written[0] ?? []) as { id: number; email: string }[]) out.set(row.email, { kind: 'invited', id: row.id });
    const pending = new Map(value.pending.map((p) => [p.email, p]));
    const members = new Map(value.members.map((m) => [m.email, m]));
    for (const [i, person] of people.entries()) {
      if (out.has(person.email)) continue;
      const member = members.get(person.email);
      if (member) {
        // takeSeatStatements: [enrol, wait, clear] per person, after the two statements above.
        const tookSeat = (written[2 + 3 * i]?.length ?? 0) > 0;
        const waits = (written[3 + 3 * i]?.length ?? 0) > 0;
        const seat = member.deactivated
          ? 'deactivated'
          : cohortId === null
            ? null
            : tookSeat
              ? 'enrolled'
              : waits
                ? 'waiting'
                : member.enrolled
                  ? 'alreadyEnrolled'
                  : member.waiting
                    ? 'alreadyWaiting'
                    : null;
        out.set(person.email, { kind: 'member', seat });
        continue;
      }
      const invitation = pending.get(person.email);
      if (invitation) out.set(person.email, { kind: 'alreadyInvited', id: invitation.id, createdAt: invitation.createdAt });
    }
    return out;
  };
  return { statements, after, outcomes };
}

export type ResentInvitation = { id: number; email: string; name: string; language: Language };

/**
 * A new token and a new expiry for an invitation not yet accepted or withdrawn (expired ones too):
 * the old link stops working, since only the new hash is stored. Returns the invitation when it
 * was renewed.
 */
export function resendWrites(id: number, tokenHash: string, expiresAt: number, actor: Actor): SQL[] {
  return [
    sql`
      UPDATE invitations SET token_hash = ${tokenHash}, expires_at = ${expiresAt}
      WHERE id = ${id} AND accepted_at IS NULL AND revoked_at IS NULL AND ${isAdmin(actor.me)}
      RETURNING id, email, name, language`,
    auditInvitations('resend', sql`i.id = ${id} AND i.token_hash = ${tokenHash}`, actor),
  ];
}

/** Withdraws an invitation not yet accepted: its link then says so. Returns its id when it did. */
export function revokeWrites(id: number, actor: Actor): SQL[] {
  return [
    sql`
      UPDATE invitations SET revoked_at = ${actor.now}
      WHERE id = ${id} AND accepted_at IS NULL AND revoked_at IS NULL AND ${isAdmin(actor.me)}
      RETURNING id`,
    auditInvitations('revoke', sql`i.id = ${id} AND i.revoked_at = ${actor.now}`, actor),
  ];
}

/** One invitation's state, to tell a missing invitation (404) from one that cannot change (422). */
export function invitationStateRead(id: number, now: number): Read<InvitationState | null> {
  return read(
    [query<{ state: InvitationState }>(sql`SELECT ${invitationState(now)} AS state FROM invitations i WHERE i.id = ${id}`)],
    ([[row]]) => (row ? row.state : null),
  );
}
