// Steps that several journeys take, written the way a trainer does them: through the page.
// Each one works with JavaScript on (htmx swaps in place) and off (form post, 303, new page).
import type { CourseBundle, LessonBundle } from '../../src/content/bundle';
import type { Language } from '../../src/data/schema';
import { dictionaries } from '../../src/i18n';
import { localized, quizAnswers } from './content';
import { equal, includes, ok, type Tab, type Trainer } from './harness';

export const lessonPath = (slug: string, key: string) => `/courses/${slug}/lessons/${key}`;
const outlineItem = (slug: string, key: string) => `#course-outline li.lesson:has(> a[href="${lessonPath(slug, key)}"])`;

export async function signUp(tab: Tab, trainer: Trainer) {
  await tab.visit('/sign-up', 'sign-up');
  await tab.page.fill('#name', trainer.name);
  await tab.page.fill('#email', trainer.email);
  await tab.page.fill('#password', trainer.password);
  await Promise.all([tab.page.waitForURL('**/courses'), tab.page.click('main button[type=submit]')]);
  ok(await tab.page.locator('form[action="/sign-out"]').count(), 'after sign-up the header offers sign-out');
  await tab.check('catalogue after sign-up');
}

/** Signs in; a trainer lands on My learning, an admin on `landing` (the reports). */
export async function signIn(tab: Tab, email: string, password: string, landing = '/learning') {
  await tab.visit('/sign-in', 'sign-in');
  await tab.page.fill('#email', email);
  await tab.page.fill('#password', password);
  await Promise.all([tab.page.waitForURL(`**${landing}`), tab.page.click('main button[type=submit]')]);
  await tab.check(`${landing} after sign-in`);
}

export async function signOut(tab: Tab) {
  await Promise.all([tab.page.waitForURL('**/courses'), tab.page.click('form[action="/sign-out"] button')]);
  equal(await tab.page.locator('.site-header a[href="/sign-in"]').count(), 1, 'after sign-out the header offers sign-in');
  await tab.check('catalogue after sign-out');
}

/** On the course page: Enrol, and see the widget turn into a link to the first lesson. */
export async function enrol(tab: Tab, course: CourseBundle, lang: Language) {
  const t = dictionaries[lang];
  const first = course.modules[0]!.lessons[0]!;
  const button = tab.page.locator('#enrol-widget button[type=submit]');
  equal(((await button.textContent()) ?? '').trim(), t.course.enrol, 'the course page offers Enrol');
  if (tab.javaScript) {
    const stayed = await tab.markPage();
    await button.click();
    await tab.page.locator('#enrol-widget a.button.primary').waitFor();
    await stayed('enrol');
  } else {
    const redirect = tab.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/enrol'));
    await Promise.all([tab.page.waitForURL(`**/courses/${course.slug}`), button.click()]);
    equal((await redirect).status(), 303, 'POST /enrol without JavaScript answers');
  }
  const start = tab.page.locator('#enrol-widget a.button.primary');
  equal(await start.getAttribute('href'), lessonPath(course.slug, first.key), 'after enrolling the widget links to the first lesson');
  equal(await tab.text('#enrol-widget a.button.primary'), t.course.start, 'the enrolled widget offers');
  equal(await tab.page.locator('#enrol-widget form').count(), 0, 'the Enrol form is gone');
  equal(await progress(tab), 0, 'progress right after enrolling');
  await tab.check('course page after enrolling');
}

/** The value of the course progress bar on this page. */
export async function progress(tab: Tab): Promise<number> {
  const value = await tab.attribute('#course-progress progress', 'value');
  ok(value !== null, 'the page shows a course progress bar');
  return Number(value);
}

export async function isDone(tab: Tab, slug: string, key: string) {
  return ((await tab.attribute(outlineItem(slug, key), 'class')) ?? '').split(' ').includes('done');
}

/** On a page lesson: Mark as complete; the widget, progress bar and outline update. */
export async function markComplete(tab: Tab, slug: string, key: string, lang: Language) {
  const before = await progress(tab);
  ok(!(await isDone(tab, slug, key)), `${key} is not yet ticked in the outline`);
  const button = tab.page.locator('#complete-widget button[type=submit]');
  equal(((await button.textContent()) ?? '').trim(), dictionaries[lang].lesson.markComplete, 'the lesson offers');
  if (tab.javaScript) {
    const stayed = await tab.markPage();
    // A slow link: while the request is in flight the form looks busy and its button is disabled.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await tab.page.route('**/complete', async (route) => {
      await held;
      await route.continue();
    });
    await button.click();
    await tab.page.locator('#complete-widget form.htmx-request').waitFor();
    ok(await button.isDisabled(), 'the mark-complete button is disabled while its request is in flight');
    release();
    await tab.page.locator('#complete-widget .status.done').waitFor();
    await tab.page.unroute('**/complete');
    await stayed('mark complete');
  } else {
    const redirect = tab.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/complete'));
    await Promise.all([tab.page.waitForURL(`**${lessonPath(slug, key)}`), button.click()]);
    equal((await redirect).status(), 303, 'POST /complete without JavaScript answers');
  }
  includes(await tab.text('#complete-widget'), dictionaries[lang].lesson.completed, 'the widget after completing');
  equal(await progress(tab), before + 1, 'progress bar value after completing a lesson');
  ok(await isDone(tab, slug, key), `${key} is ticked in the outline after completing it`);
  await tab.check('lesson after marking complete');
}

