import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import { REFLECTION_MAX } from '../../views/lessons';
import { copyOfFixture, fixtureFiles } from '../fixtures/course';
import { count, EN, enrolledTrainer, escaped, expectSignInRedirect, importFixture, request, tableCounts, trainerSession } from '../helpers';

beforeAll(async () => {
  await importFixture([
    ...fixtureFiles,
    ...copyOfFixture('hidden-course', (yaml) => yaml.replace('published: true', 'published: false')),
    // A lesson with a table, for the scrolling table region.
    ...copyOfFixture('table-course').map((file) =>
      file.path.endsWith('02-second-page.md')
        ? { ...file, text: file.text.replace('Tylko po polsku.', '| A | B |\n| --- | --- |\n| 1 | 2 |') }
        : file,
    ),
  ]);
});

const lesson = (key: string, slug = 'test-course') => `/courses/${slug}/lessons/${key}`;
const progressOf = (userId: number) => count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', userId);
const attemptsOf = (userId: number) => count('SELECT count(*) AS n FROM quiz_attempts WHERE user_id = ?', userId);
const reflectionsOf = (userId: number) => count('SELECT count(*) AS n FROM reflections WHERE user_id = ?', userId);

/** The radio or checkbox for option `position` of question `key`, and whether it is ticked. */
function isTicked(html: string, key: string, position: number): boolean {
  const input = new RegExp(`<input[^>]*id="q\\.${key}\\.${position}"[^>]*>`).exec(html);
  if (!input) throw new Error(`no option ${key}.${position}`);
  return input[0].includes('checked');
}

const PASSING = { 'q.colour': '0', 'q.even': ['0', '2'] };
const FAILING = { 'q.colour': '1', 'q.even': '1' };

