import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { pl } from '../../src/i18n/pl';
import { copyOfFixture, fixtureFiles } from '../fixtures/course';
import { count, EN, enrolledTrainer, escaped, expectSignInRedirect, importFixture, request, tableCounts, trainerSession } from '../helpers';

beforeAll(async () => {
  await importFixture([
    ...fixtureFiles,
    ...copyOfFixture('hidden-course', (yaml) => yaml.replace('published: true', 'published: false')),
    // Polish only: no English title or summary.
    ...copyOfFixture('polish-course', (yaml) => yaml.replace(/^ {2}en: .*\n/gm, '')),
  ]);
});

const enrolments = (userId: number) => count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', userId);

describe('GET /', () => {
  it('sends visitors to the catalogue', async () => {
    const response = await request('/');
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/courses');
  });
});

describe('any unknown path', () => {
  it("is a 404 page in the reader's language", async () => {
    const response = await request('/no/such/page', { headers: EN });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(en.errors.notFoundTitle);
  });
});

describe('every page (headers)', () => {
  it('is private to its reader and locked down by a Content-Security-Policy', async () => {
    const { cookie } = await trainerSession();
    for (const [path, options] of [
      ['/courses', {}],
      ['/courses/test-course', { cookie }],
      ['/no-such-page', {}],
    ] as const) {
      const response = await request(path, options);
      expect(response.headers.get('Cache-Control'), path).toBe('private, no-cache');
      expect(response.headers.get('Vary'), path).toContain('Cookie');
      const csp = response.headers.get('Content-Security-Policy') ?? '';
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('X-Content-Type-Options'), path).toBe('nosniff');
    }
  });
});

