import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { courseReportRead, everyWeek, reportsRead } from '../../../src/data/reports';
import { runRead } from '../../../src/db';
import { en } from '../../../src/i18n/en';
import { pl } from '../../../src/i18n/pl';
import { courseReportCsvUrl, courseReportUrl } from '../../../src/urls';
import { fixtureFiles } from '../../fixtures/course';
import { createAccount, db, EN, expectSignInRedirect, importFixture, request, roundTrips, trainerSession } from '../../helpers';

const DAY = 86_400_000;
const SLUG = 'report-course';
/** The fixture course under its own slug: this file's numbers are not moved by other tests. */
const files = fixtureFiles.map((f) => ({
  path: f.path.replace('test-course/', `${SLUG}/`),
  text: f.text.replace('slug: test-course', `slug: ${SLUG}`).replace('en: Test course', 'en: Report course'),
}));

const T = Date.now();
let courseId: number;
let cohortId: number;
let defaultCohortId: number;
let adminCookie: string;

/**
 * Known data (lessons in course order: first-page, second-page, extra (optional), check (quiz),
 * reflect; 60 estimated minutes over 4 required lessons = 15 minutes each):
 * - Ala (cohort A) enrolled 20 days ago, did everything, finished 3 days ago (17 days); quiz: a
 *   wrong first attempt (colour: Green, even: only 2), passed at the second.
 * - Bartek (cohort A) enrolled 40 days ago, did everything, finished 36 days ago (4 days); quiz
 *   right at once.
 * - Celina (cohort A) enrolled 10 days ago, first page 9 days ago, one failed quiz attempt 8 days
 *   ago (colour: Green, even: 2 and 3).
 * - Dawid (cohort A) enrolled 5 days ago, withdrawn 2 days ago, did nothing.
 * - Ewa (default cohort) enrolled 60 days ago, first page 59 days ago.
 */
