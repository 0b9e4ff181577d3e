/**
 * Moving courses between regions as .zip bundles: an import becomes a new course's draft, or the
 * draft of an existing course, with the same statements as every import (src/content/apply.ts).
 * Nothing is published by an import: an admin reviews the draft and publishes it.
 */
import { type SQL, sql } from 'drizzle-orm';
import { auditStatement, draftStatements } from '../../content/apply';
import type { CourseDoc } from '../../content/bundle';
import { changed, isAdmin } from './courses';

type Actor = { me: SQL; now: number };

/** A new, unpublished course holding `doc` as its draft; RETURNING gives its id (none: slug taken). */
export function importAsNewWrites(doc: CourseDoc, file: string, actor: Actor): SQL[] {
  const admin = isAdmin(actor.me);
  const id = sql`(SELECT id FROM courses WHERE slug = ${doc.slug})`;
  const fresh = sql`${admin} AND NOT EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${id})`;
  return [
    sql`INSERT INTO courses (slug, family, main_language, estimated_minutes, published)
        SELECT ${doc.slug}, ${doc.family}, ${doc.mainLanguage}, ${doc.estimatedMinutes}, 0
        WHERE ${admin} AND NOT EXISTS (SELECT 1 FROM courses WHERE slug = ${doc.slug})
        RETURNING id`,
    ...draftStatements(id, doc, actor.now, fresh),
    auditStatement(
      { userId: actor.me, action: 'import', courseId: id, detail: file, now: actor.now },
      sql`${admin} AND (SELECT changed_at FROM draft_courses WHERE course_id = ${id}) = ${actor.now}`,
    ),
  ];
}

/** `doc` replaces the draft of course `courseId` (its slug may not be another course's). */
export function importAsDraftWrites(courseId: number, doc: CourseDoc, file: string, actor: Actor): SQL[] {
  const allowed = sql`${isAdmin(actor.me)} AND EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${courseId})
    AND NOT EXISTS (SELECT 1 FROM courses WHERE slug = ${doc.slug} AND id <> ${courseId})`;
  return [
    sql`SELECT ${courseId} AS id WHERE ${allowed}`,
    ...draftStatements(sql`${courseId}`, doc, actor.now, allowed),
    ...changed(courseId, actor, 'import', file, allowed),
  ];
}

export function exportAuditStatement(courseId: number, detail: string, actor: Actor): SQL {
  return auditStatement({ userId: actor.me, action: 'export', courseId, detail, now: actor.now }, isAdmin(actor.me));
}
