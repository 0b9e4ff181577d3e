/**
 * EXPLAIN QUERY PLAN for the app's real queries on the bench data set.
 *
 * Every page's statements come from src/data (and the session read from src/auth) as SQL, the
 * same the app sends; each is compiled with drizzle's dialect and run as `EXPLAIN QUERY PLAN <sql>`
 * with its own parameters, so writes are planned but never executed and the data set stays as built.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import { currentUserId, readSession } from '../src/auth/session';
import { catalogueRead } from '../src/data/catalogue';
import { certificateRead } from '../src/data/certificates';
import { contentVersionRead } from '../src/data/content-version';
import { courseRead, enrolWrites } from '../src/data/courses';
import { indicatorsRead } from '../src/data/indicators';
import { learningRead } from '../src/data/learning';
import { completeWrites, lessonRead, quizAttemptWrites, reflectionWrites } from '../src/data/lessons';
import { notebookRead } from '../src/data/notebook';
import { profileRead } from '../src/data/profiles';
import { courseReportRead, reportHeadRead, reportsRead } from '../src/data/reports';
import type { Dataset } from './dataset';

/** Tables that grow with trainers: a full scan of these is a budget miss. */
export const BIG_TABLES = [
  'enrolments',
  'lesson_progress',
  'quiz_attempts',
  'reflections',
  'sessions',
  'users',
  'certificates',
  'participant_profiles',
];

export type PlanLine = { detail: string; table: string | null; verdict: 'ok' | 'note' | 'MISS'; why: string };
export type QueryPlan = { group: string; benchmarked: boolean; sql: string; params: unknown[]; lines: PlanLine[] };
export type Skipped = { group: string; benchmarked: boolean; reason: string };

