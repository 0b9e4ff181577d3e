/**
 * EXPLAIN QUERY PLAN for the app's real queries on the bench data set.
 *
 * The data functions from src/data (and the session check from src/auth) are called with a D1
 * binding that records every statement they prepare and bind, without running it. Each recorded
 * statement is then run as `EXPLAIN QUERY PLAN <sql>` with its own parameters through the real
 * binding, so writes are planned but never executed and the data set stays as built.
 */
// Namespace imports: the app's data layer changes while this file does not, so every function
// is looked up by name and a missing one is reported as "not checked" instead of breaking the bench.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as session from '../src/auth/session';
import * as certificates from '../src/data/certificates';
import * as courses from '../src/data/courses';
import * as learning from '../src/data/learning';
import * as progress from '../src/data/progress';
import { createDb } from '../src/db';
import type { Dataset } from './dataset';

/** Tables that grow with trainers: a full scan of these is a budget miss. */
export const BIG_TABLES = ['enrolments', 'lesson_progress', 'quiz_attempts', 'reflections', 'sessions', 'users', 'certificates'];

export type PlanLine = { detail: string; table: string | null; verdict: 'ok' | 'note' | 'MISS'; why: string };
export type QueryPlan = { group: string; benchmarked: boolean; sql: string; params: unknown[]; lines: PlanLine[] };
export type Skipped = { group: string; benchmarked: boolean; reason: string };

type Db = ReturnType<typeof createDb>;
/** A data function found by name: its signature is the app's business, the bench only passes arguments through. */
type AnyFn = (...args: unknown[]) => Promise<unknown>;

/** The first of `names` that `module` exports as a function. */
function pick(module: object, ...names: string[]): AnyFn | null {
  for (const name of names) {
    const value = (module as Record<string, unknown>)[name];
    if (typeof value === 'function') return value as AnyFn;
  }
  return null;
}

type Captured = { sql: string; params: unknown[] };

/** A D1Database that records statements and answers every one with no rows. */
function recordingD1(log: Captured[]): D1Database {
  const statement = (entry: Captured): D1PreparedStatement =>
    ({
      bind: (...params: unknown[]) => {
        entry.params = params;
        return statement(entry);
      },
      first: async () => null,
      all: async () => ({ results: [], success: true, meta: {} }),
      run: async () => ({ results: [], success: true, meta: {} }),
      raw: async () => [],
    }) as unknown as D1PreparedStatement;
  return {
    prepare: (sql: string) => {
      const entry: Captured = { sql, params: [] };
      log.push(entry);
      return statement(entry);
    },
    batch: async (statements: D1PreparedStatement[]) => statements.map(() => ({ results: [], success: true, meta: {} })),
    exec: async (sql: string) => {
      log.push({ sql, params: [] });
      return { count: 0, duration: 0 };
    },
  } as unknown as D1Database;
}

async function capture(run: (db: Db) => Promise<unknown>): Promise<Captured[]> {
  const log: Captured[] = [];
  await run(createDb(recordingD1(log)));
  return log;
}

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

