import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { MY_DATA_TABLES } from '../../src/data/my-data';
import { en } from '../../src/i18n/en';
import { myDataCsvUrl, myDataExportUrl, myDataUrl, reflectionUrl } from '../../src/urls';
import {
  completeFixtureCourse,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  request,
  roundTrips,
  tokenOf,
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
 * A trainer with something in every table: enrolled, finished the fixture course (progress, a
 * quiz attempt, a reflection, a certificate), waiting for a seat in a full cohort, invited, and
 * holding an emailed link.
 */
async function busyTrainer(reflection = 'What I take away.') {
  const trainer = await enrolledTrainer();
  const name = `Busy Trainer ${trainer.id}`;
  await run('UPDATE users SET name = ?, preferred_language = ? WHERE id = ?', name, 'en', trainer.id);
  await completeFixtureCourse(trainer.cookie);
  await request(reflectionUrl('test-course', 'reflect'), { form: { body: reflection }, cookie: trainer.cookie });
  await run(`INSERT INTO cohorts (course_id, name, capacity) SELECT id, 'Spring group', 0 FROM courses WHERE slug = 'test-course'`);
  await run('INSERT INTO waitlist (cohort_id, user_id, created_at) VALUES ((SELECT max(id) FROM cohorts), ?, ?)', trainer.id, Date.now());
  const now = Date.now();
  await run(
    `INSERT INTO invitations (email, name, language, token_hash, created_at, expires_at) VALUES (?, ?, 'en', ?, ?, ?)`,
    trainer.email,
    name,
    `invitation-hash-${trainer.id}`,
    now,
    now + 86_400_000,
  );
  await run(
    `INSERT INTO account_tokens (token_hash, user_id, purpose, expires_at) VALUES (?, ?, 'password-reset', ?)`,
    `reset-hash-${trainer.id}`,
    trainer.id,
    now + 3_600_000,
  );
  return { ...trainer, name };
}

describe('GET /account/data', () => {
  it('lists what Warsztat holds, with the number of records and a download per table, in one round trip', async () => {
    const trainer = await busyTrainer();
    const response = await request(myDataUrl(), { cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<h1>${en.myData.title}</h1>`);
    expect(html).toContain(`href="${myDataExportUrl()}"`);
    for (const table of MY_DATA_TABLES) {
      expect(html).toContain(escaped(en.myData.tables[table].label));
      expect(html).toContain(`href="${myDataCsvUrl(table)}"`);
    }
    expect(html).toContain('href="/account/delete"');
    // One reflection, one certificate, one place on a waitlist.
    expect(html).toContain(`${en.myData.tables.reflections.label}</th><td>1</td>`);
  });

  it('is open to admins too', async () => {
    const admin = await trainerSession('admin');
    expect((await request(myDataUrl(), { cookie: admin.cookie })).status).toBe(200);
  });

  it('sends visitors and expired sessions to sign in', async () => {
    expectSignInRedirect(await request(myDataUrl()), myDataUrl());
    const trainer = await trainerSession();
    await run('UPDATE sessions SET expires_at = 0 WHERE user_id = ?', trainer.id);
    expectSignInRedirect(await request(myDataUrl(), { cookie: trainer.cookie }), myDataUrl());
  });
});

describe('GET /account/data/export.json', () => {
  it('is everything about the signed-in person as one JSON attachment, in one round trip, with no secrets', async () => {
    const trainer = await busyTrainer('My own thoughts, \u201cquoted\u201d.');
    const other = await busyTrainer('Someone else’s thoughts');
    const response = await request(myDataExportUrl(), { cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    const day = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="warsztat-data-${day}.json"`);
    expect(response.headers.get('Cache-Control')).toBe('private, no-store');
    const text = await response.text();
    const data = JSON.parse(text);

    expect(data.account).toMatchObject({ email: trainer.email, name: trainer.name, role: 'trainer', language: 'en', deactivated_at: null });
    expect(data.account.created_at).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(data.enrolments).toEqual([
      expect.objectContaining({
        course_slug: 'test-course',
        course_title: 'Test course',
        cohort: en.cohorts.defaultName,
        withdrawn_at: null,
      }),
    ]);
    expect(data.enrolments[0].completed_at).toMatch(/^\d{4}-/);
    expect(data.waitlist).toEqual([expect.objectContaining({ course_slug: 'test-course', cohort: 'Spring group' })]);
    expect(data['lesson-progress'].map((p: { lesson_key: string }) => p.lesson_key).sort()).toEqual([
      'check',
      'first-page',
      'reflect',
      'second-page',
    ]);
    expect(data['quiz-attempts']).toEqual([
      expect.objectContaining({ lesson_key: 'check', score: 2, max_score: 2, passed: true, answers: { colour: [0], even: [0, 2] } }),
    ]);
    expect(data.reflections).toEqual([expect.objectContaining({ lesson_key: 'reflect', text: 'My own thoughts, \u201cquoted\u201d.' })]);
    expect(data.certificates).toEqual([expect.objectContaining({ course_slug: 'test-course' })]);
    expect(data.certificates[0].code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    expect(data.sessions.length).toBeGreaterThan(0);
    expect(Object.keys(data.sessions[0])).toEqual(['created_at', 'expires_at']);
    expect(data.invitations).toEqual([expect.objectContaining({ name: trainer.name, state: 'pending' })]);
    expect(data['account-tokens']).toEqual([expect.objectContaining({ purpose: 'password-reset', new_email: null })]);

    // No secrets: no password hash, session id, cookie token or link hash.
    const secrets = await env.DB.prepare(
      `SELECT password_hash AS s FROM users WHERE id = ?1 UNION ALL SELECT id FROM sessions WHERE user_id = ?1
       UNION ALL SELECT token_hash FROM account_tokens WHERE user_id = ?1 UNION ALL SELECT token_hash FROM invitations WHERE email = ?2`,
    )
      .bind(trainer.id, trainer.email)
      .all<{ s: string }>();
    expect(secrets.results.length).toBe(4);
    for (const { s } of secrets.results) expect(text).not.toContain(s);
    expect(text).not.toContain(tokenOf(trainer.cookie));
    // Nobody else's data.
    expect(text).not.toContain(other.email);
    expect(text).not.toContain('Someone else');
  });

  it('sends visitors to sign in', async () => {
    expectSignInRedirect(await request(myDataExportUrl()), myDataExportUrl());
  });
});

describe('GET /account/data/:table.csv', () => {
  it('is one table as CSV with a byte-order mark and CRLF, the same rows as the JSON, in one round trip', async () => {
    const trainer = await busyTrainer('=HYPERLINK("http://evil.example","click"), line one\nline two');
    const response = await request(myDataCsvUrl('reflections'), { cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const day = new Date().toISOString().slice(0, 10);
    expect(response.headers.get('Content-Disposition')).toBe(`attachment; filename="warsztat-reflections-${day}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = new TextDecoder().decode(bytes);
    const [header, row] = csv.split('\r\n');
    expect(header).toBe('course_slug,lesson_key,lesson_title,text,updated_at');
    // A formula is made inert, the quotes doubled, the line break kept inside the quoted field.
    expect(row).toMatch(/^test-course,reflect,[^,]+,"'=HYPERLINK\(""http:\/\/evil\.example"",""click""\), line one\nline two",\d{4}-/);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('writes quiz answers as JSON text and the account as one row', async () => {
    const trainer = await busyTrainer();
    const attempts = await (await request(myDataCsvUrl('quiz-attempts'), { cookie: trainer.cookie })).text();
    expect(attempts).toContain('"{""colour"":[0],""even"":[0,2]}"');
    const account = (await (await request(myDataCsvUrl('account'), { cookie: trainer.cookie })).text()).split('\r\n');
    // (Response.text() drops the byte-order mark, as a UTF-8 decoder does.)
    expect(account[0]).toBe('email,name,role,language,created_at,deactivated_at');
    expect(account[1]).toMatch(new RegExp(`^${trainer.email},${trainer.name},trainer,en,\\d{4}-.*,$`));
    expect(account[2]).toBe('');
  });

  it('answers every table', async () => {
    const trainer = await trainerSession();
    for (const table of MY_DATA_TABLES) {
      const response = await request(myDataCsvUrl(table), { cookie: trainer.cookie });
      expect(response.status, table).toBe(200);
    }
  });

  it('is 404 for a table that is not there', async () => {
    const trainer = await trainerSession();
    for (const path of ['/account/data/users.csv', '/account/data/passwords.csv', '/account/data/account.json', '/account/data/..csv']) {
      const response = await request(path, { cookie: trainer.cookie });
      expect(response.status, path).toBe(404);
    }
  });

  it('sends visitors to sign in', async () => {
    expectSignInRedirect(await request(myDataCsvUrl('reflections')), myDataCsvUrl('reflections'));
  });
});
