/**
 * Reports for programme staff (admins only). Every page is one read: one D1 batch.
 *
 * Definitions (shown on the page, pinned in test/routes/admin/reports.test.ts):
 * - The population is the course's (or cohort's) enrolments, withdrawn ones included
 *   (participations). The date range selects them by enrolment day: "who joined between from and
 *   to", and every figure follows those trainers, so the completion rate divides like by like.
 * - Started: at least one lesson completed. Completed: the enrolment's `completed_at` (the
 *   certificate stands even if the trainer was withdrawn since).
 * - Median days to complete: over completed enrolments, `completed_at - enrolled_at`.
 * - Active in the last 7 / 30 days (before the request): any lesson completed, quiz attempt or
 *   reflection saved in the course in that window.
 * - Estimated hours: lessons have no minutes of their own, so the course's `estimated_minutes` is
 *   spread evenly over its required (not archived) lessons; each completed required lesson counts
 *   that share. Optional lessons count nothing.
 * - Funnel: we record completions and attempts, not page views. "Completed" counts trainers with
 *   the lesson done; "reached" counts trainers with any activity (completion, quiz attempt,
 *   reflection) on that lesson or a later one in course order: they got at least that far.
 * - Quiz items: first attempts only (before the feedback of an attempt shows the answers). Right
 *   means exactly the correct options chosen. The wrong option chosen most is counted over first
 *   attempts too. Attempts to pass: per trainer who passed, the attempts up to the first pass.
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Language } from './schema';
import { translatedTexts } from './texts';

const DAY = 86_400_000;

/** The figures of a course (or cohort): counts, and the inputs of the rates and hours. */
export type Figures = {
  enrolled: number;
  active: number;
  withdrawn: number;
  started: number;
  completed: number;
  /** completed / enrolled, 0..1; null with nobody enrolled. */
  completionRate: number | null;
  medianDays: number | null;
  active7: number;
  active30: number;
  estimatedHours: number;
};

type FiguresRow = {
  course_id: number;
  enrolled: number;
  active: number;
  withdrawn: number;
  started: number;
  completed: number;
  median_ms: number | null;
  active7: number;
  active30: number;
  required_done: number;
  required_lessons: number;
  estimated_minutes: number;
};

export type CourseFigures = Figures & { id: number; slug: string; title: string };

export type Filters = { courseId: number; cohortId: number | null; from: number | null; to: number | null };

/** The enrolments a report is about, as a CTE `pop` (drives every query from the enrolments index). */
export function population(filters: Partial<Filters>): SQL {
  const { courseId = null, cohortId = null, from = null, to = null } = filters;
  return sql`pop AS (
    SELECT e.user_id, e.course_id, e.enrolled_at, e.completed_at, e.withdrawn_at, e.lessons_done, e.required_done, e.last_active_at
    ${
      // Every course: reach the enrolments course by course through their index, not by a scan.
      courseId === null
        ? sql`FROM courses c0 JOIN enrolments e ON e.course_id = c0.id WHERE 1`
        : sql`FROM enrolments e WHERE e.course_id = ${courseId}`
    }
      ${cohortId === null ? sql`` : sql`AND e.cohort_id = ${cohortId}`}
      ${from === null ? sql`` : sql`AND e.enrolled_at >= ${from}`}
      ${to === null ? sql`` : sql`AND e.enrolled_at <= ${to}`})`;
}

/**
 * One row per course with enrolments in the population. The counts per enrolment (lessons done,
 * required ones, last activity) are the enrolment's own columns, kept by triggers (migration
 * 0007): the report reads one row per enrolment, not the trainer's progress, attempts and
 * reflections, which is what keeps /admin fast with every course of a region.
 */
