/** Cohorts in the Studio: the course's cohorts, a cohort's page, and the admin's writes on them. */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../../src/i18n/en';
import { pl } from '../../../src/i18n/pl';
import {
  cohortEditUrl,
  cohortEnrolUrl,
  cohortUnwaitUrl,
  cohortUrl,
  cohortWithdrawUrl,
  completeUrl,
  enrolUrl,
  studioCohortsUrl,
  studioCourseUrl,
} from '../../../src/urls';
import {
  count,
  EN,
  escaped,
  expectSignInRedirect,
  importFixture,
  lastMailTo,
  linkIn,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../../helpers';

let courseId = 0;
let admin: Awaited<ReturnType<typeof trainerSession>>;
let trainer: Awaited<ReturnType<typeof trainerSession>>;

beforeAll(async () => {
  await importFixture();
  courseId = (await env.DB.prepare(`SELECT id FROM courses WHERE slug = 'test-course'`).first<{ id: number }>())!.id;
  admin = await trainerSession('admin');
  trainer = await trainerSession();
});

const VALID = {
  name: 'Spring group',
  startsAt: '2030-03-01',
  endsAt: '2030-04-30',
  capacity: '2',
  facilitator: '',
  key: '',
  enrolmentOpen: '1',
  completionsAfterEnd: '1',
};

async function createCohort(fields: Partial<typeof VALID> = {}): Promise<number> {
  const response = await request(studioCohortsUrl(courseId), {
    cookie: admin.cookie,
    form: { ...VALID, name: `Group ${crypto.randomUUID().slice(0, 6)}`, ...fields },
  });
  expect(response.status).toBe(303);
  return Number(/\/admin\/cohorts\/(\d+)/.exec(response.headers.get('Location') ?? '')![1]);
}

const defaultCohort = async () =>
  (await env.DB.prepare('SELECT id FROM cohorts WHERE course_id = ? AND is_default = 1').bind(courseId).first<{ id: number }>())!.id;
const activeIn = (cohort: number) => count('SELECT count(*) AS n FROM enrolments WHERE cohort_id = ? AND withdrawn_at IS NULL', cohort);
const waitingIn = (cohort: number) => count('SELECT count(*) AS n FROM waitlist WHERE cohort_id = ?', cohort);
const enrolIn = (cohort: number, cookie: string) => request(enrolUrl('test-course'), { cookie, form: { cohort: String(cohort) } });
const html = async (path: string, cookie = admin.cookie) => (await request(path, { cookie, headers: EN })).text();

describe('GET /admin/courses/:id/cohorts', () => {
  it('lists the cohorts with dates, seats, waitlist, facilitator, state and key; the default one by its name', async () => {
    const cohort = await createCohort({ name: 'Listed group', capacity: '1', key: 'secret', facilitator: '' });
    await enrolIn(cohort, (await trainerSession()).cookie);
    const page = await html(studioCohortsUrl(courseId));
    expect(page).toContain(en.cohorts.defaultName);
    expect(page).toContain('Listed group');
    expect(page).toContain(escaped(en.cohorts.range('1 March 2030', '30 April 2030')));
    expect(page).toContain(en.cohorts.keySet);
    expect(page).toContain(en.cohorts.unlimited);
    expect(page).not.toContain('secret');
  });

  it('is linked from the Studio course page', async () => {
    expect(await html(studioCourseUrl(courseId))).toContain(`href="${studioCohortsUrl(courseId)}"`);
  });

  it('is 403 for trainers, 404 for an unknown or malformed course, and sends visitors to sign in', async () => {
    expect((await request(studioCohortsUrl(courseId), { cookie: trainer.cookie })).status).toBe(403);
    expect((await request(studioCohortsUrl(999_999), { cookie: admin.cookie })).status).toBe(404);
    expect((await request('/admin/courses/abc/cohorts', { cookie: admin.cookie })).status).toBe(404);
    expectSignInRedirect(await request(studioCohortsUrl(courseId)), studioCohortsUrl(courseId));
  });
});

describe('POST /admin/courses/:id/cohorts', () => {
  it('creates a cohort and goes to its page', async () => {
    const id = await createCohort({
      name: 'Created group',
      capacity: '',
      key: ' k1 ',
      facilitator: String(admin.id),
      completionsAfterEnd: '',
    } as never);
    const row = await env.DB.prepare('SELECT * FROM cohorts WHERE id = ?').bind(id).first<Record<string, unknown>>();
    expect(row).toMatchObject({
      name: 'Created group',
      is_default: 0,
      starts_at: Date.UTC(2030, 2, 1),
      ends_at: Date.UTC(2030, 3, 30) + 86_400_000 - 1,
      capacity: null,
      facilitator_id: admin.id,
      enrolment_open: 1,
      enrolment_key: 'k1',
      completions_after_end: 0,
    });
    const page = await html(`${cohortUrl(id)}?done=created`);
    expect(page).toContain('Created group');
    expect(page).toContain(en.cohorts.saved);
  });

  it('re-renders the form with a message per field (422) and writes nothing', async () => {
    const before = await tableCounts();
    const cases: [Partial<typeof VALID>, string, string][] = [
      [{ name: '' }, 'name', en.cohorts.nameRequired],
      [{ startsAt: '2030-05-01', endsAt: '2030-04-01' }, 'endsAt', en.cohorts.endBeforeStart],
      [{ startsAt: '2030-02-31' }, 'startsAt', en.cohorts.invalidDate],
      [{ endsAt: 'tomorrow' }, 'endsAt', en.cohorts.invalidDate],
      [{ capacity: '0' }, 'capacity', en.cohorts.invalidCapacity],
      [{ capacity: '2.5' }, 'capacity', en.cohorts.invalidCapacity],
      [{ facilitator: String(trainer.id) }, 'facilitator', en.cohorts.invalidFacilitator],
      [{ key: 'k'.repeat(101) }, 'key', en.cohorts.keyTooLong],
    ];
    for (const [fields, field, message] of cases) {
      const response = await request(studioCohortsUrl(courseId), { cookie: admin.cookie, form: { ...VALID, ...fields }, headers: EN });
      expect(response.status, field).toBe(422);
      const body = await response.text();
      expect(body, field).toContain(escaped(message));
      expect(body, field).toContain(`id="f-${field}"`);
    }
    expect(await tableCounts()).toEqual(before);
  });

  it('is 403 for trainers (writing nothing), 404 for an unknown course, and sends visitors to sign in', async () => {
    const before = await tableCounts();
    expect((await request(studioCohortsUrl(courseId), { cookie: trainer.cookie, form: VALID })).status).toBe(403);
    expect((await request(studioCohortsUrl(999_999), { cookie: admin.cookie, form: VALID })).status).toBe(404);
    expectSignInRedirect(await request(studioCohortsUrl(courseId), { form: VALID }), `/admin/courses/${courseId}`);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('GET /admin/cohorts/:id and /edit', () => {
  it("shows members with progress, the waitlist in order, and the edit form with the cohort's values", async () => {
    const cohort = await createCohort({ capacity: '1' });
    const member = await trainerSession();
    const waiting = await trainerSession();
    await enrolIn(cohort, member.cookie);
    await enrolIn(cohort, waiting.cookie);
    const page = await html(cohortUrl(cohort));
    expect(page).toContain(member.email);
    expect(page).toContain('0/4');
    expect(page).toContain(waiting.email);
    expect(page).toContain(`action="${cohortWithdrawUrl(cohort, member.id)}"`);
    expect(page).toContain(`action="${cohortUnwaitUrl(cohort, waiting.id)}"`);
    const edit = await html(cohortEditUrl(cohort));
    expect(edit).toContain('value="2030-03-01"');
    expect(edit).toContain('value="2030-04-30"');
  });

  it('is 403 for trainers, 404 for an unknown cohort, and sends visitors to sign in', async () => {
    const cohort = await defaultCohort();
    for (const path of [cohortUrl(cohort), cohortEditUrl(cohort)]) {
      expect((await request(path, { cookie: trainer.cookie })).status, path).toBe(403);
      expectSignInRedirect(await request(path), path);
    }
    expect((await request(cohortUrl(999_999), { cookie: admin.cookie })).status).toBe(404);
    expect((await request(cohortEditUrl(999_999), { cookie: admin.cookie })).status).toBe(404);
    expect((await request('/admin/cohorts/0', { cookie: admin.cookie })).status).toBe(404);
  });
});

describe('POST /admin/cohorts/:id/edit', () => {
  it('saves; more seats go to the first in line in the same batch, who are emailed in their language', async () => {
    const cohort = await createCohort({ capacity: '1', name: 'Growing group' });
    const [a, b, c] = [await trainerSession(), await trainerSession(), await trainerSession()];
    for (const t of [a, b, c]) await enrolIn(cohort, t.cookie);
    await env.DB.prepare(`UPDATE users SET preferred_language = 'en' WHERE id = ?`).bind(b.id).run();
    expect(await waitingIn(cohort)).toBe(2);
    const response = await request(cohortEditUrl(cohort), {
      cookie: admin.cookie,
      form: { ...VALID, name: 'Growing group', capacity: '2' },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`${cohortUrl(cohort)}?done=saved&moved=1`);
    expect(await activeIn(cohort)).toBe(2);
    expect(await waitingIn(cohort)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND withdrawn_at IS NULL', b.id)).toBe(1);
    const mail = await lastMailTo(b.email);
    expect(mail?.subject).toBe(en.cohorts.seatMailSubject('Test course'));
    expect(mail?.text).toContain(en.cohorts.seatMailBody('Test course', 'Growing group'));
    expect(linkIn(mail!, '/courses/test-course')).toBe('/courses/test-course');
    expect(await lastMailTo(c.email)).toBeNull();
    expect(await html(`${cohortUrl(cohort)}?done=saved&moved=1`)).toContain(escaped(en.cohorts.movedUp(1)));
  });

  it('lets the default cohort go without a name, and no other', async () => {
    const id = await defaultCohort();
    const saved = await request(cohortEditUrl(id), {
      cookie: admin.cookie,
      form: { ...VALID, name: '', startsAt: '', endsAt: '', capacity: '' },
    });
    expect(saved.status).toBe(303);
    const other = await createCohort();
    const before = await tableCounts();
    const refused = await request(cohortEditUrl(other), { cookie: admin.cookie, form: { ...VALID, name: ' ' }, headers: EN });
    expect(refused.status).toBe(422);
    expect(await refused.text()).toContain(escaped(en.cohorts.nameRequired));
    expect(await tableCounts()).toEqual(before);
  });

  it('is 422 for bad values, 403 for trainers, 404 for an unknown cohort, and writes nothing', async () => {
    const cohort = await createCohort();
    const before = await tableCounts();
    const bad = await request(cohortEditUrl(cohort), { cookie: admin.cookie, form: { ...VALID, endsAt: '2030-01-01' } });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain('value="2030-01-01"');
    expect((await request(cohortEditUrl(cohort), { cookie: trainer.cookie, form: { ...VALID, capacity: '9' } })).status).toBe(403);
    expect((await request(cohortEditUrl(999_999), { cookie: admin.cookie, form: VALID })).status).toBe(404);
    expectSignInRedirect(await request(cohortEditUrl(cohort), { form: VALID }), cohortUrl(cohort));
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT capacity AS n FROM cohorts WHERE id = ?', cohort)).toBe(2);
  });
});

/** Audit lines by the admin for one account (its email is the detail). */
const audited = (action: string, email: string) =>
  count('SELECT count(*) AS n FROM audit_log WHERE action = ? AND detail = ? AND user_id = ?', action, email, admin.id);

describe('POST /admin/cohorts/:id/enrol', () => {
  it('enrols accounts from the list and by email (in that order), waitlists when full, and says what happened to each', async () => {
    const cohort = await createCohort({ capacity: '2' });
    const [a, b, c] = [await trainerSession(), await trainerSession(), await trainerSession()];
    const response = await request(cohortEnrolUrl(cohort), {
      cookie: admin.cookie,
      headers: EN,
      form: { emails: `${a.email}\n${b.email.toUpperCase()}\nnobody@example.org`, user: String(c.id) },
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain(escaped(en.cohorts.resultEnrolled(c.email)));
    expect(page).toContain(escaped(en.cohorts.resultEnrolled(a.email)));
    expect(page).toContain(escaped(en.cohorts.resultWaitlisted(b.email)));
    expect(page).toContain(escaped(en.cohorts.resultUnknown('nobody@example.org')));
    expect(await activeIn(cohort)).toBe(2);
    expect(await waitingIn(cohort)).toBe(1);
    for (const who of [a, b, c]) expect(await audited('enrol', who.email), who.email).toBe(1);
    // Again: nothing changes, and nothing is logged.
    const again = await request(cohortEnrolUrl(cohort), { cookie: admin.cookie, headers: EN, form: { emails: a.email } });
    expect(await again.text()).toContain(escaped(en.cohorts.resultUnchanged(a.email)));
    expect(roundTrips(again)).toBe(1);
    expect(await audited('enrol', a.email)).toBe(1);
  });

  it('enrols into a closed cohort with a key (an admin decides)', async () => {
    const cohort = await createCohort({ enrolmentOpen: '', key: 'x' } as never);
    const t = await trainerSession();
    await request(cohortEnrolUrl(cohort), { cookie: admin.cookie, form: { emails: t.email } });
    expect(await activeIn(cohort)).toBe(1);
  });

  it('is 422 with nothing to enrol or a malformed address, 403 for trainers, 404 for an unknown cohort', async () => {
    const cohort = await createCohort();
    const before = await tableCounts();
    const empty = await request(cohortEnrolUrl(cohort), { cookie: admin.cookie, headers: EN, form: { emails: ' ' } });
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain(escaped(en.cohorts.enrolNothing));
    const invalid = await request(cohortEnrolUrl(cohort), {
      cookie: admin.cookie,
      headers: EN,
      form: { emails: `${trainer.email}\nnot-an-email` },
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain(escaped(en.cohorts.enrolInvalid('not-an-email')));
    expect((await request(cohortEnrolUrl(cohort), { cookie: trainer.cookie, form: { emails: trainer.email } })).status).toBe(403);
    expect((await request(cohortEnrolUrl(999_999), { cookie: admin.cookie, form: { emails: trainer.email } })).status).toBe(404);
    expectSignInRedirect(await request(cohortEnrolUrl(cohort), { form: { emails: trainer.email } }), cohortUrl(cohort));
    expect(await tableCounts()).toEqual(before);
  });
});

describe('POST /admin/cohorts/:id/members/:userId/withdraw', () => {
  it('frees the seat for the first in line in the same request, who is emailed; progress stays for a later return', async () => {
    const cohort = await createCohort({ capacity: '1', name: 'Full group', startsAt: '' });
    const [a, b] = [await trainerSession(), await trainerSession()];
    await enrolIn(cohort, a.cookie);
    expect((await request(completeUrl('test-course', 'first-page'), { cookie: a.cookie, form: {} })).status).toBe(303);
    await enrolIn(cohort, b.cookie);
    const response = await request(cohortWithdrawUrl(cohort, a.id), { cookie: admin.cookie, form: {} });
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Location')).toBe(`${cohortUrl(cohort)}?done=withdrawn&moved=1`);
    expect(
      await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND cohort_id = ? AND withdrawn_at IS NULL', b.id, cohort),
    ).toBe(1);
    expect(await waitingIn(cohort)).toBe(0);
    expect(await audited('withdraw', a.email)).toBe(1);
    // b has no language of their own: the region's default (wrangler.toml) is Polish.
    const mail = await lastMailTo(b.email);
    expect(mail?.subject).toBe(pl.cohorts.seatMailSubject('Kurs testowy'));
    // A, withdrawn, is no longer enrolled; when enrolled again (waitlisted first here: the cohort is full) …
    expect(
      (await request('/courses/test-course', { cookie: a.cookie, headers: EN }).then((r) => r.text())).includes(en.course.enrolled),
    ).toBe(false);
    await request(cohortEditUrl(cohort), { cookie: admin.cookie, form: { ...VALID, name: 'Full group', capacity: '2', startsAt: '' } });
    await request(cohortEnrolUrl(cohort), { cookie: admin.cookie, form: { emails: a.email } });
    const back = await (await request('/courses/test-course', { cookie: a.cookie, headers: EN })).text();
    expect(back).toContain(en.course.enrolled);
    expect(back).toContain(escaped(en.course.progressText(1, 4)));
  });

  it('is 404 for someone not in the cohort, 403 for trainers, and sends visitors to sign in; nothing written', async () => {
    const cohort = await createCohort();
    const member = await trainerSession();
    await enrolIn(cohort, member.cookie);
    const before = await tableCounts();
    expect((await request(cohortWithdrawUrl(cohort, trainer.id), { cookie: admin.cookie, form: {} })).status).toBe(404);
    expect((await request(cohortWithdrawUrl(999_999, member.id), { cookie: admin.cookie, form: {} })).status).toBe(404);
    expect((await request(cohortWithdrawUrl(cohort, member.id), { cookie: trainer.cookie, form: {} })).status).toBe(403);
    expectSignInRedirect(
      await request(cohortWithdrawUrl(cohort, member.id), { form: {} }),
      `/admin/cohorts/${cohort}/members/${member.id}`,
    );
    expect(await tableCounts()).toEqual(before);
    expect(await activeIn(cohort)).toBe(1);
  });

  it('says so when the email could not be sent', async () => {
    const cohort = await createCohort({ capacity: '1' });
    const [a, b] = [await trainerSession(), await trainerSession()];
    await enrolIn(cohort, a.cookie);
    await enrolIn(cohort, b.cookie);
    const response = await request(cohortWithdrawUrl(cohort, a.id), { cookie: admin.cookie, form: {}, env: { MAIL_TRANSPORT: 'binding' } });
    expect(response.headers.get('Location')).toBe(`${cohortUrl(cohort)}?done=withdrawn&moved=1&failed=1`);
    expect(await activeIn(cohort)).toBe(1);
  });
});

describe('POST /admin/cohorts/:id/waitlist/:userId/remove', () => {
  it('takes the trainer off the waitlist', async () => {
    const cohort = await createCohort({ capacity: '1' });
    const [a, b] = [await trainerSession(), await trainerSession()];
    await enrolIn(cohort, a.cookie);
    await enrolIn(cohort, b.cookie);
    const response = await request(cohortUnwaitUrl(cohort, b.id), { cookie: admin.cookie, form: {} });
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(1);
    expect(await waitingIn(cohort)).toBe(0);
    expect(await audited('unwait', b.email)).toBe(1);
  });

  it('is 404 for someone not waiting, 403 for trainers, and sends visitors to sign in', async () => {
    const cohort = await createCohort({ capacity: '1' });
    const [a, b] = [await trainerSession(), await trainerSession()];
    await enrolIn(cohort, a.cookie);
    await enrolIn(cohort, b.cookie);
    const before = await tableCounts();
    expect((await request(cohortUnwaitUrl(cohort, a.id), { cookie: admin.cookie, form: {} })).status).toBe(404);
    expect((await request(cohortUnwaitUrl(cohort, b.id), { cookie: trainer.cookie, form: {} })).status).toBe(403);
    expectSignInRedirect(await request(cohortUnwaitUrl(cohort, b.id), { form: {} }), `/admin/cohorts/${cohort}/waitlist/${b.id}`);
    expect(await waitingIn(cohort)).toBe(1);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('D1 round trips (cohorts, Studio)', () => {
  it('costs 1 for every page and write', async () => {
    const cohort = await createCohort();
    const steps: [string, Parameters<typeof request>[1], number][] = [
      [studioCohortsUrl(courseId), { cookie: admin.cookie }, 200],
      [studioCohortsUrl(courseId), { cookie: admin.cookie, form: VALID }, 303],
      [studioCohortsUrl(courseId), { cookie: admin.cookie, form: { ...VALID, name: '' } }, 422],
      [cohortUrl(cohort), { cookie: admin.cookie }, 200],
      [cohortEditUrl(cohort), { cookie: admin.cookie }, 200],
      [cohortEditUrl(cohort), { cookie: admin.cookie, form: VALID }, 303],
      [cohortEnrolUrl(cohort), { cookie: admin.cookie, form: { emails: trainer.email } }, 200],
      [cohortUrl(cohort), { cookie: trainer.cookie }, 403],
    ];
    for (const [path, options, status] of steps) {
      const response = await request(path, options);
      expect(response.status, path).toBe(status);
      expect(roundTrips(response), path).toBe(1);
    }
  });
});
