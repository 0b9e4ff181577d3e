/**
 * The course page: the course, the reader's enrolment and certificate, and its outline with each
 * lesson's state. Lesson, notebook and enrolment pages build on this read.
 *
 * Texts come in the reader's language with a fallback to the course's main language; the
 * `fallback` flags let the page show a notice when it falls back. `me` is the signed-in user's id
 * as SQL (see src/auth/session.ts): NULL for visitors, and then every per-user join finds nothing.
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import { profileSettled } from './profiles';
import type { Family, Language, LessonKind } from './schema';
import { takeSeatStatements } from './seats';
import { translatedTexts } from './texts';

export type Flag = 0 | 1;

export type OutlineLesson = {
  id: number;
  key: string;
  moduleId: number;
  kind: LessonKind;
  required: boolean;
  title: string;
  done: boolean;
};

export type OutlineModule = { id: number; key: string; title: string; lessons: OutlineLesson[] };

export type CourseState = {
  id: number;
  slug: string;
  family: Family;
  mainLanguage: Language;
  estimatedMinutes: number;
  published: boolean;
  title: string;
  summary: string;
  fallback: boolean;
  /** Null when the reader is not enrolled, or was withdrawn (the row stays, with completedAt). */
  enrolledAt: number | null;
  completedAt: number | null;
  certificateCode: string | null;
  /** The reader's cohort, when enrolled. */
  cohort: CohortInfo | null;
  /** Why lessons cannot be completed now (the cohort's dates), or null when they can. */
  gate: 'before' | 'ended' | null;
};

export type CohortInfo = {
  id: number;
  name: string;
  isDefault: boolean;
  startsAt: number | null;
  endsAt: number | null;
};

/** A cohort a trainer may enrol in: open and not ended. `taken` counts active enrolments. */
export type OpenCohort = CohortInfo & { capacity: number | null; taken: number; hasKey: boolean };

/** The reader's place on a waitlist of this course (1 = next in line). */
export type Waiting = { cohort: CohortInfo; position: number };

export type Progress = { done: number; total: number };

export type CourseView = {
  course: CourseState;
  modules: OutlineModule[];
  progress: Progress;
  /** The first required lesson not done, else the first lesson: where "Continue" leads. */
  nextLesson: OutlineLesson | null;
  /** Cohorts open for enrolment, in date order (the default first). */
  cohorts: OpenCohort[];
  waiting: Waiting | null;
};

type CohortRow = { id: number; name: string; isDefault: Flag; startsAt: number | null; endsAt: number | null };
type CourseRow = Omit<CourseState, 'fallback' | 'published' | 'cohort' | 'gate'> & {
  fallback: Flag;
  published: Flag;
  cohortId: number | null;
  cohortName: string;
  isDefault: Flag;
  startsAt: number | null;
  endsAt: number | null;
  gate: 'before' | 'ended' | null;
};
type OpenCohortRow = CohortRow & { capacity: number | null; taken: number; hasKey: Flag };
type WaitingRow = CohortRow & { position: number };

/**
 * Whether the enrolment `e` may complete lessons at `now`: active, its cohort started, and not
 * ended unless the cohort lets completions after the end count. Every completing write carries it.
 */
export const completionAllowed = (now: SQL | number) => sql`e.withdrawn_at IS NULL AND EXISTS (
  SELECT 1 FROM cohorts h WHERE h.id = e.cohort_id AND (h.starts_at IS NULL OR h.starts_at <= ${now})
    AND (h.ends_at IS NULL OR h.ends_at >= ${now} OR h.completions_after_end = 1))`;

const cohortInfo = (row: CohortRow): CohortInfo => ({
  id: row.id,
  name: row.name,
  isDefault: row.isDefault === 1,
  startsAt: row.startsAt,
  endsAt: row.endsAt,
});
type ModuleRow = { id: number; key: string; title: string };
type LessonRow = Omit<OutlineLesson, 'required' | 'done'> & { required: Flag; done: Flag };

/** The course by slug as SQL, for statements that need its id. */
export const courseIdOf = (slug: string) => sql`(SELECT id FROM courses WHERE slug = ${slug})`;