function figuresQuery(filters: Partial<Filters>, now: number) {
  return query<FiguresRow>(sql`
    WITH ${population(filters)},
    ranked AS (
      SELECT course_id, completed_at - enrolled_at AS took,
        row_number() OVER (PARTITION BY course_id ORDER BY completed_at - enrolled_at) AS n,
        count(*) OVER (PARTITION BY course_id) AS total
      FROM pop WHERE completed_at IS NOT NULL
    ),
    medians AS (SELECT course_id, avg(took) AS median_ms FROM ranked WHERE n IN ((total + 1) / 2, (total + 2) / 2) GROUP BY course_id),
    counts AS (
      SELECT p.course_id, count(*) AS enrolled,
        sum(p.withdrawn_at IS NULL) AS active, sum(p.withdrawn_at IS NOT NULL) AS withdrawn,
        sum(p.lessons_done > 0) AS started, sum(p.completed_at IS NOT NULL) AS completed,
        sum(p.last_active_at >= ${now - 7 * DAY}) AS active7, sum(p.last_active_at >= ${now - 30 * DAY}) AS active30,
        sum(p.required_done) AS required_done
      FROM pop p GROUP BY p.course_id
    )
    SELECT k.*, md.median_ms,
      (SELECT count(*) FROM lessons l WHERE l.course_id = k.course_id AND l.required = 1 AND l.archived_at IS NULL) AS required_lessons,
      (SELECT c.estimated_minutes FROM courses c WHERE c.id = k.course_id) AS estimated_minutes
    FROM counts k LEFT JOIN medians md ON md.course_id = k.course_id`);
}

const EMPTY: FiguresRow = {
  course_id: 0,
  enrolled: 0,
  active: 0,
  withdrawn: 0,
  started: 0,
  completed: 0,
  median_ms: null,
  active7: 0,
  active30: 0,
  required_done: 0,
  required_lessons: 0,
  estimated_minutes: 0,
};

function figures(row: FiguresRow = EMPTY): Figures {
  const minutes = row.required_lessons > 0 ? (row.required_done * row.estimated_minutes) / row.required_lessons : 0;
  return {
    enrolled: row.enrolled,
    active: row.active,
    withdrawn: row.withdrawn,
    started: row.started,
    completed: row.completed,
    completionRate: row.enrolled > 0 ? row.completed / row.enrolled : null,
    medianDays: row.median_ms === null ? null : row.median_ms / DAY,
    active7: row.active7,
    active30: row.active30,
    estimatedHours: minutes / 60,
  };
}

export type Reports = { courses: CourseFigures[]; trainers: number };

/** /admin: every course's figures (courses without enrolments show zeros) and the trainer total. */
export function reportsRead(lang: Language, now: number): Read<Reports> {
  return read(
    [
      query<{ id: number; slug: string; title: string }>(sql`
        SELECT c.id, c.slug, coalesce(t.title, m.title) AS title FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        ORDER BY c.family, title`),
      figuresQuery({}, now),
      query<{ trainers: number }>(sql`SELECT count(*) AS trainers FROM users WHERE role = 'trainer' AND deleted_at IS NULL`),
    ],
    ([courses, rows, [counts]]) => {
      const byCourse = new Map(rows.map((row) => [row.course_id, row]));
      return {
        courses: courses.map((c) => ({ ...c, ...figures(byCourse.get(c.id)) })),
        trainers: counts?.trainers ?? 0,
      };
    },
  );
}

export type ReportCohort = { id: number; name: string; isDefault: boolean };
export type ReportHead = { course: { id: number; slug: string; title: string } | null; cohorts: ReportCohort[] };

/** The course and its cohorts: what the filter form needs (alone, for a 422 page). */
export function reportHeadRead(courseId: number, lang: Language): Read<ReportHead> {
  return read(
    [
      query<{ id: number; slug: string; title: string }>(sql`
        SELECT c.id, c.slug, coalesce(t.title, m.title) AS title FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        WHERE c.id = ${courseId}`),
      query<{ id: number; name: string; is_default: number }>(sql`
        SELECT id, name, is_default FROM cohorts WHERE course_id = ${courseId} ORDER BY is_default DESC, starts_at, id`),
    ],
    ([[course], cohorts]) => ({
      course: course ?? null,
      cohorts: cohorts.map((c) => ({ id: c.id, name: c.name, isDefault: Boolean(c.is_default) })),
    }),
  );
}

