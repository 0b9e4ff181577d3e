// Journey 5: the main pages at 360 px and 1280 px, saved to test-results/screenshots/ for a person
// to look at. Horizontal overflow at either width is reported as a finding.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { courseBundle, firstLessonOfKind } from '../content';
import { answerQuiz, enrol, finishCourse, lessonPath, signUp } from '../flows';
import { type Findings, freshTrainer, type JourneyContext, type Tab } from '../harness';
import { SLUG } from './trainer';

const WIDTHS = [360, 1280];
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-results', 'screenshots');

export async function screenshotJourney({ open, findings }: JourneyContext) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const course = courseBundle(SLUG);
  const first = course.modules[0]!.lessons[0]!;
  const quiz = firstLessonOfKind(course, 'quiz');

  const shoot = (tab: Tab, name: string) => shootPage(tab, findings, name);

  const visitor = await open();
  try {
    await visitor.visit('/sign-in', 'sign-in');
    await shoot(visitor, 'sign-in');
  } finally {
    await visitor.close();
  }

  const tab = await open();
  try {
    await signUp(tab, freshTrainer('shots'));
    await tab.visit('/courses', 'catalogue');
    await shoot(tab, 'catalogue');
    await tab.visit(`/courses/${SLUG}`, 'course page');
    await enrol(tab, course, 'en');
    await shoot(tab, 'course');
    await tab.visit(lessonPath(SLUG, first.key), 'lesson');
    await shoot(tab, 'lesson');
    await tab.visit(lessonPath(SLUG, quiz.key), 'quiz');
    await answerQuiz(tab, course, quiz, 'en', false);
    await shoot(tab, 'quiz-feedback');

    await finishCourse(tab, course, 'en');
    await tab.visit(`/courses/${SLUG}`, 'completed course page');
    await shoot(tab, 'course-completed');
    await tab.visit('/learning', 'my learning');
    await shoot(tab, 'my-learning');
    await tab.visit(`/courses/${SLUG}/certificate`, 'certificate');
    await shoot(tab, 'certificate');
    const code = await tab.text('.certificate-code code');
    await tab.visit(`/certificates/${code}`, 'certificate check');
    await shoot(tab, 'certificate-check');
  } finally {
    await tab.close();
  }
}

/**
 * Saves `name`-<width>.png at each width; sideways scrolling or a header taller than one row is a
 * finding. Leaves the page at 1280 px.
 */
export async function shootPage(tab: Tab, findings: Findings, name: string) {
  for (const width of WIDTHS) {
    await tab.page.setViewportSize({ width, height: 800 });
    const overflow = (await tab.page.evaluate(`(() => {
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= width) return null;
      const wide = [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > width + 1 && getComputedStyle(e).position !== 'absolute')
        .slice(-5)
        .map((e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
      return { scrollWidth: document.documentElement.scrollWidth, width, wide };
    })()`)) as { scrollWidth: number; width: number; wide: string[] } | null;
    if (overflow) {
      findings.add(
        `${name} at ${width} px scrolls sideways: page is ${overflow.scrollWidth} px wide; widest elements: ${overflow.wide.join(', ')}`,
      );
    }
    const header = (await tab.page.evaluate(`document.querySelector('.site-header').getBoundingClientRect().height`)) as number;
    if (header > 64) findings.add(`${name} at ${width} px: the header is ${Math.round(header)} px tall (at most 64)`);
    await tab.page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await tab.page.setViewportSize({ width: 1280, height: 800 });
}
