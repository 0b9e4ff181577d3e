import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { countRoundTrips } from '../../src/d1-counter';
import { createDb } from '../../src/db';
import { enrolledTrainer, importFixture, request, roundTrips } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

/**
 * Every D1 query is a network hop in production. These are the budgets measured today: a change
 * that adds a query to one of these pages fails here, and must be a decision, not an accident.
 * A signed-in request costs one trip to validate the session, then one batch for the page.
 */
describe('D1 round trips per request (Server-Timing)', () => {
  // A quiz attempt reads the questions to score the answers before it writes: one trip more.
  it('costs 2 for a signed-in, enrolled trainer on each main page, the notebook and mark-complete; 3 for a quiz attempt', async () => {
    const { cookie } = await enrolledTrainer();
    const pages: [string, Parameters<typeof request>[1], number][] = [
      ['/courses', { cookie }, 2],
      ['/courses/test-course', { cookie }, 2],
      ['/courses/test-course/lessons/first-page', { cookie }, 2],
      ['/courses/test-course/lessons/check', { cookie }, 2],
      ['/courses/test-course/lessons/first-page/complete', { cookie, form: {}, htmx: true }, 2],
      ['/courses/test-course/lessons/check/attempts', { cookie, form: { 'q.colour': '0', 'q.even': ['0', '2'] }, htmx: true }, 3],
      ['/courses/test-course/lessons/reflect/reflection', { cookie, form: { body: 'Notes' }, htmx: true }, 2],
      ['/learning', { cookie }, 2],
      ['/courses/test-course/notebook', { cookie }, 2],
    ];
    for (const [path, options, budget] of pages) {
      const response = await request(path, options);
      expect(response.status, path).toBe(200);
      expect(roundTrips(response), path).toBe(budget);
    }
  });

  it('costs 1 for a visitor', async () => {
    for (const path of ['/courses', '/courses/test-course', '/courses/test-course/lessons/first-page']) {
      const response = await request(path);
      expect(response.status, path).toBe(200);
      expect(roundTrips(response), path).toBe(1);
    }
  });

  it('costs nothing for a page that needs no data', async () => {
    const response = await request('/sign-in');
    expect(roundTrips(response)).toBe(0);
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
