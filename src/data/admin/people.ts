/**
 * People, for admins: the region's accounts searched and filtered, one person's learning, and the
 * admin's writes on an account (role, deactivation). Deleted accounts (`users.deleted_at`) are
 * never listed nor shown. Reflections are private: nothing here reads their text.
 *
 * Every write is one batch whose statements check in SQL that the session belongs to an active
 * admin, and carry their own rule (the last active admin stays one and stays active) inside the
 * UPDATE's WHERE: D1 runs one batch at a time, so two admins demoting each other cannot both pass
 * a check made before their writes. The audit line comes first with the same condition, so it is
 * written exactly when the change is.
 */
import { type SQL, sql } from 'drizzle-orm';
import { auditStatement } from '../../content/apply';
import { query, type Read, read, readAll } from '../../db';
import type { Language, Role } from '../schema';
import { translatedTexts } from '../texts';

export const PAGE_SIZE = 50;

export const ACCOUNT_STATES = ['active', 'deactivated'] as const;
export type AccountState = (typeof ACCOUNT_STATES)[number];

/** Where a person is in one course; `waiting` means on a waitlist of one of its cohorts. */
export const LEARNING_STATES = ['enrolled', 'in-progress', 'completed', 'withdrawn', 'waiting'] as const;
export type LearningState = (typeof LEARNING_STATES)[number];

export type PeopleFilter = {
  q: string;
  course: number | null;
  cohort: number | null;
  role: Role | null;
  state: AccountState | null;
  learning: LearningState | null;
  page: number;
};

export type PersonRow = {
  id: number;
  name: string;
  email: string;
  role: Role;
  deactivated: boolean;
  /** Courses they are enrolled in (not withdrawn). */
  courses: number;
  /** In the filtered course, when there is one. */
  learning: { state: LearningState; done: number; total: number } | null;
};

export type FilterOptions = {
  courses: { id: number; title: string }[];
  /** `name` is empty for a course's default cohort: the view names it. */
  cohorts: { id: number; courseId: number; courseTitle: string; name: string; isDefault: boolean }[];
};

export type PeopleList = { people: PersonRow[]; total: number };

/** The signed-in user is an admin whose account is active, as SQL: every write here carries it. */
const isActiveAdmin = (me: SQL) =>
  sql`EXISTS (SELECT 1 FROM users WHERE id = ${me} AND role = 'admin' AND deactivated_at IS NULL AND deleted_at IS NULL)`;

/** Another active admin than `person` exists: the condition that keeps the region administered. */
const anotherActiveAdmin = (person: number) =>
  sql`EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.deactivated_at IS NULL AND o.deleted_at IS NULL AND o.id <> ${person})`;

/** The course and cohort choices of the filter form. */
export function filterOptionsRead(lang: Language): Read<FilterOptions> {
  type CohortRow = Omit<FilterOptions['cohorts'][number], 'isDefault'> & { isDefault: 0 | 1 };
  return read(
    [
      query<FilterOptions['courses'][number]>(sql`
        SELECT c.id, coalesce(t.title, m.title) AS title FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        ORDER BY c.archived_at IS NOT NULL, title COLLATE NOCASE`),
      query<CohortRow>(sql`
        SELECT h.id, c.id AS courseId, coalesce(t.title, m.title) AS courseTitle, h.name, h.is_default AS isDefault
        FROM cohorts h JOIN courses c ON c.id = h.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        ORDER BY c.archived_at IS NOT NULL, courseTitle COLLATE NOCASE, h.is_default DESC, h.starts_at, h.id`),
    ],
    ([courses, cohorts]) => ({ courses, cohorts: cohorts.map((h) => ({ ...h, isDefault: h.isDefault === 1 })) }),
  );
}

/**
 * SQLite's LIKE and lower() fold only ASCII letters. Names here are mostly Polish, so the nine
 * Polish capitals are folded too (the needle is lowercased in JS); other letters outside ASCII
 * match in the case they were typed. Emails are stored lowercased already.
 */
const POLISH_CAPITALS = ['Ą', 'Ć', 'Ę', 'Ł', 'Ń', 'Ó', 'Ś', 'Ź', 'Ż'];
function foldedName(column: SQL): SQL {
  return POLISH_CAPITALS.reduce((inner, capital) => sql`replace(${inner}, ${capital}, ${capital.toLowerCase()})`, column);
}

