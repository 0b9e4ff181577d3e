/**
 * The trainer's writes: enrol, complete a page, record a quiz attempt, save a reflection.
 *
 * Each write is ONE D1 batch (one transaction, one round trip) that also re-reads what the page
 * shows afterwards. The writes are conditional in SQL: they only touch rows when the trainer is
 * enrolled and the lesson exists with the right kind, so a refused request writes nothing and the
 * re-read tells the handler why (404 or 403). Inserts ignore duplicates, so a double-submitted
 * form leaves one row.
 *
 * Completion is decided in the same batch as the last required item: the enrolment is marked
 * complete when no required lesson lacks progress, and the certificate is issued from it.
 */
import { sql, type SQL } from 'drizzle-orm';
import { batchRows, type Db } from '../db';
import { newCertificateCode } from './certificates';
import { courseQueries, lessonQueries, toCourseView, toLessonView, type CourseRows, type LessonRows } from './courses';
import type { Language, LessonKind } from './schema';

type Target = { userId: number; slug: string; lang: Language; now?: number };

export async function enrolTrainer(db: Db, { userId, slug, lang, now = Date.now() }: Target) {
  const [, ...rows] = await batchRows<[unknown[], ...CourseRows]>(db, [
    sql`
      INSERT INTO enrolments (user_id, course_id, enrolled_at)
      SELECT ${userId}, id, ${now} FROM courses WHERE slug = ${slug} AND published = 1
      ON CONFLICT (user_id, course_id) DO NOTHING`,
    ...courseQueries(slug, lang, userId),
  ]);
  return toCourseView(rows);
}

/** Marks a page lesson complete. */
export async function completeLesson(db: Db, target: Target & { key: string }) {
  const { userId, slug, key, now = Date.now() } = target;
  return writeThenReadLesson(db, { ...target, now }, [progressStatement(userId, slug, key, 'page', now)]);
}

export async function saveReflection(db: Db, target: Target & { key: string; body: string }) {
  const { userId, slug, key, body, now = Date.now() } = target;
  return writeThenReadLesson(db, { ...target, now }, [
    sql`
      INSERT INTO reflections (user_id, lesson_id, course_id, body, updated_at)
      SELECT ${userId}, l.id, l.course_id, ${body}, ${now}
      FROM lessons l JOIN courses c ON c.id = l.course_id
      JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${userId}
      WHERE c.slug = ${slug} AND l.key = ${key} AND l.kind = 'reflection'
      ON CONFLICT (user_id, lesson_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    progressStatement(userId, slug, key, 'reflection', now),
  ]);
}

export type ScoredAttempt = { score: number; maxScore: number; passed: boolean; answers: Record<string, number[]> };

/** Keeps every attempt; a passing one completes the lesson. */
export async function recordQuizAttempt(db: Db, target: Target & { key: string; attempt: ScoredAttempt }) {
  const { userId, slug, key, attempt, now = Date.now() } = target;
  const statements = [
    sql`
      INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at)
      SELECT ${userId}, l.id, ${attempt.score}, ${attempt.maxScore}, ${attempt.passed ? 1 : 0},
        ${JSON.stringify(attempt.answers)}, ${now}
      FROM lessons l JOIN courses c ON c.id = l.course_id
      JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${userId}
      WHERE c.slug = ${slug} AND l.key = ${key} AND l.kind = 'quiz'`,
  ];
  if (attempt.passed) statements.push(progressStatement(userId, slug, key, 'quiz', now));
  return writeThenReadLesson(db, { ...target, now }, statements);
}

/** `now` is the one timestamp of this write: the lesson's progress and the completion share it. */
async function writeThenReadLesson(db: Db, target: Target & { key: string; now: number }, writes: SQL[]) {
  const { userId, slug, key, lang, now } = target;
  const statements = [...writes, ...completionStatements(userId, slug, now)];
  const results = await batchRows<unknown[][]>(db, [...statements, ...lessonQueries(slug, key, lang, userId)]);
  return toLessonView(results.slice(statements.length) as LessonRows);
}

function progressStatement(userId: number, slug: string, key: string, kind: LessonKind, now: number): SQL {
  return sql`
    INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
    SELECT ${userId}, l.id, l.course_id, ${now}
    FROM lessons l JOIN courses c ON c.id = l.course_id
    JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${userId}
    WHERE c.slug = ${slug} AND l.key = ${key} AND l.kind = ${kind}
    ON CONFLICT (user_id, lesson_id) DO NOTHING`;
}

/** Marks the enrolment complete once no required lesson is left, and issues the certificate. */
function completionStatements(userId: number, slug: string, now: number): SQL[] {
  const courseId = sql`(SELECT id FROM courses WHERE slug = ${slug})`;
  return [
    sql`
      UPDATE enrolments SET completed_at = ${now}
      WHERE user_id = ${userId} AND course_id = ${courseId} AND completed_at IS NULL
        AND NOT EXISTS (
          SELECT 1 FROM lessons l
          LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ${userId}
          WHERE l.course_id = enrolments.course_id AND l.required = 1 AND p.lesson_id IS NULL)`,
    sql`
      INSERT INTO certificates (code, user_id, course_id, issued_at)
      SELECT ${newCertificateCode()}, user_id, course_id, completed_at FROM enrolments
      WHERE user_id = ${userId} AND course_id = ${courseId} AND completed_at IS NOT NULL
      ON CONFLICT DO NOTHING`,
  ];
}
