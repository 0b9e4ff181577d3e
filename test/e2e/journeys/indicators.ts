// Funder indicators: an admin turns the participant profile on at /admin/settings with its consent
// texts; a new trainer enrols, is asked for the profile (in place, with htmx), answers and is
// enrolled; the admin opens the course report, finds the funder indicators and downloads them as
// CSV. The setting is turned off again at the end: the journeys share one local database.
import { readFile } from 'node:fs/promises';
import { dictionaries } from '../../../src/i18n';
import { signIn, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok, type Tab } from '../harness';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };
const SLUG = 'mission-policy-guide';
const CONSENT = 'E2E: we count these answers for the ESF+ report.';

export async function indicatorsJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const admin = await open();
  try {
    await signIn(admin, ADMIN.email, ADMIN.password, '/admin');
    await setProfile(admin, true);

    const tab = await open();
    try {
      await signUp(tab, freshTrainer('profile'));
      await tab.visit(`/courses/${SLUG}`, 'course page');
      const stayed = await tab.markPage();
      await tab.page.click('#enrol-widget button[type=submit]');
      await tab.page.locator('#enrol-widget select[name=gender]').waitFor();
      await stayed('the profile question swapped in');
      includes(await tab.text('#enrol-widget'), CONSENT, 'the region’s consent text');
      await tab.check('the profile question');
      await tab.page.selectOption('#profile-gender', 'woman');
      await tab.page.fill('#profile-birth_year', '1990');
      await tab.page.selectOption('#profile-labour_status', 'employed');
      await tab.page.selectOption('#profile-education', 'isced_5_8');
      await tab.page.check('input[name=consent]');
      await tab.page.click(`#enrol-widget button[value=save]`);
      await tab.page.locator('#enrol-widget a.button.primary').waitFor();
      equal(await tab.text('#enrol-widget a.button.primary'), t.course.start, 'enrolled after answering');
      await tab.check('course page after the profile');
      await tab.visit('/account', 'account with the profile');
      equal(await tab.page.inputValue('#profile-birth_year'), '1990', 'the account page shows the birth year');
    } finally {
      await tab.close();
    }

    // The course's report: its row on /admin, found by the title the course page shows.
    await admin.visit(`/courses/${SLUG}`, 'course page');
    const title = await admin.text('h1');
    await admin.visit('/admin', 'reports');
    await Promise.all([
      admin.page.waitForURL('**/admin/reports/courses/*'),
      admin.page
        .locator('main table th a', { hasText: new RegExp(`^\\s*${escapeRegExp(title)}\\s*$`) })
        .first()
        .click(),
    ]);
    await admin.check('course report with indicators');
    const section = admin.page.locator('section.report-section', { has: admin.page.locator('h2', { hasText: t.indicators.title }) });
    equal(await section.count(), 1, 'the funder indicators section');
    const participants = section.locator('tr', { hasText: t.indicators.cells.participants }).locator('td').last();
    ok(((await participants.textContent()) ?? '').trim().length > 0, 'the participants count');

    const csvLink = admin.page.locator('main a[download]', { hasText: t.indicators.title });
    const [download] = await Promise.all([admin.page.waitForEvent('download'), csvLink.click()]);
    ok(/-indicators-\d{4}-\d{2}-\d{2}\.csv$/.test(download.suggestedFilename()), `the CSV's name (${download.suggestedFilename()})`);
    const text = (await readFile((await download.path())!)).subarray(3).toString('utf8');
    includes(text, `${t.indicators.group};${t.indicators.indicator};${t.reports.value}\r\n`, 'the CSV header');
    includes(text, `${t.indicators.groups.interreg};${t.indicators.cells.rco85};`, 'RCO85 in the CSV');
  } finally {
    await setProfile(admin, false);
    await admin.close();
  }
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function setProfile(tab: Tab, on: boolean) {
  await tab.visit('/admin/settings', 'settings');
  await tab.page.setChecked('input[name=ask_profile]', on);
  for (const lang of ['pl', 'en']) {
    await tab.page.fill(`#f-profile-consent-${lang}`, CONSENT);
    await tab.page.fill(`#f-disability-consent-${lang}`, `${CONSENT} Disability only with this consent.`);
  }
  await Promise.all([tab.page.waitForURL('**/admin/settings?saved=1'), tab.page.click('form.settings-form button[type=submit]')]);
  await tab.check('settings saved');
}
