/**
 * The statements that put a course doc into D1, shared by the command-line import, the Studio's
 * publish, rollback and .zip import: one code path, whatever the course came from.
 *
 * - `liveStatements`: what trainers read. Rows are matched by their stable keys (course slug,
 *   module key, lesson key), never by id or position, so trainers' enrolments, progress, attempts
 *   and reflections stay with their lessons. A module or lesson the doc no longer has is archived,
 *   never deleted: its progress stays, and comes back when a later version has the lesson again.
 *   Quiz questions carry no trainer data (attempts keep their own answers) and are rewritten.
 * - `draftStatements`: the Studio's working copy, replaced by the doc.
 * - `versionStatement`: a new numbered version, only when the doc differs from the latest one.
 *
 * Every statement binds a handful of parameters (long lists travel as one JSON text), so a large
 * course stays under D1's 100 bound parameters per statement.
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Language } from '../data/schema';
import { renderMarkdown } from '../markdown';
import type { CourseDoc, Localized } from './bundle';

/** The course's id as SQL, by slug. */
export const courseBySlug = (slug: string) => sql`(SELECT id FROM courses WHERE slug = ${slug})`;

/** `when` (SQL) guards every statement: the Studio passes "the session is an admin's". */
export function liveStatements(courseId: SQL, course: CourseDoc, now: number, when: SQL = sql`1`): SQL[] {
  const moduleKeys = course.modules.map((m) => m.key);
  const lessons = course.modules.flatMap((module) => module.lessons.map((lesson) => ({ module, lesson })));
  const statements: SQL[] = [
    sql`UPDATE courses SET slug = ${course.slug}, family = ${course.family}, main_language = ${course.mainLanguage},
          estimated_minutes = ${course.estimatedMinutes}
        WHERE id = ${courseId} AND ${when}`,
    sql`DELETE FROM course_texts WHERE course_id = ${courseId} AND ${when}`,
    sql`INSERT INTO course_texts (course_id, language, title, summary)
        SELECT ${courseId}, j.key, j.value ->> 'title', j.value ->> 'summary' FROM json_each(${JSON.stringify(
          byLanguage({ title: course.title, summary: course.summary }),
        )}) j WHERE ${when}`,
    sql`UPDATE modules SET archived_at = ${now}
        WHERE course_id = ${courseId} AND archived_at IS NULL AND key NOT IN (SELECT value FROM json_each(${JSON.stringify(moduleKeys)})) AND ${when}`,
    sql`UPDATE lessons SET archived_at = ${now}
        WHERE course_id = ${courseId} AND archived_at IS NULL AND key NOT IN (SELECT value FROM json_each(${JSON.stringify(
          lessons.map(({ lesson }) => lesson.key),
        )})) AND ${when}`,
  ];
  course.modules.forEach((module, position) => {
    const moduleId = sql`(SELECT id FROM modules WHERE course_id = ${courseId} AND key = ${module.key})`;
    statements.push(
      sql`INSERT INTO modules (course_id, key, position) SELECT ${courseId}, ${module.key}, ${position} WHERE ${when}
          ON CONFLICT (course_id, key) DO UPDATE SET position = excluded.position, archived_at = NULL`,
      sql`DELETE FROM module_texts WHERE module_id = ${moduleId} AND ${when}`,
      sql`INSERT INTO module_texts (module_id, language, title)
          SELECT ${moduleId}, j.key, j.value FROM json_each(${JSON.stringify(module.title)}) j WHERE ${when}`,
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
          SELECT ${courseId}, ${moduleId}, ${lesson.key}, ${position}, ${lesson.kind}, ${lesson.required ? 1 : 0},
            ${lesson.passPercent}, ${JSON.stringify(lesson.sources)}
          WHERE ${when}
          ON CONFLICT (course_id, key) DO UPDATE SET module_id = excluded.module_id, position = excluded.position,
            kind = excluded.kind, required = excluded.required, pass_percent = excluded.pass_percent,
            sources = excluded.sources, archived_at = NULL`,
      sql`DELETE FROM lesson_texts WHERE lesson_id = ${lessonId} AND ${when}`,
      sql`INSERT INTO lesson_texts (lesson_id, language, title, body_markdown, body_html)
          SELECT ${lessonId}, j.key, j.value ->> 'title', coalesce(j.value ->> 'body', ''), j.value ->> 'html'
          FROM json_each(${JSON.stringify(rendered)}) j WHERE ${when}`,
      sql`DELETE FROM quiz_questions WHERE lesson_id = ${lessonId} AND ${when}`,
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
          FROM json_each(${JSON.stringify(questions)}) j WHERE ${when}`,
      sql`INSERT INTO quiz_options (question_id, position, correct)
          SELECT q.id, j.value ->> 'position', j.value ->> 'correct'
          FROM json_each(${JSON.stringify(options)}) j
          JOIN quiz_questions q ON q.lesson_id = ${lessonId} AND q.key = j.value ->> 'question' WHERE ${when}`,
      sql`INSERT INTO quiz_texts (question_id, option_position, language, text, explanation)
          SELECT q.id, j.value ->> 'position', j.value ->> 'language', j.value ->> 'text', j.value ->> 'explanation'
          FROM json_each(${JSON.stringify(quizTexts)}) j
          JOIN quiz_questions q ON q.lesson_id = ${lessonId} AND q.key = j.value ->> 'question' WHERE ${when}`,
    );
  });
  return statements;
}