describe('GET /courses/:slug/lessons/:key', () => {
  it('shows a page lesson to visitors, without the complete button', async () => {
    const response = await request(lesson('first-page'), { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1 id="lesson-title">First page</h1>');
    expect(html).toContain('Text of the <strong>first</strong> page.');
    expect(html).toContain('href="https://example.org/one"');
    expect(html).not.toContain(`action="${lesson('first-page')}/complete"`);
    expect(html).toContain(`rel="next" href="${lesson('second-page')}"`);
  });

  it('asks a signed-in trainer who is not enrolled to enrol first, with the enrol form', async () => {
    const { cookie } = await trainerSession();
    const html = await (await request(lesson('first-page'), { cookie, headers: EN })).text();
    expect(html).toContain(en.lesson.enrolInvite);
    expect(html).toContain('<form method="post" action="/courses/test-course/enrol">');
    expect(html).not.toContain(`action="${lesson('first-page')}/complete"`);
  });

  it('invites a visitor to sign in and come back to this lesson', async () => {
    const html = await (await request(lesson('second-page'), { headers: EN })).text();
    expect(html).toContain(en.lesson.signInInvite);
    expect(html).toContain(`href="/sign-in?next=${encodeURIComponent(lesson('second-page'))}"`);
    expect(html).toContain(en.lesson.signInToTakePart);
  });

  it('shows visitors and trainers not enrolled the quiz questions to read, with no form to tick', async () => {
    const { cookie } = await trainerSession();
    for (const as of [undefined, cookie]) {
      const html = await (await request(lesson('check'), { cookie: as, headers: EN })).text();
      expect(html).toContain('What colour is the sky?');
      expect(html).toContain(en.quiz.readOnly);
      expect(html).not.toContain('<input type="radio"');
      expect(html).not.toContain('<input type="checkbox"');
      expect(html).not.toContain(`action="${lesson('check')}/attempts"`);
    }
  });

  it('offers an enrolled trainer the complete button, the quiz and the reflection form', async () => {
    const { cookie } = await enrolledTrainer();
    const page = await (await request(lesson('first-page'), { cookie, headers: EN })).text();
    expect(page).toContain(`action="${lesson('first-page')}/complete"`);
    const quiz = await (await request(lesson('check'), { cookie, headers: EN })).text();
    expect(quiz).toContain('What colour is the sky?');
    expect(quiz).toMatch(/<input type="radio" id="q\.colour\.0" name="q\.colour" value="0"/);
    expect(quiz).toMatch(/<input type="checkbox" id="q\.even\.2" name="q\.even" value="2"/);
    expect(quiz).toContain(`action="${lesson('check')}/attempts"`);
    const reflection = await (await request(lesson('reflect'), { cookie, headers: EN })).text();
    expect(reflection).toContain(`action="${lesson('reflect')}/reflection"`);
    expect(reflection).toContain(en.reflection.notSaved);
  });

  it('is 404 for an unknown or malformed course or lesson, or an unpublished course', async () => {
    const { cookie } = await enrolledTrainer();
    for (const path of [
      lesson('no-such-lesson'),
      lesson('first-page', 'no-such-course'),
      lesson('First_Page'),
      lesson('first-page', 'Test_Course'),
      lesson('first-page', 'hidden-course'),
    ]) {
      const response = await request(path, { cookie, headers: EN });
      expect(response.status, path).toBe(404);
      expect(await response.text()).toContain(en.errors.notFoundTitle);
    }
  });
});

describe('POST /courses/:slug/lessons/:key/complete', () => {
  it('sends visitors to sign in and back to the lesson, writing nothing', async () => {
    const before = await tableCounts();
    const response = await request(`${lesson('first-page')}/complete`, { form: {} });
    expectSignInRedirect(response, lesson('first-page'));
    expect(await tableCounts()).toEqual(before);
  });

  it('is 403 for a trainer who is not enrolled, and writes nothing', async () => {
    const { id, cookie } = await trainerSession();
    const response = await request(`${lesson('first-page')}/complete`, { form: {}, cookie, headers: EN });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(en.errors.forbiddenTitle);
    expect(await progressOf(id)).toBe(0);
  });

  it('is 404 for an unknown or malformed lesson, or one that is not a page, and writes nothing', async () => {
    const { id, cookie } = await enrolledTrainer();
    const before = await tableCounts();
    for (const key of ['no-such-lesson', 'First_Page', 'check', 'reflect']) {
      const response = await request(`${lesson(key)}/complete`, { form: {}, cookie });
      expect(response.status, key).toBe(404);
    }
    expect((await request(`${lesson('first-page', 'no-such-course')}/complete`, { form: {}, cookie })).status).toBe(404);
    expect(await progressOf(id)).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });

  it('marks the page complete and redirects back to the lesson without htmx', async () => {
    const { id, cookie } = await enrolledTrainer();
    const response = await request(`${lesson('first-page')}/complete`, { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(lesson('first-page'));
    expect(await progressOf(id)).toBe(1);
    const html = await (await request(lesson('first-page'), { cookie, headers: EN })).text();
    expect(html).toContain(`✓ ${en.lesson.completed}`);
    expect(html).toContain(en.course.progressText(1, 4));
  });

  it('answers htmx with the widget and the progress and outline out of band', async () => {
    const { cookie } = await enrolledTrainer();
    const response = await request(`${lesson('first-page')}/complete`, { form: {}, cookie, htmx: true, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<div id="complete-widget"/);
    expect(html).toContain(`✓ ${en.lesson.completed}`);
    expect(html).toContain('<div id="course-progress" hx-swap-oob="true">');
    expect(html).toContain(en.course.progressText(1, 4));
    expect(html).toMatch(/<nav id="course-outline"[^>]*hx-swap-oob="true"/);
    expect(html).toMatch(/<li class="lesson done"><a href="\/courses\/test-course\/lessons\/first-page"/);
  });

  it('leaves one progress row when the form is sent twice at once', async () => {
    const { id, cookie } = await enrolledTrainer();
    const responses = await Promise.all([
      request(`${lesson('first-page')}/complete`, { form: {}, cookie }),
      request(`${lesson('first-page')}/complete`, { form: {}, cookie, htmx: true }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([303, 200]);
    await request(`${lesson('first-page')}/complete`, { form: {}, cookie });
    expect(await progressOf(id)).toBe(1);
  });
});

describe('POST /courses/:slug/lessons/:key/attempts', () => {
  it('sends visitors to sign in, writing nothing', async () => {
    const before = await tableCounts();
    const response = await request(`${lesson('check')}/attempts`, { form: PASSING });
    expectSignInRedirect(response, lesson('check'));
    expect(await tableCounts()).toEqual(before);
  });

  it('is 403 for a trainer who is not enrolled, and writes nothing', async () => {
    const { id, cookie } = await trainerSession();
    const response = await request(`${lesson('check')}/attempts`, { form: PASSING, cookie });
    expect(response.status).toBe(403);
    expect(await attemptsOf(id)).toBe(0);
    expect(await progressOf(id)).toBe(0);
  });

  it('is 404 for an unknown lesson or one that is not a quiz, and writes nothing', async () => {
    const { id, cookie } = await enrolledTrainer();
    for (const key of ['no-such-lesson', 'first-page', 'reflect', 'Check']) {
      expect((await request(`${lesson(key)}/attempts`, { form: PASSING, cookie })).status, key).toBe(404);
    }
    expect(await attemptsOf(id)).toBe(0);
    expect(await progressOf(id)).toBe(0);
  });

  it('keeps a failing attempt without completing the lesson', async () => {
    const { id, cookie } = await enrolledTrainer();
    const response = await request(`${lesson('check')}/attempts`, { form: FAILING, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(`${lesson('check')}#quiz-result`);
    expect(await attemptsOf(id)).toBe(1);
    expect(await progressOf(id)).toBe(0);
    const row = await count('SELECT passed AS n FROM quiz_attempts WHERE user_id = ?', id);
    expect(row).toBe(0);
    const html = await (await request(lesson('check'), { cookie, headers: EN })).text();
    expect(html).toContain(en.quiz.result(0, 2));
    expect(html).toContain(en.quiz.failed);
    expect(html).toContain(en.quiz.tryAgain);
  });

  it('completes the lesson with a passing attempt and keeps every attempt', async () => {
    const { id, cookie } = await enrolledTrainer();
    await request(`${lesson('check')}/attempts`, { form: FAILING, cookie });
    // One of two right is exactly the 50% pass mark.
    const half = await request(`${lesson('check')}/attempts`, { form: { 'q.colour': '0', 'q.even': '0' }, cookie });
    expect(half.status).toBe(303);
    expect(await progressOf(id)).toBe(1);
    await request(`${lesson('check')}/attempts`, { form: PASSING, cookie });
    expect(await attemptsOf(id)).toBe(3);
    expect(await progressOf(id)).toBe(1);
    const scores = await env.DB.prepare('SELECT score, passed FROM quiz_attempts WHERE user_id = ? ORDER BY id').bind(id).all();
    expect(scores.results).toEqual([
      { score: 0, passed: 0 },
      { score: 1, passed: 1 },
      { score: 2, passed: 1 },
    ]);
    const html = await (await request(lesson('check'), { cookie, headers: EN })).text();
    expect(html).toContain(en.quiz.passed);
    expect(html).toContain(en.quiz.attempts(3));
    expect(html).toContain(en.quiz.bestScore(2, 2));
  });

  it('after a pass leads on to the next lesson, with "Try again" as the secondary button', async () => {
    const { cookie } = await enrolledTrainer();
    await request(`${lesson('check')}/attempts`, { form: FAILING, cookie });
    const failed = await (await request(lesson('check'), { cookie, headers: EN })).text();
    expect(failed).not.toContain(en.quiz.nextLesson);
    expect(failed).toMatch(/<button type="submit" class="button primary">\s*Try again/);
    await request(`${lesson('check')}/attempts`, { form: PASSING, cookie });
    const passed = await (await request(lesson('check'), { cookie, headers: EN })).text();
    expect(passed).toContain(`<a class="button primary next-lesson" rel="next" href="${lesson('reflect')}">${en.quiz.nextLesson} →</a>`);
    expect(passed).toMatch(/<button type="submit" class="button">\s*Try again/);
  });

  it('answers htmx with the quiz section and the progress and outline out of band', async () => {
    const { cookie } = await enrolledTrainer();
    const response = await request(`${lesson('check')}/attempts`, { form: PASSING, cookie, htmx: true, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    // The swapped-in result takes focus (htmx focuses [autofocus]), which scrolls it into view.
    expect(html).toMatch(/<div class="result passed" role="status" tabindex="-1" id="quiz-result" autofocus="">/);
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<section id="quiz"/);
    expect(html).toContain(en.quiz.passed);
    expect(html).toContain('<div id="course-progress" hx-swap-oob="true">');
    expect(html).toContain(en.course.progressText(1, 4));
    expect(html).toMatch(/<nav id="course-outline"[^>]*hx-swap-oob="true"/);
  });

  it('refuses an unanswered question with 422, keeps what was ticked, and writes nothing', async () => {
    const { id, cookie } = await enrolledTrainer();
    const before = await tableCounts();
    const response = await request(`${lesson('check')}/attempts`, { form: { 'q.colour': '1' }, cookie, headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<html');
    expect(html).toContain(en.quiz.answerEvery);
    expect(isTicked(html, 'colour', 1)).toBe(true);
    expect(isTicked(html, 'colour', 0)).toBe(false);
    expect(await attemptsOf(id)).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });

  it('counts an empty answer as unanswered, not as the first option', async () => {
    const { id, cookie } = await enrolledTrainer();
    const before = await tableCounts();
    const response = await request(`${lesson('check')}/attempts`, { form: { 'q.colour': '', 'q.even': ['0', '2'] }, cookie, headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain(en.quiz.answerEvery);
    expect(isTicked(html, 'colour', 0)).toBe(false);
    expect(await attemptsOf(id)).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });

  it('refuses two answers to a single-choice question, and positions that do not exist', async () => {
    const { id, cookie } = await enrolledTrainer();
    const forms: Record<string, string | string[]>[] = [
      { 'q.colour': ['0', '1'], 'q.even': ['0', '2'] },
      { 'q.colour': '2', 'q.even': '0' },
      { 'q.colour': '-1', 'q.even': '0' },
      { 'q.colour': 'blue', 'q.even': '0' },
      { 'q.colour': '0', 'q.even': ['0', '3'] },
      {},
    ];
    for (const form of forms) {
      const response = await request(`${lesson('check')}/attempts`, { form, cookie });
      expect(response.status, JSON.stringify(form)).toBe(422);
    }
    expect(await attemptsOf(id)).toBe(0);
    expect(await progressOf(id)).toBe(0);
  });

  it('answers an htmx 422 with the quiz section alone', async () => {
    const { cookie } = await enrolledTrainer();
    const response = await request(`${lesson('check')}/attempts`, {
      form: { 'q.even': ['0', '2'] },
      cookie,
      htmx: true,
      headers: EN,
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/^<section id="quiz"/);
    expect(html).not.toContain('<html');
    expect(html).toContain(en.quiz.answerEvery);
    expect(isTicked(html, 'even', 0)).toBe(true);
    expect(isTicked(html, 'even', 2)).toBe(true);
    expect(isTicked(html, 'even', 1)).toBe(false);
  });
});

describe('POST /courses/:slug/lessons/:key/reflection', () => {
  it('sends visitors to sign in, writing nothing', async () => {
    const before = await tableCounts();
    const response = await request(`${lesson('reflect')}/reflection`, { form: { body: 'Hello' } });
    expectSignInRedirect(response, lesson('reflect'));
    expect(await tableCounts()).toEqual(before);
  });

  it('is 403 for a trainer who is not enrolled, and writes nothing', async () => {
    const { id, cookie } = await trainerSession();
    expect((await request(`${lesson('reflect')}/reflection`, { form: { body: 'Hello' }, cookie })).status).toBe(403);
    expect((await request(`${lesson('reflect')}/reflection`, { form: { body: '' }, cookie })).status).toBe(403);
    expect(await reflectionsOf(id)).toBe(0);
    expect(await progressOf(id)).toBe(0);
  });

  it('is 404 for an unknown lesson or one that is not a reflection, and writes nothing', async () => {
    const { id, cookie } = await enrolledTrainer();
    for (const key of ['no-such-lesson', 'first-page', 'check', 'Reflect']) {
      expect((await request(`${lesson(key)}/reflection`, { form: { body: 'Hello' }, cookie })).status, key).toBe(404);
      expect((await request(`${lesson(key)}/reflection`, { form: { body: '' }, cookie })).status, key).toBe(404);
    }
    expect(await reflectionsOf(id)).toBe(0);
    expect(await progressOf(id)).toBe(0);
  });

  it('refuses an empty answer with 422 and the form shown again, writing nothing', async () => {
    const { id, cookie } = await enrolledTrainer();
    const before = await tableCounts();
    const response = await request(`${lesson('reflect')}/reflection`, { form: { body: '   ' }, cookie, headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('<html');
    expect(html).toContain(en.reflection.empty);
    expect(html).toContain('aria-invalid="true"');
    expect(await reflectionsOf(id)).toBe(0);
    expect(await tableCounts()).toEqual(before);
    // No body field at all is the same.
    expect((await request(`${lesson('reflect')}/reflection`, { form: {}, cookie })).status).toBe(422);
    expect(await tableCounts()).toEqual(before);
  });

  it('gives a form without its field the localized message of an empty one', async () => {
    const { id, cookie } = await enrolledTrainer();
    const forms: Record<string, string | string[]>[] = [{}, { body: ['one', 'two'] }];
    for (const form of forms) {
      const response = await request(`${lesson('reflect')}/reflection`, { form, cookie, headers: { 'Accept-Language': 'pl' } });
      expect(response.status, JSON.stringify(form)).toBe(422);
      expect(await response.text(), JSON.stringify(form)).toContain(escaped(pl.reflection.empty));
    }
    expect(await reflectionsOf(id)).toBe(0);
  });

  it('refuses an answer that is too long, keeping the typed text up to the maximum', async () => {
    const { id, cookie } = await enrolledTrainer();
    const body = `Start ${'x'.repeat(REFLECTION_MAX)}`;
    const response = await request(`${lesson('reflect')}/reflection`, { form: { body }, cookie, htmx: true, headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toMatch(/^<section id="reflection"/);
    expect(html).toContain(escaped(en.reflection.tooLong(REFLECTION_MAX)));
    expect(html).toContain(`>${body.slice(0, REFLECTION_MAX)}</textarea>`);
    expect(await reflectionsOf(id)).toBe(0);
  });

  it('saves the answer, shows it saved, and completes the lesson', async () => {
    const { id, cookie } = await enrolledTrainer();
    const response = await request(`${lesson('reflect')}/reflection`, { form: { body: '  First thoughts  ' }, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(lesson('reflect'));
    expect(await reflectionsOf(id)).toBe(1);
    expect(await progressOf(id)).toBe(1);
    const html = await (await request(lesson('reflect'), { cookie, headers: EN })).text();
    expect(html).toMatch(/>First thoughts<\/textarea>/);
    expect(html).toMatch(/Saved at \d\d:\d\d/);
    expect(html).not.toContain(en.reflection.notSaved);
  });

  it('updates the one answer when saved again', async () => {
    const { id, cookie } = await enrolledTrainer();
    await request(`${lesson('reflect')}/reflection`, { form: { body: 'First draft' }, cookie });
    const response = await request(`${lesson('reflect')}/reflection`, { form: { body: 'Second draft' }, cookie, htmx: true, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/^<section id="reflection"/);
    expect(html).toContain('>Second draft</textarea>');
    expect(html).toMatch(/Saved at \d\d:\d\d/);
    expect(html).toContain('<div id="course-progress" hx-swap-oob="true">');
    expect(html).toMatch(/<nav id="course-outline"[^>]*hx-swap-oob="true"/);
    expect(await reflectionsOf(id)).toBe(1);
    expect(await progressOf(id)).toBe(1);
    const row = await env.DB.prepare('SELECT body FROM reflections WHERE user_id = ?').bind(id).first<{ body: string }>();
    expect(row?.body).toBe('Second draft');
  });
});

describe('htmx requests that are refused', () => {
  it('get a message that fits inside the widget, not a whole page', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie, htmx: true });
    expect(response.status).toBe(403);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).toContain('role="alert"');
  });

  it('send an expired session to sign-in with HX-Redirect instead of swapping the sign-in page in', async () => {
    const response = await request('/courses/test-course/lessons/first-page/complete', { form: {}, htmx: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('HX-Redirect')).toBe(`/sign-in?next=${encodeURIComponent('/courses/test-course/lessons/first-page')}`);
    expect(await response.text()).toBe('');
  });
});

describe('htmx widget forms', () => {
  it('show a busy state and disable their buttons while the request is in flight', async () => {
    const { cookie } = await enrolledTrainer();
    for (const key of ['first-page', 'check', 'reflect']) {
      const html = await (await request(lesson(key), { cookie, headers: EN })).text();
      const form = /<form[^>]*hx-post="[^"]*"[^>]*>/.exec(html)?.[0] ?? '';
      expect(form, key).toContain('hx-indicator="this"');
      expect(form, key).toContain('hx-disable="findAll button"');
    }
  });
});

describe('lesson tables', () => {
  it('scroll sideways in a focusable, labelled region with a hint', async () => {
    const html = await (await request(lesson('second-page', 'table-course'), { headers: EN })).text();
    expect(html).toContain(
      `<div class="table-scroll" role="region" aria-label="${en.lesson.tableLabel} 1" tabindex="0"><p class="table-hint">${en.lesson.tableHint}</p><table>`,
    );
    expect(html).toContain('</table></div>');
  });
});