/** alias → table, from FROM/JOIN/UPDATE/INTO clauses of the statement. */
function aliases(sql: string): Map<string, string> {
  const map = new Map<string, string>();
  const keywords = new Set([
    'on',
    'where',
    'join',
    'left',
    'inner',
    'cross',
    'group',
    'order',
    'limit',
    'set',
    'select',
    'values',
    'using',
    'as',
  ]);
  const re = /\b(?:from|join|update|into)\s+[`"]?([a-z_][a-z0-9_]*)[`"]?(?:\s+(?:as\s+)?[`"]?([a-z_][a-z0-9_]*)[`"]?)?/gi;
  for (const m of sql.matchAll(re)) {
    const table = m[1]!.toLowerCase();
    map.set(table, table);
    const alias = m[2]?.toLowerCase();
    if (alias && !keywords.has(alias)) map.set(alias, table);
  }
  return map;
}

/** Content tables larger than this are worth a note when a query walks all of them. */
const LARGE_CONTENT_ROWS = 1000;

export function judge(detail: string, sql: string): PlanLine {
  const m = /^(SCAN|SEARCH)\s+(\S+)(.*)$/.exec(detail);
  if (!m) return { detail, table: null, verdict: 'ok', why: '' };
  const [, op, name, rest] = m as unknown as [string, string, string, string];
  const table = aliases(sql).get(name.toLowerCase()) ?? null;
  const big = table !== null && BIG_TABLES.includes(table);
  if (/AUTOMATIC/.test(rest)) {
    return big
      ? { detail, table, verdict: 'MISS', why: `builds a transient index over ${table} on every run (no usable index)` }
      : { detail, table, verdict: 'note', why: 'transient automatic index' };
  }
  if (op === 'SCAN') {
    if (/USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(rest)) {
      return big ? { detail, table, verdict: 'note', why: `walks a whole index of ${table}` } : { detail, table, verdict: 'ok', why: '' };
    }
    if (big) return { detail, table, verdict: 'MISS', why: `full table scan of ${table}` };
    return { detail, table, verdict: 'ok', why: table ? `scan of small table ${table}` : 'scan of a subquery' };
  }
  return { detail, table, verdict: 'ok', why: '' };
}

/** judge(), plus a note when a whole content table of more than LARGE_CONTENT_ROWS rows is walked. */
function judgeWithSize(detail: string, sql: string, counts: Record<string, number>): PlanLine {
  const line = judge(detail, sql);
  if (line.verdict === 'ok' && /^SCAN /.test(detail) && line.table && (counts[line.table] ?? 0) > LARGE_CONTENT_ROWS) {
    return {
      ...line,
      verdict: 'note',
      why: `walks all ${counts[line.table]!.toLocaleString('en')} rows of ${line.table} (grows with content)`,
    };
  }
  return line;
}

/** The query-plan groups of the benchmarked pages (bench/run.ts names them per page). */
export const PLAN = {
  session: 'session check (every signed-in page)',
  catalogue: 'catalogue /courses',
  anonymousCatalogue: 'catalogue /courses, anonymous (cache miss)',
  course: 'course page /courses/:slug',
  lesson: 'lesson page /courses/:slug/lessons/:key',
  anonymousLesson: 'lesson page, anonymous (cache miss)',
  dashboard: 'dashboard /learning',
  markComplete: 'mark complete POST …/complete',
} as const;

const reportFilters = (course: { id: number }) => ({ courseId: course.id, cohortId: null, from: null, to: null });

export async function explainQueries(d1: D1Database, data: Dataset): Promise<{ plans: QueryPlan[]; skipped: Skipped[] }> {
  const quiz = await d1
    .prepare(
      `SELECT l.key FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = ?1 AND l.kind = 'quiz' ORDER BY l.position LIMIT 1`,
    )
    .bind(data.course.slug)
    .first<{ key: string }>();
  const slug = data.course.slug;
  // The reports' course: the bench course and its default cohort, where the bench trainers are.
  const course = await d1
    .prepare(`SELECT c.id, h.id AS cohort FROM courses c JOIN cohorts h ON h.course_id = c.id AND h.is_default = 1 WHERE c.slug = ?1`)
    .bind(data.course.slug)
    .first<{ id: number; cohort: number }>();
  const key = data.lesson.key;
  const lang = 'pl' as const;
  const now = Date.now();
  // The bench trainer's session, as every signed-in page's statements reach the user.
  const key_ = { id: 'bench-session-hash', now, renew: true };
  const me = currentUserId(key_);
  const none = currentUserId(null);
  const write = { slug, key, me, now };
  const groups: { group: string; benchmarked: boolean; statements: readonly SQL[] }[] = [
    { group: PLAN.session, benchmarked: true, statements: readSession(key_).statements },
    { group: PLAN.catalogue, benchmarked: true, statements: catalogueRead(lang, me, null).statements },
    {
      group: PLAN.anonymousCatalogue,
      benchmarked: true,
      statements: [...contentVersionRead.statements, ...catalogueRead(lang, none, null).statements],
    },
    { group: 'catalogue /courses?lang=en', benchmarked: false, statements: catalogueRead(lang, me, 'en').statements },
    { group: PLAN.course, benchmarked: true, statements: courseRead(slug, lang, me).statements },
    { group: PLAN.lesson, benchmarked: true, statements: lessonRead(slug, key, lang, me).statements },
    {
      group: PLAN.anonymousLesson,
      benchmarked: true,
      statements: [...contentVersionRead.statements, ...lessonRead(slug, key, lang, none).statements],
    },
    ...(quiz
      ? [{ group: `lesson page, quiz lesson ${quiz.key}`, benchmarked: false, statements: lessonRead(slug, quiz.key, lang, me).statements }]
      : []),
    { group: PLAN.dashboard, benchmarked: true, statements: learningRead(lang, me).statements },
    { group: PLAN.markComplete, benchmarked: true, statements: [...completeWrites(write), ...lessonRead(slug, key, lang, me).statements] },
    {
      group: 'enrol POST /courses/:slug/enrol',
      benchmarked: false,
      statements: [...enrolWrites(slug, null, '', me, now), ...courseRead(slug, lang, me).statements],
    },
    {
      group: 'quiz attempt POST …/attempts',
      benchmarked: false,
      statements: quizAttemptWrites({ ...write, key: quiz?.key ?? key, answers: { a: [0] } }),
    },
    { group: 'reflection POST …/reflection', benchmarked: false, statements: reflectionWrites({ ...write, body: 'x' }) },
    { group: 'participant profile (enrol POST, /account)', benchmarked: false, statements: profileRead(me).statements },
    { group: 'notebook /courses/:slug/notebook', benchmarked: false, statements: notebookRead(slug, lang, me).statements },
    { group: 'certificate /courses/:slug/certificate', benchmarked: false, statements: certificateRead({ me, slug }, lang).statements },
    { group: 'certificate check by code', benchmarked: false, statements: certificateRead({ code: 'ABCD-EFGH-JKMN' }, lang).statements },
    { group: 'admin report /admin', benchmarked: false, statements: reportsRead(lang, now).statements },
    ...(course
      ? [
          {
            group: 'course report /admin/reports/courses/:id',
            benchmarked: false,
            statements: courseReportRead(reportFilters(course), lang, now).statements,
          },
          {
            group: 'course report, one cohort and a date range',
            benchmarked: false,
            statements: courseReportRead(
              { ...reportFilters(course), cohortId: course.cohort, from: now - 90 * 86_400_000, to: now },
              lang,
              now,
            ).statements,
          },
          { group: 'course report 422 (course and cohorts)', benchmarked: false, statements: reportHeadRead(course.id, lang).statements },
          {
            group: 'funder indicators (course report), whole course',
            benchmarked: false,
            statements: indicatorsRead(reportFilters(course)).statements,
          },
          {
            group: 'funder indicators (course report), one cohort and a period',
            benchmarked: false,
            statements: indicatorsRead({ ...reportFilters(course), cohortId: course.cohort, from: now - 90 * 86_400_000, to: now })
              .statements,
          },
        ]
      : []),
  ];

  const dialect = new SQLiteAsyncDialect();
  const plans: QueryPlan[] = [];
  const skipped: Skipped[] = [];
  for (const { group, benchmarked, statements } of groups) {
    for (const statement of statements) {
      const { sql, params } = dialect.sqlToQuery(statement);
      const result = await d1
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .bind(...params)
        .all<{ id: number; parent: number; detail: string }>();
      const depth = new Map<number, number>();
      const lines = result.results.map((row) => {
        const d = (depth.get(row.parent) ?? -1) + 1;
        depth.set(row.id, d);
        const line = judgeWithSize(row.detail, sql, data.counts);
        return { ...line, detail: `${'  '.repeat(d)}${row.detail}` };
      });
      plans.push({ group, benchmarked, sql: sql.replace(/\s+/g, ' ').trim(), params, lines });
    }
  }
  return { plans, skipped };
}

/** A statement with its parameters: the same SQL can cost very different amounts per lesson. */
export function planKey(q: Pick<QueryPlan, 'sql' | 'params'>): string {
  return `${q.sql}\u0000${JSON.stringify(q.params)}`;
}

/**
 * Times every read statement on the D1 database file itself (node:sqlite, read-only), without
 * the D1 plumbing, so the number is SQLite's own work: mean ms over `runs` runs. Null when
 * node:sqlite is missing (Node < 22.13) or the file cannot be found.
 */
export async function timeQueries(stateDir: string, plans: QueryPlan[], runs = 50): Promise<Map<string, number> | null> {
  const dir = join(stateDir, 'v3', 'd1', 'miniflare-D1DatabaseObject');
  if (!existsSync(dir)) return null;
  const file = readdirSync(dir).find((f) => f.endsWith('.sqlite') && f !== 'metadata.sqlite');
  if (!file) return null;
  let sqlite: typeof import('node:sqlite');
  try {
    sqlite = await import('node:sqlite');
  } catch {
    return null;
  }
  const db = new sqlite.DatabaseSync(join(dir, file), { readOnly: true });
  const timings = new Map<string, number>();
  try {
    for (const q of plans) {
      // Reads only: a `WITH … INSERT` (the quiz attempt) is a write, and the file is open read-only.
      if (!/^\s*(select|with)\b/i.test(q.sql) || /\b(insert|update|delete)\b/i.test(q.sql) || timings.has(planKey(q))) continue;
      const params = q.params.map((p) => (typeof p === 'boolean' ? Number(p) : p)) as (string | number | null)[];
      const statement = db.prepare(q.sql);
      statement.all(...params);
      const t0 = performance.now();
      for (let i = 0; i < runs; i++) statement.all(...params);
      timings.set(planKey(q), (performance.now() - t0) / runs);
    }
  } finally {
    db.close();
  }
  return timings;
}
