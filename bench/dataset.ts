/**
 * The benchmark's region-sized data set, in its own local D1 state folder (never the one
 * `npm start` uses): migrations, the real course bundles, synthetic copies up to 30 courses,
 * 5,000 trainers with sessions, ~30,000 enrolments, ~100,000 lesson_progress rows, and the quiz
 * attempts, reflections and certificates that go with that progress, and a participant profile
 * for 9 in 10 trainers (the rest declined), so the funder indicators are planned on real joins.
 *
 * Bulk rows are made inside SQLite with INSERT … SELECT over recursive CTEs, so no query binds
 * more than a handful of parameters (D1 allows 100). The data is deterministic except for
 * session ids and certificate codes.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getPlatformProxy } from 'wrangler';
import { readContentFiles } from '../scripts/content-files';
import { hashPassword } from '../src/auth/password';
import { type CourseBundle, parseBundles } from '../src/content/bundle';
import { importCourses } from '../src/content/import';
import { createDb } from '../src/db';

export const TOTAL_COURSES = 30;
export const TRAINERS = 5_000;
export const BENCH_PASSWORD = 'bench-password-2026';
const DAY = 24 * 60 * 60 * 1000;

export type Dataset = {
  version: number;
  builtAt: string;
  counts: Record<string, number>;
  user: { id: number; email: string; password: string; enrolments: number };
  course: { slug: string; lessons: number };
  lesson: { key: string; kind: string };
  otherCourse: string;
};

const DATASET_VERSION = 2;

export function wranglerBin(root: string): string {
  return join(root, 'node_modules', 'wrangler', 'bin', 'wrangler.js');
}

/** `<dir>` as wrangler's --persist-to sees it; getPlatformProxy wants `<dir>/v3`. */
export function platformProxy(root: string, stateDir: string) {
  return getPlatformProxy<{ DB: D1Database }>({
    configPath: join(root, 'wrangler.toml'),
    persist: { path: join(stateDir, 'v3') },
  });
}

