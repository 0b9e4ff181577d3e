/**
 * The catalogue: every published course in the reader's language, with the reader's state
 * (enrolled: an active enrolment; a withdrawn trainer sees the course as one to enrol in).
 */
import { type SQL, sql } from 'drizzle-orm';
import { query, type Read, read } from '../db';
import type { Flag } from './courses';
import type { Family, Language } from './schema';
import { translatedTexts } from './texts';

export type CatalogueEntry = {
  slug: string;
  family: Family;
  mainLanguage: Language;
  estimatedMinutes: number;
  title: string;
  summary: string;
  fallback: boolean;
  languages: Language[];
  lessonCount: number;
  enrolled: boolean;
  completed: boolean;
};

type Row = Omit<CatalogueEntry, 'fallback' | 'languages' | 'enrolled' | 'completed'> & {
  fallback: Flag;
  languages: string;
  enrolled: Flag;
  completed: Flag;
};

export function catalogueRead(lang: Language, me: SQL, onlyLanguage: Language | null): Read<CatalogueEntry[]> {
  return read(
    [
      query<Row>(sql`
        SELECT c.slug, c.family, c.main_language AS mainLanguage, c.estimated_minutes AS estimatedMinutes,
          coalesce(t.title, m.title) AS title, coalesce(t.summary, m.summary) AS summary,
          t.title IS NULL AS fallback,
          (SELECT group_concat(language) FROM course_texts x WHERE x.course_id = c.id) AS languages,
          (SELECT count(*) FROM lessons l WHERE l.course_id = c.id AND l.archived_at IS NULL) AS lessonCount,
          e.id IS NOT NULL AS enrolled, e.completed_at IS NOT NULL AS completed
        FROM courses c
        ${translatedTexts('course_texts', sql`c.id`, lang)}
        LEFT JOIN enrolments e ON e.course_id = c.id AND e.user_id = ${me} AND e.withdrawn_at IS NULL
        WHERE c.published = 1
          ${onlyLanguage ? sql`AND EXISTS (SELECT 1 FROM course_texts f WHERE f.course_id = c.id AND f.language = ${onlyLanguage})` : sql``}
        ORDER BY c.family, title`),
    ],
    ([rows]) =>
      rows.map((r) => ({
        ...r,
        fallback: r.fallback === 1,
        languages: r.languages.split(',').sort() as Language[],
        enrolled: r.enrolled === 1,
        completed: r.completed === 1,
      })),
  );
}
