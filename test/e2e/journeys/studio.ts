// Journey 6: the Studio. An admin writes a course in both languages (a module, a page lesson with
// an uploaded image, a quiz made in the quiz editor) and publishes it; a trainer enrols and
// completes the page; the admin renames that lesson (trainers see the change only once it is
// published), publishes, and publishes version 1 again. The trainer's progress survives each step.
// The admin's part runs with JavaScript on, and again with it off (plain forms and 303s).
import { mkdirSync } from 'node:fs';
import type { CourseBundle, LessonBundle } from '../../../src/content/bundle';
import type { Language } from '../../../src/data/schema';
import { dictionaries } from '../../../src/i18n';
import { answerQuiz, enrol, isDone, lessonPath, markComplete, progress, signIn, signUp } from '../flows';
import { equal, freshTrainer, includes, type JourneyContext, ok, type Tab } from '../harness';
import { SCREENSHOT_DIR, shootPage } from './screenshots';

const ADMIN = { email: 'admin@example.org', password: 'warsztat-demo' };
const BOTH: Language[] = ['pl', 'en'];

/** A 24 × 16 px gradient: the smallest honest PNG (valid chunks and checksums) to upload. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAACuElEQVR42g3MocquMACA4XMRf7VarVar1TZMgmXBsCIsiU3jorZhesFiMKwIS7LmotUbOd9zAc+/P0EiSAWZIBcUglJQCWpBK+gEvWAQTAIjWAWbYBecgktwCx7BK/gE//4akoa0IWvIG4qGsqFqqBvahq6hbxgapgbTsDZsDXvD2XA13A1Pw9vwNb9IkkhSSSbJJYWklFSSWtJKOkkvGSSTxEhWySbZJafkktySR/JKPvmLFIkiVWSKXFEoSkWlqBWtolP0ikExKYxiVWyKXXEqLsWteBSv4lO/SJNoUk2myTWFptRUmlrTajpNrxk0k8ZoVs2m2TWn5tLcmkfzaj79i0aSkXQkG8lHipFypBqpR9qRbqQfGUamETOyjmwj+8g5co3cI8/IO/KNv2gmmUlnspl8ppgpZ6qZeqad6Wb6mWFmmjEz68w2s8+cM9fMPfPMvDPf/IsMiSE1ZIbcUBhKQ2WoDa2hM/SGwTAZjGE1bIbdcBouw214DK/hM79oIVlIF7KFfKFYKBeqhXqhXegW+oVhYVowC+vCtrAvnAvXwr3wLLwL3/KLLIkltWSW3FJYSktlqS2tpbP0lsEyWYxltWyW3XJaLstteSyv5bO/CBJIIYMcCiihghpa6KCHASYwsMIGO5xwwQ0PvPDxiw6Sg/QgO8gPioPyoDqoD9qD7qA/GA6mA3OwHmwH+8F5cB3cB8/Be/Adv8iROFJH5sgdhaN0VI7a0To6R+8YHJPDOFbH5tgdp+Ny3I7H8To+94s8iSf1ZJ7cU3hKT+WpPa2n8/SewTN5jGf1bJ7dc3ouz+15PK/n878okATSQBbIA0WgDFSBOtAGukAfGAJTwATWwBbYA2fgCtyBJ/AGvvCLIkkkjWSRPFJEykgVqSNtpIv0kSEyRUxkjWyRPXJGrsgdeSJv5Iv8B2FjmV8UZhbxAAAAAElFTkSuQmCC',
  'base64',
);

/** The course the admin types in, as a bundle: the trainer's checks and answers come from it. */
function studioCourse(id: string): CourseBundle {
  const page: LessonBundle = {
    key: 'listening',
    file: '',
    kind: 'page',
    required: true,
    passPercent: null,
    sources: [],
    title: { pl: 'Słuchanie spółdzielni', en: 'Listening to a cooperative' },
    body: {
      pl: 'Zanim cokolwiek zaproponujesz, **posłuchaj**: kto pracuje w spółdzielni i czego potrzebuje.',
      en: 'Before you propose anything, **listen**: who works in the cooperative and what they need.',
    },
    questions: [],
  };
  const quiz: LessonBundle = {
    key: 'check',
    file: '',
    kind: 'quiz',
    required: true,
    passPercent: 50,
    sources: [],
    title: { pl: 'Sprawdź się', en: 'Check yourself' },
    body: {},
    questions: [
      {
        key: 'q1',
        multiple: false,
        prompt: { pl: 'Od czego zaczynasz pracę ze spółdzielnią?', en: 'How do you start working with a cooperative?' },
        options: [
          {
            correct: true,
            text: { pl: 'Od rozmowy z ludźmi', en: 'By talking to its people' },
            explanation: { pl: 'Tak: najpierw słuchasz.', en: 'Yes: you listen first.' },
          },
          {
            correct: false,
            text: { pl: 'Od gotowego planu', en: 'With a ready-made plan' },
            explanation: { pl: 'Plan przychodzi później.', en: 'The plan comes later.' },
          },
        ],
      },
      {
        key: 'q2',
        multiple: true,
        prompt: { pl: 'Kogo warto wysłuchać?', en: 'Whom is it worth hearing?' },
        options: [
          {
            correct: true,
            text: { pl: 'Członków spółdzielni', en: 'Its members' },
            explanation: { pl: 'To ich firma.', en: 'It is their business.' },
          },
          {
            correct: true,
            text: { pl: 'Jej klientów', en: 'Its customers' },
            explanation: { pl: 'Oni płacą rachunki.', en: 'They pay the bills.' },
          },
          {
            correct: false,
            text: { pl: 'Nikogo', en: 'Nobody' },
            explanation: { pl: 'Bez słuchania nie ma doradztwa.', en: 'Without listening there is no advice.' },
          },
        ],
      },
    ],
  };
  return {
    slug: `e2e-studio-${id}`,
    family: 'programme',
    mainLanguage: 'pl',
    estimatedMinutes: 30,
    published: true,
    title: { pl: `Spółdzielnie od środka ${id}`, en: `Cooperatives from the inside ${id}` },
    summary: { pl: 'Krótki kurs z jednego modułu.', en: 'A short course of one module.' },
    modules: [{ key: 'first-steps', title: { pl: 'Pierwsze kroki', en: 'First steps' }, lessons: [page, quiz] }],
  };
}