/** The course view, or null when there is no such course. */
export function courseRead(slug: string, lang: Language, me: SQL): Read<CourseView | null> {
  const courseId = courseIdOf(slug);
  // The clock of the database, for "has the cohort started / ended": the read takes no timestamp.
  const clock = sql`(unixepoch('subsec') * 1000)`;
  return read(
    [
      query<CourseRow>(sql`
        SELECT c.id, c.slug, c.family, c.main_language AS mainLanguage, c.estimated_minutes AS estimatedMinutes,
          c.published, coalesce(t.title, m.title) AS title, coalesce(t.summary, m.summary) AS summary,
          t.title IS NULL AS fallback, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
          cert.code AS certificateCode, h.id AS cohortId, h.name AS cohortName, h.is_default AS isDefault,
          h.starts_at AS startsAt, h.ends_at AS endsAt,
          CASE WHEN h.starts_at > ${clock} THEN 'before'
            WHEN h.ends_at < ${clock} AND h.completions_after_end = 0 THEN 'ended' END AS gate
        FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${me} AND e.withdrawn_at IS NULL
        LEFT JOIN cohorts h ON h.id = e.cohort_id
        LEFT JOIN certificates cert ON cert.course_id = c.id AND cert.user_id = ${me}
        WHERE c.slug = ${slug}`),
      query<ModuleRow>(sql`
        SELECT md.id, md.key, coalesce(t.title, m.title) AS title
        FROM modules md
        JOIN courses c ON c.id = md.course_id
        ${translatedTexts('module_texts', sql`md.id`, lang)}
        WHERE md.course_id = ${courseId} AND md.archived_at IS NULL
        ORDER BY md.position`),
      query<LessonRow>(sql`
        SELECT l.id, l.key, l.module_id AS moduleId, l.kind, l.required, coalesce(t.title, m.title) AS title,
          p.lesson_id IS NOT NULL AS done
        FROM lessons l
        JOIN courses c ON c.id = l.course_id
        ${translatedTexts('lesson_texts', sql`l.id`, lang)}
        LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ${me}
        WHERE l.course_id = ${courseId} AND l.archived_at IS NULL
        ORDER BY l.position`),
      query<OpenCohortRow>(sql`
        SELECT h.id, h.name, h.is_default AS isDefault, h.starts_at AS startsAt, h.ends_at AS endsAt, h.capacity,
          (SELECT count(*) FROM enrolments x WHERE x.cohort_id = h.id AND x.withdrawn_at IS NULL) AS taken,
          h.enrolment_key IS NOT NULL AS hasKey
        FROM cohorts h
        WHERE h.course_id = ${courseId} AND h.enrolment_open = 1 AND (h.ends_at IS NULL OR h.ends_at >= ${clock})
        ORDER BY h.is_default DESC, h.starts_at, h.id`),
      query<WaitingRow>(sql`
        SELECT h.id, h.name, h.is_default AS isDefault, h.starts_at AS startsAt, h.ends_at AS endsAt,
          (SELECT count(*) FROM waitlist x WHERE x.cohort_id = w.cohort_id AND x.id <= w.id) AS position
        FROM waitlist w JOIN cohorts h ON h.id = w.cohort_id
        WHERE w.user_id = ${me} AND h.course_id = ${courseId}
        ORDER BY w.id LIMIT 1`),
    ],
    ([[row], moduleRows, lessonRows, cohortRows, [waiting]]) => {
      if (!row) return null;
      const { cohortId, cohortName, isDefault, startsAt, endsAt, gate, ...rest } = row;
      const course: CourseState = {
        ...rest,
        fallback: row.fallback === 1,
        published: row.published === 1,
        cohort:
          cohortId === null || row.enrolledAt === null ? null : cohortInfo({ id: cohortId, name: cohortName, isDefault, startsAt, endsAt }),
        gate: row.enrolledAt === null ? null : gate,
      };
      const lessons = lessonRows.map((l) => ({ ...l, required: l.required === 1, done: l.done === 1 }));
      const modules = moduleRows.map((m) => ({ ...m, lessons: lessons.filter((l) => l.moduleId === m.id) }));
      return {
        course,
        modules,
        progress: progressOf(lessons),
        nextLesson: nextLessonOf(lessons),
        cohorts: cohortRows.map((h) => ({ ...cohortInfo(h), capacity: h.capacity, taken: h.taken, hasKey: h.hasKey === 1 })),
        waiting: waiting ? { cohort: cohortInfo(waiting), position: waiting.position } : null,
      };
    },
  );
}

/**
 * The signed-in trainer takes a seat in a cohort of a published course, or joins its waitlist
 * when it is full (src/data/seats.ts). `cohortId` null means the default cohort (the one enrol
 * button of a course without cohorts). Only an open cohort that has not ended, and only with its
 * key when it has one: the key is compared in SQL, so no timing of ours tells how much of it was
 * right. Where the region asks for a participant profile, only a trainer who has answered or
 * declined it (src/data/profiles.ts). Returns [enrolled ids, waitlisted ids, …].
 */
export function enrolWrites(slug: string, cohortId: number | null, key: string, me: SQL, now: number): SQL[] {
  const cohort =
    cohortId === null
      ? sql`(SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = ${slug} AND h.is_default = 1)`
      : sql`(SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = ${slug} AND h.id = ${cohortId})`;
  const when = sql`h.enrolment_open = 1 AND (h.ends_at IS NULL OR h.ends_at >= ${now})
    AND (h.enrolment_key IS NULL OR h.enrolment_key = ${key})
    AND EXISTS (SELECT 1 FROM courses pc WHERE pc.id = h.course_id AND pc.published = 1)
    AND ${profileSettled(me)}`;
  return takeSeatStatements(cohort, me, now, when);
}

/** The signed-in trainer leaves every waitlist of the course. */
export function leaveWaitlistStatement(slug: string, me: SQL): SQL {
  return sql`
    DELETE FROM waitlist WHERE user_id = ${me}
      AND cohort_id IN (SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = ${slug})
    RETURNING id`;
}

/** Who may see a course: anyone when it is published, admins (previewing) when it is not. */
export function isVisible(view: CourseView | null, role: string | undefined): view is CourseView {
  return !!view && (view.course.published || role === 'admin');
}

export function progressOf(lessons: Pick<OutlineLesson, 'required' | 'done'>[]): Progress {
  const required = lessons.filter((l) => l.required);
  return { done: required.filter((l) => l.done).length, total: required.length };
}

function nextLessonOf(lessons: OutlineLesson[]): OutlineLesson | null {
  return lessons.find((l) => l.required && !l.done) ?? lessons.find((l) => !l.done) ?? lessons[0] ?? null;
}
