// Journey 1: a trainer signs in, enrols, learns, takes a quiz, reflects, finishes, gets a certificate.
import { dictionaries } from '../../../src/i18n';
import { courseBundle, firstLessonOfKind, localized } from '../content';
import { answerQuiz, enrol, finishCourse, lessonPath, markComplete, progress, saveReflection, signIn, signOut, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok } from '../harness';

export const SLUG = 'trainer-programme';

export async function trainerJourney({ open }: JourneyContext) {
  const t = dictionaries.en;
  const course = courseBundle(SLUG);
  const [first, second] = course.modules[0]!.lessons;
  const trainer = freshTrainer('trainer');
  const tab = await open();
  const { page } = tab;
  try {
    await signUp(tab, trainer);
    await signOut(tab);

    // A wrong password: the form says so plainly, keeps the email, and nobody is signed in.
    await tab.visit('/sign-in', 'sign-in');
    await page.fill('#email', trainer.email);
    await page.fill('#password', 'not-the-password');
    tab.expectStatus('/sign-in', 422);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/sign-in'));
    await page.click('main button[type=submit]');
    equal((await refused).status(), 422, 'POST /sign-in with a wrong password');
    await page.locator('#form-error').waitFor();
    equal(await tab.text('#form-error'), t.auth.wrongCredentials, 'wrong-password message');
    equal(await page.inputValue('#email'), trainer.email, 'the email stays typed in');
    equal(await page.locator('form[action="/sign-out"]').count(), 0, 'nobody is signed in after a wrong password');
    await tab.check('sign-in with wrong password');

    await signIn(tab, trainer.email, trainer.password);

    // Catalogue → course page → Enrol in place → Start.
    await tab.visit('/courses', 'catalogue');
    const title = localized(course, course.title, 'en');
    await Promise.all([page.waitForURL(`**/courses/${SLUG}`), page.getByRole('link', { name: title, exact: true }).click()]);
    await tab.check('course page');
    await enrol(tab, course, 'en');
    await Promise.all([page.waitForURL(`**${lessonPath(SLUG, first!.key)}`), page.click('#enrol-widget a.button.primary')]);
    await tab.check('first lesson');
    equal(await tab.text('h1'), localized(course, first!.title, 'en'), 'first lesson title');
    await markComplete(tab, SLUG, first!.key, 'en');

    // Back on the course page, Continue leads to the next lesson.
    await tab.visit(`/courses/${SLUG}`, 'course page after one lesson');
    equal(await tab.text('#enrol-widget a.button.primary'), t.course.continue, 'the widget now offers');
    includes(
      await tab.text('#enrol-widget .continue-where'),
      localized(course, second!.title, 'en'),
      'continue-where names the next lesson',
    );
    await Promise.all([page.waitForURL(`**${lessonPath(SLUG, second!.key)}`), page.click('#enrol-widget a.button.primary')]);
    await tab.check('second lesson');
    equal(await progress(tab), 1, 'progress on the next lesson');

    // A quiz: fail it, read the feedback, then pass it.
    const quiz = firstLessonOfKind(course, 'quiz');
    await tab.visit(lessonPath(SLUG, quiz.key), 'quiz');
    await answerQuiz(tab, course, quiz, 'en', false);
    ok(await page.locator('#quiz .explanation.wrong').count(), 'the failed quiz explains the wrong answers');
    equal(await tab.text('#quiz button[type=submit]'), t.quiz.tryAgain, 'the quiz then offers');
    await answerQuiz(tab, course, quiz, 'en', true);

    // A reflection: saved in place.
    const reflection = firstLessonOfKind(course, 'reflection');
    await tab.visit(lessonPath(SLUG, reflection.key), 'reflection');
    await saveReflection(tab, SLUG, reflection.key, 'en', 'Our client is a social cooperative in Gdynia.\n\nLong-term goal: …');

    // Everything else, then the certificate.
    await finishCourse(tab, course, 'en');
    await tab.visit(`/courses/${SLUG}`, 'completed course page');
    const total = course.modules.flatMap((m) => m.lessons).filter((l) => l.required).length;
    equal(await progress(tab), total, 'progress after finishing every required lesson');
    includes(await tab.text('#enrol-widget .status'), 'Completed on', 'the widget says the course is completed');
    const certificateLink = page.locator(`#enrol-widget a[href="/courses/${SLUG}/certificate"]`);
    equal(((await certificateLink.textContent()) ?? '').trim(), t.course.certificate, 'the certificate link');

    await tab.visit('/learning', 'my learning after finishing');
    ok(await page.locator(`main a[href="/courses/${SLUG}/certificate"]`).count(), 'my learning links the certificate');

    await Promise.all([page.waitForURL(`**/courses/${SLUG}/certificate`), page.click(`main a[href="/courses/${SLUG}/certificate"]`)]);
    await tab.check('certificate');
    ok(await page.locator('button[data-print]').isVisible(), 'the certificate offers a print button (print.js ran)');
    equal(await tab.text('.certificate-name'), trainer.name, 'certificate holder');
    equal(await tab.text('.certificate-course'), localized(course, course.title, 'en'), 'certificate course');
    const code = await tab.text('.certificate-code code');
    ok(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(code), `certificate code looks like XXXX-XXXX-XXXX: ${code}`);

    await Promise.all([page.waitForURL(`**/certificates/${code}`), page.click(`a[href="/certificates/${code}"]`)]);
    await tab.check('certificate check');
    await expectValidCertificate(tab.text.bind(tab), trainer.name, t.certificate.valid);

    // Anyone holding the code can check it, signed out, in a browser that has never been here.
    const stranger = await open();
    try {
      await stranger.visit(`/certificates/${code}`, 'certificate check, signed out');
      equal(await stranger.page.locator('form[action="/sign-out"]').count(), 0, 'the stranger is not signed in');
      await expectValidCertificate(stranger.text.bind(stranger), trainer.name, t.certificate.valid);
      await stranger.visit('/certificates/AAAA-BBBB-CCCC', 'certificate check, unknown code', 404);
      includes(await stranger.text('.result'), t.certificate.invalid, 'an unknown code');
    } finally {
      await stranger.close();
    }

    await signOut(tab);
    await tab.visit('/learning', 'my learning after sign-out (→ sign-in)');
    ok(page.url().includes('/sign-in?next=%2Flearning'), `after sign-out /learning sends to sign-in: ${page.url()}`);
  } finally {
    await tab.close();
  }
  return { trainer };
}

async function expectValidCertificate(text: (s: string) => Promise<string>, name: string, valid: string) {
  const result = await text('.result.passed');
  includes(result, valid, 'the verification page');
  includes(result, name, 'the verification page names the holder');
}
