import { beforeAll, describe, expect, it } from 'vitest';
import { count, createAccount, enrolledTrainer, importFixture, PASSWORD, request, tableCounts, trainerSession } from '../helpers';

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
