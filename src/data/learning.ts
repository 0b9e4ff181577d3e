import { sql } from 'drizzle-orm';
import { allRows, batchRows, type Db } from '../db';
import { courseQueries, toCourseView, type CourseRows } from './courses';
import type { Language } from './schema';
import { translatedTexts } from './texts';

export type LearningEntry = {
  slug: string;
  title: string;
  enrolledAt: number;
  completedAt: number | null;
  certificateCode: string | null;
  done: number;
  total: number;
};

/** "My learning": every enrolment with its progress, in one query. */
export async function listMyLearning(db: Db, userId: number, lang: Language): Promise<LearningEntry[]> {
  return allRows<LearningEntry>(db, sql`
    SELECT c.slug, coalesce(t.title, m.title) AS title, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
      cert.code AS certificateCode,
      (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
        WHERE p.user_id = e.user_id AND p.course_id = c.id AND l.required = 1) AS done,
      (SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND l.required = 1) AS total
    FROM enrolments e
    JOIN courses c ON c.id = e.course_id
    ${translatedTexts('course_texts', sql`c.id`, lang)}
    LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = c.id
    WHERE e.user_id = ${userId}
    ORDER BY e.completed_at IS NOT NULL, e.enrolled_at DESC`);
}

export type NotebookEntry = { key: string; title: string; prompt: string; body: string | null; updatedAt: number | null };

/**
 * The course (for its title and the trainer's enrolment) and the trainer's reflections in it, in
 * course order with the prompts they answer: one batch.
 */
export async function getNotebook(db: Db, userId: number, slug: string, lang: Language) {
  const [courseRows, moduleRows, lessonRows, entries] = await batchRows<[...CourseRows, NotebookEntry[]]>(db, [
    ...courseQueries(slug, lang, userId),
    sql`
      SELECT l.key, coalesce(t.title, m.title) AS title, coalesce(t.body_html, m.body_html) AS prompt,
        r.body, r.updated_at AS updatedAt
      FROM lessons l
      JOIN courses c ON c.id = l.course_id
      ${translatedTexts('lesson_texts', sql`l.id`, lang)}
      LEFT JOIN reflections r ON r.lesson_id = l.id AND r.user_id = ${userId}
      WHERE c.slug = ${slug} AND l.kind = 'reflection'
      ORDER BY l.position`,
  ]);
  const view = toCourseView([courseRows, moduleRows, lessonRows]);
  return view ? { view, entries } : null;
}

export type CourseReport = { slug: string; title: string; enrolments: number; completions: number };

/** Admin report: enrolments and completions per course. */
export async function listCourseReport(db: Db, lang: Language) {
  return batchRows<[CourseReport[], { trainers: number }[]]>(db, [
    sql`
      SELECT c.slug, coalesce(t.title, m.title) AS title,
        (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id) AS enrolments,
        (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL) AS completions
      FROM courses c
      ${translatedTexts('course_texts', sql`c.id`, lang)}
      ORDER BY c.family, title`,
    sql`SELECT count(*) AS trainers FROM users WHERE role = 'trainer'`,
  ]);
}
