// A trainer who forgot the password: asks for a link, reads it in the local outbox, sets a new
// password and signs in with it; then changes their name on /account and sees it there.
import { dictionaries } from '../../../src/i18n';
import { signIn, signOut, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok, type Tab } from '../harness';

export async function passwordResetJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const trainer = freshTrainer('reset');
  const newPassword = `${trainer.password}-new`;
  const tab = await open();
  try {
    await signUp(tab, trainer);
    await signOut(tab);

    await tab.visit('/sign-in', 'sign-in');
    await Promise.all([tab.page.waitForURL('**/password-reset'), tab.page.click('main a[href="/password-reset"]')]);
    await tab.check('password reset request');
    await tab.page.fill('#email', trainer.email);
    await Promise.all([tab.page.waitForURL('**/password-reset/sent'), tab.page.click('main button[type=submit]')]);
    await tab.check('reset requested');
    includes(await tab.text('main'), t.account.resetSent, 'the answer to a reset request');

    await openMessageTo(tab, trainer.email);
    includes(await tab.text('h1'), t.account.mail.resetSubject('Warsztat'), 'the reset message subject');
    const link = tab.page.locator('.mail-text a[href*="/password-reset/"]').first();
    await Promise.all([tab.page.waitForURL('**/password-reset/*'), link.click()]);
    await tab.check('new password form');
    equal(await tab.text('h1'), t.account.newPasswordTitle, 'the link opens');
    await tab.page.fill('#new-password', newPassword);
    await tab.page.fill('#confirm', newPassword);
    await Promise.all([tab.page.waitForURL('**/learning'), tab.page.click('main button[type=submit]')]);
    await tab.check('my learning after the reset');
    ok(await tab.page.locator('form[action="/sign-out"]').count(), 'after the reset this browser is signed in');

    await signOut(tab);
    await signIn(tab, trainer.email, newPassword);

    // The header links to the account.
    await Promise.all([tab.page.waitForURL('**/account'), tab.page.click('.site-header a[href="/account"]')]);
    await tab.check('account page');
    equal(await tab.text('h1'), t.account.title, 'the account page heading');
    includes(await tab.text('main table'), t.account.thisDevice, 'the sessions list marks this device');
    const newName = `${trainer.name} Renamed`;
    await tab.page.fill('#name', newName);
    await Promise.all([
      tab.page.waitForURL('**/account?done=profile'),
      tab.page.click('form[action="/account/profile"] button[type=submit]'),
    ]);
    await tab.check('account after saving the name');
    equal(await tab.page.inputValue('#name'), newName, 'the name field after saving');
    includes(await tab.text('#account-who'), newName, 'the page shows the new name');
    includes(await tab.text('main [role=status]'), t.account.saved, 'the page says it saved');
  } finally {
    await tab.close();
  }
}

/** The newest message to `to` in /dev/outbox (sent just after the answer, so it may take a moment). */
async function openMessageTo(tab: Tab, to: string) {
  for (let attempt = 0; attempt < 20; attempt++) {
    await tab.visit('/dev/outbox', 'outbox');
    const message = tab.page.locator('tbody tr', { hasText: to }).first().locator('a');
    if (await message.count()) {
      await Promise.all([tab.page.waitForURL('**/dev/outbox/*'), message.click()]);
      await tab.check('the reset message');
      return;
    }
    await tab.page.waitForTimeout(250);
  }
  throw new Error(`no message to ${to} in the outbox`);
}
