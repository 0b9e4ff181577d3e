// An admin renames the region, names the issuing organisation, turns the EU emblem on and writes a
// privacy notice at /admin/settings; a visitor sees all of it at once. The settings are put back
// at the end (in `finally`): the journeys share one local database and expect the defaults.
import { signIn } from '../flows';
import { equal, includes, type JourneyContext, ok, type Tab } from '../harness';

export async function settingsJourney({ open }: JourneyContext) {
  const name = `Warsztat E2E ${Math.random().toString(36).slice(2, 8)}`;
  const admin = await open();
  const visitor = await open();
  try {
    await signIn(admin, 'admin@example.org', 'warsztat-demo', '/admin');
    await Promise.all([admin.page.waitForURL('**/admin/settings'), admin.page.click('nav.studio-nav a[href="/admin/settings"]')]);
    await admin.check('settings');
    await save(admin, { name, organisation: 'Fundacja E2E', emblem: true, privacy: 'We keep **little** about you.' });
    equal(await admin.text('a.brand'), name, 'the header shows the new name at once');

    await visitor.visit('/courses', 'catalogue with the new settings');
    equal(await visitor.text('a.brand'), name, "the visitor's header shows the new name");
    const footer = await visitor.text('footer');
    includes(footer, 'Fundacja E2E', 'the footer names the organisation');
    equal(await visitor.attribute('footer img[src="/eu-emblem.svg"]', 'alt'), 'Co-funded by the European Union', 'the emblem');
    await Promise.all([visitor.page.waitForURL('**/privacy'), visitor.page.click('footer a[href="/privacy"]')]);
    await visitor.check('privacy notice');
    includes(await visitor.text('main'), 'We keep little about you.', 'the privacy notice');
  } finally {
    await save(admin, { name: 'Warsztat', organisation: 'Warsztat', emblem: false, privacy: '' });
    ok((await admin.page.locator('footer img[src="/eu-emblem.svg"]').count()) === 0, 'the emblem is off again');
    await admin.close();
    await visitor.close();
  }
}

async function save(tab: Tab, values: { name: string; organisation: string; emblem: boolean; privacy: string }) {
  if (!tab.page.url().endsWith('/admin/settings')) await tab.visit('/admin/settings', 'settings');
  await tab.page.fill('#f-site-name', values.name);
  await tab.page.fill('#f-organisation', values.organisation);
  await tab.page.setChecked('input[name=funding_emblem]', values.emblem);
  await tab.page.fill('#f-privacy-en', values.privacy);
  await Promise.all([tab.page.waitForURL('**/admin/settings?saved=1'), tab.page.click('form.settings-form button[type=submit]')]);
  await tab.check('settings saved');
}
