/** The notebook: a course's reflection prompts in course order, with the trainer's answers. */
import { type SQL, sql } from 'drizzle-orm';
import { mapRead, query, type Read, read, readAll } from '../db';
import { type CourseView, courseRead } from './courses';
import type { Language } from './schema';
import { translatedTexts } from './texts';

export type NotebookEntry = { key: string; title: string; prompt: string; body: string | null; updatedAt: number | null };

export type Notebook = { view: CourseView; entries: NotebookEntry[] };

export function notebookRead(slug: string, lang: Language, me: SQL): Read<Notebook | null> {
  const entries = read(
    [
      query<NotebookEntry>(sql`
        SELECT l.key, coalesce(t.title, m.title) AS title, coalesce(t.body_html, m.body_html) AS prompt,
          r.body, r.updated_at AS updatedAt
        FROM lessons l
        JOIN courses c ON c.id = l.course_id
        ${translatedTexts('lesson_texts', sql`l.id`, lang)}
        LEFT JOIN reflections r ON r.lesson_id = l.id AND r.user_id = ${me}
        WHERE c.slug = ${slug} AND l.kind = 'reflection' AND l.archived_at IS NULL
        ORDER BY l.position`),
    ],
    ([rows]) => rows,
  );
  return mapRead(readAll({ view: courseRead(slug, lang, me), entries }), ({ view, entries }) => (view ? { view, entries } : null));
}