/** On a quiz lesson: tick answers from the bundle and submit; returns the result box's text. */
export async function answerQuiz(tab: Tab, course: CourseBundle, lesson: LessonBundle, lang: Language, pass: boolean) {
  const questions = tab.page.locator('#quiz fieldset.question');
  equal(await questions.count(), lesson.questions.length, `${lesson.key}: number of questions`);
  for (const [index, question] of quizAnswers(course, lesson, lang, pass).entries()) {
    const fieldset = questions.nth(index);
    for (const option of question.options) {
      const input = fieldset.getByLabel(option.text, { exact: true });
      if (question.multiple) await input.setChecked(option.tick);
      else if (option.tick) await input.check();
    }
  }
  const expected = pass ? '#quiz-result.passed' : '#quiz-result.failed';
  const submit = tab.page.locator('#quiz button[type=submit]');
  if (tab.javaScript) {
    const stayed = await tab.markPage();
    await submit.click();
    await tab.page.locator(expected).waitFor();
    await stayed(`quiz ${pass ? 'pass' : 'fail'}`);
    // The result takes focus and is on screen, not 3,000 px above it.
    await tab.page.waitForFunction(`document.activeElement?.id === 'quiz-result'`);
    const onScreen = await tab.page.evaluate(`(() => {
      const box = document.getElementById('quiz-result').getBoundingClientRect();
      return box.top >= 0 && box.top < window.innerHeight;
    })()`);
    ok(onScreen, `${lesson.key}: the result is scrolled into view`);
  } else {
    await Promise.all([tab.page.waitForURL(`**${lessonPath(course.slug, lesson.key)}#quiz-result`), submit.click()]);
  }
  const t = dictionaries[lang];
  ok(await tab.page.locator(expected).count(), `${lesson.key}: a ${pass ? 'passed' : 'failed'} result is shown`);
  includes(await tab.text('#quiz-result'), pass ? t.quiz.passed : t.quiz.failed, `${lesson.key}: result text`);
  equal(
    await tab.page.locator('#quiz-result a.next-lesson').count(),
    pass ? 1 : 0,
    `${lesson.key}: a "${t.quiz.nextLesson}" link after ${pass ? 'passing' : 'failing'}`,
  );
  const verdicts = await tab.page.locator('#quiz .verdict.wrong').count();
  equal(verdicts, pass ? 0 : lesson.questions.length, `${lesson.key}: questions marked "${t.quiz.incorrect}"`);
  equal(await isDone(tab, course.slug, lesson.key), pass, `${lesson.key}: ticked in the outline after ${pass ? 'passing' : 'failing'}`);
  await tab.check(`quiz ${pass ? 'passed' : 'failed'}`);
}

/** On a reflection lesson: write and save; the status says when it was saved. */
export async function saveReflection(tab: Tab, slug: string, key: string, lang: Language, body: string) {
  await tab.page.fill('#reflection-body', body);
  const save = tab.page.locator('#reflection button[type=submit]');
  const savedPrefix = dictionaries[lang].reflection.saved('').trim();
  if (tab.javaScript) {
    const stayed = await tab.markPage();
    await save.click();
    await tab.page.locator('#reflection-status', { hasText: savedPrefix }).waitFor();
    await stayed('save reflection');
  } else {
    await Promise.all([tab.page.waitForURL(`**${lessonPath(slug, key)}`), save.click()]);
  }
  includes(await tab.text('#reflection-status'), savedPrefix, 'reflection status after saving');
  equal(await tab.page.inputValue('#reflection-body'), body, 'the saved reflection is shown in the text area');
  ok(await isDone(tab, slug, key), `${key} is ticked in the outline after saving`);
  await tab.check('reflection saved');
}

/** Completes every required lesson not yet done, through each lesson's own form. */
export async function finishCourse(tab: Tab, course: CourseBundle, lang: Language) {
  for (const lesson of course.modules.flatMap((m) => m.lessons)) {
    if (!lesson.required) continue;
    await tab.visit(lessonPath(course.slug, lesson.key), `lesson ${lesson.key}`);
    if (await isDone(tab, course.slug, lesson.key)) continue;
    if (lesson.kind === 'page') await markComplete(tab, course.slug, lesson.key, lang);
    if (lesson.kind === 'quiz') await answerQuiz(tab, course, lesson, lang, true);
    if (lesson.kind === 'reflection') {
      const prompt = localized(course, lesson.title, lang);
      await saveReflection(tab, course.slug, lesson.key, lang, `E2E answer to: ${prompt}`);
    }
  }
}
