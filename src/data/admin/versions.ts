/**
 * Publishing, versions and rollback. A version is immutable once written: the course as published
 * (a CourseDoc as JSON), its number, author, time and note. Publishing and rolling back put a doc
 * into trainers' tables with the same statements as every import (src/content/apply.ts), so a
 * lesson a version drops is archived with its trainers' progress and returns with a later version
 * that has it. Completions and certificates already issued are never touched by these writes.
 */
import { type SQL, sql } from 'drizzle-orm';
import { auditStatement, draftStatements, liveStatements, versionStatement } from '../../content/apply';
import type { CourseDoc } from '../../content/bundle';
import { query, type Read, read } from '../../db';
import { raiseContentVersion } from '../content-version';
import { isAdmin } from './courses';

export type VersionSummary = { number: number; note: string; author: string | null; createdAt: number };

export function versionsRead(courseId: number): Read<VersionSummary[]> {
  return read(
    [
      query<VersionSummary>(sql`
        SELECT v.number, v.note, u.name AS author, v.created_at AS createdAt
        FROM course_versions v LEFT JOIN users u ON u.id = v.author_id
        WHERE v.course_id = ${courseId} ORDER BY v.number DESC`),
    ],
    ([rows]) => rows,
  );
}

export type Version = VersionSummary & { doc: CourseDoc };

export function versionRead(courseId: number, number: number): Read<Version | null> {
  type Row = VersionSummary & { doc: string };
  return read(
    [
      query<Row>(sql`
        SELECT v.number, v.note, u.name AS author, v.created_at AS createdAt, v.doc
        FROM course_versions v LEFT JOIN users u ON u.id = v.author_id
        WHERE v.course_id = ${courseId} AND v.number = ${number}`),
    ],
    ([[row]]) => (row ? { ...row, doc: JSON.parse(row.doc) as CourseDoc } : null),
  );
}

/** The latest version's doc, to compare a draft with (null before the first publish). */
export function latestDocRead(courseId: number): Read<CourseDoc | null> {
  return read(
    [query<{ doc: string }>(sql`SELECT doc FROM course_versions WHERE course_id = ${courseId} ORDER BY number DESC LIMIT 1`)],
    ([[row]]) => (row ? (JSON.parse(row.doc) as CourseDoc) : null),
  );
}

/** Trainers with progress on each published lesson of the course, by key (for "what changes"). */
export function progressByLessonRead(courseId: number): Read<Map<string, number>> {
  return read(
    [
      query<{ key: string; trainers: number }>(sql`
        SELECT l.key, count(p.user_id) AS trainers FROM lessons l
        LEFT JOIN lesson_progress p ON p.lesson_id = l.id
        WHERE l.course_id = ${courseId} AND l.archived_at IS NULL GROUP BY l.id`),
    ],
    ([rows]) => new Map(rows.map((r) => [r.key, r.trainers])),
  );
}

type Actor = { me: SQL; now: number };

/**
 * Publishes `doc` (the validated draft): a new version, trainers' tables, the course visible,
 * the page cache's content version raised. One batch; every statement requires an admin.
 */
export function publishWrites(courseId: number, doc: CourseDoc, note: string, actor: Actor): SQL[] {
  const id = sql`${courseId}`;
  const admin = isAdmin(actor.me);
  return [
    versionStatement(id, doc, { note, authorId: actor.me, now: actor.now }, admin),
    ...liveStatements(id, doc, actor.now, admin),
    sql`UPDATE courses SET published = 1, archived_at = NULL WHERE id = ${courseId} AND ${admin}`,
    raiseContentVersion(),
    auditStatement({ userId: actor.me, action: 'publish', courseId, detail: note, now: actor.now }, admin),
    sql`SELECT max(number) AS number FROM course_versions WHERE course_id = ${courseId}`,
  ];
}

/** Publishes an earlier version again, as a new version, and makes it the draft too. */
export function rollbackWrites(courseId: number, version: Version, actor: Actor): SQL[] {
  const id = sql`${courseId}`;
  const admin = isAdmin(actor.me);
  const note = `Rollback to version ${version.number}`;
  return [
    versionStatement(id, version.doc, { note, authorId: actor.me, now: actor.now }, admin),
    ...liveStatements(id, version.doc, actor.now, admin),
    ...draftStatements(id, version.doc, actor.now, admin),
    sql`UPDATE courses SET published = 1, archived_at = NULL WHERE id = ${courseId} AND ${admin}`,
    raiseContentVersion(),
    auditStatement({ userId: actor.me, action: 'rollback', courseId, detail: `version ${version.number}`, now: actor.now }, admin),
  ];
}

/** Trainers no longer see the course (their progress stays); publishing shows it again. */
export function unpublishWrites(courseId: number, actor: Actor): SQL[] {
  const admin = isAdmin(actor.me);
  return [
    sql`UPDATE courses SET published = 0 WHERE id = ${courseId} AND ${admin} RETURNING id`,
    raiseContentVersion(),
    auditStatement({ userId: actor.me, action: 'unpublish', courseId, detail: '', now: actor.now }, admin),
  ];
}

/** Archived: hidden from trainers and at the end of the Studio's list; nothing is deleted. */
export function archiveCourse(courseId: number, actor: Actor): SQL[] {
  const admin = isAdmin(actor.me);
  return [
    sql`UPDATE courses SET published = 0, archived_at = ${actor.now} WHERE id = ${courseId} AND ${admin} RETURNING id`,
    raiseContentVersion(),
    auditStatement({ userId: actor.me, action: 'archive', courseId, detail: '', now: actor.now }, admin),
  ];
}
