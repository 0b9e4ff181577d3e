import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { deleteAccountUrl, reflectionUrl } from '../../src/urls';
import {
  clientAddress,
  completeFixtureCourse,
  count,
  EN,
  enrolledTrainer,
  importFixture,
  PASSWORD,
  request,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const run = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .run();

/**
 * Every table in the database, read from sqlite_master rather than listed by hand, so a table
 * added by a later migration is searched too. `sqlite_*` and `_cf_*` are SQLite's and D1's own.
 */
async function tablesHolding(needles: string[]): Promise<{ tables: string[]; found: Record<string, string[]> }> {
  const listed = await env.DB.prepare(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND substr(name, 1, 4) <> '_cf_'`,
  ).all<{ name: string }>();
  const tables = listed.results.map((r) => r.name);
  const found: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await env.DB.prepare(`SELECT * FROM "${table.replace(/"/g, '""')}"`).all();
    const text = JSON.stringify(rows.results).toLowerCase();
    const hits = needles.filter((needle) => text.includes(needle.toLowerCase()));
    if (hits.length) found[table] = hits;
  }
  return { tables, found };
}

/** The admin report's row for the fixture course: enrolments and completions. */
async function reportRow(cookie: string) {
  const html = await (await request('/admin', { cookie, headers: EN })).text();
  // The report's columns: enrolled (withdrawn included), active, withdrawn, started, completed, …
  const match = />Test course<\/a><\/th><td>\d+<\/td><td>(\d+)<\/td><td>\d+<\/td><td>\d+<\/td><td>(\d+)<\/td>/.exec(html);
  if (!match) throw new Error('no report row for test-course');
  return { enrolments: Number(match[1]), completions: Number(match[2]) };
}

describe('POST /account/delete: erasure', () => {
  it('leaves the email, name, reflection and other addresses in no table, and the progress still counts', async () => {
    const mark = crypto.randomUUID().slice(0, 8);
    const name = `Zuzanna Ślęczek ${mark}`;
    const reflection = `A reflection nobody else wrote ${mark}`;
    const newEmail = `zuzanna-new-${mark}@example.org`;
    const trainer = await enrolledTrainer();
    await run('UPDATE users SET name = ? WHERE id = ?', name, trainer.id);
    await completeFixtureCourse(trainer.cookie);
    await request(reflectionUrl('test-course', 'reflect'), { form: { body: reflection }, cookie: trainer.cookie });
    // Something of them in every table that can hold it: a failed sign-in (its counter's key
    // holds the address), an invitation with their name, an email-change link, a waitlist place,
    // an audit entry and a cohort they facilitate (ids only).
    await request('/sign-in', {
      form: { email: trainer.email, password: 'wrong-password' },
      headers: { 'CF-Connecting-IP': clientAddress() },
    });
    const now = Date.now();
    await run(
      `INSERT INTO invitations (email, name, language, token_hash, created_at, expires_at) VALUES (?, ?, 'pl', ?, ?, ?)`,
      trainer.email,
      name,
      `hash-${mark}`,
      now,
      now + 86_400_000,
    );
    await run(
      `INSERT INTO account_tokens (token_hash, user_id, purpose, new_email, expires_at) VALUES (?, ?, 'email-change', ?, ?)`,
      `token-${mark}`,
      trainer.id,
      newEmail,
      now + 3_600_000,
    );
    await run(
      `INSERT INTO cohorts (course_id, name, capacity, facilitator_id) SELECT id, 'Full group', 0, ? FROM courses WHERE slug = 'test-course'`,
      trainer.id,
    );
    await run('INSERT INTO waitlist (cohort_id, user_id, created_at) VALUES ((SELECT max(id) FROM cohorts), ?, ?)', trainer.id, now);
    await run(`INSERT INTO audit_log (user_id, action, detail, created_at) VALUES (?, 'test', 'a lesson key', ?)`, trainer.id, now);

    const needles = [trainer.email, name, reflection, newEmail];
    const before = await tablesHolding(needles);
    // The scan finds them where they were, so its silence afterwards means something.
    expect(before.found).toMatchObject({
      users: [trainer.email, name],
      reflections: [reflection],
      rate_limits: [trainer.email],
      invitations: [trainer.email, name],
      account_tokens: [newEmail],
    });
    expect(before.tables).toEqual(expect.arrayContaining(['users', 'sessions', 'enrolments', 'waitlist', 'cohorts', 'd1_migrations']));

    const admin = await trainerSession('admin');
    const reportBefore = await reportRow(admin.cookie);
    const response = await request(deleteAccountUrl(), {
      form: { password: PASSWORD, confirm: 'DELETE' },
      cookie: trainer.cookie,
      headers: { ...EN, 'CF-Connecting-IP': clientAddress() },
    });
    expect(response.status).toBe(303);

    const after = await tablesHolding(needles);
    expect(after.tables).toEqual(before.tables);
    expect(after.found).toEqual({});
    // Anonymous, but still counted: the completion stays in the admin report. The seat is given up
    // (the enrolment is withdrawn, so it no longer counts as an active one), and the anonymous
    // enrolment row and its progress stay for the reports.
    expect(await reportRow(admin.cookie)).toEqual({ ...reportBefore, enrolments: reportBefore.enrolments - 1 });
    expect(reportBefore.completions).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND withdrawn_at IS NOT NULL', trainer.id)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBeGreaterThan(0);
  });
});
