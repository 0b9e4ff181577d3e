/**
 * Imports course bundles (the command line's `content:import`, the tests' fixtures) as ONE batch,
 * which D1 runs as one transaction: an import either lands whole or leaves the database as it was.
 *
 * For each course: the course row is created if new; a version is made only when the content
 * differs from the latest version (so the starter courses are version 1 on a fresh start, and
 * importing the same files again changes nothing); trainers' tables follow (src/content/apply.ts);
 * the Studio's draft is replaced, unless an admin has unpublished changes there, which are kept
 * (and stay marked as unpublished). The content version goes up, so that the public page cache
 * no longer serves the old text (src/http/page-cache.ts).
 */
import { type SQL, sql } from 'drizzle-orm';
import { raiseContentVersion } from '../data/content-version';
import { batchRows, type Db } from '../db';
import { auditStatement, courseBySlug, draftStatements, liveStatements, versionStatement } from './apply';
import { type CourseBundle, docOf } from './bundle';

export type ImportSummary = { courses: number; modules: number; lessons: number; questions: number };

export async function importCourses(db: Db, courses: CourseBundle[], now = Date.now()): Promise<ImportSummary> {
  await batchRows(db, [...courses.flatMap((course) => importStatements(course, now)), raiseContentVersion()]);
  const modules = courses.flatMap((c) => c.modules);
  const lessons = modules.flatMap((m) => m.lessons);
  return {
    courses: courses.length,
    modules: modules.length,
    lessons: lessons.length,
    questions: lessons.reduce((n, l) => n + l.questions.length, 0),
  };
}

function importStatements(course: CourseBundle, now: number): SQL[] {
  const courseId = courseBySlug(course.slug);
  const doc = docOf(course);
  // A draft changed since the latest version is an admin's unpublished work: mark it (changed
  // after this import) and leave it alone.
  const keptDraft = now + 1;
  const draftIsClean = sql`NOT EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${courseId} AND changed_at = ${keptDraft})`;
  return [
    sql`INSERT INTO courses (slug, family, main_language, estimated_minutes, published)
        VALUES (${course.slug}, ${course.family}, ${course.mainLanguage}, ${course.estimatedMinutes}, ${course.published ? 1 : 0})
        ON CONFLICT (slug) DO UPDATE SET published = excluded.published`,
    sql`UPDATE draft_courses SET changed_at = ${keptDraft}
        WHERE course_id = ${courseId}
          AND changed_at > coalesce((SELECT max(created_at) FROM course_versions WHERE course_id = ${courseId}), -1)`,
    // The draft becomes what is published: changed no later than the latest version (the one this
    // import adds, at `now`, or the existing one when nothing changed).
    ...draftStatements(
      courseId,
      doc,
      sql`coalesce((SELECT max(created_at) FROM course_versions WHERE course_id = ${courseId}), ${now})`,
      draftIsClean,
    ),
    versionStatement(courseId, doc, { note: 'Imported from content files', authorId: null, now }),
    auditStatement(
      { userId: null, action: 'import', courseId, detail: 'content files', now },
      sql`EXISTS (SELECT 1 FROM course_versions WHERE course_id = ${courseId} AND created_at = ${now})`,
    ),
    ...liveStatements(courseId, doc, now),
  ];
}
