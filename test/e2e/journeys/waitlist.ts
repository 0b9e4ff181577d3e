// Cohort journey: an admin makes a one-seat cohort; trainer A takes the seat, trainer B (another
// browser) finds it full and joins the waitlist as number 1; the admin withdraws A; B's seat comes
// through (enrolled on reload, and an email in /dev/outbox). The course is one no other journey
// enrols in, and the cohort is closed again at the end so later runs see the course as before.
import { dictionaries } from '../../../src/i18n';
import { signIn, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok, type Tab } from '../harness';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };
const SLUG = 'upcycling-workshops';

export async function waitlistJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const admin = await open();
  let cohortPath: string | undefined;
  try {
    await signIn(admin, ADMIN.email, ADMIN.password, '/admin');
    await admin.visit('/admin/courses', 'studio courses');
    const courseHref = await admin.page.locator(`tr:has(.meta:text-is("${SLUG}")) th a`).getAttribute('href');
    ok(courseHref, `the Studio lists ${SLUG}`);
    await admin.visit(courseHref!, 'studio course');
    await Promise.all([admin.page.waitForURL('**/cohorts'), admin.page.click(`a:text-is("${t.cohorts.manage}")`)]);
    await admin.check('cohorts of the course');
    const name = `E2E one seat ${Date.now().toString(36)}`;
    await admin.page.fill('#f-name', name);
    await admin.page.fill('#f-capacity', '1');
    await Promise.all([
      admin.page.waitForURL('**/admin/cohorts/*'),
      admin.page.click('section[aria-labelledby="new-cohort"] button[type=submit]'),
    ]);
    await admin.check('new cohort page');
    cohortPath = new URL(admin.page.url()).pathname;
    const cohortId = cohortPath.split('/').at(-1)!;
    includes(await admin.text('h1'), name, 'the cohort page is titled');

    const a = await open();
    const b = await open();
    try {
      const trainerA = freshTrainer('cohort-a');
      await signUp(a, trainerA);
      await chooseCohort(a, cohortId, t.course.enrol);
      await a.page.locator('#enrol-widget p.status').waitFor();
      equal(await a.text('#enrol-widget p.status'), t.course.enrolled, 'trainer A after enrolling sees');
      await a.check('course page, A enrolled');

      const trainerB = freshTrainer('cohort-b');
      await signUp(b, trainerB);
      await chooseCohort(b, cohortId, t.cohorts.joinWaitlist);
      await b.page.locator(`#enrol-widget button:text-is("${t.cohorts.leaveWaitlist}")`).waitFor();
      includes(await b.text('#enrol-widget p.status'), t.cohorts.waitlistPosition(1), 'trainer B after joining the waitlist sees');
      await b.check('course page, B waiting');

      await admin.visit(cohortPath, 'cohort page with a member and one waiting');
      includes(await admin.text('section[aria-labelledby="waitlist"]'), trainerB.email, 'the waitlist lists B');
      const withdraw = admin.page.locator(`tr:has(td:text-is("${trainerA.email}")) form[action$="/withdraw"] button`);
      await Promise.all([admin.page.waitForURL('**done=withdrawn**'), withdraw.click()]);
      await admin.check('cohort page after withdrawing A');
      includes(await admin.text('main'), t.cohorts.movedUp(1), 'after the withdrawal the admin reads');
      includes(await admin.text('section[aria-labelledby="members"]'), trainerB.email, 'B is a member now');

      await b.visit(`/courses/${SLUG}`, 'course page, B after the seat came through');
      equal(await b.text('#enrol-widget p.status'), t.course.enrolled, 'trainer B on reload sees');
      await b.visit('/dev/outbox', 'outbox');
      includes(await b.text('main'), trainerB.email, 'the outbox holds the message to B');
    } finally {
      await a.close();
      await b.close();
    }
  } finally {
    // Closed again, so the course shows its one Enrol button to later journeys and runs.
    if (cohortPath) await closeCohort(admin, cohortPath);
    await admin.close();
  }
}

/** On the course page: the form of cohort `id`, its button reading `label`. */
async function chooseCohort(tab: Tab, id: string, label: string) {
  await tab.visit(`/courses/${SLUG}`, 'course page with cohorts');
  const button = tab.page.locator(`#enrol-widget form:has(input[name=cohort][value="${id}"]) button[type=submit]`);
  equal(((await button.textContent()) ?? '').trim(), label, `cohort ${id} offers`);
  await button.click();
}

async function closeCohort(admin: Tab, cohortPath: string) {
  await admin.page.goto(`${cohortPath}/edit`);
  await admin.page.setChecked('input[name=enrolmentOpen]', false);
  await Promise.all([admin.page.waitForURL(`**${cohortPath}?done=saved`), admin.page.click('main button[type=submit]')]);
}
