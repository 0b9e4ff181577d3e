/**
 * Writes parsed course bundles into D1 as ONE batch, which D1 runs as one transaction: an import
 * either lands whole or leaves the database as it was.
 *
 * Rows are matched by their stable keys (course slug, module key, lesson key), never by id or
 * position, so importing again updates text and order and keeps every trainer's enrolments,
 * progress, attempts and reflections. A lesson or module that disappeared from a bundle is
 * deleted with its progress; quiz questions carry no trainer data (attempts store their own
 * answers) and are rewritten on every import. The content version goes up with every import,
 * so that the public page cache no longer serves the old text (src/http/page-cache.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import { raiseContentVersion } from '../data/content-version';
import type { Language } from '../data/schema';
import { batchRows, type Db } from '../db';
import { renderMarkdown } from '../markdown';
import type { CourseBundle, Localized } from './bundle';

export type ImportSummary = { courses: number; modules: number; lessons: number; questions: number };

export async function importCourses(db: Db, courses: CourseBundle[]): Promise<ImportSummary> {
  await batchRows(db, [...courses.flatMap(courseStatements), raiseContentVersion()]);
  const modules = courses.flatMap((c) => c.modules);
  const lessons = modules.flatMap((m) => m.lessons);
  return {
    courses: courses.length,
    modules: modules.length,
    lessons: lessons.length,
    questions: lessons.reduce((n, l) => n + l.questions.length, 0),
  };
}

function courseStatements(course: CourseBundle): SQL[] {
  const courseId = sql`(SELECT id FROM courses WHERE slug = ${course.slug})`;
  const moduleKeys = course.modules.map((m) => m.key);
  const lessons = course.modules.flatMap((module) => module.lessons.map((lesson) => ({ module, lesson })));
  const statements: SQL[] = [
    sql`INSERT INTO courses (slug, family, main_language, estimated_minutes, published)
        VALUES (${course.slug}, ${course.family}, ${course.mainLanguage}, ${course.estimatedMinutes}, ${course.published ? 1 : 0})
        ON CONFLICT (slug) DO UPDATE SET family = excluded.family, main_language = excluded.main_language,
          estimated_minutes = excluded.estimated_minutes, published = excluded.published`,
    sql`DELETE FROM course_texts WHERE course_id = ${courseId}`,
    sql`INSERT INTO course_texts (course_id, language, title, summary)
        SELECT ${courseId}, j.key, j.value ->> 'title', j.value ->> 'summary' FROM json_each(${JSON.stringify(
          byLanguage({ title: course.title, summary: course.summary }),
        )}) j`,
    sql`DELETE FROM modules WHERE course_id = ${courseId} AND key NOT IN (SELECT value FROM json_each(${JSON.stringify(moduleKeys)}))`,
    sql`DELETE FROM lessons WHERE course_id = ${courseId} AND key NOT IN (SELECT value FROM json_each(${JSON.stringify(
      lessons.map(({ lesson }) => lesson.key),
    )}))`,
  ];
  course.modules.forEach((module, position) => {
    const moduleId = sql`(SELECT id FROM modules WHERE course_id = ${courseId} AND key = ${module.key})`;
    statements.push(
      sql`INSERT INTO modules (course_id, key, position) VALUES (${courseId}, ${module.key}, ${position})
          ON CONFLICT (course_id, key) DO UPDATE SET position = excluded.position`,
      sql`DELETE FROM module_texts WHERE module_id = ${moduleId}`,
      sql`INSERT INTO module_texts (module_id, language, title)
          SELECT ${moduleId}, j.key, j.value FROM json_each(${JSON.stringify(module.title)}) j`,
    );
  });
  lessons.forEach(({ module, lesson }, position) => {
    const moduleId = sql`(SELECT id FROM modules WHERE course_id = ${courseId} AND key = ${module.key})`;
    const lessonId = sql`(SELECT id FROM lessons WHERE course_id = ${courseId} AND key = ${lesson.key})`;
    const texts = byLanguage({ title: lesson.title, body: lesson.body });
    const rendered = Object.fromEntries(
      Object.entries(texts).map(([lang, t]) => [lang, { ...t, html: renderMarkdown(t.body ?? '', lang as Language) }]),
    );
    statements.push(
      sql`INSERT INTO lessons (course_id, module_id, key, position, kind, required, pass_percent, sources)
          VALUES (${courseId}, ${moduleId}, ${lesson.key}, ${position}, ${lesson.kind}, ${lesson.required ? 1 : 0},
            ${lesson.passPercent}, ${JSON.stringify(lesson.sources)})
          ON CONFLICT (course_id, key) DO UPDATE SET module_id = excluded.module_id, position = excluded.position,
            kind = excluded.kind, required = excluded.required, pass_percent = excluded.pass_percent,
            sources = excluded.sources`,
      sql`DELETE FROM lesson_texts WHERE lesson_id = ${lessonId}`,
      sql`INSERT INTO lesson_texts (lesson_id, language, title, body_markdown, body_html)
          SELECT ${lessonId}, j.key, j.value ->> 'title', coalesce(j.value ->> 'body', ''), j.value ->> 'html'
          FROM json_each(${JSON.stringify(rendered)}) j`,
      sql`DELETE FROM quiz_questions WHERE lesson_id = ${lessonId}`,
    );
    if (lesson.questions.length === 0) return;
    const questions = lesson.questions.map((q, i) => ({ key: q.key, position: i, multiple: q.multiple ? 1 : 0 }));
    const options = lesson.questions.flatMap((q) =>
      q.options.map((o, i) => ({ question: q.key, position: i, correct: o.correct ? 1 : 0 })),
    );
    // option_position 0 is the question's prompt; options are numbered from 1 (see schema).
    const quizTexts = lesson.questions.flatMap((q) => [
      ...localizedRows(q.key, 0, q.prompt, {}),
      ...q.options.flatMap((o, i) => localizedRows(q.key, i + 1, o.text, o.explanation)),
    ]);
    statements.push(
      sql`INSERT INTO quiz_questions (lesson_id, key, position, multiple)
          SELECT ${lessonId}, j.value ->> 'key', j.value ->> 'position', j.value ->> 'multiple'
          FROM json_each(${JSON.stringify(questions)}) j`,
      sql`INSERT INTO quiz_options (question_id, position, correct)
          SELECT q.id, j.value ->> 'position', j.value ->> 'correct'
          FROM json_each(${JSON.stringify(options)}) j
          JOIN quiz_questions q ON q.lesson_id = ${lessonId} AND q.key = j.value ->> 'question'`,
      sql`INSERT INTO quiz_texts (question_id, option_position, language, text, explanation)
          SELECT q.id, j.value ->> 'position', j.value ->> 'language', j.value ->> 'text', j.value ->> 'explanation'
          FROM json_each(${JSON.stringify(quizTexts)}) j
          JOIN quiz_questions q ON q.lesson_id = ${lessonId} AND q.key = j.value ->> 'question'`,
    );
  });
  return statements;
}

/** { title: {pl, en}, summary: {pl, en} } → { pl: {title, summary}, en: {title, summary} } */
function byLanguage<K extends string>(fields: Record<K, Localized<string>>): Record<string, Partial<Record<K, string>>> {
  const out: Record<string, Partial<Record<K, string>>> = {};
  for (const [field, values] of Object.entries(fields) as [K, Localized<string>][]) {
    for (const [lang, value] of Object.entries(values)) {
      if (value === undefined) continue;
      const texts: Partial<Record<K, string>> = out[lang] ?? {};
      texts[field] = value;
      out[lang] = texts;
    }
  }
  return out;
}

function localizedRows(question: string, position: number, text: Localized<string>, explanation: Localized<string>) {
  return Object.entries(text).map(([language, value]) => ({
    question,
    position,
    language,
    text: value,
    explanation: explanation[language as keyof typeof explanation] ?? '',
  }));
}
