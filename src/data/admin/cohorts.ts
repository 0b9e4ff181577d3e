/**
 * The Studio's cohorts: a course's cohorts with their seats and waitlists, one cohort's members
 * and waitlist, and the admin's writes on them. Every write checks in its own SQL that the
 * session belongs to an admin (`isAdmin`), so a write from anyone else writes nothing whatever the
 * handler decided. Seats are taken and freed through src/data/seats.ts, in the write's one batch.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Localized } from '../../content/bundle';
import { query, type Read, read } from '../../db';
import type { Flag } from '../courses';
import type { Language } from '../schema';
import { fillSeatsStatements, type Promoted, takeSeatStatements, withdrawStatement } from '../seats';
import { normalizeEmail } from '../users';
import { isAdmin } from './courses';

export type CohortCourse = { id: number; slug: string; mainLanguage: Language; title: Localized<string> };

export type Cohort = {
  id: number;
  courseId: number;
  name: string;
  isDefault: boolean;
  startsAt: number | null;
  endsAt: number | null;
  capacity: number | null;
  facilitatorId: number | null;
  facilitatorName: string | null;
  enrolmentOpen: boolean;
  enrolmentKey: string | null;
  completionsAfterEnd: boolean;
  taken: number;
  waiting: number;
};

export type Person = { id: number; name: string; email: string };
export type Member = Person & { enrolledAt: number; completedAt: number | null; done: number; total: number };
export type Waiter = Person & { position: number; joinedAt: number };

export type CohortValues = {
  name: string;
  startsAt: number | null;
  endsAt: number | null;
  capacity: number | null;
  facilitatorId: number | null;
  enrolmentOpen: boolean;
  enrolmentKey: string | null;
  completionsAfterEnd: boolean;
};

type Actor = { me: SQL; now: number };

type CourseRow = { id: number; slug: string; mainLanguage: Language; title: string };
type CohortRow = Omit<Cohort, 'isDefault' | 'enrolmentOpen' | 'completionsAfterEnd'> & {
  isDefault: Flag;
  enrolmentOpen: Flag;
  completionsAfterEnd: Flag;
};

const courseQuery = (courseId: SQL | number) =>
  query<CourseRow>(sql`
    SELECT c.id, d.slug, d.main_language AS mainLanguage, d.title
    FROM courses c JOIN draft_courses d ON d.course_id = c.id WHERE c.id = ${courseId}`);

const cohortColumns = sql`h.id, h.course_id AS courseId, h.name, h.is_default AS isDefault, h.starts_at AS startsAt,
  h.ends_at AS endsAt, h.capacity, h.facilitator_id AS facilitatorId, f.name AS facilitatorName,
  h.enrolment_open AS enrolmentOpen, h.enrolment_key AS enrolmentKey, h.completions_after_end AS completionsAfterEnd,
  (SELECT count(*) FROM enrolments e WHERE e.cohort_id = h.id AND e.withdrawn_at IS NULL) AS taken,
  (SELECT count(*) FROM waitlist w WHERE w.cohort_id = h.id) AS waiting`;

/** Who may facilitate: the admins (a select on the form). */
const adminsQuery = query<Person>(sql`
  SELECT id, name, email FROM users WHERE role = 'admin' AND deleted_at IS NULL AND deactivated_at IS NULL ORDER BY name, email`);

function courseOf(row: CourseRow): CohortCourse {
  return { ...row, title: JSON.parse(row.title) as Localized<string> };
}

function cohortOf(row: CohortRow): Cohort {
  return {
    ...row,
    isDefault: row.isDefault === 1,
    enrolmentOpen: row.enrolmentOpen === 1,
    completionsAfterEnd: row.completionsAfterEnd === 1,
  };
}

export type CohortsPage = { course: CohortCourse; cohorts: Cohort[]; admins: Person[] };

/** A course's cohorts (the default first, then by start date), or null when there is no such course. */
export function cohortsRead(courseId: number): Read<CohortsPage | null> {
  return read(
    [
      courseQuery(courseId),
      query<CohortRow>(sql`
        SELECT ${cohortColumns} FROM cohorts h LEFT JOIN users f ON f.id = h.facilitator_id
        WHERE h.course_id = ${courseId} ORDER BY h.is_default DESC, h.starts_at, h.id`),
      adminsQuery,
    ],
    ([[course], cohorts, admins]) => (course ? { course: courseOf(course), cohorts: cohorts.map(cohortOf), admins } : null),
  );
}

export type CohortPage = {
  course: CohortCourse;
  cohort: Cohort;
  members: Member[];
  waitlist: Waiter[];
  /** Accounts not enrolled in the course and not waiting for this cohort: the "pick" list. */
  candidates: Person[];
  admins: Person[];
};

