import { applyD1Migrations } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';

/** The counts migration 0007's triggers keep on every enrolment of MIGRATION_DB. */
async function counts() {
  const rows = await env.MIGRATION_DB.prepare(
    'SELECT user_id, course_id, lessons_done, required_done, last_active_at FROM enrolments ORDER BY user_id, course_id',
  ).all();
  return rows.results;
}

// A region upgrading from the release before cohorts: its trainers' enrolments, progress and
// certificates must all be there after migration 0004, each enrolment in its course's default cohort.
describe('migration 0004 (cohorts)', () => {
  it('moves every existing enrolment into a default open cohort per course and loses nothing', async () => {
    const db = env.MIGRATION_DB;
    const before = env.TEST_MIGRATIONS.filter((m) => m.name < '0004');
    expect(before.length).toBeGreaterThan(0);
    await applyD1Migrations(db, before);
    await db.batch([
      db.prepare(
        `INSERT INTO users (id, email, name, password_hash) VALUES (1, 'a@example.org', 'A', 'x'), (2, 'b@example.org', 'B', 'x')`,
      ),
      db.prepare(`INSERT INTO courses (id, slug, family, main_language, estimated_minutes, published) VALUES
        (1, 'one', 'programme', 'pl', 60, 1), (2, 'two', 'workshop', 'en', 30, 1), (3, 'three', 'workshop', 'en', 30, 0)`),
      db.prepare(`INSERT INTO modules (id, course_id, key, position) VALUES (1, 1, 'm', 0)`),
      db.prepare(`INSERT INTO lessons (id, course_id, module_id, key, position, kind) VALUES (1, 1, 1, 'l', 0, 'page')`),
      db.prepare(
        `INSERT INTO enrolments (user_id, course_id, enrolled_at, completed_at) VALUES (1, 1, 100, 200), (2, 1, 110, NULL), (2, 2, 120, NULL)`,
      ),
      db.prepare(`INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES (1, 1, 1, 150)`),
      db.prepare(`INSERT INTO certificates (code, user_id, course_id, issued_at) VALUES ('ABC', 1, 1, 200)`),
    ]);

    await applyD1Migrations(db, env.TEST_MIGRATIONS);

    const cohorts = await db
      .prepare(`SELECT course_id, name, is_default, enrolment_open, capacity, starts_at FROM cohorts ORDER BY course_id`)
      .all();
    expect(cohorts.results).toEqual(
      [1, 2, 3].map((course_id) => ({
        course_id,
        name: '',
        is_default: 1,
        enrolment_open: 1,
        capacity: null,
        starts_at: null,
      })),
    );
    const enrolments = await db
      .prepare(`SELECT e.user_id, e.course_id, e.enrolled_at, e.completed_at, e.withdrawn_at, h.course_id AS cohort_course, h.is_default
                FROM enrolments e JOIN cohorts h ON h.id = e.cohort_id ORDER BY e.user_id, e.course_id`)
      .all();
    expect(enrolments.results).toEqual([
      { user_id: 1, course_id: 1, enrolled_at: 100, completed_at: 200, withdrawn_at: null, cohort_course: 1, is_default: 1 },
      { user_id: 2, course_id: 1, enrolled_at: 110, completed_at: null, withdrawn_at: null, cohort_course: 1, is_default: 1 },
      { user_id: 2, course_id: 2, enrolled_at: 120, completed_at: null, withdrawn_at: null, cohort_course: 2, is_default: 1 },
    ]);
    expect(await db.prepare(`SELECT count(*) AS n FROM lesson_progress`).first('n')).toBe(1);
    expect(await db.prepare(`SELECT code FROM certificates WHERE user_id = 1`).first('code')).toBe('ABC');
    // Migration 0007 counted what each enrolment had done before it.
    expect(await counts()).toEqual([
      { user_id: 1, course_id: 1, lessons_done: 1, required_done: 1, last_active_at: 150 },
      { user_id: 2, course_id: 1, lessons_done: 0, required_done: 0, last_active_at: null },
      { user_id: 2, course_id: 2, lessons_done: 0, required_done: 0, last_active_at: null },
    ]);
  });

  it('gives a course created afterwards its default cohort (trigger), whichever code inserts it', async () => {
    const db = env.MIGRATION_DB;
    await db.prepare(`INSERT INTO courses (slug, family, main_language, estimated_minutes) VALUES ('later', 'programme', 'pl', 10)`).run();
    const row = await db
      .prepare(`SELECT count(*) AS n FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = 'later' AND h.is_default = 1`)
      .first('n');
    expect(row).toBe(1);
  });
});

// The reports read each enrolment's own counts; whatever writes progress, attempts, reflections or
// changes a lesson, the triggers keep them equal to what the rows say (MIGRATION_DB, migrated above).
describe('migration 0007 (activity counts kept by triggers)', () => {
  it('counts completions, activity, and lessons made optional, archived or restored', async () => {
    const db = env.MIGRATION_DB;
    const mine = async () => (await counts()).find((r) => r.user_id === 2 && r.course_id === 1);
    await db.batch([
      db.prepare(
        `INSERT INTO lessons (id, course_id, module_id, key, position, kind) VALUES (2, 1, 1, 'q', 1, 'quiz'), (3, 1, 1, 'r', 2, 'reflection')`,
      ),
      db.prepare(`INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES (2, 1, 1, 300), (2, 2, 1, 310)`),
    ]);
    expect(await mine()).toEqual({ user_id: 2, course_id: 1, lessons_done: 2, required_done: 2, last_active_at: 310 });
    // Activity without a completion: a later quiz attempt, a reflection saved and saved again.
    await db
      .prepare(
        `INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at) VALUES (2, 2, 0, 1, 0, '{}', 400)`,
      )
      .run();
    expect((await mine())?.last_active_at).toBe(400);
    await db.prepare(`INSERT INTO reflections (user_id, lesson_id, course_id, body, updated_at) VALUES (2, 3, 1, 'x', 500)`).run();
    expect((await mine())?.last_active_at).toBe(500);
    await db.prepare(`UPDATE reflections SET body = 'y', updated_at = 600 WHERE user_id = 2 AND lesson_id = 3`).run();
    expect((await mine())?.last_active_at).toBe(600);
    // A lesson made optional, then archived, then required again and restored.
    await db.prepare(`UPDATE lessons SET required = 0 WHERE id = 2`).run();
    expect((await mine())?.required_done).toBe(1);
    await db.prepare(`UPDATE lessons SET archived_at = 1 WHERE id = 2`).run();
    expect((await mine())?.required_done).toBe(1);
    await db.prepare(`UPDATE lessons SET required = 1, archived_at = NULL WHERE id = 2`).run();
    expect((await mine())?.required_done).toBe(2);
    // A completion removed; other enrolments untouched throughout.
    await db.prepare(`DELETE FROM lesson_progress WHERE user_id = 2 AND lesson_id = 1`).run();
    expect(await mine()).toMatchObject({ lessons_done: 1, required_done: 1 });
    expect((await counts()).find((r) => r.user_id === 1)).toEqual({
      user_id: 1,
      course_id: 1,
      lessons_done: 1,
      required_done: 1,
      last_active_at: 150,
    });
  });
});
