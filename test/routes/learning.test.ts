import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { completeFixtureCourse, EN, enrolledTrainer, expectSignInRedirect, importFixture, request, trainerSession } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

describe('GET /learning', () => {
  it('sends visitors to sign in and back', async () => {
    const response = await request('/learning');
    expectSignInRedirect(response, '/learning');
  });

  it('says so when the trainer is enrolled nowhere', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/learning', { cookie, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(en.learning.none);
    expect(html).toContain(en.learning.noneCompleted);
  });

  it('shows a course in progress with its required-lesson progress', async () => {
    const { cookie } = await enrolledTrainer();
    await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie });
    await request('/courses/test-course/lessons/extra/complete', { form: {}, cookie });
    const html = await (await request('/learning', { cookie, headers: EN })).text();
    expect(html).toContain('href="/courses/test-course"');
    expect(html).toContain(en.course.progressText(1, 4));
    expect(html).toContain(en.learning.noneCompleted);
  });

  it('moves a completed course under "Completed" with its certificate', async () => {
    const { cookie } = await enrolledTrainer();
    await completeFixtureCourse(cookie);
    const html = await (await request('/learning', { cookie, headers: EN })).text();
    // Enrolled, just nothing in progress: not "You are not enrolled in any course yet".
    expect(html).toContain(en.learning.noneInProgress);
    expect(html).not.toContain(en.learning.none);
    expect(html).toContain('href="/courses/test-course/certificate"');
  });
});
