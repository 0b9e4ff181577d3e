import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRoundTrips } from '../../src/d1-counter';
import { createDb } from '../../src/db';
import {
  clientAddress,
  completeFixtureCourse,
  createAccount,
  enrolledTrainer,
  importFixture,
  PASSWORD,
  request,
  roundTrips,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

/**
 * Every D1 query is a network hop in production. A page validates the session (and renews it
 * when due) in the same batch as its own reads, and a write runs in that batch too, before the
 * re-read of what the page shows: one round trip each. A change that adds a query to one of these
 * fails here, and must be a decision, not an accident.
 */
describe('D1 round trips per request (Server-Timing)', () => {
  it('costs 1 for every page and every write of a signed-in trainer', async () => {
    const { cookie } = await enrolledTrainer();
    const pages: [string, Parameters<typeof request>[1], number][] = [
      ['/courses', { cookie }, 200],
      ['/courses/test-course', { cookie }, 200],
      ['/courses/test-course/lessons/first-page', { cookie }, 200],
      ['/courses/test-course/lessons/check', { cookie }, 200],
      ['/courses/test-course/enrol', { cookie, form: {}, htmx: true }, 200],
      ['/courses/test-course/lessons/first-page/complete', { cookie, form: {}, htmx: true }, 200],
      ['/courses/test-course/lessons/check/attempts', { cookie, form: { 'q.colour': '0', 'q.even': ['0', '2'] }, htmx: true }, 200],
      ['/courses/test-course/lessons/check/attempts', { cookie, form: { 'q.colour': '0' }, htmx: true }, 422],
      ['/courses/test-course/lessons/reflect/reflection', { cookie, form: { body: 'Notes' }, htmx: true }, 200],
      ['/courses/test-course/lessons/reflect/reflection', { cookie, form: { body: ' ' }, htmx: true }, 422],
      ['/learning', { cookie }, 200],
      ['/courses/test-course/notebook', { cookie }, 200],
      ['/language', { cookie, form: { lang: 'en', next: '/courses' } }, 303],
      ['/courses/nope', { cookie }, 404],
    ];
    for (const [path, options, status] of pages) {
      const response = await request(path, options);
      expect(response.status, path).toBe(status);
      expect(roundTrips(response), path).toBe(1);
    }
  });

  it('costs 1 for the certificate, the public check, the admin report and sign-out', async () => {
    const trainer = await enrolledTrainer();
    await completeFixtureCourse(trainer.cookie);
    const certificate = await request('/courses/test-course/certificate', { cookie: trainer.cookie });
    expect(certificate.status).toBe(200);
    expect(roundTrips(certificate)).toBe(1);
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(await certificate.text())![0];
    const check = await request(`/certificates/${code}`);
    expect(check.status).toBe(200);
    expect(roundTrips(check)).toBe(1);
    const admin = await trainerSession('admin');
    const report = await request('/admin', { cookie: admin.cookie });
    expect(report.status).toBe(200);
    expect(roundTrips(report)).toBe(1);
    const refused = await request('/admin', { cookie: trainer.cookie });
    expect(refused.status).toBe(403);
    expect(roundTrips(refused)).toBe(1);
    const signOut = await request('/sign-out', { cookie: trainer.cookie, form: {} });
    expect(signOut.status).toBe(303);
    expect(roundTrips(signOut)).toBe(1);
  });

  // Sign-in cannot be one: the password must be checked against the stored hash (read in the
  // first batch, with the attempt counted) before the second batch starts the session.
  it('costs 2 for a sign-in', async () => {
    const { email } = await createAccount();
    const response = await request('/sign-in', { form: { email, password: PASSWORD }, headers: { 'CF-Connecting-IP': clientAddress() } });
    expect(response.status).toBe(303);
    expect(roundTrips(response)).toBe(2);
  });

  it('costs 1 for a visitor', async () => {
    for (const path of ['/courses', '/courses/test-course', '/courses/test-course/lessons/first-page']) {
      const response = await request(path);
      expect(response.status, path).toBe(200);
      expect(roundTrips(response), path).toBe(1);
    }
  });

  it('costs nothing for a visitor sent to sign in, and 1 for a page that needs only the settings', async () => {
    expect(roundTrips(await request('/sign-in'))).toBe(1);
    expect(roundTrips(await request('/learning'))).toBe(0);
    expect(roundTrips(await request('/courses/test-course/enrol', { form: {} }))).toBe(0);
  });
});

describe('countRoundTrips', () => {
  it('counts each first, all, run and raw on a statement, and each batch and exec', async () => {
    const counter = countRoundTrips(env.DB);
    const d1 = counter.db;
    expect(counter.roundTrips()).toBe(0);
    const statement = d1.prepare('SELECT ?1 AS n');
    expect(counter.roundTrips()).toBe(0);
    expect(await statement.bind(1).first('n')).toBe(1);
    expect(counter.roundTrips()).toBe(1);
    expect((await statement.bind(2).all()).results).toEqual([{ n: 2 }]);
    expect(counter.roundTrips()).toBe(2);
    await d1.prepare('CREATE TABLE IF NOT EXISTS counter_probe (n INTEGER)').run();
    expect(counter.roundTrips()).toBe(3);
    expect(await d1.prepare('SELECT 3 AS n').raw()).toEqual([[3]]);
    expect(counter.roundTrips()).toBe(4);
    const results = await d1.batch([d1.prepare('SELECT 1 AS n'), d1.prepare('SELECT 2 AS n').bind()]);
    expect(results.map((r) => r.results)).toEqual([[{ n: 1 }], [{ n: 2 }]]);
    expect(counter.roundTrips()).toBe(5);
    await d1.exec('DROP TABLE counter_probe');
    expect(counter.roundTrips()).toBe(6);
  });

  it('counts what drizzle sends through it', async () => {
    const counter = countRoundTrips(env.DB);
    const db = createDb(counter.db);
    await db.query.courses.findFirst();
    await db.$client.prepare('SELECT 1').first();
    expect(counter.roundTrips()).toBe(2);
  });
});