/** `%text%` for LIKE … ESCAPE '\', with the text's own % _ and \ matching only themselves. */
export function likeContaining(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** The matching people with their columns (a subquery `p` for the list and its count). */
function matchingPeople(filter: PeopleFilter): SQL {
  const course = filter.course;
  const active = sql`e.id IS NOT NULL AND e.withdrawn_at IS NULL`;
  const waiting = sql`EXISTS (SELECT 1 FROM waitlist w JOIN cohorts wh ON wh.id = w.cohort_id WHERE w.user_id = u.id AND wh.course_id = ${course})`;
  const learning = sql`CASE
      WHEN ${active} AND e.completed_at IS NOT NULL THEN 'completed'
      WHEN ${active} AND EXISTS (SELECT 1 FROM lesson_progress lp WHERE lp.user_id = u.id AND lp.course_id = e.course_id) THEN 'in-progress'
      WHEN ${active} THEN 'enrolled'
      WHEN ${waiting} THEN 'waiting'
      WHEN e.id IS NOT NULL THEN 'withdrawn'
    END`;
  const conditions: SQL[] = [sql`u.deleted_at IS NULL`];
  if (filter.q) {
    const needle = likeContaining(filter.q);
    conditions.push(sql`(${foldedName(sql`u.name`)} LIKE ${needle} ESCAPE '\\' OR u.email LIKE ${needle} ESCAPE '\\')`);
  }
  if (filter.role) conditions.push(sql`u.role = ${filter.role}`);
  if (filter.state === 'active') conditions.push(sql`u.deactivated_at IS NULL`);
  if (filter.state === 'deactivated') conditions.push(sql`u.deactivated_at IS NOT NULL`);
  if (filter.cohort !== null) {
    conditions.push(sql`(EXISTS (SELECT 1 FROM enrolments ce WHERE ce.user_id = u.id AND ce.cohort_id = ${filter.cohort})
      OR EXISTS (SELECT 1 FROM waitlist cw WHERE cw.user_id = u.id AND cw.cohort_id = ${filter.cohort}))`);
  }
  const outer: SQL[] = [sql`1`];
  if (course !== null) outer.push(sql`p.learning IS NOT NULL`);
  if (filter.learning) outer.push(sql`p.learning = ${filter.learning}`);
  return sql`(
    SELECT u.id, u.name, u.email, u.role, u.deactivated_at IS NOT NULL AS deactivated,
      (SELECT count(*) FROM enrolments ae WHERE ae.user_id = u.id AND ae.withdrawn_at IS NULL) AS courses,
      ${course === null ? sql`NULL` : learning} AS learning,
      (SELECT count(*) FROM lesson_progress dp JOIN lessons dl ON dl.id = dp.lesson_id
        WHERE dp.user_id = u.id AND dp.course_id = ${course} AND dl.required = 1 AND dl.archived_at IS NULL) AS done,
      (SELECT count(*) FROM lessons tl WHERE tl.course_id = ${course} AND tl.required = 1 AND tl.archived_at IS NULL) AS total
    FROM users u LEFT JOIN enrolments e ON e.user_id = u.id AND e.course_id = ${course}
    WHERE ${sql.join(conditions, sql` AND `)}
  ) p WHERE ${sql.join(outer, sql` AND `)}`;
}

export function peopleListRead(filter: PeopleFilter): Read<PeopleList> {
  type Row = Omit<PersonRow, 'deactivated' | 'learning'> & {
    deactivated: 0 | 1;
    learning: LearningState | null;
    done: number;
    total: number;
  };
  const matching = matchingPeople(filter);
  return read(
    [
      query<Row>(sql`SELECT p.* FROM ${matching}
        ORDER BY p.name COLLATE NOCASE, p.id LIMIT ${PAGE_SIZE} OFFSET ${(filter.page - 1) * PAGE_SIZE}`),
      query<{ n: number }>(sql`SELECT count(*) AS n FROM ${matching}`),
    ],
    ([rows, [counted]]) => ({
      people: rows.map(({ done, total, learning, deactivated, ...row }) => ({
        ...row,
        deactivated: deactivated === 1,
        learning: learning ? { state: learning, done, total } : null,
      })),
      total: counted?.n ?? 0,
    }),
  );
}

/** The people page: its filter's choices and one page of results. */
export function peopleRead(filter: PeopleFilter, lang: Language) {
  return readAll({ options: filterOptionsRead(lang), list: peopleListRead(filter) });
}

export type Account = {
  id: number;
  email: string;
  name: string;
  role: Role;
  language: Language | null;
  createdAt: number;
  deactivatedAt: number | null;
};

export type CohortFacts = { name: string; isDefault: boolean; startsAt: number | null; endsAt: number | null };

export type PersonCourse = {
  courseId: number;
  slug: string;
  title: string;
  cohort: CohortFacts | null;
  enrolledAt: number;
  completedAt: number | null;
  withdrawnAt: number | null;
  certificateCode: string | null;
  done: number;
  total: number;
  modules: { title: string; done: number; total: number }[];
  quizzes: { title: string; attempts: number; bestScore: number; bestMax: number; passed: boolean }[];
};

export type WaitlistEntry = { slug: string; title: string; cohort: CohortFacts; joinedAt: number; position: number };

export type Person = {
  account: Account;
  courses: PersonCourse[];
  waiting: WaitlistEntry[];
  /** This is the one active admin: they can be neither demoted nor deactivated. */
  lastAdmin: boolean;
};

type CohortColumns = { cohortName: string | null; isDefault: 0 | 1 | null; startsAt: number | null; endsAt: number | null };

function cohortOf(row: CohortColumns): CohortFacts | null {
  if (row.cohortName === null) return null;
  return { name: row.cohortName, isDefault: row.isDefault === 1, startsAt: row.startsAt, endsAt: row.endsAt };
}

/** One person as an admin sees them: null for an unknown or deleted account. */
export function personRead(id: number, lang: Language): Read<Person | null> {
  type CourseRow = Omit<PersonCourse, 'cohort' | 'modules' | 'quizzes'> & CohortColumns;
  type ModuleRow = { courseId: number; title: string; done: number; total: number };
  type QuizRow = { courseId: number; title: string; attempts: number; bestScore: number; bestMax: number; passed: 0 | 1 };
  type WaitRow = Omit<WaitlistEntry, 'cohort'> & CohortColumns;
  const required = sql`l.required = 1 AND l.archived_at IS NULL`;
  return read(
    [
      query<Account>(sql`
        SELECT id, email, name, role, preferred_language AS language, created_at AS createdAt, deactivated_at AS deactivatedAt
        FROM users WHERE id = ${id} AND deleted_at IS NULL`),
      query<CourseRow>(sql`
        SELECT c.id AS courseId, c.slug, coalesce(t.title, m.title) AS title,
          h.name AS cohortName, h.is_default AS isDefault, h.starts_at AS startsAt, h.ends_at AS endsAt,
          e.enrolled_at AS enrolledAt, e.completed_at AS completedAt, e.withdrawn_at AS withdrawnAt, cert.code AS certificateCode,
          (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE p.user_id = e.user_id AND p.course_id = c.id AND ${required}) AS done,
          (SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND ${required}) AS total
        FROM enrolments e JOIN courses c ON c.id = e.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN cohorts h ON h.id = e.cohort_id
        LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = c.id
        WHERE e.user_id = ${id}
        ORDER BY e.withdrawn_at IS NOT NULL, e.enrolled_at DESC, c.id`),
      query<ModuleRow>(sql`
        SELECT c.id AS courseId, coalesce(t.title, m.title) AS title,
          (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE p.user_id = e.user_id AND l.module_id = mo.id AND ${required}) AS done,
          (SELECT count(*) FROM lessons l WHERE l.module_id = mo.id AND ${required}) AS total
        FROM enrolments e JOIN courses c ON c.id = e.course_id
        JOIN modules mo ON mo.course_id = c.id AND mo.archived_at IS NULL
        ${translatedTexts('module_texts', sql`mo.id`, lang)}
        WHERE e.user_id = ${id}
        ORDER BY mo.position`),
      // Per quiz lesson: the best attempt by share of points (a quiz may have changed size).
      query<QuizRow>(sql`
        SELECT c.id AS courseId, coalesce(t.title, m.title) AS title, count(*) AS attempts, max(a.passed) AS passed,
          (SELECT b.score FROM quiz_attempts b WHERE b.user_id = ${id} AND b.lesson_id = l.id
            ORDER BY CAST(b.score AS REAL) / max(b.max_score, 1) DESC, b.id LIMIT 1) AS bestScore,
          (SELECT b.max_score FROM quiz_attempts b WHERE b.user_id = ${id} AND b.lesson_id = l.id
            ORDER BY CAST(b.score AS REAL) / max(b.max_score, 1) DESC, b.id LIMIT 1) AS bestMax
        FROM quiz_attempts a JOIN lessons l ON l.id = a.lesson_id JOIN courses c ON c.id = l.course_id
        ${translatedTexts('lesson_texts', sql`l.id`, lang)}
        WHERE a.user_id = ${id}
        GROUP BY l.id
        ORDER BY l.position`),
      // Position: how many joined the cohort's waitlist before them, plus one (seats.ts's order).
      query<WaitRow>(sql`
        SELECT c.slug, coalesce(t.title, m.title) AS title, w.created_at AS joinedAt,
          h.name AS cohortName, h.is_default AS isDefault, h.starts_at AS startsAt, h.ends_at AS endsAt,
          (SELECT count(*) FROM waitlist o WHERE o.cohort_id = w.cohort_id
            AND (o.created_at < w.created_at OR (o.created_at = w.created_at AND o.id <= w.id))) AS position
        FROM waitlist w JOIN cohorts h ON h.id = w.cohort_id JOIN courses c ON c.id = h.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        WHERE w.user_id = ${id}
        ORDER BY w.created_at, w.id`),
      query<{ n: number }>(sql`
        SELECT count(*) AS n FROM users o WHERE o.role = 'admin' AND o.deactivated_at IS NULL AND o.deleted_at IS NULL AND o.id <> ${id}`),
    ],
    ([[account], courses, modules, quizzes, waiting, [others]]) => {
      if (!account) return null;
      return {
        account,
        lastAdmin: account.role === 'admin' && account.deactivatedAt === null && (others?.n ?? 0) === 0,
        courses: courses.map(({ cohortName, isDefault, startsAt, endsAt, ...row }) => ({
          ...row,
          cohort: cohortOf({ cohortName, isDefault, startsAt, endsAt }),
          modules: modules.filter((m) => m.courseId === row.courseId).map(({ courseId: _, ...m }) => m),
          quizzes: quizzes
            .filter((q) => q.courseId === row.courseId)
            .map(({ courseId: _, passed, ...q }) => ({ ...q, passed: passed === 1 })),
        })),
        waiting: waiting.map(({ cohortName, isDefault, startsAt, endsAt, ...row }) => ({
          ...row,
          cohort: cohortOf({ cohortName, isDefault, startsAt, endsAt }) ?? { name: '', isDefault: true, startsAt: null, endsAt: null },
        })),
      };
    },
  );
}

type Actor = { me: SQL; now: number };

/** The account's email for the audit line, as SQL (read in the same statement that writes it). */
const emailOf = (person: number) => sql`(SELECT email FROM users WHERE id = ${person})`;

/**
 * Makes `person` a trainer or an admin. Refused (nothing written) for a deleted account, when the
 * role is already that, and when it would demote the last active admin. The UPDATE returns the id
 * when it changed the role.
 */
export function changeRoleWrites(person: number, role: Role, actor: Actor): SQL[] {
  const when = sql`${isActiveAdmin(actor.me)}
    AND EXISTS (SELECT 1 FROM users WHERE id = ${person} AND deleted_at IS NULL AND role <> ${role})
    AND (${role} = 'admin' OR ${anotherActiveAdmin(person)})`;
  return [
    auditStatement(
      { userId: actor.me, action: 'role', courseId: null, detail: sql`${emailOf(person)} || ${` → ${role}`}`, now: actor.now },
      when,
    ),
    sql`UPDATE users SET role = ${role} WHERE id = ${person} AND ${when} RETURNING id`,
  ];
}

/**
 * Deactivates `person` and ends every session of theirs in the same batch: they are signed out at
 * once. Refused for oneself, for a deleted or already deactivated account and for the last active
 * admin. The UPDATE returns the id when it deactivated.
 */
export function deactivateWrites(person: number, actor: Actor): SQL[] {
  const when = sql`${isActiveAdmin(actor.me)} AND ${person} <> ${actor.me}
    AND EXISTS (SELECT 1 FROM users WHERE id = ${person} AND deleted_at IS NULL AND deactivated_at IS NULL
      AND (role <> 'admin' OR ${anotherActiveAdmin(person)}))`;
  return [
    auditStatement({ userId: actor.me, action: 'deactivate', courseId: null, detail: emailOf(person), now: actor.now }, when),
    sql`UPDATE users SET deactivated_at = ${actor.now} WHERE id = ${person} AND ${when} RETURNING id`,
    // After the UPDATE: a deactivated account keeps no session (also one left from before).
    sql`DELETE FROM sessions WHERE user_id = ${person} AND (SELECT deactivated_at FROM users WHERE id = ${person}) IS NOT NULL`,
  ];
}

/** Lets a deactivated account sign in again. The UPDATE returns the id when it reactivated. */
export function reactivateWrites(person: number, actor: Actor): SQL[] {
  const when = sql`${isActiveAdmin(actor.me)}
    AND EXISTS (SELECT 1 FROM users WHERE id = ${person} AND deleted_at IS NULL AND deactivated_at IS NOT NULL)`;
  return [
    auditStatement({ userId: actor.me, action: 'reactivate', courseId: null, detail: emailOf(person), now: actor.now }, when),
    sql`UPDATE users SET deactivated_at = NULL WHERE id = ${person} AND ${when} RETURNING id`,
  ];
}
