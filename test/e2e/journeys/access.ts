// Journey 4: who may see what. Anonymous visitors go to sign-in; trainers get 403 on /admin and
// a 404 for a certificate they do not hold.
import { dictionaries } from '../../../src/i18n';
import { courseBundle } from '../content';
import { lessonPath, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok } from '../harness';
import { SLUG } from './trainer';

export async function accessJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const first = courseBundle(SLUG).modules[0]!.lessons[0]!;
  const anonymous = await open();
  try {
    for (const path of ['/learning', '/admin', `/courses/${SLUG}/certificate`]) {
      await anonymous.visit(path, `${path} signed out`);
      equal(anonymous.page.url(), anonymous.url(`/sign-in?next=${encodeURIComponent(path)}`), `signed out, ${path} leads to`);
      equal(await anonymous.text('h1'), t.auth.signInTitle, `signed out, ${path} shows`);
    }
    // A mark-complete form posted by someone signed out: 303 to sign-in, nothing recorded.
    const complete = `${lessonPath(SLUG, first.key)}/complete`;
    const response = await anonymous.context.request.post(complete, {
      form: {},
      headers: { Origin: anonymous.baseUrl },
      maxRedirects: 0,
    });
    equal(response.status(), 303, `signed out, POST ${complete}`);
    equal(
      response.headers().location,
      `/sign-in?next=${encodeURIComponent(lessonPath(SLUG, first.key))}`,
      `signed out, POST ${complete} redirects to`,
    );
    // A sign-up with empty fields: each invalid input shows the error border (not the plain one).
    anonymous.expectStatus('/sign-up', 422);
    await anonymous.visit('/sign-up', 'sign-up');
    await Promise.all([anonymous.page.waitForLoadState('load'), anonymous.page.click('main button[type=submit]')]);
    await anonymous.page.locator('#email[aria-invalid="true"]').waitFor();
    await anonymous.check('sign-up with errors');
    const border = await anonymous.page.evaluate(`getComputedStyle(document.getElementById('email')).borderTopColor`);
    equal(border, 'rgb(161, 42, 31)', 'an invalid input has the error border colour');
    // The lesson itself is readable signed out, without the form.
    await anonymous.visit(lessonPath(SLUG, first.key), 'lesson signed out');
    equal(await anonymous.page.locator('#complete-widget form').count(), 0, 'no mark-complete form for a visitor');
    ok(await anonymous.page.locator(`#enrol-widget, .site-header a[href="/sign-in"]`).count(), 'the visitor is offered sign-in');
  } finally {
    await anonymous.close();
  }

  const tab = await open();
  try {
    await signUp(tab, freshTrainer('access'));
    await tab.visit('/admin', 'admin as trainer (403)', 403);
    equal(await tab.text('h1'), t.errors.forbiddenTitle, 'a trainer on /admin sees');
    equal(await tab.page.locator('.site-header a[href="/admin"]').count(), 0, 'a trainer has no admin link');
    // Another trainer holds this course's certificate (journey 1); this one has none.
    await tab.visit(`/courses/${SLUG}/certificate`, 'certificate of a course not completed (404)', 404);
    equal(await tab.text('h1'), t.errors.notFoundTitle, 'a trainer without a certificate sees');
    equal(await tab.page.locator('.certificate').count(), 0, 'no certificate is shown');
    // Not enrolled: completing a lesson is refused with 403 and records nothing.
    const refused = await tab.context.request.post(`${lessonPath(SLUG, first.key)}/complete`, {
      form: {},
      headers: { Origin: tab.baseUrl },
      maxRedirects: 0,
    });
    equal(refused.status(), 403, 'POST /complete for a course the trainer is not enrolled in');
    includes(await refused.text(), t.errors.forbiddenTitle, 'the refusal page');
  } finally {
    await tab.close();
  }
}
