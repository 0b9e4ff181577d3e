/**
 * The lesson page and the trainer's writes on it: mark a page complete, record a quiz attempt,
 * save a reflection.
 *
 * Each write is ONE D1 batch (one transaction, one round trip, together with the session read in
 * front of it) that writes, decides course completion and re-reads the page. The writes are
 * conditional in SQL: they only touch rows when the session is valid, the course is published,
 * the trainer is enrolled and the lesson exists with the right kind, so a refused request writes
 * nothing and the re-read tells the handler why (404 or 403). Inserts ignore duplicates, so a
 * double-submitted form leaves one row.
 *
 * The trainer's cohort decides when: an active (not withdrawn) enrolment, from the cohort's start,
 * and after its end only when the cohort lets completions after the end count (`completionAllowed`,
 * in each write's SQL; the page shows why with `course.gate`).
 *
 * Completion is decided in the same batch as the last required item: the enrolment is marked
 * complete when no required lesson lacks progress, and the certificate is issued from it.
 */
import { type SQL, sql } from 'drizzle-orm';
import { mapRead, query, type Read, read, readAll } from '../db';
import { newCertificateCode } from './certificates';
import { type CourseView, completionAllowed, courseIdOf, courseRead, type Flag, type OutlineLesson } from './courses';
import type { Language, LessonKind } from './schema';
import { translatedTexts } from './texts';

export type LessonDetail = {
  id: number;
  key: string;
  kind: LessonKind;
  required: boolean;
  passPercent: number | null;
  sources: { title: string; url?: string }[];
  title: string;
  bodyHtml: string;
  fallback: boolean;
};

export type QuizQuestion = {
  key: string;
  multiple: boolean;
  prompt: string;
  options: { position: number; correct: boolean; text: string; explanation: string }[];
};

export type QuizAttempt = {
  score: number;
  maxScore: number;
  passed: boolean;
  answers: Record<string, number[]>;
  createdAt: number;
};

export type LessonView = CourseView & {
  lesson: LessonDetail;
  questions: QuizQuestion[];
  attempts: { count: number; best: number; latest: QuizAttempt | null };
  reflection: { body: string; updatedAt: number } | null;
  previous: OutlineLesson | null;
  next: OutlineLesson | null;
};

type DetailRow = Omit<LessonDetail, 'required' | 'fallback' | 'sources'> & { required: Flag; fallback: Flag; sources: string };
type QuestionRow = { key: string; multiple: Flag; position: number; correct: Flag | null; text: string; explanation: string };
type StatsRow = { count: number; best: number | null };
type AttemptRow = { score: number; maxScore: number; passed: Flag; answers: string; createdAt: number };
type ReflectionRow = { body: string; updatedAt: number };

/** The lesson within its course, by slug and key, as SQL. */
const lessonIdOf = (slug: string, key: string) =>
  sql`(SELECT l.id FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = ${slug} AND l.key = ${key} AND l.archived_at IS NULL)`;