/**
 * Replaces the course's draft with `course`, when `when` holds (SQL, evaluated per statement;
 * the draft_courses row is written last, so the condition sees the draft as it was). `changedAt`
 * is when the draft counts as changed: an import passes the time of the latest version, so a
 * draft equal to what is published does not show as unpublished changes.
 */
export function draftStatements(courseId: SQL, course: CourseDoc, changedAt: number | SQL, when: SQL = sql`1`): SQL[] {
  const modules = course.modules.map((m, position) => ({ key: m.key, position, title: m.title }));
  const lessons = course.modules.flatMap((m) =>
    m.lessons.map((l, position) => ({
      module: m.key,
      key: l.key,
      position,
      kind: l.kind,
      required: l.required ? 1 : 0,
      passPercent: l.passPercent,
      sources: JSON.stringify(l.sources),
      title: JSON.stringify(l.title),
      body: JSON.stringify(l.body),
      questions: JSON.stringify(l.questions),
    })),
  );
  return [
    sql`DELETE FROM draft_modules WHERE course_id = ${courseId} AND ${when}`,
    sql`INSERT INTO draft_modules (course_id, key, position, title)
        SELECT ${courseId}, j.value ->> 'key', j.value ->> 'position', j.value -> 'title'
        FROM json_each(${JSON.stringify(modules)}) j WHERE ${when}`,
    sql`INSERT INTO draft_lessons (course_id, module_id, key, position, kind, required, pass_percent, sources, title, body, questions)
        SELECT ${courseId}, m.id, j.value ->> 'key', j.value ->> 'position', j.value ->> 'kind', j.value ->> 'required',
          j.value ->> 'passPercent', j.value ->> 'sources', j.value ->> 'title', j.value ->> 'body', j.value ->> 'questions'
        FROM json_each(${JSON.stringify(lessons)}) j
        JOIN draft_modules m ON m.course_id = ${courseId} AND m.key = j.value ->> 'module'
        WHERE ${when}`,
    sql`INSERT INTO draft_courses (course_id, slug, family, main_language, estimated_minutes, title, summary, changed_at)
        SELECT ${courseId}, ${course.slug}, ${course.family}, ${course.mainLanguage}, ${course.estimatedMinutes},
          ${JSON.stringify(course.title)}, ${JSON.stringify(course.summary)}, ${changedAt}
        WHERE ${when}
        ON CONFLICT (course_id) DO UPDATE SET slug = excluded.slug, family = excluded.family,
          main_language = excluded.main_language, estimated_minutes = excluded.estimated_minutes, title = excluded.title,
          summary = excluded.summary, revision = draft_courses.revision + 1, changed_at = excluded.changed_at`,
  ];
}

/** A new version holding `course`, unless the latest version holds exactly the same. */
export function versionStatement(
  courseId: SQL,
  course: CourseDoc,
  meta: { note: string; authorId: number | SQL | null; now: number },
  when: SQL = sql`1`,
): SQL {
  const doc = JSON.stringify(course);
  return sql`
    INSERT INTO course_versions (course_id, number, doc, note, author_id, created_at)
    SELECT ${courseId}, coalesce(max(number), 0) + 1, ${doc}, ${meta.note}, ${meta.authorId}, ${meta.now}
    FROM course_versions WHERE course_id = ${courseId} AND ${when}
    HAVING coalesce((SELECT doc FROM course_versions WHERE course_id = ${courseId} ORDER BY number DESC LIMIT 1), '') <> ${doc}`;
}

type AuditEntry = { userId: number | SQL | null; action: AuditAction; courseId: SQL | number | null; detail: string | SQL; now: number };

export type AuditAction =
  | 'create'
  | 'change'
  | 'publish'
  | 'rollback'
  | 'import'
  | 'export'
  | 'unpublish'
  | 'archive'
  | 'duplicate'
  // People (src/data/admin/people.ts): an account's role, deactivation and reactivation.
  | 'role'
  | 'deactivate'
  | 'reactivate'
  // Cohorts (src/data/admin/cohorts.ts): an admin enrols, withdraws or takes someone off a waitlist.
  | 'enrol'
  | 'withdraw'
  | 'unwait'
  // The region's settings (src/data/settings.ts).
  | 'settings';

/** One line of the audit log, written in the same batch as what it records (when `when` holds). */
export function auditStatement(entry: AuditEntry, when: SQL = sql`1`): SQL {
  return sql`INSERT INTO audit_log (user_id, action, course_id, detail, created_at)
    SELECT ${entry.userId}, ${entry.action}, ${entry.courseId}, ${entry.detail}, ${entry.now} WHERE ${when}`;
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