export function studioJourney({ javaScript }: { javaScript: boolean }) {
  return async ({ open, findings }: JourneyContext) => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
    const course = studioCourse(id);
    const [page, quiz] = course.modules[0]!.lessons as [LessonBundle, LessonBundle];
    const t = dictionaries.en.studio;
    // Screenshots once, from the run with JavaScript (the pages are the same without).
    const shoot = (tab: Tab, name: string) => (javaScript ? shootPage(tab, findings, name) : Promise.resolve());
    const mode = javaScript ? '' : ' (no JS)';

    const admin = await open({ javaScriptEnabled: javaScript });
    const trainer = await open();
    try {
      await signIn(admin, ADMIN.email, ADMIN.password, '/admin');

      // The course list; a new course from its form.
      await admin.visit('/admin/courses', `Studio courses${mode}`);
      await shoot(admin, 'studio-courses');
      await admin.page.fill('#f-title', course.title.pl!);
      await admin.page.fill('#f-slug', course.slug);
      await admin.page.selectOption('#f-mainLanguage', course.mainLanguage);
      await admin.page.fill('#f-estimatedMinutes', String(course.estimatedMinutes));
      await admin.page.fill('#f-summary', course.summary.pl!);
      await submit(admin, 'main section[aria-labelledby="new-course"] button[type=submit]', /\/admin\/courses\/\d+$/);
      const courseId = Number(/\/admin\/courses\/(\d+)/.exec(admin.page.url())![1]);
      const editor = `/admin/courses/${courseId}`;
      equal(await admin.text('h1'), course.title.pl, 'the new course editor is headed by its title');
      await admin.check(`course editor${mode}`);

      // Settings in both languages.
      for (const lang of BOTH) {
        await admin.page.fill(`#f-title-${lang}`, course.title[lang]!);
        await admin.page.fill(`#f-summary-${lang}`, course.summary[lang]!);
      }
      await submit(admin, 'section[aria-labelledby="settings"] button[type=submit]', `${editor}?done=saved`);
      includes(await admin.text('main .notice'), t.saved, 'after saving the settings');
      await admin.check(`course editor, settings saved${mode}`);

      // A module, named in both languages.
      await admin.page.fill('#f-new-module-title', course.modules[0]!.title.pl!);
      await submit(admin, 'form[action$="/modules"] button[type=submit]', editor);
      const moduleBlock = admin.page.locator('.studio-module').first();
      const moduleAction = (await moduleBlock.locator('form[action*="/modules/"]').first().getAttribute('action'))!;
      const moduleId = Number(/\/modules\/(\d+)/.exec(moduleAction)![1]);
      await moduleBlock.locator('details > summary').click();
      for (const lang of BOTH) await admin.page.fill(`#f-m${moduleId}-title-${lang}`, course.modules[0]!.title[lang]!);
      await submit(admin, `form[action="${editor}/modules/${moduleId}"] button[type=submit]`, editor);
      equal(await admin.page.locator('.studio-module .untranslated').count(), 0, 'the module is translated');
      await admin.check(`course editor with a module${mode}`);

      // The page lesson: added, then its image uploaded, then its texts with the image's Markdown.
      const pageUrl = await addLesson(admin, editor, moduleId, page);
      const markdown = await uploadImage(admin, course.slug, mode);
      await admin.visit(pageUrl, `lesson editor${mode}`);
      await admin.page.fill('#f-key', page.key);
      for (const lang of BOTH) {
        await admin.page.fill(`#f-title-${lang}`, page.title[lang]!);
        await admin.page.fill(`#f-body-${lang}`, `${page.body[lang]}\n\n${markdown[lang]}`);
      }
      if (javaScript) {
        // The live preview draws the image as trainers will see it, shortly after typing stops.
        await admin.page.locator('#preview-en img[src^="/media/"]').waitFor();
        equal(await admin.attribute('#preview-en img', 'alt'), imageAlt('en'), 'the preview shows the image with its alt text');
        await shoot(admin, 'studio-lesson');
      }
      await submit(admin, '.lesson-editor button[type=submit]', `${pageUrl}?done=saved`);
      includes(await admin.text('main .notice'), t.saved, 'after saving the page lesson');
      await admin.check(`page lesson saved${mode}`);

      // The quiz: two questions from the quiz editor, one save per question.
      const quizUrl = await addLesson(admin, editor, moduleId, quiz);
      await admin.page.fill('#f-key', quiz.key);
      await admin.page.fill('#f-passPercent', String(quiz.passPercent));
      for (const lang of BOTH) await admin.page.fill(`#f-title-${lang}`, quiz.title[lang]!);
      // Without JavaScript the editor grows by saving: each save offers one more empty answer.
      const saveQuiz = () => submit(admin, '.lesson-editor button[type=submit]', `${quizUrl}?done=saved`);
      for (const [i, question] of quiz.questions.entries()) {
        await admin.page.setChecked(`#f-q${i}-multiple`, question.multiple);
        for (const lang of BOTH) await admin.page.fill(`#f-q-${i}-prompt-${lang}`, question.prompt[lang]!);
        for (const [j, option] of question.options.entries()) {
          if (!(await admin.page.locator(`#f-q-${i}-o-${j}-text-en`).count())) await saveQuiz();
          await admin.page.setChecked(`#f-q${i}-o${j}-correct`, option.correct);
          for (const lang of BOTH) {
            await admin.page.fill(`#f-q-${i}-o-${j}-text-${lang}`, option.text[lang]!);
            await admin.page.fill(`#f-q-${i}-o-${j}-explanation-${lang}`, option.explanation[lang]!);
          }
        }
        await saveQuiz();
        equal(await admin.page.locator('.quiz-editor fieldset.question').count(), i + 2, `questions in the editor after saving ${i + 1}`);
        await admin.check(`quiz with ${i + 1} question(s)${mode}`);
      }
      await shoot(admin, 'studio-quiz');
      await admin.visit(editor, `course editor, both lessons${mode}`);
      equal(await admin.page.locator('.studio-lessons .untranslated').count(), 0, 'both lessons are translated');
      await shoot(admin, 'studio-course');
      if (javaScript) await checkEditorLayout(admin);

      // Publish version 1.
      await publish(admin, editor, 1, 'First version', mode, shoot);

      // A trainer enrols and completes the page lesson.
      await signUp(trainer, freshTrainer('studio'));
      await trainer.visit(`/courses/${course.slug}`, 'published Studio course');
      equal(await trainer.text('h1'), course.title.en, 'the trainer sees the course in English');
      await enrol(trainer, course, 'en');
      await trainer.visit(lessonPath(course.slug, page.key), 'Studio page lesson');
      equal(await trainer.text('h1'), page.title.en, 'the page lesson title');
      const image = trainer.page.locator('.prose img[src^="/media/"]');
      equal(await image.getAttribute('alt'), imageAlt('en'), 'the lesson shows the uploaded image with its English alt text');
      const served = await trainer.context.request.get((await image.getAttribute('src'))!);
      equal(served.headers()['content-type'], 'image/png', 'the lesson image is served from /media as');
      await markComplete(trainer, course.slug, page.key, 'en');
      await trainer.visit(lessonPath(course.slug, quiz.key), 'Studio quiz');
      await answerQuiz(trainer, course, quiz, 'en', false);

      const seesLesson = async (title: string, when: string) => {
        await trainer.visit(lessonPath(course.slug, page.key), `page lesson ${when}`);
        equal(await trainer.text('h1'), title, `the trainer's lesson title ${when}`);
        ok(await isDone(trainer, course.slug, page.key), `the lesson is still done ${when}`);
        equal(await progress(trainer), 1, `the trainer's progress ${when}`);
      };

      // Renamed in the draft: the trainer still sees the published title.
      const renamed = { pl: 'Słuchanie, zanim doradzisz', en: 'Listening before advising' };
      await admin.visit(pageUrl, `lesson editor before renaming${mode}`);
      equal(await admin.page.locator('#f-key').count(), 0, 'the key is frozen after publishing');
      for (const lang of BOTH) await admin.page.fill(`#f-title-${lang}`, renamed[lang]);
      await submit(admin, '.lesson-editor button[type=submit]', `${pageUrl}?done=saved`);
      await admin.check(`lesson renamed${mode}`);
      await seesLesson(page.title.en!, 'after the rename is saved');

      // Published: the new title, the progress kept.
      await admin.visit(`${editor}/publish`, `publish page, rename${mode}`);
      includes(await admin.text('section[aria-labelledby="changes"]'), renamed.en, 'the publish page lists the renamed lesson');
      await publish(admin, editor, 2, 'Renamed the first lesson', mode);
      await seesLesson(renamed.en, 'after publishing the rename');

      // Version 1 again, from the versions page.
      await admin.visit(`${editor}/versions`, `versions${mode}`);
      equal(await admin.page.locator('main tbody tr').count(), 2, 'two versions are listed');
      await Promise.all([admin.page.waitForURL(`**${editor}/versions/1`), admin.page.click(`main a[href="${editor}/versions/1"]`)]);
      await admin.check(`version 1${mode}`);
      await submit(admin, `form[action="${editor}/versions/1/rollback"] button`, `${editor}/versions?rolledBack=1`);
      includes(await admin.text('main .notice'), t.rolledBack(1), 'after the rollback');
      equal(await admin.page.locator('main tbody tr').count(), 3, 'the rollback is a new version');
      await admin.check(`versions after the rollback${mode}`);
      await seesLesson(page.title.en!, 'after the rollback to version 1');
    } finally {
      await admin.close();
      await trainer.close();
    }
  };
}