/** Everything the lesson page shows, or null when there is no such lesson. */
export function lessonRead(slug: string, key: string, lang: Language, me: SQL): Read<LessonView | null> {
  const lessonId = lessonIdOf(slug, key);
  const details = read(
    [
      query<DetailRow>(sql`
        SELECT l.id, l.key, l.kind, l.required, l.pass_percent AS passPercent, l.sources,
          coalesce(t.title, m.title) AS title, coalesce(t.body_html, m.body_html) AS bodyHtml,
          t.lesson_id IS NULL AS fallback
        FROM lessons l
        JOIN courses c ON c.id = l.course_id
        ${translatedTexts('lesson_texts', sql`l.id`, lang)}
        WHERE l.id = ${lessonId}`),
      query<QuestionRow>(sql`
        SELECT q.key, q.multiple, m.option_position AS position, o.correct,
          coalesce(t.text, m.text) AS text, coalesce(t.explanation, m.explanation) AS explanation
        FROM quiz_questions q
        JOIN lessons l ON l.id = q.lesson_id
        JOIN courses c ON c.id = l.course_id
        JOIN quiz_texts m ON m.question_id = q.id AND m.language = c.main_language
        LEFT JOIN quiz_texts t ON t.question_id = q.id AND t.option_position = m.option_position AND t.language = ${lang}
        LEFT JOIN quiz_options o ON o.question_id = q.id AND o.position = m.option_position - 1
        WHERE q.lesson_id = ${lessonId}
        ORDER BY q.position, m.option_position`),
      query<StatsRow>(sql`
        SELECT count(*) AS count, max(score) AS best FROM quiz_attempts WHERE user_id = ${me} AND lesson_id = ${lessonId}`),
      query<AttemptRow>(sql`
        SELECT score, max_score AS maxScore, passed, answers, created_at AS createdAt FROM quiz_attempts
        WHERE user_id = ${me} AND lesson_id = ${lessonId} ORDER BY id DESC LIMIT 1`),
      query<ReflectionRow>(sql`
        SELECT body, updated_at AS updatedAt FROM reflections WHERE user_id = ${me} AND lesson_id = ${lessonId}`),
    ],
    ([[detail], questionRows, [stats], [latest], [reflection]]) => {
      if (!detail) return null;
      const lesson: LessonDetail = {
        ...detail,
        required: detail.required === 1,
        fallback: detail.fallback === 1,
        sources: JSON.parse(detail.sources) as LessonDetail['sources'],
      };
      return {
        lesson,
        questions: toQuestions(questionRows),
        attempts: {
          count: stats?.count ?? 0,
          best: stats?.best ?? 0,
          latest: latest ? { ...latest, passed: latest.passed === 1, answers: JSON.parse(latest.answers) } : null,
        },
        reflection: reflection ?? null,
      };
    },
  );
  return mapRead(readAll({ course: courseRead(slug, lang, me), details }), ({ course, details }) => {
    if (!course || !details) return null;
    const ordered = course.modules.flatMap((m) => m.lessons);
    const index = ordered.findIndex((l) => l.id === details.lesson.id);
    return { ...course, ...details, previous: ordered[index - 1] ?? null, next: ordered[index + 1] ?? null };
  });
}

/** Position 0 of quiz_texts is the question's prompt; options follow from position 1. */
function toQuestions(rows: QuestionRow[]): QuizQuestion[] {
  const questions: QuizQuestion[] = [];
  for (const row of rows) {
    if (row.position === 0) {
      questions.push({ key: row.key, multiple: row.multiple === 1, prompt: row.text, options: [] });
    } else {
      questions.at(-1)?.options.push({
        position: row.position - 1,
        correct: row.correct === 1,
        text: row.text,
        explanation: row.explanation,
      });
    }
  }
  return questions;
}

type Write = { slug: string; key: string; me: SQL; now: number };

/** Marks a page lesson complete. */
export function completeWrites({ slug, key, me, now }: Write): SQL[] {
  return [progressStatement({ slug, key, me, now }, 'page'), ...completionStatements(slug, me, now)];
}

