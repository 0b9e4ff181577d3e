/** Cohorts from the trainer's side: enrolling in a cohort, waitlists, withdrawn enrolments, dates. */
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { attemptsUrl, completeUrl, enrolUrl, learningUrl, leaveWaitlistUrl, lessonUrl, reflectionUrl } from '../../src/urls';
import { copyOfFixture, fixtureFiles } from '../fixtures/course';
import {
  completeFixtureCourse,
  count,
  EN,
  enrolledTrainer,
  escaped,
  expectSignInRedirect,
  importFixture,
  request,
  roundTrips,
  tableCounts,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture([
    ...fixtureFiles,
    ...copyOfFixture('closed-course'),
    ...copyOfFixture('dated-course'),
    ...copyOfFixture('busy-course'),
  ]);
  // A course whose only (default) cohort is closed.
  await env.DB.prepare(
    `UPDATE cohorts SET enrolment_open = 0 WHERE course_id = (SELECT id FROM courses WHERE slug = 'closed-course')`,
  ).run();
});

const DAY = 24 * 60 * 60 * 1000;

type CohortFields = {
  name?: string;
  starts_at?: number | null;
  ends_at?: number | null;
  capacity?: number | null;
  enrolment_open?: 0 | 1;
  enrolment_key?: string | null;
  completions_after_end?: 0 | 1;
};

