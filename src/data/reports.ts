/**
 * Reports for programme staff: active enrolments (withdrawn ones left out) and completions per
 * course. Completions count every trainer who finished, withdrawn since or not: the certificate stands.
 */
import { sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Language } from './schema';
import { translatedTexts } from './texts';

export type CourseReport = { slug: string; title: string; enrolments: number; completions: number };

export type Reports = { courses: CourseReport[]; trainers: number };

export function reportsRead(lang: Language): Read<Reports> {
  return read(
    [
      query<CourseReport>(sql`
        SELECT c.slug, coalesce(t.title, m.title) AS title,
          (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND e.withdrawn_at IS NULL) AS enrolments,
          (SELECT count(*) FROM enrolments e WHERE e.course_id = c.id AND e.completed_at IS NOT NULL) AS completions
        FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        ORDER BY c.family, title`),
      query<{ trainers: number }>(sql`SELECT count(*) AS trainers FROM users WHERE role = 'trainer' AND deleted_at IS NULL`),
    ],
    ([courses, [counts]]) => ({ courses, trainers: counts?.trainers ?? 0 }),
  );
}
