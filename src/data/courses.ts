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
import type { Family, Language, LessonKind } from './schema';
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
  enrolledAt: number | null;
  completedAt: number | null;
  certificateCode: string | null;
};

export type Progress = { done: number; total: number };

export type CourseView = {
  course: CourseState;
  modules: OutlineModule[];
  progress: Progress;
  /** The first required lesson not done, else the first lesson: where "Continue" leads. */
  nextLesson: OutlineLesson | null;
};

type CourseRow = Omit<CourseState, 'fallback' | 'published'> & { fallback: Flag; published: Flag };
type ModuleRow = { id: number; key: string; title: string };
type LessonRow = Omit<OutlineLesson, 'required' | 'done'> & { required: Flag; done: Flag };

/** The course by slug as SQL, for statements that need its id. */
export const courseIdOf = (slug: string) => sql`(SELECT id FROM courses WHERE slug = ${slug})`;

/** The course view, or null when there is no such course. */
export function courseRead(slug: string, lang: Language, me: SQL): Read<CourseView | null> {
  const courseId = courseIdOf(slug);
  return read(
    [
      query<CourseRow>(sql`
        SELECT c.id, c.slug, c.family, c.main_language AS mainLanguage, c.estimated_minutes AS estimatedMinutes,
          c.published, coalesce(t.title, m.title) AS title, coalesce(t.summary, m.summary) AS summary,
          t.title IS NULL AS fallback, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
          cert.code AS certificateCode
        FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${me}
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
    ],
    ([[row], moduleRows, lessonRows]) => {
      if (!row) return null;
      const course: CourseState = { ...row, fallback: row.fallback === 1, published: row.published === 1 };
      const lessons = lessonRows.map((l) => ({ ...l, required: l.required === 1, done: l.done === 1 }));
      const modules = moduleRows.map((m) => ({ ...m, lessons: lessons.filter((l) => l.moduleId === m.id) }));
      return { course, modules, progress: progressOf(lessons), nextLesson: nextLessonOf(lessons) };
    },
  );
}

/** Enrols the signed-in user in a published course; enrolling twice changes nothing. */
export function enrolStatement(slug: string, me: SQL, now: number): SQL {
  return sql`
    INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at)
    SELECT ${me}, c.id, h.id, ${now} FROM courses c JOIN cohorts h ON h.course_id = c.id AND h.is_default = 1
    WHERE c.slug = ${slug} AND c.published = 1 AND ${me} IS NOT NULL
    ON CONFLICT (user_id, course_id) DO NOTHING`;
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
