/**
 * The starter curriculum's quality bar, stricter than what the importer needs: every text in
 * both languages, every lesson with sources, every quiz option explained. The importer accepts a
 * course in one language (trainers then see a fallback notice); the courses we ship must not.
 */
import { LANGUAGES } from '../data/schema';
import type { BundleError, CourseBundle, Localized } from './bundle';

export function lintCourse(course: CourseBundle): BundleError[] {
  const problems: BundleError[] = [];
  const courseFile = `${course.slug}/course.yaml`;
  const need = (file: string, what: string, value: Localized<string>) => {
    for (const lang of LANGUAGES) {
      if (!value[lang]?.trim()) problems.push({ file, line: 1, message: `${what}: missing "${lang}" text` });
    }
  };
  need(courseFile, 'title', course.title);
  need(courseFile, 'summary', course.summary);
  course.modules.forEach((module) => {
    need(courseFile, `module ${module.key} title`, module.title);
    for (const lesson of module.lessons) {
      need(lesson.file, 'title', lesson.title);
      if (lesson.kind !== 'quiz') need(lesson.file, 'body', lesson.body);
      if (lesson.sources.length === 0) problems.push({ file: lesson.file, line: 1, message: 'lists no sources' });
      for (const question of lesson.questions) {
        need(lesson.file, `question ${question.key} prompt`, question.prompt);
        if (!question.options.some((o) => o.correct)) {
          problems.push({ file: lesson.file, line: 1, message: `question ${question.key} has no correct option` });
        }
        question.options.forEach((option, i) => {
          need(lesson.file, `question ${question.key} option ${i + 1}`, option.text);
          need(lesson.file, `question ${question.key} option ${i + 1} explanation`, option.explanation);
        });
      }
    }
  });
  return problems;
}
