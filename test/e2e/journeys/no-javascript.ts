// Journey 2: the same enrol / mark-complete / quiz / reflection with JavaScript off — plain form
// posts answered by 303 redirects.
import { courseBundle, firstLessonOfKind } from '../content';
import { answerQuiz, enrol, lessonPath, markComplete, saveReflection, signUp } from '../flows';
import { equal, freshTrainer, type JourneyContext } from '../harness';
import { SLUG } from './trainer';

export async function noJavaScriptJourney({ open }: JourneyContext) {
  const course = courseBundle(SLUG);
  const first = course.modules[0]!.lessons[0]!;
  const tab = await open({ javaScriptEnabled: false });
  try {
    await signUp(tab, freshTrainer('nojs'));
    await tab.visit(`/courses/${SLUG}`, 'course page (no JS)');
    await enrol(tab, course, 'en');
    await tab.page.click('#enrol-widget a.button.primary');
    await tab.page.waitForURL(`**${lessonPath(SLUG, first.key)}`);
    await markComplete(tab, SLUG, first.key, 'en');
    equal(tab.page.url(), tab.url(lessonPath(SLUG, first.key)), 'after the 303 the browser is back on the lesson');

    const quiz = firstLessonOfKind(course, 'quiz');
    await tab.visit(lessonPath(SLUG, quiz.key), 'quiz (no JS)');
    await answerQuiz(tab, course, quiz, 'en', false);
    await answerQuiz(tab, course, quiz, 'en', true);

    const reflection = firstLessonOfKind(course, 'reflection');
    await tab.visit(lessonPath(SLUG, reflection.key), 'reflection (no JS)');
    await saveReflection(tab, SLUG, reflection.key, 'en', 'Written without JavaScript.');
  } finally {
    await tab.close();
  }
}