beforeAll(async () => {
  await importFixture(files);
  const course = await env.DB.prepare('SELECT id FROM courses WHERE slug = ?').bind(SLUG).first<{ id: number }>();
  courseId = course!.id;
  const cohort = await env.DB.prepare("INSERT INTO cohorts (course_id, name) VALUES (?, 'Grupa A') RETURNING id")
    .bind(courseId)
    .first<{ id: number }>();
  cohortId = cohort!.id;
  defaultCohortId = (await env.DB.prepare('SELECT id FROM cohorts WHERE course_id = ? AND is_default = 1')
    .bind(courseId)
    .first<{ id: number }>())!.id;
  const lessons = await env.DB.prepare('SELECT id, key FROM lessons WHERE course_id = ?').bind(courseId).all<{ id: number; key: string }>();
  const lesson = Object.fromEntries(lessons.results.map((l) => [l.key, l.id]));
  const ago = (days: number, hours = 0) => T - days * DAY - hours * 3_600_000;

  const people = [
    { name: 'Ala Report', cohort: cohortId, enrolled: ago(20), completed: ago(3), withdrawn: null },
    { name: 'Bartek Report', cohort: cohortId, enrolled: ago(40), completed: ago(36), withdrawn: null },
    { name: 'Celina Report', cohort: cohortId, enrolled: ago(10), completed: null, withdrawn: null },
    { name: 'Dawid Report', cohort: cohortId, enrolled: ago(5), completed: null, withdrawn: ago(2) },
    { name: 'Ewa Report', cohort: defaultCohortId, enrolled: ago(60), completed: null, withdrawn: null },
  ];
  const ids: number[] = [];
  for (const person of people) {
    const { id } = await createAccount('trainer', person.name);
    ids.push(id);
    await env.DB.prepare(
      'INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at, completed_at, withdrawn_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
      .bind(id, courseId, person.cohort, person.enrolled, person.completed, person.withdrawn)
      .run();
  }
  const [ala, bartek, celina, , ewa] = ids as [number, number, number, number, number];
  const progress: [number, string, number][] = [
    [ala, 'first-page', ago(19)],
    [ala, 'second-page', ago(18)],
    [ala, 'check', ago(17)],
    [ala, 'reflect', ago(3)],
    [bartek, 'first-page', ago(39)],
    [bartek, 'second-page', ago(38)],
    [bartek, 'check', ago(37)],
    [bartek, 'reflect', ago(36)],
    [celina, 'first-page', ago(9)],
    [ewa, 'first-page', ago(59)],
  ];
  const attempts: [number, number, string, number][] = [
    [ala, 0, '{"colour":[1],"even":[0]}', ago(17, 1)],
    [ala, 1, '{"colour":[0],"even":[0,2]}', ago(17)],
    [bartek, 1, '{"colour":[0],"even":[0,2]}', ago(37)],
    [celina, 0, '{"colour":[1],"even":[0,1]}', ago(8)],
  ];
  await env.DB.batch([
    ...progress.map(([user, key, at]) =>
      env.DB.prepare('INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES (?, ?, ?, ?)').bind(
        user,
        lesson[key],
        courseId,
        at,
      ),
    ),
    ...attempts.map(([user, passed, answers, at]) =>
      env.DB.prepare(
        'INSERT INTO quiz_attempts (user_id, lesson_id, score, max_score, passed, answers, created_at) VALUES (?, ?, ?, 2, ?, ?, ?)',
      ).bind(user, lesson.check, passed ? 2 : 0, passed, answers, at),
    ),
    ...[
      [ala, ago(3)],
      [bartek, ago(36)],
    ].map(([user, at]) =>
      env.DB.prepare('INSERT INTO reflections (user_id, lesson_id, course_id, body, updated_at) VALUES (?, ?, ?, ?, ?)').bind(
        user,
        lesson.reflect,
        courseId,
        'Notatki',
        at,
      ),
    ),
  ]);
  adminCookie = (await trainerSession('admin')).cookie;
});

const day = (time: number) => new Date(time).toISOString().slice(0, 10);
/** The Monday (UTC) of a time's week, as the report's weeks start. */
const monday = (time: number) => {
  const d = new Date(time);
  return day(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - ((d.getUTCDay() + 6) % 7) * DAY);
};

describe('courseReportRead (known data)', () => {
  it('counts a cohort: participations, started, completed, median, activity and hours', async () => {
    const report = await runRead(db(), courseReportRead({ courseId, cohortId, from: null, to: null }, 'en', T));
    expect(report.figures).toEqual({
      enrolled: 4,
      active: 3,
      withdrawn: 1,
      started: 3,
      completed: 2,
      completionRate: 0.5,
      medianDays: 10.5,
      active7: 1,
      active30: 2,
      estimatedHours: (9 * 15) / 60,
    });
  });

  it('counts the whole course, every cohort', async () => {
    const report = await runRead(db(), courseReportRead({ courseId, cohortId: null, from: null, to: null }, 'en', T));
    expect(report.figures).toMatchObject({ enrolled: 5, active: 4, withdrawn: 1, started: 4, completed: 2, completionRate: 0.4 });
    expect(report.figures.estimatedHours).toBe(2.5);
    expect(report.grid).toEqual([]); // the grid is a cohort's
  });

  it('selects trainers by enrolment day with a date range', async () => {
    const report = await runRead(db(), courseReportRead({ courseId, cohortId, from: T - 45 * DAY, to: T - 15 * DAY }, 'en', T));
    expect(report.figures).toMatchObject({ enrolled: 2, started: 2, completed: 2, completionRate: 1, medianDays: 10.5 });
  });

  it('draws the funnel: completed per lesson, reached = any activity there or later', async () => {
    const { funnel } = await runRead(db(), courseReportRead({ courseId, cohortId, from: null, to: null }, 'en', T));
    expect(funnel.map((s) => [s.key, s.reached, s.completed, s.required])).toEqual([
      ['first-page', 3, 3, true],
      ['second-page', 3, 2, true],
      ['extra', 3, 0, false],
      ['check', 3, 2, true],
      ['reflect', 2, 2, true],
    ]);
    expect(funnel[0]).toMatchObject({ title: 'First page', module: 'Basics' });
  });

  it('analyses quiz items on first attempts', async () => {
    const { items } = await runRead(db(), courseReportRead({ courseId, cohortId, from: null, to: null }, 'en', T));
    expect(items).toEqual([
      {
        lesson: 'Check',
        questionKey: 'colour',
        prompt: 'What colour is the sky?',
        firstAttempts: 3,
        rightFirst: 1,
        wrongOption: 'Green',
        wrongCount: 2,
        attemptsToPass: 1.5,
      },
      {
        lesson: 'Check',
        questionKey: 'even',
        prompt: 'Which numbers are even?',
        firstAttempts: 3,
        rightFirst: 1,
        wrongOption: '3',
        wrongCount: 1,
        attemptsToPass: 1.5,
      },
    ]);
  });

  it('fills the trainer × module grid with required lessons done', async () => {
    const report = await runRead(db(), courseReportRead({ courseId, cohortId, from: null, to: null }, 'pl', T));
    expect(report.modules.map((m) => [m.title, m.total])).toEqual([
      ['Podstawy', 2],
      ['Praktyka', 2],
    ]);
    expect(report.grid.map((r) => [r.name, ...r.done])).toEqual([
      ['Ala Report', 2, 2],
      ['Bartek Report', 2, 2],
      ['Celina Report', 1, 0],
      ['Dawid Report', 0, 0],
    ]);
    // 60 estimated minutes over 4 required lessons: 15 minutes for each one done.
    expect(report.grid.map((r) => r.hours)).toEqual([1, 1, 0.25, 0]);
  });

  it('counts completions per week, empty weeks included', async () => {
    const { weeks } = await runRead(db(), courseReportRead({ courseId, cohortId, from: null, to: null }, 'en', T));
    const first = monday(T - 36 * DAY);
    const last = monday(T - 3 * DAY);
    expect(weeks[0]).toEqual({ week: first, completions: 1 });
    expect(weeks.at(-1)).toEqual({ week: last, completions: 1 });
    expect(weeks).toHaveLength((Date.parse(last) - Date.parse(first)) / (7 * DAY) + 1);
    expect(weeks.reduce((n, w) => n + w.completions, 0)).toBe(2);
  });

  it('lists every course on /admin with its figures', async () => {
    const { courses } = await runRead(db(), reportsRead('en', T));
    expect(courses.find((c) => c.slug === SLUG)).toMatchObject({ title: 'Report course', enrolled: 5, completed: 2, medianDays: 10.5 });
  });
});

describe('everyWeek', () => {
  it('fills the weeks between the first and the last with zeros', () => {
    expect(everyWeek([])).toEqual([]);
    expect(
      everyWeek([
        { week: '2026-01-05', completions: 2 },
        { week: '2026-01-19', completions: 1 },
      ]),
    ).toEqual([
      { week: '2026-01-05', completions: 2 },
      { week: '2026-01-12', completions: 0 },
      { week: '2026-01-19', completions: 1 },
    ]);
  });
});

describe('GET /admin', () => {
  it('shows the course figures and links to its report, in one round trip', async () => {
    const response = await request('/admin', { cookie: adminCookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    // enrolled, active, withdrawn, started, completed, rate, median, 7 days, 30 days, hours
    expect(html).toContain(
      `<a href="${courseReportUrl(courseId)}">Report course</a></th><td>5</td><td>4</td><td>1</td><td>4</td><td>2</td><td>40</td><td>10.5</td><td>1</td><td>2</td><td>2.5</td>`,
    );
  });
});

describe('GET /admin/reports/courses/:id', () => {
  it('shows a cohort report with its charts, tables and CSV links, in one round trip', async () => {
    const response = await request(courseReportUrl(courseId, { cohort: cohortId }), { cookie: adminCookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<h1>${en.reports.reportOf('Report course')}</h1>`);
    expect(html.match(/<svg [^>]*role="img"/g)).toHaveLength(2);
    expect(html).toContain(`<title id="funnel-chart-title">${en.reports.funnel}</title>`);
    expect(html).toContain(`<desc id="funnel-chart-desc">${en.reports.funnelDesc(5)}</desc>`);
    expect(html).not.toMatch(/ style="/);
    for (const table of ['summary', 'funnel', 'questions', 'progress', 'weeks'])
      expect(html).toContain(`href="${courseReportCsvUrl(courseId, table, { cohort: cohortId }).replace(/&/g, '&amp;')}"`);
    expect(html).toContain('<th scope="row"><bdi>Celina Report</bdi></th><td>1</td><td>0</td>');
    expect(html).toContain('data-print');
  });

  it('applies a date range and keeps it in the CSV links', async () => {
    const filters = { cohort: cohortId, from: day(T - 45 * DAY), to: day(T - 15 * DAY) };
    const response = await request(courseReportUrl(courseId, filters), { cookie: adminCookie, headers: EN });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`<th scope="row"><bdi>${en.reports.enrolled}</bdi></th><td>2</td>`);
    expect(html).toContain(`href="${courseReportCsvUrl(courseId, 'summary', filters).replace(/&/g, '&amp;')}"`);
  });

  it('answers 422 for a malformed date, an impossible one, or from after to', async () => {
    for (const [query, message] of [
      ['from=2026-13-01', en.reports.badDate],
      ['to=2026-02-30', en.reports.badDate],
      ['from=yesterday', en.reports.badDate],
      ['from=2026-03-02&to=2026-03-01', en.reports.fromAfterTo],
      ['cohort=abc', en.reports.badCohort],
    ] as const) {
      const response = await request(`${courseReportUrl(courseId)}?${query}`, { cookie: adminCookie, headers: EN });
      expect(response.status, query).toBe(422);
      expect(roundTrips(response)).toBe(1);
      expect(await response.text()).toContain(message);
    }
  });

  it('is 404 for a course or cohort that does not exist', async () => {
    expect((await request(courseReportUrl(999_999), { cookie: adminCookie })).status).toBe(404);
    expect((await request('/admin/reports/courses/abc', { cookie: adminCookie })).status).toBe(404);
    const otherCohort = await env.DB.prepare('SELECT h.id FROM cohorts h JOIN courses c ON c.id = h.course_id WHERE c.slug <> ? LIMIT 1')
      .bind(SLUG)
      .first<{ id: number }>();
    if (otherCohort)
      expect((await request(courseReportUrl(courseId, { cohort: otherCohort.id }), { cookie: adminCookie })).status).toBe(404);
    expect((await request(courseReportCsvUrl(courseId, 'nothing'), { cookie: adminCookie })).status).toBe(404);
  });

  it('is 403 for a trainer, on the page and the CSV', async () => {
    const { cookie } = await trainerSession();
    for (const path of [courseReportUrl(courseId), courseReportCsvUrl(courseId, 'summary')]) {
      const response = await request(path, { cookie, headers: EN });
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain('Celina');
    }
  });

  it('sends visitors to sign in', async () => {
    expectSignInRedirect(await request(courseReportUrl(courseId)), courseReportUrl(courseId));
    expectSignInRedirect(await request(courseReportCsvUrl(courseId, 'funnel')), courseReportCsvUrl(courseId, 'funnel'));
  });
});

describe('GET /admin/reports/courses/:id/:table.csv', () => {
  const BOM = '\uFEFF';

  it('exports the summary with a BOM, ";" and decimal commas, as an attachment, in one round trip', async () => {
    const response = await request(courseReportCsvUrl(courseId, 'summary', { cohort: cohortId }), { cookie: adminCookie });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('Content-Disposition')).toBe(
      `attachment; filename="warsztat-${SLUG}-cohort-${cohortId}-summary-${day(Date.now())}.csv"`,
    );
    const r = pl.reports;
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    // Decoded keeping the BOM (Response.text() drops it, as browsers do).
    expect(new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)).toBe(
      `${BOM}${r.figure};${r.value}\r\n` +
        `${r.enrolled};4\r\n${r.active};3\r\n${r.withdrawn};1\r\n${r.started};3\r\n${r.completed};2\r\n` +
        `${r.completionRate} (%);50\r\n${r.medianDays};"10,5"\r\n${r.active7};1\r\n${r.active30};2\r\n${r.hours};"2,3"\r\n`,
    );
  });

  it('exports the funnel, the questions and the grid with their numbers', async () => {
    const csv = async (table: string) => {
      const response = await request(courseReportCsvUrl(courseId, table, { cohort: cohortId }), { cookie: adminCookie, headers: EN });
      expect(response.status).toBe(200);
      return (await response.text()).split('\r\n'); // text() drops the BOM
    };
    const r = en.reports;
    expect(await csv('funnel')).toEqual([
      `${r.module};${r.lesson};${r.reached};${r.completed}`,
      'Basics;First page;3;3',
      'Basics;Druga strona;3;2', // no English title: the main language's
      `Basics;Extra (${r.optional});3;0`,
      'Practice;Check;3;2',
      'Practice;Reflection;2;2',
      '',
    ]);
    expect(await csv('questions')).toEqual([
      `${r.quiz};${r.question};${r.firstAttempts};${r.rightFirst} (%);${r.wrongOption};${r.wrongTimes};${r.attemptsToPass}`,
      'Check;What colour is the sky?;3;"33,3";Green;2;"1,5"',
      'Check;Which numbers are even?;3;"33,3";3;1;"1,5"',
      '',
    ]);
    expect(await csv('progress')).toEqual([
      `${r.trainer};Basics (2);Practice (2);${r.hours}`,
      'Ala Report;2;2;1',
      'Bartek Report;2;2;1',
      'Celina Report;1;0;"0,3"',
      'Dawid Report;0;0;0',
      '',
    ]);
  });

  it('guards against formula injection in names and quotes the separator', async () => {
    const { id } = await createAccount('trainer', '=HYPERLINK("x";"y")');
    await env.DB.prepare('INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at) VALUES (?, ?, ?, ?)')
      .bind(id, courseId, defaultCohortId, T)
      .run();
    const response = await request(courseReportCsvUrl(courseId, 'progress', { cohort: defaultCohortId }), { cookie: adminCookie });
    expect(await response.text()).toContain(`\r\n"'=HYPERLINK(""x"";""y"")";0;0;0\r\n`);
  });
});