/** A cohort of `slug` straight in D1 (the Studio's form has its own tests). */
async function makeCohort(slug: string, fields: CohortFields = {}): Promise<number> {
  const f = {
    name: `Cohort ${crypto.randomUUID().slice(0, 6)}`,
    starts_at: null,
    ends_at: null,
    capacity: null,
    enrolment_open: 1,
    enrolment_key: null,
    completions_after_end: 1,
    ...fields,
  };
  const row = await env.DB.prepare(
    `INSERT INTO cohorts (course_id, name, starts_at, ends_at, capacity, enrolment_open, enrolment_key, completions_after_end)
     VALUES ((SELECT id FROM courses WHERE slug = ?), ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
  )
    .bind(slug, f.name, f.starts_at, f.ends_at, f.capacity, f.enrolment_open, f.enrolment_key, f.completions_after_end)
    .first<{ id: number }>();
  return row!.id;
}

const closeCohort = (id: number) => env.DB.prepare('UPDATE cohorts SET enrolment_open = 0 WHERE id = ?').bind(id).run();
const enrol = (slug: string, cookie: string, form: Record<string, string> = {}, htmx = false) =>
  request(enrolUrl(slug), { cookie, form, htmx, headers: EN });
const activeIn = (cohort: number) => count('SELECT count(*) AS n FROM enrolments WHERE cohort_id = ? AND withdrawn_at IS NULL', cohort);
const waitingIn = (cohort: number) => count('SELECT count(*) AS n FROM waitlist WHERE cohort_id = ?', cohort);
const withdraw = (userId: number, slug: string) =>
  env.DB.prepare('UPDATE enrolments SET withdrawn_at = ? WHERE user_id = ? AND course_id = (SELECT id FROM courses WHERE slug = ?)')
    .bind(Date.now(), userId, slug)
    .run();
const page = async (path: string, cookie?: string) => (await request(path, { cookie, headers: EN })).text();

describe('GET /courses/:slug (the enrol control)', () => {
  it('is the one Enrol button when only the default cohort is open', async () => {
    const { cookie } = await trainerSession();
    const html = await page('/courses/test-course', cookie);
    expect(html).toContain(`>${en.course.enrol}<`);
    expect(html).not.toContain(en.cohorts.chooseCohort);
  });

  it('lists the open cohorts that have not ended, with dates and seats left; not closed or ended ones', async () => {
    const slug = 'busy-course';
    const start = Date.UTC(2030, 2, 1);
    const open = await makeCohort(slug, { name: 'Spring group', starts_at: start, ends_at: Date.UTC(2030, 3, 30) + DAY - 1, capacity: 12 });
    const closed = await makeCohort(slug, { name: 'Closed group', enrolment_open: 0 });
    const ended = await makeCohort(slug, { name: 'Past group', ends_at: Date.now() - DAY });
    const { cookie } = await trainerSession();
    const html = await page(`/courses/${slug}`, cookie);
    expect(html).toContain(en.cohorts.chooseCohort);
    expect(html).toContain('Spring group');
    expect(html).toContain(en.cohorts.defaultName);
    expect(html).toContain(escaped(en.cohorts.range('1 March 2030', '30 April 2030')));
    expect(html).toContain(en.cohorts.seatsLeft(12));
    expect(html).toContain(`name="cohort" value="${open}"`);
    expect(html).not.toContain(`value="${closed}"`);
    expect(html).not.toContain(`value="${ended}"`);
  });

  it('says enrolment is closed when no cohort is open', async () => {
    const { cookie } = await trainerSession();
    const html = await page('/courses/closed-course', cookie);
    expect(html).toContain(escaped(en.cohorts.enrolmentClosed));
    expect(html).not.toContain(`>${en.course.enrol}<`);
  });
});

describe('POST /courses/:slug/enrol', () => {
  it('enrols in the chosen cohort', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 5 });
    const trainer = await trainerSession();
    const response = await enrol('busy-course', trainer.cookie, { cohort: String(cohort) });
    expect(response.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ? AND cohort_id = ?', trainer.id, cohort)).toBe(1);
    const html = await page('/courses/busy-course', trainer.cookie);
    expect(html).toContain(en.course.enrolled);
  });

  it('asks for the key of a cohort that has one: a wrong key is 422 with a message and writes nothing', async () => {
    const cohort = await makeCohort('busy-course', { enrolment_key: 'ogrodnik-42' });
    const trainer = await trainerSession();
    expect(await page('/courses/busy-course', trainer.cookie)).toContain(`id="enrol-key-${cohort}"`);
    const before = await tableCounts();
    for (const key of ['wrong', '', 'OGRODNIK-42']) {
      const response = await enrol('busy-course', trainer.cookie, { cohort: String(cohort), key });
      expect(response.status, key).toBe(422);
      expect(await response.text()).toContain(escaped(en.cohorts.wrongKey));
    }
    const htmx = await enrol('busy-course', trainer.cookie, { cohort: String(cohort), key: 'nope' }, true);
    expect(htmx.status).toBe(422);
    expect(await htmx.text()).toMatch(/^<div id="enrol-widget"/);
    expect(await tableCounts()).toEqual(before);
    const right = await enrol('busy-course', trainer.cookie, { cohort: String(cohort), key: 'ogrodnik-42' });
    expect(right.status).toBe(303);
    expect(await activeIn(cohort)).toBe(1);
  });

  it("refuses a closed cohort, an ended one and another course's with 422, writing nothing", async () => {
    const closed = await makeCohort('busy-course', { enrolment_open: 0 });
    const ended = await makeCohort('busy-course', { ends_at: Date.now() - DAY });
    const elsewhere = await makeCohort('dated-course');
    const trainer = await trainerSession();
    const before = await tableCounts();
    for (const cohort of [closed, ended, elsewhere, 999_999]) {
      const response = await enrol('busy-course', trainer.cookie, { cohort: String(cohort) });
      expect(response.status, String(cohort)).toBe(422);
      expect(await response.text()).toContain(escaped(en.cohorts.notOpen));
    }
    expect((await enrol('closed-course', trainer.cookie)).status).toBe(422);
    expect((await enrol('busy-course', trainer.cookie, { cohort: 'abc' })).status).toBe(422);
    expect(await tableCounts()).toEqual(before);
  });

  it('is a 404 for an unknown course and sends visitors to sign in', async () => {
    const { cookie } = await trainerSession();
    expect((await enrol('no-such-course', cookie)).status).toBe(404);
    expectSignInRedirect(await request(enrolUrl('busy-course'), { form: {} }), '/courses/busy-course');
  });

  it('puts the trainer on the waitlist of a full cohort, with their number and a way to leave', async () => {
    const cohort = await makeCohort('busy-course', { name: 'Tiny group', capacity: 1 });
    const first = await trainerSession();
    expect((await enrol('busy-course', first.cookie, { cohort: String(cohort) })).status).toBe(303);
    const second = await trainerSession();
    const third = await trainerSession();
    const full = await page('/courses/busy-course', second.cookie);
    expect(full).toContain(en.cohorts.joinWaitlist);
    expect(full).toContain(en.cohorts.full);
    expect((await enrol('busy-course', second.cookie, { cohort: String(cohort) })).status).toBe(303);
    const htmx = await enrol('busy-course', third.cookie, { cohort: String(cohort) }, true);
    expect(htmx.status).toBe(200);
    expect(await htmx.text()).toContain(en.cohorts.waitlistPosition(2));
    expect(await activeIn(cohort)).toBe(1);
    expect(await waitingIn(cohort)).toBe(2);
    const html = await page('/courses/busy-course', second.cookie);
    expect(html).toContain(en.cohorts.waitlistPosition(1));
    expect(html).toContain(en.cohorts.leaveWaitlist);
    // My learning shows the wait too.
    const learning = await page(learningUrl(), second.cookie);
    expect(learning).toContain(en.cohorts.waitingTitle);
    expect(learning).toContain(en.cohorts.waitlistPosition(1));
    expect(learning).toContain('Tiny group');
  });
});

describe('POST /courses/:slug/waitlist/leave', () => {
  it('gives up the place in line; the next one moves up a number', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 1 });
    const [a, b, c] = [await trainerSession(), await trainerSession(), await trainerSession()];
    for (const t of [a, b, c]) await enrol('busy-course', t.cookie, { cohort: String(cohort) });
    const response = await request(leaveWaitlistUrl('busy-course'), { cookie: b.cookie, form: {} });
    expect(response.status).toBe(303);
    expect(await waitingIn(cohort)).toBe(1);
    expect(await page('/courses/busy-course', c.cookie)).toContain(en.cohorts.waitlistPosition(1));
    expect(await page('/courses/busy-course', b.cookie)).toContain(en.cohorts.joinWaitlist);
  });

  it('is a 404 for an unknown course and sends visitors to sign in', async () => {
    const { cookie } = await trainerSession();
    expect((await request(leaveWaitlistUrl('no-such-course'), { cookie, form: {} })).status).toBe(404);
    expectSignInRedirect(await request(leaveWaitlistUrl('busy-course'), { form: {} }), '/courses/busy-course/waitlist');
  });
});

describe('a seat freed without the waitlist being filled', () => {
  it('goes to no newcomer ahead of those already waiting', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 1 });
    const [a, b, c] = [await trainerSession(), await trainerSession(), await trainerSession()];
    await enrol('busy-course', a.cookie, { cohort: String(cohort) });
    await enrol('busy-course', b.cookie, { cohort: String(cohort) });
    await withdraw(a.id, 'busy-course'); // straight in D1: nobody moved up
    await enrol('busy-course', c.cookie, { cohort: String(cohort) });
    expect(await activeIn(cohort)).toBe(0);
    expect(await waitingIn(cohort)).toBe(2);
    expect(await page('/courses/busy-course', c.cookie)).toContain(en.cohorts.waitlistPosition(2));
  });
});

describe('the last seats, asked for at the same moment', () => {
  it('go to exactly one of two trainers; the other waits', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 1 });
    const [a, b] = [await trainerSession(), await trainerSession()];
    const responses = await Promise.all([a, b].map((t) => enrol('busy-course', t.cookie, { cohort: String(cohort) })));
    expect(responses.map((r) => r.status)).toEqual([303, 303]);
    expect(await activeIn(cohort)).toBe(1);
    expect(await waitingIn(cohort)).toBe(1);
  });

  it('never exceed the capacity: 10 requests for 3 seats enrol 3 and put 7 in line', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 3 });
    const trainers = await Promise.all(Array.from({ length: 10 }, () => trainerSession()));
    const responses = await Promise.all(trainers.map((t) => enrol('busy-course', t.cookie, { cohort: String(cohort) })));
    expect(responses.every((r) => r.status === 303)).toBe(true);
    expect(await activeIn(cohort)).toBe(3);
    expect(await waitingIn(cohort)).toBe(7);
  });
});

describe('a withdrawn enrolment', () => {
  it('is not enrolled anywhere a trainer looks, cannot complete lessons, and keeps progress and certificate', async () => {
    const trainer = await enrolledTrainer();
    await completeFixtureCourse(trainer.cookie);
    await withdraw(trainer.id, 'test-course');
    const catalogue = await page('/courses', trainer.cookie);
    expect(catalogue).not.toContain(escaped(en.catalogue.enrolled));
    const course = await page('/courses/test-course', trainer.cookie);
    expect(course).toContain(`>${en.course.enrol}<`);
    expect(course).not.toContain(en.course.enrolled);
    const learning = await page(learningUrl(), trainer.cookie);
    expect(learning).toContain(en.learning.none);
    const before = await tableCounts();
    const complete = await request(completeUrl('test-course', 'extra'), { cookie: trainer.cookie, form: {} });
    expect(complete.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
    // The certificate stands.
    expect((await request('/courses/test-course/certificate', { cookie: trainer.cookie })).status).toBe(200);
    // Enrolling again: the progress is all there.
    expect((await enrol('test-course', trainer.cookie)).status).toBe(303);
    const again = await page('/courses/test-course', trainer.cookie);
    expect(again).toContain(escaped(en.course.progressText(4, 4)));
  });

  it('is not counted in the admin report', async () => {
    const admin = await trainerSession('admin');
    const countFor = async () => {
      const html = await page('/admin', admin.cookie);
      const row = html.slice(html.indexOf('href="/courses/dated-course"'));
      return Number(/<td>(\d+)<\/td>/.exec(row)?.[1]);
    };
    const before = await countFor();
    const trainer = await enrolledTrainer('dated-course');
    expect(await countFor()).toBe(before + 1);
    await withdraw(trainer.id, 'dated-course');
    expect(await countFor()).toBe(before);
  });
});

describe("a cohort's dates and completing lessons", () => {
  /** A trainer enrolled in a fresh cohort of dated-course that is open for enrolment, then given `dates`. */
  async function trainerIn(dates: CohortFields) {
    const cohort = await makeCohort('dated-course', { name: 'Dated group' });
    const trainer = await trainerSession();
    expect((await enrol('dated-course', trainer.cookie, { cohort: String(cohort) })).status).toBe(303);
    const set = Object.entries(dates);
    await env.DB.prepare(`UPDATE cohorts SET ${set.map(([k]) => `${k} = ?`).join(', ')} WHERE id = ?`)
      .bind(...set.map(([, v]) => v), cohort)
      .run();
    return trainer;
  }
  const writes = (cookie: string) => [
    request(completeUrl('dated-course', 'first-page'), { cookie, form: {} }),
    request(attemptsUrl('dated-course', 'check'), { cookie, form: { 'q.colour': '0', 'q.even': ['0', '2'] } }),
    request(reflectionUrl('dated-course', 'reflect'), { cookie, form: { body: 'Notes' } }),
  ];

  it('before the start: the lesson says when completing opens, and every completing write is refused', async () => {
    const start = Date.UTC(2099, 0, 15);
    const trainer = await trainerIn({ starts_at: start });
    const html = await page(lessonUrl('dated-course', 'first-page'), trainer.cookie);
    expect(html).toContain(escaped(en.cohorts.beforeStart('15 January 2099')));
    expect(html).not.toContain(en.lesson.markComplete);
    const before = await tableCounts();
    for (const response of await Promise.all(writes(trainer.cookie))) expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);
  });

  it('during the cohort: completing works', async () => {
    const trainer = await trainerIn({ starts_at: Date.now() - DAY, ends_at: Date.now() + DAY });
    for (const response of await Promise.all(writes(trainer.cookie))) expect(response.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBe(3);
  });

  it('after the end: refused with "ended" unless completions after the end count', async () => {
    const end = Date.UTC(2020, 5, 30) + DAY - 1;
    const closed = await trainerIn({ starts_at: Date.UTC(2020, 0, 1), ends_at: end, completions_after_end: 0 });
    expect(await page(lessonUrl('dated-course', 'first-page'), closed.cookie)).toContain(escaped(en.cohorts.ended('30 June 2020')));
    const before = await tableCounts();
    for (const response of await Promise.all(writes(closed.cookie))) expect(response.status).toBe(403);
    expect(await tableCounts()).toEqual(before);

    const lenient = await trainerIn({ starts_at: Date.UTC(2020, 0, 1), ends_at: end, completions_after_end: 1 });
    expect(await page(lessonUrl('dated-course', 'first-page'), lenient.cookie)).not.toContain(escaped(en.cohorts.ended('30 June 2020')));
    for (const response of await Promise.all(writes(lenient.cookie))) expect(response.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', lenient.id)).toBe(3);
  });
});

describe('GET /learning (cohorts)', () => {
  it("shows each course's cohort name and dates", async () => {
    const cohort = await makeCohort('busy-course', {
      name: 'Autumn group',
      starts_at: Date.UTC(2027, 8, 1),
      ends_at: Date.UTC(2027, 9, 31) + DAY - 1,
    });
    const trainer = await trainerSession();
    await enrol('busy-course', trainer.cookie, { cohort: String(cohort) });
    const html = await page(learningUrl(), trainer.cookie);
    expect(html).toContain('Autumn group');
    expect(html).toContain(escaped(en.cohorts.range('1 September 2027', '31 October 2027')));
  });
});

describe('D1 round trips (cohorts, trainer side)', () => {
  it('costs 1 for the course page, enrolling (in a seat, on the waitlist, refused) and leaving the waitlist', async () => {
    const cohort = await makeCohort('busy-course', { capacity: 1, enrolment_key: 'k' });
    const [a, b] = [await trainerSession(), await trainerSession()];
    const steps: [string, Parameters<typeof request>[1], number][] = [
      ['/courses/busy-course', { cookie: a.cookie }, 200],
      [enrolUrl('busy-course'), { cookie: a.cookie, form: { cohort: String(cohort), key: 'x' } }, 422],
      [enrolUrl('busy-course'), { cookie: a.cookie, form: { cohort: String(cohort), key: 'k' } }, 303],
      [enrolUrl('busy-course'), { cookie: b.cookie, form: { cohort: String(cohort), key: 'k' }, htmx: true }, 200],
      [leaveWaitlistUrl('busy-course'), { cookie: b.cookie, form: {} }, 303],
      [learningUrl(), { cookie: b.cookie }, 200],
    ];
    for (const [path, options, status] of steps) {
      const response = await request(path, options);
      expect(response.status, path).toBe(status);
      expect(roundTrips(response), path).toBe(1);
    }
  });
});

describe('a cohort closed after the trainer enrolled', () => {
  it('keeps them enrolled and able to complete lessons', async () => {
    const cohort = await makeCohort('busy-course');
    const trainer = await trainerSession();
    await enrol('busy-course', trainer.cookie, { cohort: String(cohort) });
    await closeCohort(cohort);
    expect((await request(completeUrl('busy-course', 'first-page'), { cookie: trainer.cookie, form: {} })).status).toBe(303);
  });
});
