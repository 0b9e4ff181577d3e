import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import {
  accountUrl,
  courseUrl,
  deleteAccountUrl,
  enrolUrl,
  invitationsUrl,
  myDataCsvUrl,
  myDataExportUrl,
  participantProfileUrl,
  withdrawProfileUrl,
} from '../../src/urls';
import { fixtureFiles } from '../fixtures/course';
import {
  clientAddress,
  count,
  EN,
  escaped,
  expectSignInRedirect,
  importFixture,
  lastMailTo,
  linkIn,
  PASSWORD,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../helpers';

const CONSENT = 'We count your answers for the ESF+ report of the Pomorskie programme.';
const DISABILITY_CONSENT = 'Your answer about disability is special-category data: we keep it only with this consent.';
const SECOND = 'profile-second';
const YEAR = new Date().getUTCFullYear();

/** The region asks for profiles (as an admin's save at /admin/settings leaves the row). */
beforeAll(async () => {
  await importFixture();
  await importFixture(
    fixtureFiles.map((f) => ({
      path: f.path.replace('test-course/', `${SECOND}/`),
      text: f.text.replace('slug: test-course', `slug: ${SECOND}`),
    })),
  );
  await env.DB.prepare(
    `INSERT INTO settings (id, site_name, languages, default_language, signup_policy, ask_profile, profile_consent, disability_consent, updated_at)
     VALUES (1, 'Warsztat', '["pl","en"]', 'pl', 'open', 1, ?, ?, 0)`,
  )
    .bind(JSON.stringify({ pl: CONSENT, en: CONSENT }), JSON.stringify({ pl: DISABILITY_CONSENT, en: DISABILITY_CONSENT }))
    .run();
});

const ANSWERS = { gender: 'woman', birth_year: '1985', labour_status: 'employed', education: 'isced_5_8', disability: 'undisclosed' };

const profileRow = (userId: number) =>
  env.DB.prepare('SELECT * FROM participant_profiles WHERE user_id = ?').bind(userId).first<Record<string, unknown>>();
const enrolled = (userId: number, slug = 'test-course') =>
  count('SELECT count(*) AS n FROM enrolments e JOIN courses c ON c.id = e.course_id WHERE e.user_id = ? AND c.slug = ?', userId, slug);

describe('POST /courses/:slug/enrol where the region asks for a profile', () => {
  it('asks a trainer without a profile first, as a page, writing nothing, in one round trip', async () => {
    const trainer = await trainerSession();
    const response = await request(enrolUrl('test-course'), { form: {}, cookie: trainer.cookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain(CONSENT);
    expect(html).toContain(DISABILITY_CONSENT);
    expect(html).toContain(`action="${enrolUrl('test-course')}"`);
    for (const name of ['gender', 'birth_year', 'labour_status', 'education', 'disability', 'disability_consent', 'consent'])
      expect(html).toContain(`name="${name}"`);
    // Every question can be left unanswered, and the whole profile declined.
    expect(html.split(escaped(en.profile.genders.undisclosed)).length).toBeGreaterThan(1);
    expect(html).toContain(escaped(en.profile.declineAndEnrol));
    expect(await enrolled(trainer.id)).toBe(0);
    expect(await profileRow(trainer.id)).toBeNull();
  });

  it('answers an htmx request with the questions in place of the enrol widget', async () => {
    const trainer = await trainerSession();
    const response = await request(enrolUrl('test-course'), { form: { cohort: '' }, cookie: trainer.cookie, htmx: true, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/^<div id="enrol-widget"/);
    expect(html).not.toContain('<html');
    expect(html).toContain('hx-post="/courses/test-course/enrol"');
  });

  it('answers 422 for bad answers and writes nothing', async () => {
    const trainer = await trainerSession();
    const cases: [Record<string, string>, string, string][] = [
      [{ ...ANSWERS, gender: 'other' }, 'gender', en.profile.errors.choose],
      [{ ...ANSWERS, birth_year: '1919' }, 'birth_year', en.profile.errors.birthYear(1920, YEAR - 15)],
      [{ ...ANSWERS, birth_year: String(YEAR - 14) }, 'birth_year', en.profile.errors.birthYear(1920, YEAR - 15)],
      [{ ...ANSWERS, birth_year: 'abcd' }, 'birth_year', en.profile.errors.birthYear(1920, YEAR - 15)],
      [{ ...ANSWERS, labour_status: 'in_education' }, 'labour_status', en.profile.errors.choose],
      [{ ...ANSWERS }, 'consent', en.profile.errors.consent], // no consent ticked
    ];
    for (const [answers, field, message] of cases) {
      const before = await tableCounts();
      const form = { ...answers, profile: 'save', ...(field === 'consent' ? {} : { consent: '1' }) };
      const response = await request(enrolUrl('test-course'), { form, cookie: trainer.cookie, headers: EN });
      expect(response.status, field).toBe(422);
      expect(roundTrips(response)).toBe(1);
      const html = await response.text();
      expect(html).toContain(escaped(message));
      expect(html).toContain(`id="profile-${field}-error"`);
      expect(await tableCounts()).toEqual(before);
      expect(await profileRow(trainer.id)).toBeNull();
    }
  });

  it('saves the answers and enrols in one batch; disability is not kept without its consent', async () => {
    const trainer = await trainerSession();
    const form = { ...ANSWERS, birth_year: String(YEAR - 15), disability: 'yes', consent: '1', profile: 'save' };
    const response = await request(enrolUrl('test-course'), { form, cookie: trainer.cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(courseUrl('test-course'));
    expect(roundTrips(response)).toBe(1);
    expect(await enrolled(trainer.id)).toBe(1);
    expect(await profileRow(trainer.id)).toMatchObject({
      gender: 'woman',
      birth_year: YEAR - 15,
      labour_status: 'employed',
      education: 'isced_5_8',
      disability: null,
      disability_consent_at: null,
      declined_at: null,
    });
    expect((await profileRow(trainer.id))!.consent_at).toEqual(expect.any(Number));
  });

  it('keeps the disability answer with its separate consent', async () => {
    const trainer = await trainerSession();
    const form = { ...ANSWERS, disability: 'yes', disability_consent: '1', consent: '1', profile: 'save' };
    const response = await request(enrolUrl('test-course'), { form, cookie: trainer.cookie, htmx: true });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('id="enrol-widget"');
    const row = await profileRow(trainer.id);
    expect(row).toMatchObject({ disability: 'yes' });
    expect(row!.disability_consent_at).toEqual(expect.any(Number));
  });

  it('enrols a trainer who declines, and does not ask again in another course', async () => {
    const trainer = await trainerSession();
    const response = await request(enrolUrl('test-course'), { form: { profile: 'decline', gender: 'man' }, cookie: trainer.cookie });
    expect(response.status).toBe(303);
    expect(await enrolled(trainer.id)).toBe(1);
    expect(await profileRow(trainer.id)).toMatchObject({ gender: null, consent_at: null, declined_at: expect.any(Number) });
    const again = await request(enrolUrl(SECOND), { form: {}, cookie: trainer.cookie });
    expect(again.status).toBe(303);
    expect(await enrolled(trainer.id, SECOND)).toBe(1);
  });

  it('asks before a place on a waitlist too, then waits', async () => {
    const cohort = (await env.DB.prepare(
      `INSERT INTO cohorts (course_id, name, capacity) SELECT id, 'Pełna', 0 FROM courses WHERE slug = ? RETURNING id`,
    )
      .bind(SECOND)
      .first<{ id: number }>())!.id;
    const trainer = await trainerSession();
    const asked = await request(enrolUrl(SECOND), { form: { cohort: String(cohort) }, cookie: trainer.cookie, headers: EN });
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain(`name="cohort" value="${cohort}"`);
    expect(await count('SELECT count(*) AS n FROM waitlist WHERE user_id = ?', trainer.id)).toBe(0);
    const answered = await request(enrolUrl(SECOND), {
      form: { ...ANSWERS, consent: '1', profile: 'save', cohort: String(cohort) },
      cookie: trainer.cookie,
    });
    expect(answered.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM waitlist WHERE user_id = ? AND cohort_id = ?', trainer.id, cohort)).toBe(1);
  });

  it('sends visitors to sign in', async () => {
    expect((await request(enrolUrl('test-course'), { form: { profile: 'decline' } })).status).toBe(303);
  });
});

describe('accepting an invitation where the region asks for a profile', () => {
  it('asks with the new account, and saves the answers in the same batch as the seat', async () => {
    const admin = await trainerSession('admin');
    const email = `profile-invitee-${crypto.randomUUID().slice(0, 6)}@example.org`;
    const cohort = (await env.DB.prepare(
      "SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug = 'test-course' AND h.is_default = 1",
    ).first<{ id: number }>())!.id;
    await request(invitationsUrl(), {
      form: { list: `Ola <${email}>`, defaultLanguage: 'en', cohort: String(cohort) },
      cookie: admin.cookie,
    });
    const link = linkIn((await lastMailTo(email))!, '/invitations/');
    const page = await (await request(link, { headers: EN })).text();
    expect(page).toContain(CONSENT);
    expect(page).toContain(escaped(en.profile.declineAndAccept));
    const account = { name: 'Ola', password: PASSWORD, confirm: PASSWORD };
    const bad = await request(link, { form: { ...account, ...ANSWERS, profile: 'save' }, headers: EN });
    expect(bad.status).toBe(422);
    expect(await count('SELECT count(*) AS n FROM users WHERE email = ?', email)).toBe(0);
    const response = await request(link, { form: { ...account, ...ANSWERS, consent: '1', profile: 'save' } });
    expect(response.status).toBe(303);
    const user = (await env.DB.prepare('SELECT id FROM users WHERE email = ?').bind(email).first<{ id: number }>())!;
    expect(await enrolled(user.id)).toBe(1);
    expect(await profileRow(user.id)).toMatchObject({ gender: 'woman', birth_year: 1985 });
  });
});

describe('/account: the participant profile', () => {
  it('shows, changes and withdraws the profile, each in one round trip', async () => {
    const trainer = await trainerSession();
    const page = await request(accountUrl(), { cookie: trainer.cookie, headers: EN });
    expect(roundTrips(page)).toBe(1);
    expect(await page.text()).toContain(escaped(en.profile.none));

    const saved = await request(participantProfileUrl(), { form: { ...ANSWERS, consent: '1' }, cookie: trainer.cookie });
    expect(saved.status).toBe(303);
    expect(roundTrips(saved)).toBe(1);
    expect(saved.headers.get('Location')).toBe(accountUrl('participant-profile'));
    const shown = await (await request(accountUrl('participant-profile'), { cookie: trainer.cookie, headers: EN })).text();
    expect(shown).toContain('<option value="isced_5_8" selected="">');
    expect(shown).toContain('value="1985"');
    expect(shown).toContain(escaped(en.profile.withdraw));

    const changed = await request(participantProfileUrl(), {
      form: { ...ANSWERS, education: 'isced_3_4', consent: '1' },
      cookie: trainer.cookie,
    });
    expect(changed.status).toBe(303);
    expect(await profileRow(trainer.id)).toMatchObject({ education: 'isced_3_4' });

    const withdrawn = await request(withdrawProfileUrl(), { form: {}, cookie: trainer.cookie });
    expect(withdrawn.status).toBe(303);
    expect(roundTrips(withdrawn)).toBe(1);
    // Every answer and consent gone; only the "no" stays, so enrolling does not ask again.
    expect(await profileRow(trainer.id)).toMatchObject({
      gender: null,
      birth_year: null,
      labour_status: null,
      education: null,
      disability: null,
      consent_at: null,
      disability_consent_at: null,
      declined_at: expect.any(Number),
    });
    expect((await request(enrolUrl(SECOND), { form: {}, cookie: trainer.cookie })).status).toBe(303);
  });

  it('answers 422 for a bad profile and writes nothing', async () => {
    const trainer = await trainerSession();
    const before = await tableCounts();
    const response = await request(participantProfileUrl(), {
      form: { ...ANSWERS, birth_year: '2100', consent: '1' },
      cookie: trainer.cookie,
      headers: EN,
    });
    expect(response.status).toBe(422);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(escaped(en.profile.errors.birthYear(1920, YEAR - 15)));
    expect(html).toContain('value="2100"');
    expect(await tableCounts()).toEqual(before);
    expect(await profileRow(trainer.id)).toBeNull();
  });

  it('sends visitors to sign in', async () => {
    const response = await request(participantProfileUrl(), { form: ANSWERS });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`/sign-in?next=${encodeURIComponent('/account')}`);
    expectSignInRedirect(await request(accountUrl()), accountUrl());
  });
});

describe('the profile in the data export and the account deletion', () => {
  it('is in the JSON export and its own CSV', async () => {
    const trainer = await trainerSession();
    await request(participantProfileUrl(), {
      form: { ...ANSWERS, disability: 'no', disability_consent: '1', consent: '1' },
      cookie: trainer.cookie,
    });
    const json = (await (await request(myDataExportUrl(), { cookie: trainer.cookie })).json()) as Record<string, unknown[]>;
    expect(json['participant-profile']).toEqual([
      expect.objectContaining({ gender: 'woman', birth_year: 1985, labour_status: 'employed', education: 'isced_5_8', disability: 'no' }),
    ]);
    const csv = await (await request(myDataCsvUrl('participant-profile'), { cookie: trainer.cookie })).text();
    expect(csv.split('\r\n')[0]).toBe(
      'gender,birth_year,labour_status,education,disability,consent_at,disability_consent_at,declined_at,created_at,updated_at',
    );
    expect(csv).toContain('woman,1985,employed,isced_5_8,no,');
  });

  it('is deleted with the account, in the same batch', async () => {
    const trainer = await trainerSession();
    await request(participantProfileUrl(), { form: { ...ANSWERS, consent: '1' }, cookie: trainer.cookie });
    expect(await profileRow(trainer.id)).not.toBeNull();
    const response = await request(deleteAccountUrl(), {
      form: { password: PASSWORD, confirm: 'DELETE' },
      cookie: trainer.cookie,
      headers: { ...EN, 'CF-Connecting-IP': clientAddress() },
    });
    expect(response.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM users WHERE id = ? AND deleted_at IS NOT NULL', trainer.id)).toBe(1);
    expect(await profileRow(trainer.id)).toBeNull();
  });
});