export async function explainQueries(d1: D1Database, data: Dataset): Promise<{ plans: QueryPlan[]; skipped: Skipped[] }> {
  const quiz = await d1
    .prepare(
      `SELECT l.key FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = ?1 AND l.kind = 'quiz' ORDER BY l.position LIMIT 1`,
    )
    .bind(data.course.slug)
    .first<{ key: string }>();
  const uid = data.user.id;
  const slug = data.course.slug;
  const key = data.lesson.key;
  const lang = 'pl' as const;
  type Group = { group: string; benchmarked: boolean; fn: AnyFn | null; name: string; call: (fn: AnyFn, db: Db) => Promise<unknown> };
  const groups: Group[] = [
    {
      group: PLAN.session,
      benchmarked: true,
      name: 'validateSessionToken',
      fn: pick(session, 'validateSessionToken'),
      call: (fn, db) => fn(db, 'bench-token'),
    },
    {
      group: PLAN.catalogue,
      benchmarked: true,
      name: 'listCatalogue',
      fn: pick(courses, 'listCatalogue'),
      call: (fn, db) => fn(db, lang, uid, null),
    },
    {
      group: PLAN.anonymousCatalogue,
      benchmarked: true,
      name: 'listCatalogue',
      fn: pick(courses, 'listCatalogue'),
      call: (fn, db) => fn(db, lang, null, null),
    },
    {
      group: 'catalogue /courses?lang=en',
      benchmarked: false,
      name: 'listCatalogue',
      fn: pick(courses, 'listCatalogue'),
      call: (fn, db) => fn(db, lang, uid, 'en'),
    },
    {
      group: PLAN.course,
      benchmarked: true,
      name: 'getCourseView',
      fn: pick(courses, 'getCourseView'),
      call: (fn, db) => fn(db, slug, lang, uid),
    },
    {
      group: PLAN.lesson,
      benchmarked: true,
      name: 'getLessonView',
      fn: pick(courses, 'getLessonView'),
      call: (fn, db) => fn(db, slug, key, lang, uid),
    },
    {
      group: PLAN.anonymousLesson,
      benchmarked: true,
      name: 'getLessonView',
      fn: pick(courses, 'getLessonView'),
      call: (fn, db) => fn(db, slug, key, lang, null),
    },
    ...(quiz
      ? [
          {
            group: `lesson page, quiz lesson ${quiz.key}`,
            benchmarked: false,
            name: 'getLessonView',
            fn: pick(courses, 'getLessonView'),
            call: (fn: AnyFn, db: Db) => fn(db, slug, quiz.key, lang, uid),
          },
        ]
      : []),
    {
      group: PLAN.dashboard,
      benchmarked: true,
      name: 'listMyLearning',
      fn: pick(learning, 'listMyLearning'),
      call: (fn, db) => fn(db, uid, lang),
    },
    {
      group: PLAN.markComplete,
      benchmarked: true,
      name: 'completeLesson',
      fn: pick(progress, 'completeLesson'),
      call: (fn, db) => fn(db, { userId: uid, slug, key, lang }),
    },
    {
      group: 'enrol POST /courses/:slug/enrol',
      benchmarked: false,
      name: 'enrolTrainer',
      fn: pick(progress, 'enrolTrainer'),
      call: (fn, db) => fn(db, { userId: uid, slug, lang }),
    },
    {
      group: 'quiz attempt POST …/attempts',
      benchmarked: false,
      name: 'recordQuizAttempt',
      fn: pick(progress, 'recordQuizAttempt'),
      call: (fn, db) =>
        fn(db, { userId: uid, slug, key: quiz?.key ?? key, lang, attempt: { score: 1, maxScore: 1, passed: true, answers: {} } }),
    },
    {
      group: 'reflection POST …/reflection',
      benchmarked: false,
      name: 'saveReflection',
      fn: pick(progress, 'saveReflection'),
      call: (fn, db) => fn(db, { userId: uid, slug, key, lang, body: 'x' }),
    },
    {
      group: 'notebook /courses/:slug/notebook',
      benchmarked: false,
      name: 'getNotebook',
      fn: pick(learning, 'getNotebook', 'listNotebook'),
      call: (fn, db) => fn(db, uid, slug, lang),
    },
    {
      group: 'certificate /courses/:slug/certificate',
      benchmarked: false,
      name: 'findCertificate',
      fn: pick(certificates, 'findCertificate'),
      call: (fn, db) => fn(db, { userId: uid, slug }, lang),
    },
    {
      group: 'certificate check by code',
      benchmarked: false,
      name: 'findCertificate',
      fn: pick(certificates, 'findCertificate'),
      call: (fn, db) => fn(db, { code: 'ABCD-EFGH-JKMN' }, lang),
    },
    {
      group: 'admin report /admin',
      benchmarked: false,
      name: 'listCourseReport',
      fn: pick(learning, 'listCourseReport'),
      call: (fn, db) => fn(db, lang),
    },
  ];

  const plans: QueryPlan[] = [];
  const skipped: Skipped[] = [];
  for (const { group, benchmarked, fn, name, call } of groups) {
    if (!fn) {
      skipped.push({ group, benchmarked, reason: `src/data no longer exports ${name}` });
      continue;
    }
    let captured: Captured[];
    try {
      captured = await capture((db) => call(fn, db));
    } catch (err) {
      skipped.push({
        group,
        benchmarked,
        reason: `${name} failed on the recording binding: ${err instanceof Error ? err.message : String(err)}`,
      });
      continue;
    }
    for (const { sql, params } of captured) {
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
      if (!/^\s*(select|with)\b/i.test(q.sql) || timings.has(planKey(q))) continue;
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
