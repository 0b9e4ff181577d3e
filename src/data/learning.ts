/** "My learning": every enrolment of the signed-in trainer with its progress. */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Language } from './schema';
import { translatedTexts } from './texts';

export type LearningEntry = {
  slug: string;
  title: string;
  enrolledAt: number;
  completedAt: number | null;
  certificateCode: string | null;
  done: number;
  total: number;
};

export function learningRead(lang: Language, me: SQL): Read<LearningEntry[]> {
  return read(
    [
      query<LearningEntry>(sql`
        SELECT c.slug, coalesce(t.title, m.title) AS title, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
          cert.code AS certificateCode,
          (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE p.user_id = e.user_id AND p.course_id = c.id AND l.required = 1 AND l.archived_at IS NULL) AS done,
          (SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND l.required = 1 AND l.archived_at IS NULL) AS total
        FROM enrolments e
        JOIN courses c ON c.id = e.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = c.id
        WHERE e.user_id = ${me}
        ORDER BY e.completed_at IS NOT NULL, e.enrolled_at DESC`),
    ],
    ([rows]) => rows,
  );
}