export async function ensureDataset(root: string, stateDir: string, rebuild: boolean, log: (s: string) => void) {
  const marker = join(stateDir, 'dataset.json');
  if (!rebuild && existsSync(marker)) {
    const dataset = JSON.parse(readFileSync(marker, 'utf8')) as Dataset;
    if (dataset.version === DATASET_VERSION) {
      log(`Reusing the data set in ${stateDir} (built ${dataset.builtAt}; --rebuild to start over).`);
      return dataset;
    }
  }
  log(`Building the data set in ${stateDir} …`);
  const started = Date.now();
  rmSync(stateDir, { recursive: true, force: true });
  mkdirSync(stateDir, { recursive: true });

  const migrate = spawnSync(process.execPath, [wranglerBin(root), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', stateDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false' },
  });
  if (migrate.status !== 0) {
    throw new Error(`wrangler d1 migrations apply failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }
  log('  migrations applied');

  const parsed = parseBundles(readContentFiles(resolve(root, 'content')));
  if (!parsed.ok) {
    throw new Error(`content/ does not parse: ${parsed.errors.map((e) => `${e.file}:${e.line}: ${e.message}`).join('; ')}`);
  }
  const real = parsed.courses;
  if (real.length === 0) throw new Error('content/ holds no course bundles');

  const proxy = await platformProxy(root, stateDir);
  try {
    const d1 = proxy.env.DB;
    const db = createDb(d1);
    await importCourses(db, real);
    // Copies of the real bundles under new slugs, one batch per course, up to 30 courses.
    for (let i = 0; real.length + i < TOTAL_COURSES; i++) {
      const source = real[i % real.length]!;
      await importCourses(db, [copyOf(source, i + 1)]);
    }
    log(`  ${TOTAL_COURSES} courses imported (${real.length} real, ${TOTAL_COURSES - real.length} copies)`);

    const now = Date.now();
    const hash = await hashPassword(BENCH_PASSWORD);
    await d1
      .prepare(
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
         INSERT INTO users (email, name, role, password_hash, created_at)
         SELECT 'bench-trainer-' || i || '@example.org', 'Trener Testowy ' || i, 'trainer', ?2, ?3 - i * 60000 FROM n`,
      )
      .bind(TRAINERS, hash, now - 400 * DAY)
      .run();
    // One live session per trainer, as a busy region would have.
    await d1
      .prepare(
        `INSERT INTO sessions (id, user_id, expires_at, created_at)
         SELECT lower(hex(randomblob(32))), id, ?1 + (id % 20) * ?2, ?1 - ?3 FROM users WHERE email LIKE 'bench-trainer-%'`,
      )
      .bind(now, DAY, 10 * DAY)
      .run();
    // Each trainer is enrolled in 6 of the 30 courses (13 is coprime with 30: exactly 6 each).
    await d1
      .prepare(
        `INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at)
         SELECT u.id, c.id, h.id, ?1 - ((u.id * 7 + c.id * 3) % 300) * ?2
         FROM users u CROSS JOIN courses c JOIN cohorts h ON h.course_id = c.id AND h.is_default = 1
         WHERE u.email LIKE 'bench-trainer-%' AND c.published = 1 AND (u.id * 7 + c.id * 13) % 30 < 6`,
      )
      .bind(now, DAY)
      .run();
    // Progress: 4% of enrolments finished every lesson, the rest did the first 0–5 lessons.
    await d1
      .prepare(
        `INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
         SELECT e.user_id, l.id, l.course_id, e.enrolled_at + (l.position + 1) * ?1
         FROM enrolments e JOIN lessons l ON l.course_id = e.course_id
         WHERE ((e.user_id * 31 + e.course_id * 17) % 100) < 4
            OR l.position < ((e.user_id * 31 + e.course_id * 17) % 100) % 6`,
      )
      .bind(3_600_000)
      .run();
    await d1
      .prepare(
        `UPDATE enrolments SET completed_at = enrolled_at + ?1
         WHERE NOT EXISTS (
           SELECT 1 FROM lessons l LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = enrolments.user_id
           WHERE l.course_id = enrolments.course_id AND l.required = 1 AND p.lesson_id IS NULL)`,
      )
      .bind(30 * DAY)
      .run();
    await d1.exec(
      `INSERT INTO certificates (code, user_id, course_id, issued_at) SELECT upper(hex(randomblob(6))), user_id, course_id, completed_at FROM enrolments WHERE completed_at IS NOT NULL`,
    );
    // A passing attempt for every completed quiz, plus a failed one before it for every third.
    await d1.exec(
      `INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at) SELECT p.user_id, p.lesson_id, 1, 3, 0, '{}', p.completed_at - 600000 FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE l.kind = 'quiz' AND p.user_id % 3 = 0`,
    );
    await d1.exec(
      `INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at) SELECT p.user_id, p.lesson_id, 3, 3, 1, '{}', p.completed_at FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE l.kind = 'quiz'`,
    );
    await d1.exec(
      `INSERT INTO reflections (user_id, lesson_id, course_id, body, updated_at) SELECT p.user_id, p.lesson_id, p.course_id, 'Moja refleksja po lekcji: co zabieram do swojej pracy z grupą, co chcę sprawdzić i o co zapytać uczestników.', p.completed_at FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE l.kind = 'reflection'`,
    );

    // Participant profiles (src/data/profiles.ts): every tenth trainer declined, the others answered,
    // spread over every answer; disability only for those who gave its consent (two in three).
    await d1
      .prepare(
        `INSERT INTO participant_profiles (user_id, gender, birth_year, labour_status, education, disability, consent_at,
           disability_consent_at, declined_at, created_at, updated_at)
         SELECT id,
           CASE WHEN id % 10 = 0 THEN NULL ELSE json_extract('["woman","man","non_binary","undisclosed"]', '$[' || (id % 4) || ']') END,
           CASE WHEN id % 10 = 0 OR id % 13 = 0 THEN NULL ELSE 1950 + id % 56 END,
           CASE WHEN id % 10 = 0 THEN NULL
             ELSE json_extract('["employed","unemployed","long_term_unemployed","inactive","undisclosed"]', '$[' || (id % 5) || ']') END,
           CASE WHEN id % 10 = 0 THEN NULL ELSE json_extract('["isced_0_2","isced_3_4","isced_5_8","undisclosed"]', '$[' || (id % 4) || ']') END,
           CASE WHEN id % 10 = 0 OR id % 3 = 0 THEN NULL ELSE json_extract('["yes","no","undisclosed"]', '$[' || (id % 7 % 3) || ']') END,
           CASE WHEN id % 10 = 0 THEN NULL ELSE ?1 END,
           CASE WHEN id % 10 = 0 OR id % 3 = 0 THEN NULL ELSE ?1 END,
           CASE WHEN id % 10 = 0 THEN ?1 END, ?1, ?1
         FROM users WHERE email LIKE 'bench-trainer-%'`,
      )
      .bind(now - 30 * DAY)
      .run();

    // The bench trainer: bench-trainer-1, enrolled (also) in the largest real course, with a
    // required page lesson in the middle of it to read and mark complete.
    const user = await d1
      .prepare(`SELECT id, email FROM users WHERE email = 'bench-trainer-1@example.org'`)
      .first<{ id: number; email: string }>();
    if (!user) throw new Error('bench trainer missing');
    const biggest = [...real].sort((a, b) => lessonCount(b) - lessonCount(a))[0]!;
    await d1
      .prepare(
        `INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at)
         SELECT ?1, c.id, h.id, ?2 FROM courses c JOIN cohorts h ON h.course_id = c.id AND h.is_default = 1 WHERE c.slug = ?3
         ON CONFLICT (user_id, course_id) DO NOTHING`,
      )
      .bind(user.id, now - 20 * DAY, biggest.slug)
      .run();
    const pages = (
      await d1
        .prepare(
          `SELECT l.key, l.kind FROM lessons l JOIN courses c ON c.id = l.course_id
           WHERE c.slug = ?1 AND l.kind = 'page' AND l.required = 1 ORDER BY l.position`,
        )
        .bind(biggest.slug)
        .all<{ key: string; kind: string }>()
    ).results;
    const lesson = pages[Math.floor(pages.length / 2)];
    if (!lesson) throw new Error(`course ${biggest.slug} has no required page lesson`);
    const other = real.find((c) => c.slug !== biggest.slug)?.slug ?? biggest.slug;

    const counts: Record<string, number> = {};
    for (const table of [
      'courses',
      'modules',
      'lessons',
      'lesson_texts',
      'quiz_questions',
      'quiz_texts',
      'users',
      'sessions',
      'enrolments',
      'lesson_progress',
      'quiz_attempts',
      'reflections',
      'certificates',
      'participant_profiles',
    ]) {
      const row = await d1.prepare(`SELECT count(*) AS n FROM ${table}`).first<{ n: number }>();
      counts[table] = row?.n ?? 0;
    }
    const enrolled = await d1.prepare('SELECT count(*) AS n FROM enrolments WHERE user_id = ?1').bind(user.id).first<{ n: number }>();
    const dataset: Dataset = {
      version: DATASET_VERSION,
      builtAt: new Date().toISOString(),
      counts,
      user: { id: user.id, email: user.email, password: BENCH_PASSWORD, enrolments: enrolled?.n ?? 0 },
      course: { slug: biggest.slug, lessons: lessonCount(biggest) },
      lesson,
      otherCourse: other,
    };
    writeFileSync(marker, JSON.stringify(dataset, null, 2));
    log(
      `  done in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        Object.entries(counts)
          .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
          .join(', '),
    );
    return dataset;
  } finally {
    await proxy.dispose();
  }
}

function lessonCount(course: CourseBundle): number {
  return course.modules.reduce((n, m) => n + m.lessons.length, 0);
}

function copyOf(course: CourseBundle, n: number): CourseBundle {
  const suffix = (text: string | undefined) => (text === undefined ? undefined : `${text} (${n + 1})`);
  return {
    ...course,
    slug: `${course.slug}-kopia-${n}`,
    published: true,
    title: Object.fromEntries(Object.entries(course.title).map(([lang, t]) => [lang, suffix(t)])),
  };
}
