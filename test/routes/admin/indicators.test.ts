import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { indicatorsRead } from '../../../src/data/indicators';
import { runRead } from '../../../src/db';
import { en } from '../../../src/i18n/en';
import { courseReportCsvUrl, courseReportUrl } from '../../../src/urls';
import { fixtureFiles } from '../../fixtures/course';
import { createAccount, db, EN, escaped, expectSignInRedirect, importFixture, request, roundTrips, trainerSession } from '../../helpers';

const SLUG = 'indicators-course';
const files = fixtureFiles.map((f) => ({
  path: f.path.replace('test-course/', `${SLUG}/`),
  text: f.text.replace('slug: test-course', `slug: ${SLUG}`).replace('en: Test course', 'en: Indicators course'),
}));

const day = (date: string) => Date.parse(`${date}T12:00:00Z`);
const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const MARCH_MS = { from: Date.parse('2026-03-01T00:00:00Z'), to: Date.parse('2026-03-31T23:59:59.999Z') };

let courseId: number;
let cohortA: number;
let cohortB: number;
let adminCookie: string;

type Person = {
  cohort: 'A' | 'B';
  enrolled: string;
  completed?: string;
  profile: null | [gender: string, birth: number | null, labour: string, education: string, disability: string | null];
};

/**
 * Known data. Cohort A, enrolled in March 2026 (age = 2026 − birth year):
 *   1 woman 2009 (17) employed ISCED 3–4, disability yes · 2 woman 2008 (18) employed 5–8, no ·
 *   3 woman 1997 (29) unemployed 5–8, no disability consent · 4 woman 1996 (30) long-term unemployed
 *   0–2, no consent · 5 woman 1972 (54) inactive 5–8, no · 6 woman 1971 (55) employed 5–8, no ·
 *   7 man 1980 employed 3–4, no, completed 20 March · 8 man 1985 employed 3–4, no, completed 10 April ·
 *   9 man 1990 employed 5–8, no · 10 man 1960 (66) employed 5–8, yes · 11 man, no birth year,
 *   employed, education undisclosed, no consent · 12 non-binary 1999 (27) inactive 5–8, no ·
 *   13 declined the profile.
 * Cohort A outside March: 14 enrolled 20 February, completed 5 March; 15 enrolled 2 April.
 * Cohort B, March: five women and one man, 1990, employed, 5–8, no; three completed in March.
 */
