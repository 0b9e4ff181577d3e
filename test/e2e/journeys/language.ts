// Journey 3: switching language mid-course changes the text and keeps the progress.
import type { Language } from '../../../src/data/schema';
import { dictionaries } from '../../../src/i18n';
import { courseBundle, localized } from '../content';
import { enrol, isDone, lessonPath, markComplete, progress, signUp } from '../flows';
import { equal, freshTrainer, type JourneyContext, type Tab } from '../harness';
import { SLUG } from './trainer';

export async function languageJourney({ open }: JourneyContext) {
  const course = courseBundle(SLUG);
  const [first, second] = course.modules[0]!.lessons;
  const tab = await open();
  try {
    await signUp(tab, freshTrainer('lang'));
    await tab.visit(`/courses/${SLUG}`, 'course page');
    await enrol(tab, course, 'en');
    await tab.visit(lessonPath(SLUG, first!.key), 'first lesson');
    await markComplete(tab, SLUG, first!.key, 'en');

    const path = lessonPath(SLUG, second!.key);
    await tab.visit(path, 'second lesson (en)');
    await expectLanguage(tab, 'en', localized(course, second!.title, 'en'));

    for (const lang of ['pl', 'en'] as const) {
      await switchLanguage(tab, lang);
      equal(tab.page.url(), tab.url(path), `after switching to ${lang} the same lesson is shown`);
      await tab.check(`second lesson (${lang})`);
      await expectLanguage(tab, lang, localized(course, second!.title, lang));
      equal(await progress(tab), 1, `progress after switching to ${lang}`);
      equal(await isDone(tab, SLUG, first!.key), true, `first lesson still ticked after switching to ${lang}`);
    }

    // The choice belongs to the account: it holds on the next page too.
    await switchLanguage(tab, 'pl');
    await tab.visit('/learning', 'my learning (pl)');
    equal(await tab.attribute('html', 'lang'), 'pl', 'html lang on the next page');
    equal(await tab.text('h1'), dictionaries.pl.learning.title, 'my learning heading in Polish');
  } finally {
    await tab.close();
  }

  // A visitor's choice is kept in a cookie.
  const visitor = await open();
  try {
    await visitor.visit('/courses', 'catalogue (visitor, en)');
    equal(await visitor.attribute('html', 'lang'), 'en', 'a visitor with an English browser sees');
    await switchLanguage(visitor, 'pl');
    equal(visitor.page.url(), visitor.url('/courses'), 'after switching the visitor is back on the catalogue');
    await visitor.check('catalogue (visitor, pl)');
    equal(await visitor.text('h1'), dictionaries.pl.home.title, 'catalogue heading in Polish');
    await visitor.visit('/sign-in', 'sign-in (visitor, pl)');
    equal(await visitor.attribute('html', 'lang'), 'pl', "the next page keeps the visitor's language");
  } finally {
    await visitor.close();
  }
}

async function switchLanguage(tab: Tab, lang: Language) {
  await tab.page.selectOption('#language-select', lang);
  await Promise.all([
    tab.page.waitForURL((url) => url.pathname !== '/language'),
    tab.page.click('form.language-switch button[type=submit]'),
  ]);
  await tab.page.waitForFunction(`document.documentElement.lang === ${JSON.stringify(lang)}`);
}

async function expectLanguage(tab: Tab, lang: Language, lessonTitle: string) {
  equal(await tab.attribute('html', 'lang'), lang, 'html lang');
  equal(await tab.text('h1'), lessonTitle, `lesson title in ${lang}`);
  equal(await tab.text('.site-header nav a[href="/courses"]'), dictionaries[lang].nav.catalogue, `header nav in ${lang}`);
}