/** How many accounts the pick list shows; more are enrolled by email. */
export const CANDIDATES_SHOWN = 200;

export function cohortRead(cohortId: number): Read<CohortPage | null> {
  const courseId = sql`(SELECT course_id FROM cohorts WHERE id = ${cohortId})`;
  return read(
    [
      courseQuery(courseId),
      query<CohortRow>(sql`SELECT ${cohortColumns} FROM cohorts h LEFT JOIN users f ON f.id = h.facilitator_id WHERE h.id = ${cohortId}`),
      query<Member>(sql`
        SELECT u.id, u.name, u.email, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
          (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE p.user_id = u.id AND p.course_id = e.course_id AND l.required = 1 AND l.archived_at IS NULL) AS done,
          (SELECT count(*) FROM lessons l WHERE l.course_id = e.course_id AND l.required = 1 AND l.archived_at IS NULL) AS total
        FROM enrolments e JOIN users u ON u.id = e.user_id
        WHERE e.cohort_id = ${cohortId} AND e.withdrawn_at IS NULL
        ORDER BY u.name, u.email`),
      query<Waiter>(sql`
        SELECT u.id, u.name, u.email, w.created_at AS joinedAt, row_number() OVER (ORDER BY w.id) AS position
        FROM waitlist w JOIN users u ON u.id = w.user_id
        WHERE w.cohort_id = ${cohortId}
        ORDER BY w.id`),
      query<Person>(sql`
        SELECT u.id, u.name, u.email FROM users u
        WHERE u.deleted_at IS NULL AND u.deactivated_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = u.id AND e.course_id = ${courseId} AND e.withdrawn_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM waitlist w WHERE w.user_id = u.id AND w.cohort_id = ${cohortId})
        ORDER BY u.name, u.email LIMIT ${CANDIDATES_SHOWN}`),
      adminsQuery,
    ],
    ([[course], [cohort], members, waitlist, candidates, admins]) =>
      course && cohort ? { course: courseOf(course), cohort: cohortOf(cohort), members, waitlist, candidates, admins } : null,
  );
}

/** The facilitator, when one is chosen, must be an admin. */
const facilitatorAllowed = (id: number | null) =>
  id === null ? sql`1` : sql`EXISTS (SELECT 1 FROM users WHERE id = ${id} AND role = 'admin')`;

/** A new cohort of the course; returns its id. */
export function createCohortStatement(courseId: number, v: CohortValues, { me, now }: Actor): SQL {
  return sql`
    INSERT INTO cohorts (course_id, name, is_default, starts_at, ends_at, capacity, facilitator_id, enrolment_open,
      enrolment_key, completions_after_end, created_at)
    SELECT c.id, ${v.name}, 0, ${v.startsAt}, ${v.endsAt}, ${v.capacity}, ${v.facilitatorId}, ${v.enrolmentOpen ? 1 : 0},
      ${v.enrolmentKey}, ${v.completionsAfterEnd ? 1 : 0}, ${now}
    FROM courses c WHERE c.id = ${courseId} AND ${isAdmin(me)} AND ${facilitatorAllowed(v.facilitatorId)}
    RETURNING id`;
}

/**
 * The statements that free seats go to the first in line, with who moved up read between them (for
 * their emails): append to a write that may have freed seats (a withdrawal, more seats).
 */
function fillStatements(cohortId: number, { me, now }: Actor, when: SQL = isAdmin(me)) {
  const fill = fillSeatsStatements(sql`${cohortId}`, now, when);
  return { statements: [...fill.statements, fill.promoted, fill.clear], promotedAt: fill.statements.length };
}

/** Who moved up, from the `written` rows of a write made with `fillStatements` starting at `offset`. */
export function promotedIn(written: unknown[][], offset: number): Promoted[] {
  return (written[offset] ?? []) as Promoted[];
}

/**
 * Saves a cohort's settings; a larger capacity (or none) fills the freed seats from the waitlist in
 * the same batch. Returns [[id] when saved, …fill]; `promotedAt` is where the moved-up rows are.
 */