/** Clicks a form's submit button and waits for the page its 303 leads to. */
async function submit(tab: Tab, button: string, url: string | RegExp) {
  const target = typeof url === 'string' ? (u: URL) => u.href === tab.url(url) : (u: URL) => url.test(u.pathname);
  await Promise.all([tab.page.waitForURL(target), tab.page.click(button)]);
}

/** In the course editor: adds `lesson` to the module, which opens the new lesson's editor. */
async function addLesson(tab: Tab, editor: string, moduleId: number, lesson: LessonBundle) {
  if (new URL(tab.page.url()).pathname !== editor) await tab.visit(editor, `course editor${tab.javaScript ? '' : ' (no JS)'}`);
  await tab.page.fill(`#f-l${moduleId}-title`, lesson.title.pl!);
  await tab.page.selectOption(`#f-l${moduleId}-kind`, lesson.kind);
  await submit(tab, `form[action$="/lessons"]:has(#f-l${moduleId}-title) button[type=submit]`, /\/lessons\/\d+$/);
  equal(await tab.text('h1 .meta'), `(${dictionaries.en.course.kind[lesson.kind]})`, 'the new lesson editor names its kind');
  await tab.check(`new ${lesson.kind} lesson editor${tab.javaScript ? '' : ' (no JS)'}`);
  return new URL(tab.page.url()).pathname;
}

