import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { copyOfFixture } from '../fixtures/course';
import { count, EN, enrolledTrainer, importFixture, request, tableCounts } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const base = '/courses/test-course/lessons';
const PASSING = { 'q.colour': '0', 'q.even': ['0', '2'] };
const FAILING = { 'q.colour': '1', 'q.even': '1' };

async function enrolment(userId: number) {
  return env.DB.prepare(
    `SELECT e.completed_at AS completedAt, cert.code, cert.issued_at AS issuedAt
     FROM enrolments e LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = e.course_id
     WHERE e.user_id = ?`,
  )
    .bind(userId)
    .first<{ completedAt: number | null; code: string | null; issuedAt: number | null }>();
}

const certificates = (userId: number) => count('SELECT count(*) AS n FROM certificates WHERE user_id = ?', userId);

describe('course completion (POST …/complete, …/attempts, …/reflection)', () => {
  it('completes the course in the request for the last required lesson, without the optional one', async () => {
    const { id, cookie } = await enrolledTrainer();
    const steps: [string, Record<string, string | string[]>][] = [
      [`${base}/first-page/complete`, {}],
      [`${base}/second-page/complete`, {}],
      [`${base}/reflect/reflection`, { body: 'Notes' }],
      [`${base}/check/attempts`, FAILING],
    ];
    for (const [path, form] of steps) {
      expect((await request(path, { form, cookie })).status, path).toBe(303);
      const state = await enrolment(id);
      expect(state?.completedAt, path).toBeNull();
      expect(state?.code, path).toBeNull();
      expect(await certificates(id)).toBe(0);
    }

    const before = Date.now();
    const last = await request(`${base}/check/attempts`, { form: PASSING, cookie, htmx: true, headers: EN });
    expect(last.status).toBe(200);
    expect(await last.text()).toContain(en.course.progressText(4, 4));
    const done = await enrolment(id);
    expect(done?.completedAt).toBeGreaterThanOrEqual(before);
    expect(done?.code).toMatch(/^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(done?.issuedAt).toBe(done?.completedAt);
    // Same request: the passing attempt, its progress and the completion share one timestamp.
    const progressAt = await count(
      `SELECT p.completed_at AS n FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
       WHERE p.user_id = ? AND l.key = 'check'`,
      id,
    );
    expect(progressAt).toBe(done?.completedAt);
    expect(
      await count(
        "SELECT count(*) AS n FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE p.user_id = ? AND l.key = 'extra'",
        id,
      ),
    ).toBe(0);
    expect(await certificates(id)).toBe(1);
  });

  it('completes on a page lesson too, and shows the certificate link on the course page', async () => {
    const { id, cookie } = await enrolledTrainer();
    await request(`${base}/check/attempts`, { form: PASSING, cookie });
    await request(`${base}/reflect/reflection`, { form: { body: 'Notes' }, cookie });
    await request(`${base}/first-page/complete`, { form: {}, cookie });
    expect((await enrolment(id))?.completedAt).toBeNull();
    // The optional lesson does not complete the course either.
    await request(`${base}/extra/complete`, { form: {}, cookie });
    expect((await enrolment(id))?.completedAt).toBeNull();

    const last = await request(`${base}/second-page/complete`, { form: {}, cookie, htmx: true, headers: EN });
    expect(last.status).toBe(200);
    expect((await enrolment(id))?.completedAt).not.toBeNull();
    const course = await (await request('/courses/test-course', { cookie, headers: EN })).text();
    expect(course).toContain('href="/courses/test-course/certificate"');
    expect(course).toContain(en.course.review);
  });

  it('issues one certificate and keeps the first completion date when lessons are done again', async () => {
    const { id, cookie } = await enrolledTrainer();
    for (const [path, form] of [
      [`${base}/first-page/complete`, {}],
      [`${base}/second-page/complete`, {}],
      [`${base}/reflect/reflection`, { body: 'Notes' }],
      [`${base}/check/attempts`, PASSING],
    ] as const) {
      await request(path, { form, cookie });
    }
    const first = await enrolment(id);
    expect(first?.completedAt).not.toBeNull();
    await request(`${base}/check/attempts`, { form: PASSING, cookie });
    await request(`${base}/reflect/reflection`, { form: { body: 'Edited notes' }, cookie });
    await request(`${base}/extra/complete`, { form: {}, cookie });
    expect(await enrolment(id)).toEqual(first);
    expect(await certificates(id)).toBe(1);
  });
});

describe('writes to a course that was unpublished after the trainer enrolled', () => {
  it('are 404 and write nothing: no progress, no reflection, no attempt, no completion, no certificate', async () => {
    await importFixture(copyOfFixture('withdrawn-course'));
    const { id, cookie } = await enrolledTrainer('withdrawn-course');
    const course = '/courses/withdrawn-course/lessons';
    for (const path of [`${course}/first-page/complete`, `${course}/second-page/complete`]) {
      expect((await request(path, { form: {}, cookie })).status, path).toBe(303);
    }
    expect((await request(`${course}/reflect/reflection`, { form: { body: 'Notes' }, cookie })).status).toBe(303);
    await importFixture(copyOfFixture('withdrawn-course', (yaml) => yaml.replace('published: true', 'published: false')));
    const before = await tableCounts();
    const last = await request(`${course}/check/attempts`, { form: PASSING, cookie });
    expect(last.status).toBe(404);
    const again = await request(`${course}/reflect/reflection`, { form: { body: 'Changed' }, cookie });
    expect(again.status).toBe(404);
    expect(await tableCounts()).toEqual(before);
    expect(await certificates(id)).toBe(0);
    expect(await count("SELECT count(*) AS n FROM reflections WHERE user_id = ? AND body = 'Changed'", id)).toBe(0);
  });
});
