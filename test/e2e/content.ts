// The course bundles as the import reads them: the journeys take lesson keys, titles and the right
// quiz answers from here, not from the pages they test.
import { join } from 'node:path';
import { readContentFiles } from '../../scripts/content-files';
import { type CourseBundle, type LessonBundle, parseBundles } from '../../src/content/bundle';
import type { Language } from '../../src/data/schema';

const parsed = parseBundles(readContentFiles(join(import.meta.dirname, '..', '..', 'content')));
if (!parsed.ok) throw new Error(`content bundles do not parse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
const courses = parsed.courses;

export function courseBundle(slug: string): CourseBundle {
  const course = courses.find((c) => c.slug === slug);
  if (!course) throw new Error(`no course ${slug} in content/`);
  return course;
}

export function lessonsOf(course: CourseBundle): LessonBundle[] {
  return course.modules.flatMap((m) => m.lessons);
}

export function lessonBundle(course: CourseBundle, key: string): LessonBundle {
  const lesson = lessonsOf(course).find((l) => l.key === key);
  if (!lesson) throw new Error(`no lesson ${key} in ${course.slug}`);
  return lesson;
}

export function firstLessonOfKind(course: CourseBundle, kind: LessonBundle['kind']): LessonBundle {
  const lesson = lessonsOf(course).find((l) => l.kind === kind && l.required);
  if (!lesson) throw new Error(`no required ${kind} lesson in ${course.slug}`);
  return lesson;
}

/** A text in `lang`, or the course's main language when the bundle falls back to it. */
export function localized(course: CourseBundle, text: Partial<Record<Language, string>>, lang: Language): string {
  return (text[lang] ?? text[course.mainLanguage])!;
}

/** Per question, the option texts to tick: all correct ones (pass), or a wrong choice (fail). */
export function quizAnswers(course: CourseBundle, lesson: LessonBundle, lang: Language, pass: boolean) {
  return lesson.questions.map((question) => {
    const options = question.options.map((o) => ({ text: localized(course, o.text, lang), correct: o.correct }));
    // To fail: one wrong option; where every option is right ("all of these"), only the first of them.
    const failing = options.find((o) => !o.correct) ?? options[0];
    return {
      multiple: question.multiple,
      options: options.map((o) => ({ text: o.text, tick: pass ? o.correct : o === failing })),
    };
  });
}
