import { type SQL, sql } from 'drizzle-orm';
import type { Language } from './schema';

const OWNER_COLUMN = { course_texts: 'course_id', module_texts: 'module_id', lesson_texts: 'lesson_id' } as const;

/**
 * The one rule for reading translated text: join a `*_texts` table twice, as `m` in the course's
 * main language (always present: the importer requires it) and as `t` in the reader's language
 * (may be missing). Select `coalesce(t.x, m.x)`; `t.<column> IS NULL` means the page falls back
 * and shows a notice. The query must alias the course `c`.
 */
export function translatedTexts(table: keyof typeof OWNER_COLUMN, ownerId: SQL, lang: Language): SQL {
  const texts = sql.raw(table);
  const owner = sql.raw(OWNER_COLUMN[table]);
  return sql`JOIN ${texts} m ON m.${owner} = ${ownerId} AND m.language = c.main_language
    LEFT JOIN ${texts} t ON t.${owner} = ${ownerId} AND t.language = ${lang}`;
}
