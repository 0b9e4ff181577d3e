/**
 * Read queries for the trainer's pages. Every page's reads go to D1 as one batch: one round trip.
 *
 * Texts come in the reader's language with a fallback to the course's main language; the
 * `fallback` flags let the page show a notice when it falls back.
 */
import { sql, type SQL } from 'drizzle-orm';
import { allRows, batchRows, type Db } from '../db';
import type { Family, Language, LessonKind } from './schema';
import { translatedTexts } from './texts';

export type CatalogueEntry = {
  slug: string;
  family: Family;
  mainLanguage: Language;
  estimatedMinutes: number;
  title: string;
  summary: string;
  fallback: boolean;
  languages: Language[];
  lessonCount: number;
  enrolled: boolean;
  completed: boolean;
};

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

type Flag = 0 | 1;
type CourseRow = Omit<CourseState, 'fallback' | 'published'> & { fallback: Flag; published: Flag };
type ModuleRow = { id: number; key: string; title: string };
type LessonRow = Omit<OutlineLesson, 'required' | 'done'> & { required: Flag; done: Flag };
type DetailRow = Omit<LessonDetail, 'required' | 'fallback' | 'sources'> & { required: Flag; fallback: Flag; sources: string };
type QuestionRow = { key: string; multiple: Flag; position: number; correct: Flag | null; text: string; explanation: string };
type StatsRow = { count: number; best: number | null };
type AttemptRow = { score: number; maxScore: number; passed: Flag; answers: string; createdAt: number };
type ReflectionRow = { body: string; updatedAt: number };
type CourseRows = [CourseRow[], ModuleRow[], LessonRow[]];
type LessonRows = [...CourseRows, DetailRow[], QuestionRow[], StatsRow[], AttemptRow[], ReflectionRow[]];

export async function listCatalogue(
  db: Db,
  lang: Language,
  userId: number | null,
  onlyLanguage: Language | null,
): Promise<CatalogueEntry[]> {
  const rows = await allRows<
    Omit<CatalogueEntry, 'fallback' | 'languages' | 'enrolled' | 'completed'> & {
      fallback: Flag;
      languages: string;
      enrolled: Flag;
      completed: Flag;
    }
  >(db, sql`
    SELECT c.slug, c.family, c.main_language AS mainLanguage, c.estimated_minutes AS estimatedMinutes,
      coalesce(t.title, m.title) AS title, coalesce(t.summary, m.summary) AS summary,
      t.title IS NULL AS fallback,
      (SELECT group_concat(language) FROM course_texts x WHERE x.course_id = c.id) AS languages,
      (SELECT count(*) FROM lessons l WHERE l.course_id = c.id) AS lessonCount,
      e.id IS NOT NULL AS enrolled, e.completed_at IS NOT NULL AS completed
    FROM courses c
    ${translatedTexts('course_texts', sql`c.id`, lang)}
    LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${userId ?? -1}
    WHERE c.published = 1
      ${onlyLanguage ? sql`AND EXISTS (SELECT 1 FROM course_texts f WHERE f.course_id = c.id AND f.language = ${onlyLanguage})` : sql``}
    ORDER BY c.family, title`);
  return rows.map((r) => ({
    ...r,
    fallback: r.fallback === 1,
    languages: r.languages.split(',').sort() as Language[],
    enrolled: r.enrolled === 1,
    completed: r.completed === 1,
  }));
}

/** The course, its state for this user, and its outline with each lesson's state. */
export function courseQueries(slug: string, lang: Language, userId: number | null): SQL[] {
  const courseId = sql`(SELECT id FROM courses WHERE slug = ${slug})`;
  return [
    sql`
      SELECT c.id, c.slug, c.family, c.main_language AS mainLanguage, c.estimated_minutes AS estimatedMinutes,
        c.published, coalesce(t.title, m.title) AS title, coalesce(t.summary, m.summary) AS summary,
        t.title IS NULL AS fallback, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
        cert.code AS certificateCode
      FROM courses c
      ${translatedTexts('course_texts', sql`c.id`, lang)}
      LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${userId ?? -1}
      LEFT JOIN certificates cert ON cert.course_id = c.id AND cert.user_id = ${userId ?? -1}
      WHERE c.slug = ${slug}`,
    sql`
      SELECT md.id, md.key, coalesce(t.title, m.title) AS title
      FROM modules md
      JOIN courses c ON c.id = md.course_id
      ${translatedTexts('module_texts', sql`md.id`, lang)}
      WHERE md.course_id = ${courseId}
      ORDER BY md.position`,
    sql`
      SELECT l.id, l.key, l.module_id AS moduleId, l.kind, l.required, coalesce(t.title, m.title) AS title,
        p.lesson_id IS NOT NULL AS done
      FROM lessons l
      JOIN courses c ON c.id = l.course_id
      ${translatedTexts('lesson_texts', sql`l.id`, lang)}
      LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ${userId ?? -1}
      WHERE l.course_id = ${courseId}
      ORDER BY l.position`,
  ];
}

