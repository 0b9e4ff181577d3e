/**
 * Placing a module or a lesson at a given index of the course editor's outline: what a drag and
 * drop asks for (the "move up / down" buttons are `moveWrites` in ./courses.ts). One statement
 * renumbers every row it touches, so positions stay 0..n-1 in each list whatever gaps deleting
 * left. Like every Studio write it checks the admin role in its own SQL, writes the audit line and
 * marks the draft changed, and writes nothing when an id is unknown or the index is past the end.
 *
 * Why a MATERIALIZED CTE: the new places are the ranks of the other rows *before* the update.
 * SQLite evaluates a correlated subquery on the table being updated row by row, so ranks counted
 * in the SET clause would see rows already renumbered; a materialized CTE is computed once, on
 * its first use in the WHERE clause, before any row changes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { changed, isAdmin } from './courses';

type Actor = { me: SQL; now: number };

/** Puts a lesson at `position` (0-based) among the lessons of `moduleId`, from its module or another one of the course. */
export function placeLessonWrites(courseId: number, lesson: { id: number; moduleId: number; position: number }, actor: Actor): SQL[] {
  const placed = sql`EXISTS (SELECT 1 FROM draft_lessons WHERE id = ${lesson.id} AND course_id = ${courseId}
    AND module_id = ${lesson.moduleId} AND position = ${lesson.position})`;
  return [
    sql`WITH others AS MATERIALIZED (
          SELECT l.id, l.module_id AS moduleId, row_number() OVER (PARTITION BY l.module_id ORDER BY l.position, l.id) - 1 AS place
          FROM draft_lessons l
          WHERE l.course_id = ${courseId} AND l.id <> ${lesson.id}
            AND l.module_id IN (${lesson.moduleId}, (SELECT module_id FROM draft_lessons WHERE id = ${lesson.id} AND course_id = ${courseId})))
        UPDATE draft_lessons SET
          module_id = CASE WHEN id = ${lesson.id} THEN ${lesson.moduleId} ELSE module_id END,
          position = CASE WHEN id = ${lesson.id} THEN ${lesson.position}
            ELSE (SELECT o.place + (o.moduleId = ${lesson.moduleId} AND o.place >= ${lesson.position}) FROM others o WHERE o.id = draft_lessons.id) END
        WHERE course_id = ${courseId} AND (id = ${lesson.id} OR id IN (SELECT id FROM others))
          AND EXISTS (SELECT 1 FROM draft_lessons WHERE id = ${lesson.id} AND course_id = ${courseId})
          AND EXISTS (SELECT 1 FROM draft_modules WHERE id = ${lesson.moduleId} AND course_id = ${courseId})
          AND ${lesson.position} <= (SELECT count(*) FROM others WHERE moduleId = ${lesson.moduleId})
          AND ${isAdmin(actor.me)}
        RETURNING id`,
    ...changed(courseId, actor, 'change', `lesson ${lesson.id} placed at ${lesson.position} in module ${lesson.moduleId}`, placed),
  ];
}

/** Puts a module at `position` (0-based) among the course's modules. */
export function placeModuleWrites(courseId: number, module: { id: number; position: number }, actor: Actor): SQL[] {
  const placed = sql`EXISTS (SELECT 1 FROM draft_modules WHERE id = ${module.id} AND course_id = ${courseId} AND position = ${module.position})`;
  return [
    sql`WITH others AS MATERIALIZED (
          SELECT id, row_number() OVER (ORDER BY position, id) - 1 AS place
          FROM draft_modules WHERE course_id = ${courseId} AND id <> ${module.id})
        UPDATE draft_modules SET
          position = CASE WHEN id = ${module.id} THEN ${module.position}
            ELSE (SELECT o.place + (o.place >= ${module.position}) FROM others o WHERE o.id = draft_modules.id) END
        WHERE course_id = ${courseId}
          AND EXISTS (SELECT 1 FROM draft_modules WHERE id = ${module.id} AND course_id = ${courseId})
          AND ${module.position} <= (SELECT count(*) FROM others)
          AND ${isAdmin(actor.me)}
        RETURNING id`,
    ...changed(courseId, actor, 'change', `module ${module.id} placed at ${module.position}`, placed),
  ];
}