describe('GET /courses', () => {
  it('lists published courses only, for anonymous visitors too', async () => {
    const response = await request('/courses', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('href="/courses/test-course"');
    expect(html).toContain('href="/courses/polish-course"');
    expect(html).not.toContain('hidden-course');
  });

  it('filters by the language a course is available in', async () => {
    const html = await (await request('/courses?lang=en', { headers: EN })).text();
    expect(html).toContain('href="/courses/test-course"');
    expect(html).not.toContain('href="/courses/polish-course"');
    const all = await (await request('/courses?lang=', { headers: EN })).text();
    expect(all).toContain('href="/courses/polish-course"');
  });

  it('marks the courses the trainer is enrolled in', async () => {
    const { cookie } = await enrolledTrainer();
    const html = await (await request('/courses', { cookie, headers: EN })).text();
    expect(html).toContain(`<span class="badge"> ${en.catalogue.enrolled}</span>`);
  });

  it('answers an unknown language filter with 422 and still shows the page', async () => {
    const response = await request('/courses?lang=de', { headers: EN });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain('id="filter-language"');
    expect(html).toContain('href="/courses/test-course"');
  });
});

describe('GET /courses/:slug', () => {
  it('shows the course and its outline, with a sign-in link for visitors', async () => {
    const response = await request('/courses/test-course', { headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<h1>Test course</h1>');
    expect(html).toContain('id="course-outline"');
    expect(html).toContain('href="/courses/test-course/lessons/first-page"');
    expect(html).toContain(`href="/sign-in?next=${encodeURIComponent('/courses/test-course')}"`);
  });

  it('puts the main action before the summary and shows length, lesson count and the certificate', async () => {
    const html = await (await request('/courses/test-course', { headers: EN })).text();
    const action = html.indexOf('id="enrol-widget"');
    const summary = html.indexOf('<p class="lead">');
    expect(action).toBeGreaterThan(0);
    expect(action).toBeLessThan(summary);
    expect(html).toContain(`<dd>${en.course.duration(60)}</dd>`);
    expect(en.course.duration(60)).toBe('about 1 h');
    expect(en.course.duration(390)).toBe('about 6 h 30 min');
    expect(html).toContain(`<dd>${en.course.lessonCount(5)}</dd>`);
    expect(html).toContain(en.course.certificateAwarded);
  });

  it('offers the enrol form to a signed-in trainer who is not enrolled', async () => {
    const { cookie } = await trainerSession();
    const html = await (await request('/courses/test-course', { cookie, headers: EN })).text();
    expect(html).toContain('action="/courses/test-course/enrol"');
    // The progress widget is there, empty, until the trainer enrols.
    expect(html).toContain('<div id="course-progress"></div>');
    expect(html).not.toContain(en.course.progressText(0, 4));
  });

  it('shows an enrolled trainer progress and where to start', async () => {
    const { cookie } = await enrolledTrainer();
    const html = await (await request('/courses/test-course', { cookie, headers: EN })).text();
    expect(html).not.toContain('action="/courses/test-course/enrol"');
    expect(html).toContain(en.course.progressText(0, 4));
    expect(html).toContain(en.course.start);
  });

  it('falls back to the main language with a notice', async () => {
    const html = await (await request('/courses/polish-course', { headers: EN })).text();
    expect(html).toContain('<h1>Kurs testowy</h1>');
    expect(html).toContain(escaped(en.course.fallbackNotice(pl.languageName)));
    const english = await (await request('/courses/test-course', { headers: EN })).text();
    expect(english).not.toContain(escaped(en.course.fallbackNotice(pl.languageName)));
  });

  it('is 404 for an unknown or malformed slug', async () => {
    for (const slug of ['no-such-course', 'Test_Course', 'test--course', '-x', 'a'.repeat(101)]) {
      const response = await request(`/courses/${slug}`, { headers: EN });
      expect(response.status, slug).toBe(404);
      expect(await response.text()).toContain(en.errors.notFoundTitle);
    }
  });

  it('hides an unpublished course from trainers but not from admins', async () => {
    const trainer = await trainerSession();
    expect((await request('/courses/hidden-course', { cookie: trainer.cookie })).status).toBe(404);
    expect((await request('/courses/hidden-course')).status).toBe(404);
    const admin = await trainerSession('admin');
    expect((await request('/courses/hidden-course', { cookie: admin.cookie })).status).toBe(200);
  });
});

describe('POST /courses/:slug/enrol', () => {
  it('sends visitors to sign in and back to the course, writing nothing', async () => {
    const before = await tableCounts();
    const response = await request('/courses/test-course/enrol', { form: {} });
    expectSignInRedirect(response, '/courses/test-course');
    expect(await tableCounts()).toEqual(before);
  });

  it('enrols and redirects back to the course without htmx', async () => {
    const { id, cookie } = await trainerSession();
    const response = await request('/courses/test-course/enrol', { form: {}, cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe('/courses/test-course');
    expect(await enrolments(id)).toBe(1);
  });

  it('answers htmx with the enrol widget and the progress and outline out of band', async () => {
    const { id, cookie } = await trainerSession();
    const response = await request('/courses/test-course/enrol', { form: {}, cookie, htmx: true, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain('<html');
    expect(html).toMatch(/^<div id="enrol-widget"/);
    expect(html).toContain(en.course.enrolled);
    expect(html).toContain('<div id="course-progress" hx-swap-oob="true">');
    expect(html).toMatch(/<nav id="course-outline"[^>]*hx-swap-oob="true"/);
    expect(await enrolments(id)).toBe(1);
  });

  it('leaves one enrolment when the form is sent twice at once', async () => {
    const { id, cookie } = await trainerSession();
    const responses = await Promise.all([
      request('/courses/test-course/enrol', { form: {}, cookie }),
      request('/courses/test-course/enrol', { form: {}, cookie }),
      request('/courses/test-course/enrol', { form: {}, cookie, htmx: true }),
    ]);
    expect(responses.map((r) => r.status)).toEqual([303, 303, 200]);
    expect(await enrolments(id)).toBe(1);
  });

  it('is 404 for an unknown, malformed or unpublished course, and writes nothing', async () => {
    const { id, cookie } = await trainerSession();
    const before = await tableCounts();
    for (const slug of ['no-such-course', 'Bad_Slug', 'hidden-course']) {
      const response = await request(`/courses/${slug}/enrol`, { form: {}, cookie });
      expect(response.status, slug).toBe(404);
    }
    expect(await enrolments(id)).toBe(0);
    expect(await tableCounts()).toEqual(before);
  });
});

describe('GET /courses/:slug/notebook', () => {
  it('sends visitors to sign in', async () => {
    const response = await request('/courses/test-course/notebook');
    expectSignInRedirect(response, '/courses/test-course/notebook');
  });

  it('is 403 for a trainer who is not enrolled', async () => {
    const { cookie } = await trainerSession();
    const response = await request('/courses/test-course/notebook', { cookie, headers: EN });
    expect(response.status).toBe(403);
    expect(await response.text()).toContain(en.errors.forbiddenTitle);
  });

  it('is 404 for an unknown or malformed course', async () => {
    const { cookie } = await trainerSession();
    expect((await request('/courses/no-such-course/notebook', { cookie })).status).toBe(404);
    expect((await request('/courses/Bad_Slug/notebook', { cookie })).status).toBe(404);
  });

  it("lists the course's reflection prompts with the trainer's own answers", async () => {
    const { cookie } = await enrolledTrainer();
    const empty = await request('/courses/test-course/notebook', { cookie, headers: EN });
    expect(empty.status).toBe(200);
    const before = await empty.text();
    expect(before).toContain('What do you take away?');
    expect(before).toContain(en.notebook.unanswered);

    await request('/courses/test-course/lessons/reflect/reflection', { form: { body: 'My own <b>answer</b>' }, cookie });
    const after = await (await request('/courses/test-course/notebook', { cookie, headers: EN })).text();
    expect(after).toContain('My own &lt;b&gt;answer&lt;/b&gt;');
    expect(after).not.toContain(en.notebook.unanswered);

    // Someone else's notebook does not show it.
    const other = await enrolledTrainer();
    const theirs = await (await request('/courses/test-course/notebook', { cookie: other.cookie, headers: EN })).text();
    expect(theirs).not.toContain('My own');
  });
});

describe('POST /courses/:slug/enrol from a lesson', () => {
  it('returns to the lesson it was made from, and never off-site', async () => {
    const trainer = await trainerSession();
    const back = '/courses/test-course/lessons/first-page';
    const response = await request('/courses/test-course/enrol', { form: { next: back }, cookie: trainer.cookie });
    expect(response.status).toBe(303);
    expect(response.headers.get('Location')).toBe(back);
    const other = await trainerSession();
    const offsite = await request('/courses/test-course/enrol', { form: { next: '//evil.example' }, cookie: other.cookie });
    expect(offsite.headers.get('Location')).toBe('/courses/test-course');
  });
});