const PEOPLE: Person[] = [
  { cohort: 'A', enrolled: '2026-03-02', profile: ['woman', 2009, 'employed', 'isced_3_4', 'yes'] },
  { cohort: 'A', enrolled: '2026-03-03', profile: ['woman', 2008, 'employed', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-03-04', profile: ['woman', 1997, 'unemployed', 'isced_5_8', null] },
  { cohort: 'A', enrolled: '2026-03-05', profile: ['woman', 1996, 'long_term_unemployed', 'isced_0_2', null] },
  { cohort: 'A', enrolled: '2026-03-06', profile: ['woman', 1972, 'inactive', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-03-07', profile: ['woman', 1971, 'employed', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-03-08', completed: '2026-03-20', profile: ['man', 1980, 'employed', 'isced_3_4', 'no'] },
  { cohort: 'A', enrolled: '2026-03-09', completed: '2026-04-10', profile: ['man', 1985, 'employed', 'isced_3_4', 'no'] },
  { cohort: 'A', enrolled: '2026-03-10', profile: ['man', 1990, 'employed', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-03-11', profile: ['man', 1960, 'employed', 'isced_5_8', 'yes'] },
  { cohort: 'A', enrolled: '2026-03-12', profile: ['man', null, 'employed', 'undisclosed', null] },
  { cohort: 'A', enrolled: '2026-03-13', profile: ['non_binary', 1999, 'inactive', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-03-31', profile: null },
  { cohort: 'A', enrolled: '2026-02-20', completed: '2026-03-05', profile: ['woman', 1990, 'employed', 'isced_5_8', 'no'] },
  { cohort: 'A', enrolled: '2026-04-02', profile: ['woman', 1990, 'employed', 'isced_5_8', 'no'] },
  ...[0, 1, 2, 3, 4, 5].map(
    (i): Person => ({
      cohort: 'B',
      enrolled: `2026-03-1${i}`,
      completed: i < 3 ? `2026-03-2${i}` : undefined,
      profile: [i === 5 ? 'man' : 'woman', 1990, 'employed', 'isced_5_8', 'no'],
    }),
  ),
];

beforeAll(async () => {
  await importFixture(files);
  courseId = (await env.DB.prepare('SELECT id FROM courses WHERE slug = ?').bind(SLUG).first<{ id: number }>())!.id;
  const cohort = (name: string) =>
    env.DB.prepare('INSERT INTO cohorts (course_id, name) VALUES (?, ?) RETURNING id').bind(courseId, name).first<{ id: number }>();
  cohortA = (await cohort('A'))!.id;
  cohortB = (await cohort('B'))!.id;
  for (const [i, person] of PEOPLE.entries()) {
    const { id } = await createAccount('trainer', `Osoba ${i + 1}`);
    const enrolled = day(person.enrolled);
    await env.DB.prepare('INSERT INTO enrolments (user_id, course_id, cohort_id, enrolled_at, completed_at) VALUES (?, ?, ?, ?, ?)')
      .bind(id, courseId, person.cohort === 'A' ? cohortA : cohortB, enrolled, person.completed ? day(person.completed) : null)
      .run();
    const p = person.profile;
    await env.DB.prepare(
      `INSERT INTO participant_profiles (user_id, gender, birth_year, labour_status, education, disability, consent_at,
         disability_consent_at, declined_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
      .bind(
        id,
        p?.[0] ?? null,
        p?.[1] ?? null,
        p?.[2] ?? null,
        p?.[3] ?? null,
        p?.[4] ?? null,
        p ? enrolled : null,
        p?.[4] ? enrolled : null,
        p ? null : enrolled,
        enrolled,
        enrolled,
      )
      .run();
  }
  adminCookie = (await trainerSession('admin')).cookie;
});

const filters = (cohortId: number | null, period = true) => ({
  courseId,
  cohortId,
  from: period ? MARCH_MS.from : null,
  to: period ? MARCH_MS.to : null,
});

describe('indicatorsRead (known data)', () => {
  it('counts cohort A in March: breakdowns, ages at the boundaries, disability only where consented', async () => {
    const { counts } = await runRead(db(), indicatorsRead(filters(cohortA)));
    expect(counts).toEqual({
      participants: 13,
      women: 6,
      men: 5,
      nonBinary: 1,
      genderUnknown: 1,
      employed: 8,
      unemployed: 2,
      longTermUnemployed: 1,
      inactive: 2,
      labourUnknown: 1,
      // 17 | 18 and 29 and 27 | 30, 54, 46, 41, 36 | 55 and 66 | no birth year, no profile
      below18: 1,
      age18to29: 3,
      age30to54: 5,
      age55plus: 2,
      ageUnknown: 2,
      isced0to2: 1,
      isced3to4: 3,
      isced5to8: 7,
      educationUnknown: 2,
      disabled: 2,
      notDisabled: 7,
      disabilityUnknown: 4,
      rco85: 13,
      // Completed in March: person 7 and person 14 (enrolled in February); person 8 finished in April.
      rcr81: 2,
    });
  });

  it('takes RCO85 by enrolment day and RCR81 by completion day', async () => {
    const course = await runRead(db(), indicatorsRead(filters(null)));
    expect(course.counts).toMatchObject({ participants: 19, rco85: 19, rcr81: 5 });
    const always = await runRead(db(), indicatorsRead(filters(null, false)));
    expect(always.counts).toMatchObject({ participants: 21, rco85: 21, rcr81: 6 });
    const april = await runRead(
      db(),
      indicatorsRead({ courseId, cohortId: null, from: Date.parse('2026-04-01T00:00:00Z'), to: Date.parse('2026-04-30T23:59:59Z') }),
    );
    expect(april.counts).toMatchObject({ participants: 1, rco85: 1, rcr81: 1 });
  });
});

/** The indicator rows of the course report page: [indicator, shown value]. */
function pageRows(html: string): Record<string, string> {
  const section = html.slice(html.indexOf(`<h2>${en.indicators.title}</h2>`));
  const rows: Record<string, string> = {};
  for (const m of section.matchAll(/<tr><th scope="row"><bdi>[^<]*<\/bdi><\/th><td>([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g))
    rows[m[1]!] ??= m[2]!;
  return rows;
}

describe('GET /admin/reports/courses/:id: funder indicators', () => {
  it('shows the indicators of a cohort and period with "<5" for 1–4 people, in one round trip', async () => {
    const response = await request(courseReportUrl(courseId, { cohort: cohortA, ...MARCH }), { cookie: adminCookie, headers: EN });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const html = await response.text();
    expect(html).toContain(`<h2>${en.indicators.title}</h2>`);
    const c = en.indicators.cells;
    const rows = pageRows(html);
    expect(rows[c.participants]).toBe('13');
    expect(rows[c.women]).toBe('6');
    expect(rows[c.men]).toBe('5');
    expect(rows[escaped(c.nonBinary)]).toBe('&lt;5');
    expect(rows[c.employed]).toBe('8');
    expect(rows[c.unemployed]).toBe('&lt;5');
    expect(rows[c.age30to54]).toBe('5');
    expect(rows[c.below18]).toBe('&lt;5');
    expect(rows[c.isced5to8]).toBe('7');
    expect(rows[c.disabled]).toBe('&lt;5');
    expect(rows[c.notDisabled]).toBe('7');
    expect(rows[c.rco85]).toBe('13');
    expect(rows[c.rcr81]).toBe('&lt;5');
  });

  it('hides a complementary cell so that a single "<5" cannot be worked out from the total', async () => {
    const response = await request(courseReportUrl(courseId, { cohort: cohortB, ...MARCH }), { cookie: adminCookie, headers: EN });
    const rows = pageRows(await response.text());
    const c = en.indicators.cells;
    // 6 participants = 5 women + 1 man: the man is "<5", and 6 − women would give him away.
    expect(rows[c.participants]).toBe('6');
    expect(rows[c.men]).toBe('&lt;5');
    expect(rows[c.women]).toBe(en.indicators.secondary);
    expect(rows[escaped(c.nonBinary)]).toBe('0');
    expect(rows[c.employed]).toBe('6');
  });

  it('exports the indicators as CSV with the region separator', async () => {
    const response = await request(courseReportCsvUrl(courseId, 'indicators', { cohort: cohortB, ...MARCH }), {
      cookie: adminCookie,
      headers: EN,
    });
    expect(response.status).toBe(200);
    expect(roundTrips(response)).toBe(1);
    const lines = (await response.text()).split('\r\n');
    const i = en.indicators;
    expect(lines[0]).toBe(`${i.group};${i.indicator};${en.reports.value}`);
    expect(lines).toContain(`${i.groups.total};${i.cells.participants};6`);
    expect(lines).toContain(`${i.groups.gender};${i.cells.women};c`);
    expect(lines).toContain(`${i.groups.gender};${i.cells.men};<5`);
    expect(lines).toContain(`${i.groups.interreg};${i.cells.rcr81};<5`);
  });

  it('is 403 for a trainer and sends visitors to sign in', async () => {
    const { cookie } = await trainerSession();
    for (const path of [courseReportUrl(courseId), courseReportCsvUrl(courseId, 'indicators')]) {
      expect((await request(path, { cookie })).status).toBe(403);
      expectSignInRedirect(await request(path), path);
    }
  });
});

describe('report CSV in a region that separates with commas', () => {
  it('uses "," between fields and "." in numbers in every report table', async () => {
    await env.DB.prepare(
      `INSERT INTO settings (id, site_name, languages, default_language, signup_policy, csv_separator, updated_at)
       VALUES (1, 'Warsztat', '["pl","en"]', 'pl', 'open', ',', 0)
       ON CONFLICT (id) DO UPDATE SET csv_separator = ','`,
    ).run();
    try {
      const csv = async (table: string) => {
        const response = await request(courseReportCsvUrl(courseId, table), { cookie: adminCookie, headers: EN });
        expect(response.status, table).toBe(200);
        return (await response.text()).split('\r\n');
      };
      const r = en.reports;
      const summary = await csv('summary');
      expect(summary[0]).toBe(`${r.figure},${r.value}`);
      // 6 of 21 completed: 28.6 %, written with a point and unquoted.
      expect(summary).toContain(`${r.completionRate} (%),28.6`);
      expect((await csv('indicators'))[0]).toBe(`${en.indicators.group},${en.indicators.indicator},${r.value}`);
      for (const table of ['funnel', 'questions', 'progress', 'weeks']) expect((await csv(table))[0]).not.toContain(';');
    } finally {
      await env.DB.prepare("UPDATE settings SET csv_separator = ';' WHERE id = 1").run();
    }
  });
});
