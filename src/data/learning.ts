/**
 * "My learning": every active enrolment of the signed-in trainer with its progress and cohort,
 * and the waitlists they are on. A withdrawn enrolment is not listed (its progress and certificate
 * stay, and show again when the trainer enrols again).
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { CohortInfo, Flag } from './courses';
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
  cohort: CohortInfo;
};

export type WaitingEntry = { slug: string; title: string; cohort: CohortInfo; position: number };

export type Learning = { entries: LearningEntry[]; waiting: WaitingEntry[] };

type CohortColumns = { cohortId: number; cohortName: string; isDefault: Flag; startsAt: number | null; endsAt: number | null };

const cohortColumns = sql`h.id AS cohortId, h.name AS cohortName, h.is_default AS isDefault, h.starts_at AS startsAt, h.ends_at AS endsAt`;

function cohortOf(row: CohortColumns): CohortInfo {
  return { id: row.cohortId, name: row.cohortName, isDefault: row.isDefault === 1, startsAt: row.startsAt, endsAt: row.endsAt };
}

export function learningRead(lang: Language, me: SQL): Read<Learning> {
  type EntryRow = Omit<LearningEntry, 'cohort'> & CohortColumns;
  type WaitingRow = Omit<WaitingEntry, 'cohort'> & CohortColumns;
  return read(
    [
      query<EntryRow>(sql`
        SELECT c.slug, coalesce(t.title, m.title) AS title, e.enrolled_at AS enrolledAt, e.completed_at AS completedAt,
          cert.code AS certificateCode, ${cohortColumns},
          (SELECT count(*) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id
            WHERE p.user_id = e.user_id AND p.course_id = c.id AND l.required = 1 AND l.archived_at IS NULL) AS done,
          (SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND l.required = 1 AND l.archived_at IS NULL) AS total
        FROM enrolments e
        JOIN courses c ON c.id = e.course_id
        JOIN cohorts h ON h.id = e.cohort_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN certificates cert ON cert.user_id = e.user_id AND cert.course_id = c.id
        WHERE e.user_id = ${me} AND e.withdrawn_at IS NULL
        ORDER BY e.completed_at IS NOT NULL, e.enrolled_at DESC`),
      query<WaitingRow>(sql`
        SELECT c.slug, coalesce(t.title, m.title) AS title, ${cohortColumns},
          (SELECT count(*) FROM waitlist x WHERE x.cohort_id = w.cohort_id AND x.id <= w.id) AS position
        FROM waitlist w
        JOIN cohorts h ON h.id = w.cohort_id
        JOIN courses c ON c.id = h.course_id
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        WHERE w.user_id = ${me}
        ORDER BY w.id`),
    ],
    ([entries, waiting]) => ({
      entries: entries.map(({ cohortId, cohortName, isDefault, startsAt, endsAt, ...e }) => ({
        ...e,
        cohort: cohortOf({ cohortId, cohortName, isDefault, startsAt, endsAt }),
      })),
      waiting: waiting.map(({ cohortId, cohortName, isDefault, startsAt, endsAt, ...w }) => ({
        ...w,
        cohort: cohortOf({ cohortId, cohortName, isDefault, startsAt, endsAt }),
      })),
    }),
  );
}