export function updateCohortWrites(cohortId: number, v: CohortValues, actor: Actor, named = true) {
  // Only the default cohort may go without a name (the page names it in the reader's language).
  // The seats are filled only when the save goes through: the same conditions as the update's.
  const allowed = sql`${isAdmin(actor.me)} AND ${facilitatorAllowed(v.facilitatorId)}
    ${named ? sql`` : sql`AND EXISTS (SELECT 1 FROM cohorts d WHERE d.id = ${cohortId} AND d.is_default = 1)`}`;
  const update = sql`
    UPDATE cohorts SET name = ${v.name}, starts_at = ${v.startsAt}, ends_at = ${v.endsAt}, capacity = ${v.capacity},
      facilitator_id = ${v.facilitatorId}, enrolment_open = ${v.enrolmentOpen ? 1 : 0}, enrolment_key = ${v.enrolmentKey},
      completions_after_end = ${v.completionsAfterEnd ? 1 : 0}
    WHERE id = ${cohortId} AND ${allowed}
    RETURNING id`;
  const fill = fillStatements(cohortId, actor, allowed);
  return { statements: [update, ...fill.statements], promotedAt: 1 + fill.promotedAt };
}

/**
 * The audit line of what an admin did to people's seats in a cohort: one per account (its email as
 * the detail), for the accounts `which` selects (`u` is the account, `h` the cohort). Appended
 * last to its batch, so that it sees what the batch did and shifts no result the route reads.
 */
function auditSeats(action: 'enrol' | 'withdraw' | 'unwait', cohortId: number, which: SQL, { me, now }: Actor): SQL {
  return sql`
    INSERT INTO audit_log (user_id, action, course_id, detail, created_at)
    SELECT ${me}, ${action}, h.course_id, u.email, ${now}
    FROM users u JOIN cohorts h ON h.id = ${cohortId}
    WHERE ${which} AND ${isAdmin(me)}`;
}

/** Withdraws a member: their seat goes to the first in line in the same batch. Progress stays. */
export function withdrawWrites(cohortId: number, userId: number, actor: Actor) {
  const fill = fillStatements(cohortId, actor);
  const withdrawn = sql`u.id = ${userId} AND EXISTS (SELECT 1 FROM enrolments e
    WHERE e.user_id = u.id AND e.cohort_id = h.id AND e.withdrawn_at = ${actor.now})`;
  return {
    statements: [
      withdrawStatement(sql`${cohortId}`, sql`${userId}`, actor.now, isAdmin(actor.me)),
      ...fill.statements,
      auditSeats('withdraw', cohortId, withdrawn, actor),
    ],
    promotedAt: 1 + fill.promotedAt,
  };
}

/** Takes someone off a cohort's waitlist; the audit line is written only when a row was deleted. */
export function removeFromWaitlistWrites(cohortId: number, userId: number, actor: Actor): SQL[] {
  return [
    sql`DELETE FROM waitlist WHERE cohort_id = ${cohortId} AND user_id = ${userId} AND ${isAdmin(actor.me)} RETURNING id`,
    // changes(): the rows the DELETE just above removed, on the batch's one connection.
    auditSeats('unwait', cohortId, sql`u.id = ${userId} AND changes() > 0`, actor),
  ];
}

/** Someone to enrol: an account picked from the list (its id) or typed (its email). */
export type Target = { userId: number } | { email: string };

/**
 * Enrols each target (or puts them on the waitlist when the cohort is full), whatever the cohort's
 * enrolment setting and key: an admin decides. The first statement lists the targets that exist
 * (id, email); then three statements per target (see takeSeatStatements).
 */
export function enrolTargetsWrites(cohortId: number, targets: Target[], { me, now }: Actor): SQL[] {
  const ids = targets.flatMap((t) => ('userId' in t ? [t.userId] : []));
  const emails = targets.flatMap((t) => ('email' in t ? [normalizeEmail(t.email)] : []));
  const list = (values: (string | number)[]) =>
    values.length
      ? sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )
      : sql`NULL`;
  return [
    sql`SELECT id, email FROM users WHERE deleted_at IS NULL AND (id IN (${list(ids)}) OR email IN (${list(emails)}))`,
    ...targets.flatMap((t) => {
      const user =
        'userId' in t
          ? sql`(SELECT id FROM users WHERE id = ${t.userId} AND deleted_at IS NULL)`
          : sql`(SELECT id FROM users WHERE email = ${normalizeEmail(t.email)} AND deleted_at IS NULL)`;
      return takeSeatStatements(sql`${cohortId}`, user, now, isAdmin(me));
    }),
    auditSeats(
      'enrol',
      cohortId,
      sql`(u.id IN (${list(ids)}) OR u.email IN (${list(emails)})) AND u.deleted_at IS NULL
        AND (EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = u.id AND e.cohort_id = h.id AND e.enrolled_at = ${now})
          OR EXISTS (SELECT 1 FROM waitlist w WHERE w.user_id = u.id AND w.cohort_id = h.id AND w.created_at = ${now}))`,
      { me, now },
    ),
  ];
}
