// An admin finds a trainer who signed up in another browser, sees their progress, deactivates the
// account (the trainer's tab is signed out on its next page) and reactivates it.
import { dictionaries } from '../../../src/i18n';
import { courseBundle, localized } from '../content';
import { enrol, lessonPath, markComplete, signIn, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok } from '../harness';
import { SLUG } from './trainer';

export async function peopleJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const p = t.people;
  const course = courseBundle(SLUG);
  const first = course.modules[0]!.lessons[0]!;
  const trainer = freshTrainer('people');

  // The trainer: signs up, enrols and finishes one lesson.
  const learner = await open();
  const admin = await open();
  try {
    await signUp(learner, trainer);
    await learner.visit(`/courses/${SLUG}`, 'course page');
    await enrol(learner, course, 'en');
    await learner.visit(lessonPath(SLUG, first.key), 'first lesson');
    await markComplete(learner, SLUG, first.key, 'en');

    // The admin: People from the Studio's navigation, then a search that updates as they type.
    await signIn(admin, 'admin@example.org', 'warsztat-demo', '/admin');
    await Promise.all([admin.page.waitForURL('**/admin/people'), admin.page.click(`nav.studio-nav a[href="/admin/people"]`)]);
    await admin.check('people');
    equal(await admin.text('h1'), p.title, 'the People page heading');
    const stayed = await admin.markPage();
    await admin.page.fill('#filter-q', trainer.email);
    const row = admin.page.locator('#people-results tbody tr');
    // Only the trainer is left once htmx has swapped in the results for the whole address.
    await admin.page.locator('#people-results tbody tr', { hasText: trainer.name }).waitFor();
    await admin.page.waitForURL(`**q=${encodeURIComponent(trainer.email)}*`);
    equal(await row.count(), 1, "rows found for the trainer's email");
    await stayed('search as you type');
    includes((await row.textContent()) ?? '', p.states.active, 'the trainer is listed as active');
    await admin.check('people found');

    // Their page: the course and the progress of its first module.
    await Promise.all([admin.page.waitForURL('**/admin/people/*'), row.locator('th a').click()]);
    await admin.check('person');
    equal(await admin.text('h1'), trainer.name, 'the person page heading');
    includes(await admin.text('main'), localized(course, course.title, 'en'), 'their course is shown');
    const module = localized(course, course.modules[0]!.title, 'en');
    const required = course.modules[0]!.lessons.filter((l) => l.required).length;
    const moduleRow = admin.page.locator('main tr', { has: admin.page.locator('th', { hasText: module }) }).first();
    includes(
      (await moduleRow.textContent()) ?? '',
      p.progressOf(first.required ? 1 : 0, required),
      'the first module shows one lesson done',
    );

    // Deactivate: the trainer's next page is the sign-in page.
    await Promise.all([
      admin.page.waitForURL('**?done=deactivated'),
      admin.page.click(`main button:text-is(${JSON.stringify(p.deactivate)})`),
    ]);
    await admin.check('person deactivated');
    includes(await admin.text('main'), p.deactivated, 'the notice after deactivating');
    // The lesson is public: reloaded, it shows the visitor's header; My learning asks to sign in.
    await learner.page.reload();
    await learner.check('lesson after deactivation');
    equal(await learner.page.locator('form[action="/sign-out"]').count(), 0, 'nobody is signed in in the trainer tab');
    equal(await learner.page.locator('.site-header a[href="/sign-in"]').count(), 1, 'the reloaded page offers sign-in');
    await learner.visit('/learning', 'My learning after deactivation');
    equal(learner.page.url(), learner.url('/sign-in?next=%2Flearning'), 'My learning leads to');
    equal(await learner.text('h1'), t.auth.signInTitle, 'the deactivated trainer sees');

    // Signing in is refused with its own message, not "wrong password".
    await learner.page.fill('#email', trainer.email);
    await learner.page.fill('#password', trainer.password);
    learner.expectStatus('/sign-in', 403);
    await Promise.all([learner.page.waitForLoadState('load'), learner.page.click('main button[type=submit]')]);
    await learner.page.locator('#form-error').waitFor();
    equal(await learner.text('#form-error'), t.auth.deactivated, 'sign-in of a deactivated account says');
    await learner.check('sign-in refused');

    // Reactivate: they can sign in again.
    await Promise.all([
      admin.page.waitForURL('**?done=reactivated'),
      admin.page.click(`main button:text-is(${JSON.stringify(p.reactivate)})`),
    ]);
    await admin.check('person reactivated');
    includes(await admin.text('main'), p.reactivated, 'the notice after reactivating');
    ok(await admin.page.locator(`main button:text-is(${JSON.stringify(p.deactivate)})`).count(), 'Deactivate is offered again');
    await signIn(learner, trainer.email, trainer.password);
  } finally {
    await learner.close();
    await admin.close();
  }
}
