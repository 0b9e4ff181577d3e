import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { completeFixtureCourse, EN, enrolledTrainer, expectSignInRedirect, importFixture, request, trainerSession } from '../helpers';

beforeAll(async () => {
  await importFixture();
});

/** The admin page's numbers for the fixture course and the trainer total. */
async function readReport(cookie: string) {
  const response = await request('/admin', { cookie, headers: EN });
  expect(response.status).toBe(200);
  const html = await response.text();
  expect(html).toContain(`<h1>${en.admin.title}</h1>`);
  // Columns: enrolled (withdrawn included), active, withdrawn, started, completed, …
  const row =
    /<a href="\/admin\/reports\/courses\/\d+">Test course<\/a><\/th><td>\d+<\/td><td>(\d+)<\/td><td>\d+<\/td><td>\d+<\/td><td>(\d+)<\/td>/.exec(
      html,
    );
  const trainers = new RegExp(`${en.admin.trainers}: <strong>(\\d+)</strong>`).exec(html);
  expect(row, 'the test course row').not.toBeNull();
  expect(trainers, 'the trainer total').not.toBeNull();
  return { enrolments: Number(row![1]), completions: Number(row![2]), trainers: Number(trainers![1]) };
}

describe('GET /admin', () => {
  it('reports enrolments and completions per course to an admin', async () => {
    // Counted before and after, so trainers made by other tests in this file do not matter.
    const admin = await trainerSession('admin');
    const before = await readReport(admin.cookie);
    await enrolledTrainer();
    const finished = await enrolledTrainer();
    await completeFixtureCourse(finished.cookie);
    expect(await readReport(admin.cookie)).toEqual({
      enrolments: before.enrolments + 2,
      completions: before.completions + 1,
      trainers: before.trainers + 2,
    });
  });

  it('is 403 for a trainer', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/admin', { cookie, headers: EN });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).toContain(en.errors.forbiddenTitle);
    expect(html).not.toContain(en.reports.enrolled);
  });

  it('sends visitors to sign in', async () => {
    const response = await request('/admin');
    expectSignInRedirect(response, '/admin');
  });
});
