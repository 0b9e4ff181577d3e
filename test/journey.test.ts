import { beforeAll, describe, expect, it } from 'vitest';
import { count, importFixture, request, trainerSession } from './helpers';

beforeAll(async () => {
  await importFixture();
});

describe('GET /courses', () => {
  it('lists published courses grouped by family, for anonymous visitors too', async () => {
    const response = await request('/courses', { headers: { 'Accept-Language': 'en' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('Test course');
    expect(html).toContain('Training programmes');
    expect(html).toContain('<html lang="en">');
  });
});

describe('a trainer enrols and completes a page', () => {
  it('enrols once even when the form is sent twice, and marks a page complete', async () => {
    const { id, cookie } = await trainerSession();
    const first = await request('/courses/test-course/enrol', { form: {}, cookie });
    const second = await request('/courses/test-course/enrol', { form: {}, cookie });
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    expect(await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', id)).toBe(1);

    const done = await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie, htmx: true });
    expect(done.status).toBe(200);
    const fragment = await done.text();
    expect(fragment).toContain('id="course-progress"');
    expect(fragment).toContain('hx-swap-oob="true"');
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', id)).toBe(1);
  });
});
