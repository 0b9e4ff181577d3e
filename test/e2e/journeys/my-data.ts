// A trainer takes their data with them, then deletes the account: enrol, complete a lesson, write a
// reflection, download the JSON export (and a CSV), delete the account, and fail to sign in again.
import { readFileSync } from 'node:fs';
import { dictionaries } from '../../../src/i18n';
import { courseBundle, firstLessonOfKind } from '../content';
import { enrol, lessonPath, markComplete, saveReflection, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok } from '../harness';
import { SLUG } from './trainer';

export async function myDataJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const course = courseBundle(SLUG);
  const first = course.modules[0]!.lessons[0]!;
  const reflection = firstLessonOfKind(course, 'reflection');
  const trainer = freshTrainer('mydata');
  const written = `What I keep from this course, ${trainer.email}`;
  const tab = await open();
  const { page } = tab;
  try {
    await signUp(tab, trainer);
    await tab.visit(`/courses/${SLUG}`, 'course page');
    await enrol(tab, course, 'en');
    await tab.visit(lessonPath(SLUG, first.key), 'first lesson');
    await markComplete(tab, SLUG, first.key, 'en');
    await tab.visit(lessonPath(SLUG, reflection.key), 'reflection lesson');
    await saveReflection(tab, SLUG, reflection.key, 'en', written);

    // The data page, and the whole export through the browser's own download.
    await tab.visit('/account/data', 'my data');
    equal(await tab.text('h1'), t.myData.title, 'the data page is titled');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/account/data/export.json"]')]);
    equal(download.suggestedFilename(), `warsztat-data-${new Date().toISOString().slice(0, 10)}.json`, 'the export is saved as');
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    equal(data.account?.email, trainer.email, 'the export names the account');
    equal(data.account?.name, trainer.name, "the export has the trainer's name");
    equal(data.enrolments?.[0]?.course_slug, SLUG, 'the export lists the enrolment');
    ok(
      data['lesson-progress']?.some((p: { lesson_key: string }) => p.lesson_key === first.key),
      'the export lists the completed lesson',
    );
    equal(data.reflections?.[0]?.text, written, 'the export holds the reflection as written');
    // One table as CSV, fetched by the page as a script would.
    const csv = String(await page.evaluate(`fetch('/account/data/reflections.csv').then((r) => r.text())`));
    includes(csv, written, 'the reflections CSV');

    // Delete the account: the page says what happens; a wrong word is refused and deletes nothing.
    await Promise.all([page.waitForURL('**/account/delete'), page.click('main a[href="/account/delete"]')]);
    await tab.check('delete account page');
    await page.fill('#password', trainer.password);
    await page.fill('#confirm', 'delete me');
    tab.expectStatus('/account/delete', 422);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/account/delete'));
    await page.click('main button[type=submit]');
    equal((await refused).status(), 422, 'POST /account/delete with the wrong word');
    await page.locator('#confirm-error').waitFor();
    equal(await tab.text('#confirm-error'), t.myData.confirmMismatch(t.myData.confirmWord), 'the wrong word is explained');
    await tab.check('delete account with the wrong word');

    await page.fill('#password', trainer.password);
    await page.fill('#confirm', t.myData.confirmWord);
    await Promise.all([page.waitForURL('**/account/deleted'), page.click('main button[type=submit]')]);
    equal(await tab.text('h1'), t.myData.deletedTitle, 'after deleting, the page says');
    equal(await page.locator('.site-header a[href="/sign-in"]').count(), 1, 'after deleting, the browser is signed out');
    await tab.check('account deleted');

    // The account is gone: signing in with it fails like a wrong password.
    await tab.visit('/sign-in', 'sign-in after deleting');
    await page.fill('#email', trainer.email);
    await page.fill('#password', trainer.password);
    tab.expectStatus('/sign-in', 422);
    const signIn = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in'));
    await page.click('main button[type=submit]');
    equal((await signIn).status(), 422, 'POST /sign-in for the deleted account');
    await page.locator('#form-error').waitFor();
    equal(await tab.text('#form-error'), t.auth.wrongCredentials, 'signing in as the deleted account says');
    equal(await page.locator('form[action="/sign-out"]').count(), 0, 'nobody is signed in');
    await tab.check('sign-in refused after deleting');
  } finally {
    await tab.close();
  }
}