/** Builds the course view from the rows of courseQueries, or null when there is no such course. */
export function toCourseView([courseRows, moduleRows, lessonRows]: CourseRows): CourseView | null {
  const row = courseRows[0];
  if (!row) return null;
  const course: CourseState = { ...row, fallback: row.fallback === 1, published: row.published === 1 };
  const lessons = lessonRows.map((l) => ({ ...l, required: l.required === 1, done: l.done === 1 }));
  const modules = moduleRows.map((m) => ({
    ...m,
    lessons: lessons.filter((l) => l.moduleId === m.id),
  }));
  return { course, modules, progress: progressOf(lessons), nextLesson: nextLessonOf(lessons) };
}

export async function getCourseView(db: Db, slug: string, lang: Language, userId: number | null) {
  return toCourseView(await batchRows<CourseRows>(db, courseQueries(slug, lang, userId)));
}

export function progressOf(lessons: Pick<OutlineLesson, 'required' | 'done'>[]): Progress {
  const required = lessons.filter((l) => l.required);
  const done = required.filter((l) => l.done).length;
  const total = required.length;
  return { done, total };
}

function nextLessonOf(lessons: OutlineLesson[]): OutlineLesson | null {
  return lessons.find((l) => l.required && !l.done) ?? lessons.find((l) => !l.done) ?? lessons[0] ?? null;
}

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

export type { LessonRows, CourseRows };

/** Everything the lesson page shows, as queries to put in one batch (after any writes). */
export function lessonQueries(slug: string, key: string, lang: Language, userId: number | null): SQL[] {
  const lessonId = sql`(SELECT l.id FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = ${slug} AND l.key = ${key})`;
  const uid = userId ?? -1;
  return [
    ...courseQueries(slug, lang, userId),
    sql`
      SELECT l.id, l.key, l.kind, l.required, l.pass_percent AS passPercent, l.sources,
        coalesce(t.title, m.title) AS title, coalesce(t.body_html, m.body_html) AS bodyHtml,
        t.lesson_id IS NULL AS fallback
      FROM lessons l
      JOIN courses c ON c.id = l.course_id
      ${translatedTexts('lesson_texts', sql`l.id`, lang)}
      WHERE l.id = ${lessonId}`,
    sql`
      SELECT q.key, q.multiple, m.option_position AS position, o.correct,
        coalesce(t.text, m.text) AS text, coalesce(t.explanation, m.explanation) AS explanation
      FROM quiz_questions q
      JOIN lessons l ON l.id = q.lesson_id
      JOIN courses c ON c.id = l.course_id
      JOIN quiz_texts m ON m.question_id = q.id AND m.language = c.main_language
      LEFT JOIN quiz_texts t ON t.question_id = q.id AND t.option_position = m.option_position AND t.language = ${lang}
      LEFT JOIN quiz_options o ON o.question_id = q.id AND o.position = m.option_position - 1
      WHERE q.lesson_id = ${lessonId}
      ORDER BY q.position, m.option_position`,
    sql`
      SELECT count(*) AS count, max(score) AS best FROM quiz_attempts WHERE user_id = ${uid} AND lesson_id = ${lessonId}`,
    sql`
      SELECT score, max_score AS maxScore, passed, answers, created_at AS createdAt FROM quiz_attempts
      WHERE user_id = ${uid} AND lesson_id = ${lessonId} ORDER BY id DESC LIMIT 1`,
    sql`
      SELECT body, updated_at AS updatedAt FROM reflections WHERE user_id = ${uid} AND lesson_id = ${lessonId}`,
  ];
}

export function toLessonView(rows: LessonRows): LessonView | null {
  const [courseRows, moduleRows, lessonRows, detailRows, questionRows, statsRows, latestRows, reflectionRows] = rows;
  const courseView = toCourseView([courseRows, moduleRows, lessonRows]);
  const detail = detailRows[0];
  if (!courseView || !detail) return null;
  const lesson: LessonDetail = {
    ...detail,
    required: detail.required === 1,
    fallback: detail.fallback === 1,
    sources: JSON.parse(detail.sources) as LessonDetail['sources'],
  };
  const questions: QuizQuestion[] = [];
  for (const row of questionRows) {
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
  const stats = statsRows[0];
  const latest = latestRows[0];
  const ordered = courseView.modules.flatMap((m) => m.lessons);
  const index = ordered.findIndex((l) => l.id === lesson.id);
  return {
    ...courseView,
    lesson,
    questions,
    attempts: {
      count: stats?.count ?? 0,
      best: stats?.best ?? 0,
      latest: latest ? { ...latest, passed: latest.passed === 1, answers: JSON.parse(latest.answers) } : null,
    },
    reflection: reflectionRows[0] ?? null,
    previous: ordered[index - 1] ?? null,
    next: ordered[index + 1] ?? null,
  };
}

export async function getLessonView(db: Db, slug: string, key: string, lang: Language, userId: number | null) {
  return toLessonView(await batchRows<LessonRows>(db, lessonQueries(slug, key, lang, userId)));
}