export type FunnelStep = {
  lessonId: number;
  key: string;
  title: string;
  module: string;
  required: boolean;
  reached: number;
  completed: number;
};
export type QuizItem = {
  lesson: string;
  questionKey: string;
  prompt: string;
  firstAttempts: number;
  rightFirst: number;
  /** The wrong option chosen most at first attempts (its text), and how often; null when none was. */
  wrongOption: string | null;
  wrongCount: number;
  /** Average attempts up to the first pass, over trainers who passed the quiz; null when none did. */
  attemptsToPass: number | null;
};
export type GridModule = { id: number; title: string; total: number };
/** A trainer's required lessons done per module, and the estimated hours they stand for. */
export type GridRow = { userId: number; name: string; done: number[]; hours: number };
export type Week = { week: string; completions: number };
export type CourseReport = {
  figures: Figures;
  funnel: FunnelStep[];
  items: QuizItem[];
  modules: GridModule[];
  grid: GridRow[];
  weeks: Week[];
};

/** The course's lessons in course order (module, then lesson), not archived: a CTE `ordered`. */
function orderedLessons(courseId: number): SQL {
  return sql`ordered AS (
    SELECT l.id, l.key, l.module_id, l.required, l.kind, row_number() OVER (ORDER BY m.position, l.position) AS ord
    FROM lessons l JOIN modules m ON m.id = l.module_id
    WHERE l.course_id = ${courseId} AND l.archived_at IS NULL AND m.archived_at IS NULL)`;
}

/**
 * /admin/reports/courses/:id: the course's (or cohort's) figures, funnel, quiz items, grid and weeks.
 * The funnel counts how far each trainer got (`reach`: exactly this far, summed by a window into
 * this far or further) and the completions per lesson (`done`) once over the population, not once
 * per lesson.
 */
