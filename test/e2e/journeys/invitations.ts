// Journey: invitations. The demo admin invites a fresh address into a course's cohort (its default
// cohort unless another exists: the first one the select lists for the course), sees "invited",
// then, in the same browser, opens the local outbox, reads the message, follows its link, sets a
// name and a password, and lands on the course page enrolled.
import { dictionaries } from '../../../src/i18n';
import { courseBundle } from '../content';
import { signIn } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok } from '../harness';
import { SLUG } from './trainer';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };

export async function invitationJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const it = t.invitations;
  const course = courseBundle(SLUG);
  const courseTitle = course.title.en ?? '';
  const invitee = freshTrainer('invitee');
  const tab = await open();
  try {
    await signIn(tab, ADMIN.email, ADMIN.password, '/admin');
    await tab.visit('/admin/invitations', 'invitations');
    await Promise.all([tab.page.waitForURL('**/admin/invitations/new'), tab.page.click(`main a[href="/admin/invitations/new"]`)]);
    await tab.check('invite form');

    await tab.page.fill('#f-list', `${invitee.name} <${invitee.email}>`);
    await tab.page.selectOption('#f-defaultLanguage', 'en');
    const cohort = await tab.page
      .locator('#f-cohort option', { hasText: `${courseTitle} — ` })
      .first()
      .getAttribute('value');
    ok(cohort, `the cohort select lists a cohort of “${courseTitle}”`);
    await tab.page.selectOption('#f-cohort', cohort ?? '');
    await Promise.all([tab.page.waitForURL('**/admin/invitations'), tab.page.click('main form[enctype] button[type=submit]')]);
    equal(await tab.text('h1'), it.resultsTitle, 'after sending, the page shows');
    const row = tab.page.locator('tr.outcome-invited', { hasText: invitee.email });
    equal(await row.count(), 1, 'the result has an "invited" row for the address');
    includes((await row.textContent()) ?? '', it.outcomes.invited, 'the row says');
    equal(await tab.page.locator('.mail-not-sent').count(), 0, 'no email failed');
    await tab.check('invitation result');

    await tab.visit('/dev/outbox', 'outbox');
    const message = tab.page.locator('tr', { hasText: invitee.email }).locator('a').first();
    equal(((await message.textContent()) ?? '').trim(), it.mail.subject(await tab.text('.site-header .brand')), 'the message is titled');
    await Promise.all([tab.page.waitForURL('**/dev/outbox/*'), message.click()]);
    await tab.check('invitation email');

    const link = tab.page.locator('.mail-text a[href*="/invitations/"]').first();
    await Promise.all([tab.page.waitForURL('**/invitations/*'), link.click()]);
    equal(await tab.text('h1'), it.accept.title, 'the link opens');
    equal(await tab.page.inputValue('#f-name'), invitee.name, 'the name is filled in from the invitation');
    await tab.check('accepting the invitation');

    await tab.page.fill('#f-password', invitee.password);
    await tab.page.fill('#f-confirm', invitee.password);
    await Promise.all([tab.page.waitForURL(`**/courses/${SLUG}`), tab.page.click('main button[type=submit]')]);
    equal(await tab.page.locator('#enrol-widget form').count(), 0, 'the new account is enrolled: no Enrol button');
    ok(await tab.page.locator('#enrol-widget a.button.primary').count(), 'the course page offers to start');
    equal(await tab.page.locator('form[action="/sign-out"]').count(), 1, 'the invitee is signed in');
    await tab.check('course page after accepting');
  } finally {
    await tab.close();
  }
}