const imageAlt = (lang: Language) =>
  lang === 'pl' ? 'Warsztat w spółdzielni, kolorowy gradient' : 'A cooperative workshop, a colour gradient';

/** Uploads the PNG with alt texts in both languages; returns the Markdown the page shows for each. */
async function uploadImage(tab: Tab, slug: string, mode: string) {
  await tab.visit(`/admin/media?course=${slug}`, `media${mode}`);
  await tab.page.setInputFiles('#file', { name: 'workshop.png', mimeType: 'image/png', buffer: PNG });
  for (const lang of BOTH) await tab.page.fill(`#alt_${lang}`, imageAlt(lang));
  const button = tab.page.locator('#course-media form button[type=submit]');
  if (tab.javaScript) {
    const stayed = await tab.markPage();
    await button.click();
    await tab.page.locator('#course-media .notice .media-card').waitFor();
    await stayed('image upload');
  } else {
    await Promise.all([tab.page.waitForURL(/\/admin\/media\?course=.+&uploaded=/), button.click()]);
  }
  await tab.check(`media after upload${mode}`);
  const markdown = {} as Record<Language, string>;
  for (const lang of BOTH) {
    markdown[lang] = await tab.page.inputValue(`#course-media .notice textarea[id$="-${lang}"]`);
    ok(markdown[lang].startsWith(`![${imageAlt(lang)}](/media/`), `the ${lang} Markdown shows the image: ${markdown[lang]}`);
  }
  return markdown;
}

