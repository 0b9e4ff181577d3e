import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { completeFixtureCourse, EN, enrolledTrainer, expectSignInRedirect, importFixture, request, trainerSession } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

describe('GET /admin', () => {
  it('reports enrolments and completions per course to an admin', async () => {
    await enrolledTrainer();
    const finished = await enrolledTrainer();
    await completeFixtureCourse(finished.cookie);
    const admin = await trainerSession('admin');
    const response = await request('/admin', { cookie: admin.cookie, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<h1>${en.admin.title}</h1>`);
    expect(html).toMatch(/<a href="\/courses\/test-course">Test course<\/a><\/th><td>2<\/td><td>1<\/td>/);
    expect(html).toMatch(new RegExp(`${en.admin.trainers}: <strong>2</strong>`));
  });

  it('is 403 for a trainer', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/admin', { cookie, headers: EN });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(en.errors.forbiddenTitle);
    expect(html).not.toContain(en.admin.enrolments);
  });

  it('sends visitors to sign in', async () => {
    const response = await request('/admin');
    expectSignInRedirect(response, '/admin');
  });
});