export function courseReportRead(filters: Filters, lang: Language, now: number): Read<CourseReport> {
  const { courseId, cohortId } = filters;
  return read(
    [
      figuresQuery(filters, now),
      query<{ id: number; key: string; title: string; module: string; required: number; reached: number; completed: number }>(sql`
        WITH ${population(filters)}, ${orderedLessons(courseId)},
        activity AS MATERIALIZED (
          SELECT lp.user_id, lp.lesson_id FROM pop p JOIN lesson_progress lp ON lp.user_id = p.user_id AND lp.course_id = ${courseId}
          UNION ALL SELECT qa.user_id, qa.lesson_id FROM pop p JOIN ordered o ON o.kind = 'quiz'
            JOIN quiz_attempts qa ON qa.user_id = p.user_id AND qa.lesson_id = o.id
          UNION ALL SELECT r.user_id, r.lesson_id FROM pop p JOIN reflections r ON r.user_id = p.user_id AND r.course_id = ${courseId}
        ),
        furthest AS MATERIALIZED (SELECT a.user_id, max(o.ord) AS ord FROM activity a JOIN ordered o ON o.id = a.lesson_id GROUP BY a.user_id),
        reach AS (SELECT ord, count(*) AS n FROM furthest GROUP BY ord),
        done AS (
          SELECT lp.lesson_id, count(*) AS n FROM pop p
          JOIN lesson_progress lp ON lp.user_id = p.user_id AND lp.course_id = ${courseId} GROUP BY lp.lesson_id
        )
        SELECT o.id, o.key, o.required,
          (SELECT coalesce(t.title, m.title) FROM lessons l JOIN courses c ON c.id = l.course_id
            ${translatedTexts('lesson_texts', sql`l.id`, lang)} WHERE l.id = o.id) AS title,
          (SELECT coalesce(t.title, m.title) FROM modules md JOIN courses c ON c.id = md.course_id
            ${translatedTexts('module_texts', sql`md.id`, lang)} WHERE md.id = o.module_id) AS module,
          sum(coalesce(r.n, 0)) OVER (ORDER BY o.ord DESC) AS reached,
          coalesce(d.n, 0) AS completed
        FROM ordered o LEFT JOIN reach r ON r.ord = o.ord LEFT JOIN done d ON d.lesson_id = o.id
        ORDER BY o.ord`),
      query<{
        lesson: string;
        question_key: string;
        prompt: string;
        first_attempts: number;
        right_first: number;
        wrong_option: string | null;
        wrong_count: number | null;
        attempts_to_pass: number | null;
      }>(sql`
        WITH ${population(filters)}, ${orderedLessons(courseId)},
        tries AS MATERIALIZED (
          SELECT qa.id, qa.user_id, qa.lesson_id, qa.passed, qa.answers,
            row_number() OVER (PARTITION BY qa.user_id, qa.lesson_id ORDER BY qa.created_at, qa.id) AS n
          FROM pop p JOIN ordered o ON o.kind = 'quiz' JOIN quiz_attempts qa ON qa.user_id = p.user_id AND qa.lesson_id = o.id
        ),
        first AS MATERIALIZED (SELECT user_id, lesson_id, answers FROM tries WHERE n = 1),
        chosen AS (
          SELECT f.user_id, q.id AS question_id, o.correct, o.position
          FROM first f JOIN quiz_questions q ON q.lesson_id = f.lesson_id
          JOIN json_each(f.answers, '$."' || q.key || '"') j
          JOIN quiz_options o ON o.question_id = q.id AND o.position = j.value
        ),
        verdicts AS MATERIALIZED (
          SELECT user_id, question_id, sum(correct = 0) AS misses, sum(correct = 1) AS hits FROM chosen GROUP BY user_id, question_id
        ),
        wrong AS MATERIALIZED (
          SELECT question_id, position, count(*) AS times,
            row_number() OVER (PARTITION BY question_id ORDER BY count(*) DESC, position) AS rank
          FROM chosen WHERE correct = 0 GROUP BY question_id, position
        ),
        passes AS MATERIALIZED (SELECT lesson_id, min(n) AS n FROM tries WHERE passed = 1 GROUP BY user_id, lesson_id)
        SELECT
          (SELECT coalesce(t.title, m.title) FROM lessons l JOIN courses c ON c.id = l.course_id
            ${translatedTexts('lesson_texts', sql`l.id`, lang)} WHERE l.id = q.lesson_id) AS lesson,
          q.key AS question_key,
          (SELECT coalesce(qt.text, qm.text) FROM lessons l JOIN courses c ON c.id = l.course_id
            JOIN quiz_texts qm ON qm.question_id = q.id AND qm.option_position = 0 AND qm.language = c.main_language
            LEFT JOIN quiz_texts qt ON qt.question_id = q.id AND qt.option_position = 0 AND qt.language = ${lang}
            WHERE l.id = q.lesson_id) AS prompt,
          (SELECT count(*) FROM first f WHERE f.lesson_id = q.lesson_id) AS first_attempts,
          (SELECT count(*) FROM verdicts v WHERE v.question_id = q.id AND v.misses = 0
            AND v.hits = (SELECT count(*) FROM quiz_options co WHERE co.question_id = q.id AND co.correct = 1)) AS right_first,
          (SELECT coalesce(wt.text, wm.text) FROM wrong w JOIN lessons l ON l.id = q.lesson_id JOIN courses c ON c.id = l.course_id
            JOIN quiz_texts wm ON wm.question_id = q.id AND wm.option_position = w.position + 1 AND wm.language = c.main_language
            LEFT JOIN quiz_texts wt ON wt.question_id = q.id AND wt.option_position = w.position + 1 AND wt.language = ${lang}
            WHERE w.question_id = q.id AND w.rank = 1) AS wrong_option,
          (SELECT w.times FROM wrong w WHERE w.question_id = q.id AND w.rank = 1) AS wrong_count,
          (SELECT avg(n) FROM passes ps WHERE ps.lesson_id = q.lesson_id) AS attempts_to_pass
        FROM ordered o JOIN quiz_questions q ON q.lesson_id = o.id
        ORDER BY o.ord, q.position`),
      query<{ id: number; title: string; total: number }>(sql`
        SELECT md.id, coalesce(t.title, m.title) AS title,
          (SELECT count(*) FROM lessons l WHERE l.module_id = md.id AND l.required = 1 AND l.archived_at IS NULL) AS total
        FROM modules md JOIN courses c ON c.id = md.course_id
        ${translatedTexts('module_texts', sql`md.id`, lang)}
        WHERE md.course_id = ${courseId} AND md.archived_at IS NULL ORDER BY md.position`),
      // The grid is a cohort's: a whole course's trainers would be thousands of rows.
      query<{ user_id: number; name: string; module_id: number; done: number }>(sql`
        WITH ${population(filters)}
        SELECT p.user_id, u.name, md.id AS module_id,
          (SELECT count(*) FROM lesson_progress lp JOIN lessons l ON l.id = lp.lesson_id
            WHERE lp.user_id = p.user_id AND lp.course_id = ${courseId} AND l.module_id = md.id
              AND l.required = 1 AND l.archived_at IS NULL) AS done
        FROM pop p JOIN users u ON u.id = p.user_id JOIN modules md ON md.course_id = ${courseId} AND md.archived_at IS NULL
        WHERE ${cohortId === null ? sql`0` : sql`1`}
        ORDER BY u.name, u.id, md.position`),
      query<{ week: string; completions: number }>(sql`
        WITH ${population(filters)}
        SELECT date(completed_at / 1000, 'unixepoch', 'weekday 0', '-6 days') AS week, count(*) AS completions
        FROM pop WHERE completed_at IS NOT NULL GROUP BY week ORDER BY week`),
    ],
    ([[row], funnel, items, modules, cells, weeks]) => {
      const grid: GridRow[] = [];
      const position = new Map(modules.map((m, i) => [m.id, i]));
      for (const cell of cells) {
        let last = grid.at(-1);
        if (last?.userId !== cell.user_id) {
          last = { userId: cell.user_id, name: cell.name, done: modules.map(() => 0), hours: 0 };
          grid.push(last);
        }
        last.done[position.get(cell.module_id) ?? 0] = cell.done;
      }
      // Each required lesson done counts its share of the course's estimated time (as in the figures).
      const hoursPerLesson = row && row.required_lessons > 0 ? row.estimated_minutes / row.required_lessons / 60 : 0;
      for (const trainer of grid) trainer.hours = trainer.done.reduce((sum, n) => sum + n, 0) * hoursPerLesson;
      return {
        figures: figures(row),
        funnel: funnel.map((f) => ({
          lessonId: f.id,
          key: f.key,
          title: f.title,
          module: f.module,
          required: Boolean(f.required),
          reached: f.reached,
          completed: f.completed,
        })),
        items: items.map((i) => ({
          lesson: i.lesson,
          questionKey: i.question_key,
          prompt: i.prompt,
          firstAttempts: i.first_attempts,
          rightFirst: i.right_first,
          wrongOption: i.wrong_option,
          wrongCount: i.wrong_count ?? 0,
          attemptsToPass: i.attempts_to_pass,
        })),
        modules,
        grid,
        weeks: everyWeek(weeks),
      };
    },
  );
}

/** The weeks from the first completion's to the last's, the empty ones with 0 (a chart needs them). */
export function everyWeek(weeks: Week[]): Week[] {
  const first = weeks[0];
  const last = weeks.at(-1);
  if (!first || !last) return [];
  const counts = new Map(weeks.map((w) => [w.week, w.completions]));
  const out: Week[] = [];
  for (let day = Date.parse(first.week); day <= Date.parse(last.week); day += 7 * DAY) {
    const week = new Date(day).toISOString().slice(0, 10);
    out.push({ week, completions: counts.get(week) ?? 0 });
  }
  return out;
}
