import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/auth/password';
import { SIGNIN_LIMIT } from '../../src/auth/rate-limit';
import { deletedEmail } from '../../src/data/my-data';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import { accountDeletedUrl, certificateCheckUrl, deleteAccountUrl, myDataUrl } from '../../src/urls';
import {
  clientAddress,
  completeFixtureCourse,
  count,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  lastMailTo,
  PASSWORD,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const run = (sql: string, ...params: unknown[]) =>
  env.DB.prepare(sql)
    .bind(...params)
    .run();

const userRow = (id: number) =>
  env.DB.prepare('SELECT email, name, password_hash, preferred_language, deleted_at FROM users WHERE id = ?')
    .bind(id)
    .first<{ email: string; name: string; password_hash: string; preferred_language: string | null; deleted_at: number | null }>();

/** A form post from its own client address: each counts against that address's password attempts. */
function deleteAccount(cookie: string, form: Record<string, string>, headers: Record<string, string> = EN) {
  return request(deleteAccountUrl(), { cookie, form, headers: { ...headers, 'CF-Connecting-IP': clientAddress() } });
}

const CONFIRMED = { password: PASSWORD, confirm: 'DELETE' };

/** Makes sure no test here leaves the fixture without an admin who is not being deleted. */
async function keepAnotherAdmin() {
  await trainerSession('admin');
}

describe('GET /account/delete', () => {
  it('says what happens and that it cannot be undone, then asks for the password and a typed word', async () => {
    const trainer = await trainerSession();
    const response = await request(deleteAccountUrl(), { cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    for (const item of en.myData.deleteWhat) expect(html).toContain(escaped(item));
    expect(html).toContain(escaped(en.myData.irreversible));
    expect(html).toContain(`<form method="post" action="${deleteAccountUrl()}"`);
    expect(html).toContain('type="password"');
    expect(html).toContain(escaped(en.myData.confirmLabel('DELETE')));
  });

  it('tells the last admin why the account cannot be deleted, without the form', async () => {
    await run(`UPDATE users SET role = 'trainer' WHERE role = 'admin'`);
    const admin = await trainerSession('admin');
    const html = await (await request(deleteAccountUrl(), { cookie: admin.cookie, headers: EN })).text();
    expect(html).toContain(escaped(en.myData.lastAdmin));
    expect(html).not.toContain(`action="${deleteAccountUrl()}"`);
  });

  it('sends visitors to sign in', async () => {
    expectSignInRedirect(await request(deleteAccountUrl()), deleteAccountUrl());
  });
});

describe('POST /account/delete', () => {
  it('erases the person in the second round trip, signs the browser out and says so', async () => {
    const trainer = await enrolledTrainer();
    await run(`UPDATE users SET name = 'Ada Erased', preferred_language = 'pl' WHERE id = ?`, trainer.id);
    await completeFixtureCourse(trainer.cookie);

    const response = await deleteAccount(trainer.cookie, CONFIRMED);
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(accountDeletedUrl());
    // Two, like sign-in: the password is checked against the hash the first batch read.
    expect(roundTrips(response)).toBe(2);
    expect(response.headers.get('Set-Cookie')).toMatch(/__Host-warsztat_session=;.*Max-Age=0/);

    const user = await userRow(trainer.id);
    expect(user).toMatchObject({ email: deletedEmail(trainer.id), name: '', password_hash: '', preferred_language: null });
    expect(user?.deleted_at).toBeGreaterThan(0);
    expect(await count('SELECT count(*) AS n FROM reflections WHERE user_id = ?', trainer.id)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = ?', trainer.id)).toBe(0);
    // Scores stay for reports; what was answered does not.
    expect(await count(`SELECT count(*) AS n FROM quiz_attempts WHERE user_id = ? AND passed = 1 AND answers = '{}'`, trainer.id)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBe(4);
    expect(await count('SELECT count(*) AS n FROM certificates WHERE user_id = ?', trainer.id)).toBe(1);
    expect(
      await count(
        'SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND withdrawn_at IS NOT NULL AND completed_at IS NOT NULL',
        trainer.id,
      ),
    ).toBe(1);

    // The old cookie is worthless, and the page after says what happened.
    expectSignInRedirect(await request(myDataUrl(), { cookie: trainer.cookie }), myDataUrl());
    const after = await request(accountDeletedUrl(), { headers: EN });
    expect(after.status).toBe(200);
    // One: the region's settings (its name), read as every page does.
    expect(roundTrips(after)).toBe(1);
    expect(await after.text()).toContain(escaped(en.myData.deletedTitle));

    // The confirmation went to the old address, in the account's language.
    const mail = await lastMailTo(trainer.email);
    expect(mail?.subject).toBe(pl.myData.mail.deletedSubject(env.SITE_NAME));
    expect(mail?.text).toContain('Ada Erased');
  });

  it('deletes all the same when the confirmation cannot be sent (the data is written first)', async () => {
    const trainer = await trainerSession();
    const response = await request(deleteAccountUrl(), {
      form: CONFIRMED,
      cookie: trainer.cookie,
      headers: { ...EN, 'CF-Connecting-IP': clientAddress() },
      env: { MAIL_TRANSPORT: 'binding' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(accountDeletedUrl());
    expect((await userRow(trainer.id))?.deleted_at).toBeGreaterThan(0);
    expect(await lastMailTo(trainer.email)).toBeNull();
  });

  it('makes signing in impossible, with the old address or the new placeholder', async () => {
    const trainer = await trainerSession();
    expect((await deleteAccount(trainer.cookie, CONFIRMED)).status).toBe(303);
    for (const email of [trainer.email, deletedEmail(trainer.id)]) {
      for (const password of [PASSWORD, '']) {
        const response = await request('/sign-in', { form: { email, password }, headers: { 'CF-Connecting-IP': clientAddress() } });
        expect(response.status, `${email} / ${password}`).toBe(422);
        expect(response.headers.get('Set-Cookie') ?? '').not.toContain('__Host-warsztat_session=');
      }
    }
    // An empty hash has no scheme, so no password verifies against it.
    expect(await verifyPassword('', '')).toBe(false);
    expect(await verifyPassword(PASSWORD, '')).toBe(false);
  });

  it('frees the address: a new account can be made with it', async () => {
    const trainer = await trainerSession();
    expect((await deleteAccount(trainer.cookie, CONFIRMED)).status).toBe(303);
    const signUp = await request('/sign-up', {
      form: { name: 'New Person', email: trainer.email, password: 'another-long-password' },
      headers: { 'CF-Connecting-IP': clientAddress() },
    });
    expect(signUp.status).toBe(303);
  });

  it('accepts the word in either language, in any case, with or without its diacritics', async () => {
    for (const confirm of [' usuń ', 'USUN', 'Delete']) {
      const trainer = await trainerSession();
      const response = await deleteAccount(trainer.cookie, { password: PASSWORD, confirm }, { 'Accept-Language': 'pl' });
      expect(response.status, confirm).toBe(303);
      expect((await userRow(trainer.id))?.deleted_at).toBeGreaterThan(0);
    }
  });

  it('gives a freed seat to the first on the waitlist and emails them', async () => {
    const trainer = await enrolledTrainer();
    const waiting = await trainerSession();
    await run(`UPDATE users SET name = 'Next In Line', preferred_language = 'en' WHERE id = ?`, waiting.id);
    const cohort = await run(
      `INSERT INTO cohorts (course_id, name, capacity) SELECT id, 'Small group', 1 FROM courses WHERE slug = 'test-course'`,
    );
    const cohortId = cohort.meta.last_row_id;
    await run('UPDATE enrolments SET cohort_id = ? WHERE user_id = ?', cohortId, trainer.id);
    await run('INSERT INTO waitlist (cohort_id, user_id, created_at) VALUES (?, ?, ?)', cohortId, waiting.id, Date.now());

    expect((await deleteAccount(trainer.cookie, CONFIRMED)).status).toBe(303);
    expect(
      await count(
        'SELECT count(*) AS n FROM enrolments WHERE cohort_id = ? AND user_id = ? AND withdrawn_at IS NULL',
        cohortId,
        waiting.id,
      ),
    ).toBe(1);
    expect(await count('SELECT count(*) AS n FROM waitlist WHERE cohort_id = ?', cohortId)).toBe(0);
    const mail = await lastMailTo(waiting.email);
    expect(mail?.subject).toBe(en.cohorts.seatMailSubject('Test course'));
    expect(mail?.text).toContain('Hello Next In Line,');
    expect(mail?.text).toContain('http://localhost/courses/test-course');
  });

  it('keeps a valid certificate, whose public check names no one', async () => {
    const trainer = await enrolledTrainer();
    await run(`UPDATE users SET name = 'Certified Person' WHERE id = ?`, trainer.id);
    await completeFixtureCourse(trainer.cookie);
    const code = (await env.DB.prepare('SELECT code FROM certificates WHERE user_id = ?').bind(trainer.id).first<{ code: string }>())!.code;
    expect(await (await request(certificateCheckUrl(code), { headers: EN })).text()).toContain('Certified Person');

    expect((await deleteAccount(trainer.cookie, CONFIRMED)).status).toBe(303);
    const check = await request(certificateCheckUrl(code), { headers: EN });
    expect(check.status).toBe(200);
    const html = await check.text();
    expect(html).toContain(escaped(en.certificate.valid));
    expect(html).toContain(`<dd><em>${escaped(en.myData.certificateDeleted)}</em></dd>`);
    expect(html).not.toContain('Certified Person');
    expect(html).not.toContain('<bdi></bdi>');
  });

  it('lets an admin go when another admin remains', async () => {
    await keepAnotherAdmin();
    const admin = await trainerSession('admin');
    expect((await deleteAccount(admin.cookie, CONFIRMED)).status).toBe(303);
    expect((await userRow(admin.id))?.deleted_at).toBeGreaterThan(0);
  });

  it('is 422 for the last admin, with the reason, and writes nothing', async () => {
    await run(`UPDATE users SET role = 'trainer' WHERE role = 'admin'`);
    const admin = await trainerSession('admin');
    // An admin who can no longer sign in does not count as the one who remains.
    const deactivated = await trainerSession('admin');
    await run('UPDATE users SET deactivated_at = 1 WHERE id = ?', deactivated.id);
    const before = await tableCounts();
    const response = await deleteAccount(admin.cookie, CONFIRMED);
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    expect(await response.text()).toContain(escaped(en.myData.lastAdmin));
    expect(await tableCounts()).toEqual(before);
    expect((await userRow(admin.id))?.deleted_at).toBeNull();
  });

  it('is 422 with a message per field for a missing password or word, and writes nothing', async () => {
    const trainer = await trainerSession();
    const before = await tableCounts();
    const cases: [Record<string, string>, string[]][] = [
      [{}, [en.myData.passwordRequired, en.myData.confirmMismatch('DELETE')]],
      [{ password: PASSWORD, confirm: 'delete me' }, [en.myData.confirmMismatch('DELETE')]],
      [{ password: '', confirm: 'DELETE' }, [en.myData.passwordRequired]],
    ];
    for (const [form, messages] of cases) {
      const response = await deleteAccount(trainer.cookie, form);
      expect(response.status, JSON.stringify(form)).toBe(422);
      expect(roundTrips(response)).toBe(1);
      const html = await response.text();
      for (const message of messages) expect(html).toContain(escaped(message));
      // What was typed stays; the password is never echoed.
      if (form.confirm) expect(html).toContain(`value="${form.confirm}"`);
    }
    expect(await tableCounts()).toEqual(before);
    expect((await userRow(trainer.id))?.deleted_at).toBeNull();
  });

  it('is 422 for a wrong password and writes nothing but the attempt', async () => {
    const trainer = await trainerSession();
    const before = await tableCounts();
    const response = await deleteAccount(trainer.cookie, { password: 'not-the-password', confirm: 'DELETE' });
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    expect(await response.text()).toContain(escaped(en.myData.wrongPassword));
    expect(await tableCounts()).toEqual(before);
    expect((await userRow(trainer.id))?.email).toBe(trainer.email);
  });

  it('is 429 after too many password attempts from one address', async () => {
    const trainer = await trainerSession();
    const headers = { ...EN, 'CF-Connecting-IP': clientAddress() };
    const wrong = { form: { password: 'not-the-password', confirm: 'DELETE' }, cookie: trainer.cookie, headers };
    for (let i = 0; i < SIGNIN_LIMIT; i++) expect((await request(deleteAccountUrl(), wrong)).status).toBe(422);
    const refused = await request(deleteAccountUrl(), { ...wrong, form: CONFIRMED });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain(escaped(en.myData.tooMany));
    expect((await userRow(trainer.id))?.deleted_at).toBeNull();
  });

  it('sends visitors to sign in and writes nothing', async () => {
    const before = await tableCounts();
    expectSignInRedirect(await request(deleteAccountUrl(), { form: CONFIRMED }), '/account');
    expect(await tableCounts()).toEqual(before);
  });
});
