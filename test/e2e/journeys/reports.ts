// An admin opens /admin, a course's report (its charts drawn as SVG, each with its table) and
// downloads one of its tables as CSV: UTF-8 with a byte-order mark, ';' between fields.
import { readFile } from 'node:fs/promises';
import { dictionaries } from '../../../src/i18n';
import { courseBundle, localized } from '../content';
import { signIn } from '../flows';
import { equal, includes, type JourneyContext, ok } from '../harness';
import { SLUG } from './trainer';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };

export async function reportsJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const r = t.reports;
  const course = courseBundle(SLUG);
  const title = localized(course, course.title, 'en');
  const admin = await open();
  try {
    await signIn(admin, ADMIN.email, ADMIN.password, '/admin');
    await admin.visit('/admin', 'reports');
    equal(await admin.text('h1'), t.admin.title, 'the reports heading');

    // The course's report, from its row.
    // The exact title: the Studio journeys may have made a copy whose title contains it.
    const exact = new RegExp(`^\\s*${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
    const link = admin.page.locator('main table th a', { hasText: exact }).first();
    await Promise.all([admin.page.waitForURL('**/admin/reports/courses/*'), link.click()]);
    await admin.check('course report');
    equal(await admin.text('h1'), r.reportOf(title), 'the course report heading');

    // The funnel chart: an image with its text alternative, its table beside it.
    const chart = admin.page.locator('svg[role="img"]').first();
    equal(await chart.locator('title').textContent(), r.funnel, 'the funnel chart title');
    ok(((await chart.locator('desc').textContent()) ?? '').length > 0, 'the funnel chart has a description');
    // Its section (found by its heading: `has: chart` would match every section with a chart).
    const section = admin.page.locator('section.report-section', { has: admin.page.locator('h2', { hasText: r.funnel }) });
    ok((await section.locator('svg[role="img"]').count()) === 1, 'the funnel section holds the chart');
    ok((await section.locator('table').count()) === 1, 'the chart has its table');

    // The funnel's CSV, downloaded as a browser downloads it.
    const csvLink = admin.page.locator(`main a[download]`, { hasText: r.funnel });
    const [download] = await Promise.all([admin.page.waitForEvent('download'), csvLink.click()]);
    ok(
      /^warsztat-.+-funnel-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()),
      `the CSV's file name (${download.suggestedFilename()})`,
    );
    const bytes = await readFile((await download.path())!);
    equal([...bytes.subarray(0, 3)].join(','), '239,187,191', 'the CSV starts with the UTF-8 byte-order mark');
    const text = bytes.subarray(3).toString('utf8');
    includes(text, `${r.module};${r.lesson};${r.reached};${r.completed}\r\n`, 'the CSV header');
  } finally {
    await admin.close();
  }
}
