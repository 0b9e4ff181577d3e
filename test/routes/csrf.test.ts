import { exports } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import {
  count,
  createAccount,
  EN,
  enrolledTrainer,
  escaped,
  importFixture,
  ORIGIN,
  PASSWORD,
  request,
  tableCounts,
  trainerSession,
} from '../helpers';

beforeAll(async () => {
  await importFixture();
});

const EVIL = { Origin: 'https://evil.example' };

describe('cross-origin POST (every form)', () => {
  it('is refused with 403 on every route, and nothing is written', async () => {
    const { email } = await createAccount();
    const trainer = await enrolledTrainer();
    const fresh = await trainerSession();
    const lesson = '/courses/test-course/lessons';
    const posts: [string, Record<string, string | string[]>, string | undefined][] = [
      ['/sign-in', { email, password: PASSWORD }, undefined],
      ['/sign-up', { name: 'Evil', email: 'evil@example.org', password: 'long-enough-password' }, undefined],
      ['/sign-out', {}, trainer.cookie],
      ['/language', { lang: 'en', next: '/courses' }, trainer.cookie],
      ['/courses/test-course/enrol', {}, fresh.cookie],
      [`${lesson}/first-page/complete`, {}, trainer.cookie],
      [`${lesson}/check/attempts`, { 'q.colour': '0', 'q.even': ['0', '2'] }, trainer.cookie],
      [`${lesson}/reflect/reflection`, { body: 'Planted' }, trainer.cookie],
    ];
    const before = await tableCounts();
    for (const [path, form, cookie] of posts) {
      const response = await request(path, { form, cookie, headers: EVIL });
      expect(response.status, path).toBe(403);
      expect(response.headers.get('Set-Cookie'), path).toBeNull();
      // A cross-site form that says so in Sec-Fetch-Site is refused the same way.
      const fetchSite = await request(path, { form, cookie, headers: { ...EVIL, 'Sec-Fetch-Site': 'cross-site' } });
      expect(fetchSite.status, path).toBe(403);
    }
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM users WHERE preferred_language IS NOT NULL')).toBe(0);
    // The trainer is still signed in: sign-out did not happen.
    expect((await request('/learning', { cookie: trainer.cookie })).status).toBe(200);
  });

  it('accepts the same forms from our own origin', async () => {
    const fresh = await trainerSession();
    const response = await request('/courses/test-course/enrol', { form: {}, cookie: fresh.cookie });
    expect(response.status).toBe(303);
    const sameSite = await request('/courses/test-course/enrol', {
      form: {},
      cookie: fresh.cookie,
      headers: { Origin: 'null', 'Sec-Fetch-Site': 'same-origin' },
    });
    expect(sameSite.status).toBe(303);
  });
});

describe('unsafe requests that are not forms', () => {
  /** Exactly the headers given: no Origin is added, unlike `request()`. */
  const send = (path: string, cookie: string, headers: Record<string, string>, body?: string) =>
    exports.default.fetch(
      new Request(`${ORIGIN}${path}`, { method: 'POST', headers: { ...EN, ...headers, Cookie: cookie }, body, redirect: 'manual' }),
    );

  const variants: [string, Record<string, string>, string | undefined][] = [
    ['JSON from a foreign origin', { 'Content-Type': 'application/json', Origin: 'https://evil.example' }, '{}'],
    ['XML from a foreign origin', { 'Content-Type': 'text/xml', Origin: 'https://evil.example' }, '<x/>'],
    ['no content type from a foreign origin', { Origin: 'https://evil.example' }, undefined],
    ['JSON with no Origin', { 'Content-Type': 'application/json' }, '{}'],
    ['no content type and no Origin', {}, undefined],
    ['Origin: null', { 'Content-Type': 'application/json', Origin: 'null' }, '{}'],
    ['a cross-site fetch', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'cross-site' }, '{}'],
    // Sec-Fetch-Site wins over an Origin that looks like ours: a sibling subdomain is not us.
    ['a same-site fetch', { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-site', Origin: ORIGIN }, '{}'],
  ];

  it('is refused with 403 on enrol, complete and sign-out, and nothing is written or deleted', async () => {
    const trainer = await enrolledTrainer();
    const fresh = await trainerSession();
    const targets: [string, string][] = [
      ['/courses/test-course/enrol', fresh.cookie],
      ['/courses/test-course/lessons/first-page/complete', trainer.cookie],
      ['/sign-out', trainer.cookie],
    ];
    const before = await tableCounts();
    for (const [path, cookie] of targets) {
      for (const [name, headers, body] of variants) {
        const response = await send(path, cookie, headers, body);
        expect(response.status, `${path}: ${name}`).toBe(403);
        expect(await response.text(), `${path}: ${name}`).toContain(escaped(en.errors.badRequest));
      }
    }
    expect(await tableCounts()).toEqual(before);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', fresh.id)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', trainer.id)).toBe(0);
    // The refused sign-outs left the session valid.
    expect((await request('/learning', { cookie: trainer.cookie })).status).toBe(200);
  });

  it('goes through from our own origin, by Sec-Fetch-Site or by Origin, whatever the content type', async () => {
    const first = await trainerSession();
    const bySite = await send(
      '/courses/test-course/enrol',
      first.cookie,
      { 'Content-Type': 'application/json', 'Sec-Fetch-Site': 'same-origin' },
      '{}',
    );
    expect(bySite.status).toBe(303);
    const second = await trainerSession();
    const byOrigin = await send('/courses/test-course/enrol', second.cookie, { 'Content-Type': 'application/json', Origin: ORIGIN }, '{}');
    expect(byOrigin.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id IN (?, ?)', first.id, second.id)).toBe(2);
  });
});
