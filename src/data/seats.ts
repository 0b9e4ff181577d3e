/**
 * Seats in a cohort: enrolling, waiting and moving up. Every function returns statements for the
 * caller's one batch. A D1 batch is one transaction and D1 runs one at a time, so "is a seat
 * free?" and "take it" cannot be split by another request: when two trainers ask for the last
 * seat at the same moment, one batch enrols and the next one finds the cohort full and waits.
 *
 * A trainer has at most one enrolment per course (its cohort is on the row). A withdrawal sets
 * `withdrawn_at` and keeps the row, with the completion date; progress lives elsewhere and is
 * never touched. Enrolling again revives the row.
 */
import { type SQL, sql } from 'drizzle-orm';
import { query } from '../db';
import type { Language } from './schema';

/** Active enrolments of the cohort `h` (an alias in the surrounding query). */
const seatsTaken = (cohort: SQL) => sql`(SELECT count(*) FROM enrolments e WHERE e.cohort_id = ${cohort} AND e.withdrawn_at IS NULL)`;

/**
 * How many wait for the cohort ahead of `user` (everyone waiting, when they are not in line). The
 * line is in the order the batches committed: waitlist ids, which only grow.
 */
const waitingBefore = (cohort: SQL, user: SQL) => sql`(SELECT count(*) FROM waitlist w WHERE w.cohort_id = ${cohort}
  AND w.id < coalesce((SELECT x.id FROM waitlist x WHERE x.cohort_id = ${cohort} AND x.user_id = ${user}), 9e18))`;

const activeInCourse = (user: SQL, course: SQL) =>
  sql`EXISTS (SELECT 1 FROM enrolments a WHERE a.user_id = ${user} AND a.course_id = ${course} AND a.withdrawn_at IS NULL)`;

/**
 * Enrols `user` in the cohort when a seat is free, else puts them on its waitlist; nothing when
 * they are already enrolled in the course (in any cohort) or `when` does not hold. The first
 * statement returns the enrolment's id when it enrolled, the second the waitlist row's id when
 * it waited; both return nothing otherwise.
 */
export function takeSeatStatements(cohort: SQL, user: SQL, now: number, when: SQL = sql`1`): SQL[] {
  return [
    sql`
      INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at)
      SELECT ${user}, h.course_id, h.id, ${now} FROM cohorts h
      WHERE h.id = ${cohort} AND ${user} IS NOT NULL AND ${when}
        -- A free seat is one nobody is waiting for: those already in line go first (a seat can be
        -- free with people waiting when an admin enrols over the limit or has not filled it yet).
        AND (h.capacity IS NULL OR ${seatsTaken(sql`h.id`)} + ${waitingBefore(sql`h.id`, user)} < h.capacity)
      ON CONFLICT (user_id, course_id) DO UPDATE SET cohort_id = excluded.cohort_id, enrolled_at = excluded.enrolled_at, withdrawn_at = NULL
        WHERE enrolments.withdrawn_at IS NOT NULL
      RETURNING id`,
    sql`
      INSERT INTO waitlist (cohort_id, user_id, created_at)
      SELECT h.id, ${user}, ${now} FROM cohorts h
      WHERE h.id = ${cohort} AND ${user} IS NOT NULL AND ${when} AND NOT ${activeInCourse(user, sql`h.course_id`)}
      ON CONFLICT (cohort_id, user_id) DO NOTHING
      RETURNING id`,
    // Enrolled now: no longer waiting for this course anywhere.
    sql`DELETE FROM waitlist WHERE user_id = ${user} AND cohort_id IN (SELECT id FROM cohorts WHERE course_id = (SELECT course_id FROM cohorts WHERE id = ${cohort}))
        AND ${activeInCourse(user, sql`(SELECT course_id FROM cohorts WHERE id = ${cohort})`)}`,
  ];
}

export type Promoted = {
  email: string;
  name: string;
  language: Language | null;
  courseSlug: string;
  mainLanguage: Language;
  /** The course's titles by language, as JSON: the message is in the recipient's language. */
  titles: string;
  cohortName: string;
  isDefault: 0 | 1;
};

/**
 * After a seat frees (a withdrawal, a larger capacity, a cohort opened up): the first in line
 * take the free seats, in the order they joined the waitlist. The returned read lists who moved
 * up, for their emails. Put these statements after the change that freed the seat.
 */
export function fillSeatsStatements(cohort: SQL, now: number, when: SQL = sql`1`) {
  // No such cohort: no seats (LIMIT NULL would fail the whole batch with a datatype mismatch).
  const free = sql`coalesce((SELECT CASE WHEN h.capacity IS NULL THEN -1 ELSE max(0, h.capacity - ${seatsTaken(sql`h.id`)}) END FROM cohorts h WHERE h.id = ${cohort}), 0)`;
  return {
    statements: [
      sql`
        INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at)
        SELECT w.user_id, h.course_id, h.id, ${now} FROM waitlist w JOIN cohorts h ON h.id = w.cohort_id
        WHERE w.cohort_id = ${cohort} AND ${when} AND NOT ${activeInCourse(sql`w.user_id`, sql`h.course_id`)}
        ORDER BY w.id
        LIMIT ${free}
        ON CONFLICT (user_id, course_id) DO UPDATE SET cohort_id = excluded.cohort_id, enrolled_at = excluded.enrolled_at, withdrawn_at = NULL
          WHERE enrolments.withdrawn_at IS NOT NULL`,
    ],
    /** Who moved up: on the waitlist and now enrolled in the cohort. Run before `clear`. */
    promoted: query<Promoted>(sql`
      SELECT u.email, u.name, u.preferred_language AS language, c.slug AS courseSlug, c.main_language AS mainLanguage,
        (SELECT json_group_object(x.language, x.title) FROM course_texts x WHERE x.course_id = c.id) AS titles,
        h.name AS cohortName, h.is_default AS isDefault
      FROM waitlist w JOIN users u ON u.id = w.user_id
      JOIN enrolments e ON e.user_id = w.user_id AND e.cohort_id = w.cohort_id AND e.withdrawn_at IS NULL
      JOIN courses c ON c.id = e.course_id
      JOIN cohorts h ON h.id = w.cohort_id
      WHERE w.cohort_id = ${cohort}`),
    /** Removes those who moved up from every waitlist of the course. */
    clear: sql`
      DELETE FROM waitlist WHERE cohort_id IN (SELECT id FROM cohorts WHERE course_id = (SELECT course_id FROM cohorts WHERE id = ${cohort}))
        AND ${activeInCourse(sql`waitlist.user_id`, sql`(SELECT course_id FROM cohorts WHERE id = ${cohort})`)}`,
  };
}

/** Withdraws `user` from the course's cohort: the seat is free, progress and certificate stay. */
export function withdrawStatement(cohort: SQL, user: SQL, now: number, when: SQL = sql`1`): SQL {
  return sql`
    UPDATE enrolments SET withdrawn_at = ${now}
    WHERE cohort_id = ${cohort} AND user_id = ${user} AND withdrawn_at IS NULL AND ${when}
    RETURNING id`;
}