/** From the course editor's Publish link: the check, a note, and the version it makes. */
async function publish(
  tab: Tab,
  editor: string,
  version: number,
  note: string,
  mode: string,
  shoot?: (tab: Tab, name: string) => Promise<void>,
) {
  await tab.visit(editor, `course editor before publishing${mode}`);
  await Promise.all([tab.page.waitForURL(`**${editor}/publish`), tab.page.click(`main a[href="${editor}/publish"]`)]);
  await tab.check(`publish page${mode}`);
  equal(await tab.page.locator('.problems').count(), 0, 'the publish page finds no problems');
  await shoot?.(tab, 'studio-publish');
  await tab.page.fill('#f-note', note);
  await submit(tab, `form[action="${editor}/publish"] button[type=submit]`, `${editor}?done=published`);
  includes(await tab.text('main .notice'), dictionaries.en.studio.published(version), 'after publishing');
  await tab.check(`course editor after publishing v${version}${mode}`);
}

/**
 * The course editor's layout at both widths: the languages' columns stand side by side at 1280 px
 * and one under the other at 360 px, and its select and number fields are 44 px touch targets.
 */
async function checkEditorLayout(tab: Tab) {
  for (const width of [360, 1280]) {
    await tab.page.setViewportSize({ width, height: 800 });
    const layout = (await tab.page.evaluate(`(() => {
      const [pl, en] = [...document.querySelectorAll('section[aria-labelledby="settings"] .side-by-side > fieldset')]
        .map((f) => f.getBoundingClientRect());
      const heights = [...document.querySelectorAll('#f-family, #f-mainLanguage, #f-estimatedMinutes')]
        .map((e) => e.getBoundingClientRect().height);
      return { sideBySide: Math.abs(pl.top - en.top) < 1 && en.left >= pl.right, smallest: Math.min(...heights) };
    })()`)) as { sideBySide: boolean; smallest: number };
    equal(layout.sideBySide, width === 1280, `at ${width} px the Polish and English columns stand side by side`);
    ok(layout.smallest >= 44, `at ${width} px the settings' select and number fields are at least 44 px tall (${layout.smallest})`);
  }
}