export function reflectionWrites(target: Write & { body: string }): SQL[] {
  const { slug, key, me, now, body } = target;
  return [
    sql`
      INSERT INTO reflections (user_id, lesson_id, course_id, body, updated_at)
      SELECT e.user_id, l.id, l.course_id, ${body}, ${now}
      FROM lessons l JOIN courses c ON c.id = l.course_id
      JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${me}
      WHERE c.slug = ${slug} AND l.key = ${key} AND l.kind = 'reflection' AND c.published = 1 AND l.archived_at IS NULL
        AND ${completionAllowed(now)}
      ON CONFLICT (user_id, lesson_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
    progressStatement(target, 'reflection'),
    ...completionStatements(slug, me, now),
  ];
}

/**
 * Scores and keeps an attempt in SQL, so that scoring needs no read before the write: a question
 * scores when exactly its correct options are chosen (the rule of src/quiz.ts, which the view
 * uses to mark answers; test/data/quiz-scoring.test.ts holds the two to the same results). The
 * attempt is written only when every question has an answer among its options, and one answer for
 * a single-choice question; its RETURNING row tells the handler it was. A passing attempt
 * completes the lesson. `answers` maps question keys to option positions.
 */
export function quizAttemptWrites(target: Write & { answers: Record<string, number[]> }): SQL[] {
  const { slug, key, me, now } = target;
  const answers = JSON.stringify(target.answers);
  const lessonId = lessonIdOf(slug, key);
  return [
    sql`
      WITH picked AS (
        SELECT q.id AS question_id, CAST(p.value AS INTEGER) AS position
        FROM quiz_questions q, json_each(${answers}, '$."' || q.key || '"') p
        WHERE q.lesson_id = ${lessonId}
      ), marked AS (
        SELECT q.multiple,
          (SELECT count(*) FROM picked p WHERE p.question_id = q.id) AS chosen,
          (SELECT count(*) FROM picked p WHERE p.question_id = q.id
            AND NOT EXISTS (SELECT 1 FROM quiz_options o WHERE o.question_id = q.id AND o.position = p.position)) AS unknown,
          NOT EXISTS (SELECT 1 FROM quiz_options o WHERE o.question_id = q.id
            AND o.correct <> EXISTS (SELECT 1 FROM picked p WHERE p.question_id = q.id AND p.position = o.position)) AS right
        FROM quiz_questions q WHERE q.lesson_id = ${lessonId}
      ), scored AS (
        SELECT coalesce(sum(right), 0) AS score, count(*) AS max_score,
          coalesce(sum(chosen = 0 OR unknown > 0 OR (multiple = 0 AND chosen > 1)), 0) AS unanswered
        FROM marked
      )
      INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at)
      SELECT e.user_id, l.id, s.score, s.max_score, s.score * 100 >= coalesce(l.pass_percent, 100) * s.max_score,
        ${answers}, ${now}
      FROM lessons l JOIN courses c ON c.id = l.course_id
      JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${me}
      JOIN scored s
      WHERE l.id = ${lessonId} AND l.kind = 'quiz' AND c.published = 1 AND s.unanswered = 0 AND s.max_score > 0
        AND ${completionAllowed(now)}
      RETURNING id`,
    sql`
      INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
      SELECT a.user_id, a.lesson_id, l.course_id, ${now}
      FROM quiz_attempts a JOIN lessons l ON l.id = a.lesson_id
      WHERE a.user_id = ${me} AND a.lesson_id = ${lessonId} AND a.created_at = ${now} AND a.passed = 1
      ON CONFLICT (user_id, lesson_id) DO NOTHING`,
    ...completionStatements(slug, me, now),
  ];
}

function progressStatement({ slug, key, me, now }: Write, kind: LessonKind): SQL {
  return sql`
    INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
    SELECT e.user_id, l.id, l.course_id, ${now}
    FROM lessons l JOIN courses c ON c.id = l.course_id
    JOIN enrolments e ON e.course_id = l.course_id AND e.user_id = ${me}
    WHERE c.slug = ${slug} AND l.key = ${key} AND l.kind = ${kind} AND c.published = 1 AND l.archived_at IS NULL
      AND ${completionAllowed(now)}
    ON CONFLICT (user_id, lesson_id) DO NOTHING`;
}

/**
 * Marks the enrolment complete once no required lesson is left, and issues the certificate. `now`
 * is the one timestamp of the write: the lesson's progress and the completion share it.
 */
function completionStatements(slug: string, me: SQL, now: number): SQL[] {
  const courseId = courseIdOf(slug);
  return [
    sql`
      UPDATE enrolments SET completed_at = ${now}
      WHERE user_id = ${me} AND course_id = ${courseId} AND completed_at IS NULL AND withdrawn_at IS NULL
        AND EXISTS (SELECT 1 FROM courses c WHERE c.id = enrolments.course_id AND c.published = 1)
        AND NOT EXISTS (
          SELECT 1 FROM lessons l
          LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = enrolments.user_id
          WHERE l.course_id = enrolments.course_id AND l.required = 1 AND l.archived_at IS NULL AND p.lesson_id IS NULL)`,
    sql`
      INSERT INTO certificates (code, user_id, course_id, issued_at)
      SELECT ${newCertificateCode()}, user_id, course_id, completed_at FROM enrolments
      WHERE user_id = ${me} AND course_id = ${courseId} AND completed_at IS NOT NULL
      ON CONFLICT DO NOTHING`,
  ];
}
