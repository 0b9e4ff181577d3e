/**
 * The Studio's courses: the list with each course's state, a course's draft as the editor shows
 * it, and the admin's writes on a draft. Every write is one batch that checks in SQL that the
 * session belongs to an admin (`isAdmin`), so a write from anyone else writes nothing whatever the
 * handler decided, records itself in the audit log and marks the draft changed.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type AuditAction, auditStatement } from '../../content/apply';
import type { CourseDoc, LessonDoc, Localized, QuestionBundle } from '../../content/bundle';
import { query, type Read, read } from '../../db';
import type { Family, Language, LessonKind } from '../schema';

export type CourseState = 'draft' | 'published' | 'changed' | 'unpublished' | 'archived';

export type StudioCourse = {
  id: number;
  slug: string;
  family: Family;
  mainLanguage: Language;
  title: Localized<string>;
  state: CourseState;
  latestVersion: number | null;
  lessonCount: number;
  languages: Language[];
};

export type DraftLesson = {
  id: number;
  moduleId: number;
  key: string;
  position: number;
  kind: LessonKind;
  required: boolean;
  passPercent: number | null;
  sources: { title: string; url?: string }[];
  title: Localized<string>;
  body: Localized<string>;
  questions: QuestionBundle[];
  revision: number;
  /** Published at least once (also if archived since): the key is frozen. */
  published: boolean;
};

export type DraftModule = {
  id: number;
  key: string;
  position: number;
  title: Localized<string>;
  lessons: DraftLesson[];
  published: boolean;
};

export type Draft = {
  id: number;
  slug: string;
  family: Family;
  mainLanguage: Language;
  estimatedMinutes: number;
  title: Localized<string>;
  summary: Localized<string>;
  revision: number;
  state: CourseState;
  latestVersion: { number: number; createdAt: number } | null;
  modules: DraftModule[];
};

/** The signed-in user is an admin, as SQL: every Studio write carries it in its WHERE. */
export const isAdmin = (me: SQL) => sql`EXISTS (SELECT 1 FROM users WHERE id = ${me} AND role = 'admin')`;

function stateOf(row: { published: 0 | 1; archivedAt: number | null; changedAt: number; versionAt: number | null }): CourseState {
  if (row.archivedAt !== null) return 'archived';
  if (row.versionAt === null) return 'draft';
  if (row.published === 0) return 'unpublished';
  return row.changedAt > row.versionAt ? 'changed' : 'published';
}

type StateRow = { published: 0 | 1; archivedAt: number | null; changedAt: number; versionAt: number | null; latestVersion: number | null };

const stateColumns = sql`c.published, c.archived_at AS archivedAt, d.changed_at AS changedAt,
  (SELECT max(created_at) FROM course_versions v WHERE v.course_id = c.id) AS versionAt,
  (SELECT max(number) FROM course_versions v WHERE v.course_id = c.id) AS latestVersion`;

export function studioCoursesRead(): Read<StudioCourse[]> {
  type Row = StateRow & { id: number; slug: string; family: Family; mainLanguage: Language; title: string; lessonCount: number };
  return read(
    [
      query<Row>(sql`
        SELECT c.id, d.slug, d.family, d.main_language AS mainLanguage, d.title, ${stateColumns},
          (SELECT count(*) FROM draft_lessons l WHERE l.course_id = c.id) AS lessonCount
        FROM courses c JOIN draft_courses d ON d.course_id = c.id
        ORDER BY c.archived_at IS NOT NULL, d.family, d.slug`),
    ],
    ([rows]) =>
      rows.map((r) => {
        const title = JSON.parse(r.title) as Localized<string>;
        return {
          id: r.id,
          slug: r.slug,
          family: r.family,
          mainLanguage: r.mainLanguage,
          title,
          state: stateOf(r),
          latestVersion: r.latestVersion,
          lessonCount: r.lessonCount,
          languages: (Object.keys(title) as Language[]).sort(),
        };
      }),
  );
}

export function draftRead(courseId: number): Read<Draft | null> {
  type CourseRow = StateRow & {
    id: number;
    slug: string;
    family: Family;
    mainLanguage: Language;
    estimatedMinutes: number;
    title: string;
    summary: string;
    revision: number;
  };
  type ModuleRow = { id: number; key: string; position: number; title: string; published: 0 | 1 };
  type LessonRow = Omit<DraftLesson, 'required' | 'sources' | 'title' | 'body' | 'questions' | 'published'> & {
    required: 0 | 1;
    sources: string;
    title: string;
    body: string;
    questions: string;
    published: 0 | 1;
  };
  return read(
    [
      query<CourseRow>(sql`
        SELECT c.id, d.slug, d.family, d.main_language AS mainLanguage, d.estimated_minutes AS estimatedMinutes,
          d.title, d.summary, d.revision, ${stateColumns}
        FROM courses c JOIN draft_courses d ON d.course_id = c.id WHERE c.id = ${courseId}`),
      query<ModuleRow>(sql`
        SELECT m.id, m.key, m.position, m.title,
          EXISTS (SELECT 1 FROM modules x WHERE x.course_id = m.course_id AND x.key = m.key) AS published
        FROM draft_modules m WHERE m.course_id = ${courseId} ORDER BY m.position`),
      query<LessonRow>(sql`
        SELECT l.id, l.module_id AS moduleId, l.key, l.position, l.kind, l.required, l.pass_percent AS passPercent,
          l.sources, l.title, l.body, l.questions, l.revision,
          EXISTS (SELECT 1 FROM lessons x WHERE x.course_id = l.course_id AND x.key = l.key) AS published
        FROM draft_lessons l WHERE l.course_id = ${courseId} ORDER BY l.position`),
    ],
    ([[course], moduleRows, lessonRows]) => {
      if (!course) return null;
      const lessons: DraftLesson[] = lessonRows.map((l) => ({
        ...l,
        required: l.required === 1,
        sources: JSON.parse(l.sources),
        title: JSON.parse(l.title),
        body: JSON.parse(l.body),
        questions: JSON.parse(l.questions),
        published: l.published === 1,
      }));
      return {
        id: course.id,
        slug: course.slug,
        family: course.family,
        mainLanguage: course.mainLanguage,
        estimatedMinutes: course.estimatedMinutes,
        title: JSON.parse(course.title),
        summary: JSON.parse(course.summary),
        revision: course.revision,
        state: stateOf(course),
        latestVersion:
          course.latestVersion !== null && course.versionAt !== null ? { number: course.latestVersion, createdAt: course.versionAt } : null,
        modules: moduleRows.map((m) => ({
          id: m.id,
          key: m.key,
          position: m.position,
          title: JSON.parse(m.title),
          published: m.published === 1,
          lessons: lessons.filter((l) => l.moduleId === m.id),
        })),
      };
    },
  );
}

/** The draft as a course doc: what publishing validates, versions keep and exports write. */
export function docOfDraft(draft: Draft): CourseDoc {
  return {
    slug: draft.slug,
    family: draft.family,
    mainLanguage: draft.mainLanguage,
    estimatedMinutes: draft.estimatedMinutes,
    title: draft.title,
    summary: draft.summary,
    modules: draft.modules.map((m) => ({
      key: m.key,
      title: m.title,
      lessons: m.lessons.map(
        (l): LessonDoc => ({
          key: l.key,
          kind: l.kind,
          required: l.required,
          passPercent: l.kind === 'quiz' ? l.passPercent : null,
          sources: l.sources,
          title: l.title,
          body: l.body,
          questions: l.kind === 'quiz' ? l.questions : [],
        }),
      ),
    })),
  };
}

type Actor = { me: SQL; now: number };

/** What every Studio write on a course ends with: the draft marked changed, the audit line. */
export function changed(courseId: number, actor: Actor, action: AuditAction, detail: string, when: SQL = sql`1`): SQL[] {
  const guard = sql`${isAdmin(actor.me)} AND ${when}`;
  return [
    sql`UPDATE draft_courses SET changed_at = ${actor.now} WHERE course_id = ${courseId} AND ${guard}`,
    auditStatement({ userId: actor.me, action, courseId, detail, now: actor.now }, guard),
  ];
}

export type NewCourse = { slug: string; family: Family; mainLanguage: Language; estimatedMinutes: number; title: string; summary: string };

/**
 * A new course: an unpublished course row (it reserves the slug) and its draft. RETURNING tells
 * the handler the id; a taken slug returns nothing and writes nothing.
 */
export function createCourseWrites(course: NewCourse, actor: Actor): SQL[] {
  const id = sql`(SELECT id FROM courses WHERE slug = ${course.slug})`;
  const texts = (value: string) => JSON.stringify({ [course.mainLanguage]: value });
  return [
    sql`INSERT INTO courses (slug, family, main_language, estimated_minutes, published)
        SELECT ${course.slug}, ${course.family}, ${course.mainLanguage}, ${course.estimatedMinutes}, 0
        WHERE ${isAdmin(actor.me)} AND NOT EXISTS (SELECT 1 FROM courses WHERE slug = ${course.slug})
        RETURNING id`,
    sql`INSERT INTO draft_courses (course_id, slug, family, main_language, estimated_minutes, title, summary, changed_at)
        SELECT ${id}, ${course.slug}, ${course.family}, ${course.mainLanguage}, ${course.estimatedMinutes},
          ${texts(course.title)}, ${texts(course.summary)}, ${actor.now}
        WHERE ${isAdmin(actor.me)} AND NOT EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${id})`,
    auditStatement(
      { userId: actor.me, action: 'create', courseId: id, detail: course.slug, now: actor.now },
      sql`${isAdmin(actor.me)} AND EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${id} AND changed_at = ${actor.now})`,
    ),
  ];
}

export type Settings = Omit<NewCourse, 'title' | 'summary'> & { title: Localized<string>; summary: Localized<string>; revision: number };

/** Saves the course's settings if nobody saved since `revision`; RETURNING says whether it did. */
export function saveSettingsWrites(courseId: number, settings: Settings, actor: Actor): SQL[] {
  const saved = sql`(SELECT revision FROM draft_courses WHERE course_id = ${courseId}) = ${settings.revision + 1}`;
  return [
    sql`UPDATE draft_courses SET slug = ${settings.slug}, family = ${settings.family}, main_language = ${settings.mainLanguage},
          estimated_minutes = ${settings.estimatedMinutes}, title = ${JSON.stringify(settings.title)},
          summary = ${JSON.stringify(settings.summary)}, revision = revision + 1
        WHERE course_id = ${courseId} AND revision = ${settings.revision} AND ${isAdmin(actor.me)}
          AND NOT EXISTS (SELECT 1 FROM draft_courses o WHERE o.slug = ${settings.slug} AND o.course_id <> ${courseId})
          AND NOT EXISTS (SELECT 1 FROM courses o WHERE o.slug = ${settings.slug} AND o.id <> ${courseId})
        RETURNING revision`,
    ...changed(courseId, actor, 'change', 'settings', saved),
  ];
}

/** The first of `candidates` that no draft or published module (or lesson) of the course has. */
function freeKey(table: 'modules' | 'lessons', courseId: number, candidates: string[]): SQL {
  const draft = sql.raw(`draft_${table}`);
  const live = sql.raw(table);
  return sql`(SELECT j.value FROM json_each(${JSON.stringify(candidates)}) j
    WHERE j.value NOT IN (SELECT key FROM ${draft} WHERE course_id = ${courseId})
      AND j.value NOT IN (SELECT key FROM ${live} WHERE course_id = ${courseId})
    ORDER BY j.key LIMIT 1)`;
}

/** A text in the course's main language, as the JSON object a draft keeps. */
const inMainLanguage = (courseId: number, text: string) =>
  sql`json_object((SELECT main_language FROM draft_courses WHERE course_id = ${courseId}), ${text})`;

export function addModuleWrites(courseId: number, title: { text: string; keys: string[] }, actor: Actor): SQL[] {
  return [
    sql`INSERT INTO draft_modules (course_id, key, position, title)
        SELECT ${courseId}, ${freeKey('modules', courseId, title.keys)},
          coalesce((SELECT max(position) + 1 FROM draft_modules WHERE course_id = ${courseId}), 0),
          ${inMainLanguage(courseId, title.text)}
        WHERE ${isAdmin(actor.me)} AND EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${courseId})
        RETURNING id`,
    ...changed(
      courseId,
      actor,
      'change',
      `module added: ${title.text}`,
      sql`EXISTS (SELECT 1 FROM draft_courses WHERE course_id = ${courseId})`,
    ),
  ];
}

export function addLessonWrites(
  courseId: number,
  lesson: { moduleId: number; kind: LessonKind; title: string; keys: string[] },
  actor: Actor,
): SQL[] {
  return [
    sql`INSERT INTO draft_lessons (course_id, module_id, key, position, kind, pass_percent, title, body)
        SELECT ${courseId}, m.id, ${freeKey('lessons', courseId, lesson.keys)},
          coalesce((SELECT max(position) + 1 FROM draft_lessons WHERE module_id = m.id), 0), ${lesson.kind},
          ${lesson.kind === 'quiz' ? 80 : null}, ${inMainLanguage(courseId, lesson.title)}, '{}'
        FROM draft_modules m WHERE m.id = ${lesson.moduleId} AND m.course_id = ${courseId} AND ${isAdmin(actor.me)}
        RETURNING id`,
    ...changed(
      courseId,
      actor,
      'change',
      `lesson added: ${lesson.title}`,
      sql`EXISTS (SELECT 1 FROM draft_modules WHERE id = ${lesson.moduleId} AND course_id = ${courseId})`,
    ),
  ];
}

export function renameModuleWrites(courseId: number, module: { id: number; title: Localized<string>; key?: string }, actor: Actor): SQL[] {
  const keyChange = module.key
    ? sql`, key = CASE WHEN EXISTS (SELECT 1 FROM modules x WHERE x.course_id = ${courseId} AND x.key = draft_modules.key)
          THEN key ELSE ${module.key} END`
    : sql``;
  return [
    sql`UPDATE draft_modules SET title = ${JSON.stringify(module.title)} ${keyChange}
        WHERE id = ${module.id} AND course_id = ${courseId} AND ${isAdmin(actor.me)}
          AND NOT EXISTS (SELECT 1 FROM draft_modules o WHERE o.course_id = ${courseId} AND o.key = ${module.key ?? ''} AND o.id <> ${module.id})
        RETURNING id`,
    ...changed(
      courseId,
      actor,
      'change',
      'module renamed',
      sql`EXISTS (SELECT 1 FROM draft_modules WHERE id = ${module.id} AND course_id = ${courseId})`,
    ),
  ];
}

/**
 * Moves a module or a lesson one place up or down by swapping positions with its neighbour (a
 * lesson within its module). Nothing happens at either end.
 */
export function moveWrites(
  courseId: number,
  what: { table: 'modules' | 'lessons'; id: number; direction: 'up' | 'down' },
  actor: Actor,
): SQL[] {
  const table = sql.raw(`draft_${what.table}`);
  const scope = what.table === 'modules' ? sql`n.course_id = t.course_id` : sql`n.module_id = t.module_id`;
  const neighbour =
    what.direction === 'up'
      ? sql`(SELECT n.id FROM ${table} n, ${table} t WHERE t.id = ${what.id} AND ${scope} AND n.position < t.position ORDER BY n.position DESC LIMIT 1)`
      : sql`(SELECT n.id FROM ${table} n, ${table} t WHERE t.id = ${what.id} AND ${scope} AND n.position > t.position ORDER BY n.position LIMIT 1)`;
  const movable = sql`EXISTS (SELECT 1 FROM ${table} WHERE id = ${what.id} AND course_id = ${courseId}) AND ${neighbour} IS NOT NULL`;
  return [
    // Recorded first, while the condition still sees the positions before the swap.
    ...changed(courseId, actor, 'change', `${what.table === 'modules' ? 'module' : 'lesson'} moved ${what.direction}`, movable),
    sql`UPDATE ${table} SET position = CASE id
          WHEN ${what.id} THEN (SELECT position FROM ${table} WHERE id = ${neighbour})
          ELSE (SELECT position FROM ${table} WHERE id = ${what.id}) END
        WHERE id IN (${what.id}, ${neighbour}) AND course_id = ${courseId} AND ${neighbour} IS NOT NULL AND ${isAdmin(actor.me)}
        RETURNING id`,
  ];
}

/**
 * Deletes a module (with its lessons) or a lesson from the draft; the last statement's RETURNING
 * row says it did. Trainers keep seeing it until
 * the next publish, which archives it with its progress (src/content/apply.ts).
 */
export function deleteWrites(courseId: number, what: { table: 'modules' | 'lessons'; id: number; label: string }, actor: Actor): SQL[] {
  const table = sql.raw(`draft_${what.table}`);
  const exists = sql`EXISTS (SELECT 1 FROM ${table} WHERE id = ${what.id} AND course_id = ${courseId})`;
  return [
    // Recorded first, while the row still exists.
    ...changed(courseId, actor, 'change', `${what.table === 'modules' ? 'module' : 'lesson'} deleted: ${what.label}`, exists),
    sql`DELETE FROM ${table} WHERE id = ${what.id} AND course_id = ${courseId} AND ${isAdmin(actor.me)} RETURNING id`,
  ];
}

export type LessonEdit = {
  id: number;
  revision: number;
  /** Applied only while the lesson was never published. */
  key?: string | undefined;
  required: boolean;
  /** Quizzes only; kept as it was when not given. */
  passPercent: number | null;
  sources: { title: string; url?: string }[];
  title: Localized<string>;
  body: Localized<string>;
  /** Quizzes only; kept as they were when not given. */
  questions?: QuestionBundle[] | undefined;
};

/**
 * Saves a lesson if nobody saved it since `revision` was read and it has a title in the course's
 * main language; the RETURNING row says it was saved. Otherwise nothing is written, and the
 * re-read tells the handler why: another admin's save (a conflict, both texts shown), the title,
 * or a key another lesson has. The key changes only while the lesson was never published.
 */
export function saveLessonWrites(courseId: number, lesson: LessonEdit, actor: Actor): SQL[] {
  const key = lesson.key ?? '';
  const title = JSON.stringify(lesson.title);
  const questions = lesson.questions ? JSON.stringify(lesson.questions) : null;
  const saved = sql`EXISTS (SELECT 1 FROM draft_lessons WHERE id = ${lesson.id} AND revision = ${lesson.revision + 1})`;
  return [
    sql`UPDATE draft_lessons SET required = ${lesson.required ? 1 : 0},
          pass_percent = CASE WHEN kind = 'quiz' THEN coalesce(${lesson.passPercent}, pass_percent) ELSE NULL END,
          questions = CASE WHEN kind = 'quiz' THEN coalesce(${questions}, questions) ELSE '[]' END,
          sources = ${JSON.stringify(lesson.sources)}, title = ${title}, body = ${JSON.stringify(lesson.body)},
          revision = revision + 1,
          key = CASE WHEN ${key} = '' OR EXISTS (SELECT 1 FROM lessons x WHERE x.course_id = ${courseId} AND x.key = draft_lessons.key)
            THEN key ELSE ${key} END
        WHERE id = ${lesson.id} AND course_id = ${courseId} AND revision = ${lesson.revision} AND ${isAdmin(actor.me)}
          AND json_extract(${title}, '$.' || (SELECT main_language FROM draft_courses WHERE course_id = ${courseId})) IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM draft_lessons o WHERE o.course_id = ${courseId} AND o.key = ${key} AND o.id <> ${lesson.id})
          AND NOT EXISTS (SELECT 1 FROM lessons o WHERE o.course_id = ${courseId} AND o.key = ${key}
            AND o.key <> (SELECT d.key FROM draft_lessons d WHERE d.id = ${lesson.id}))
        RETURNING revision`,
    ...changed(courseId, actor, 'change', `lesson saved: ${lesson.key ?? lesson.id}`, saved),
  ];
}

/**
 * A copy of the course's draft as a new, unpublished course (no versions, no trainers), under the
 * first free address of `<slug>-copy`, `<slug>-copy-2` … `-9`. RETURNING gives the new id.
 */
export function duplicateWrites(courseId: number, actor: Actor): SQL[] {
  const admin = isAdmin(actor.me);
  const base = sql`(SELECT substr(slug, 1, 70) || '-copy' FROM draft_courses WHERE course_id = ${courseId})`;
  const list = sql`json_array(${base}, ${sql.join(
    Array.from({ length: 8 }, (_, i) => sql`${base} || ${`-${i + 2}`}`),
    sql`, `,
  )})`;
  const candidates = sql`(SELECT value FROM json_each(${list}))`;
  const slug = sql`(SELECT j.value FROM json_each(${list}) j
    WHERE j.value NOT IN (SELECT slug FROM courses) AND j.value NOT IN (SELECT slug FROM draft_courses) ORDER BY j.key LIMIT 1)`;
  // The new course, before it has its draft: the one course of those addresses without a draft.
  const created = sql`(SELECT c.id FROM courses c WHERE c.slug IN ${candidates}
    AND NOT EXISTS (SELECT 1 FROM draft_courses d WHERE d.course_id = c.id))`;
  // And after: its draft was written by this batch.
  const copy = sql`(SELECT d.course_id FROM draft_courses d WHERE d.slug IN ${candidates} AND d.changed_at = ${actor.now})`;
  return [
    sql`INSERT INTO courses (slug, family, main_language, estimated_minutes, published)
        SELECT ${slug}, family, main_language, estimated_minutes, 0 FROM draft_courses
        WHERE course_id = ${courseId} AND ${admin} AND ${slug} IS NOT NULL
        RETURNING id`,
    sql`INSERT INTO draft_courses (course_id, slug, family, main_language, estimated_minutes, title, summary, changed_at)
        SELECT c.id, c.slug, d.family, d.main_language, d.estimated_minutes, d.title, d.summary, ${actor.now}
        FROM draft_courses d, courses c WHERE d.course_id = ${courseId} AND c.id = ${created} AND ${admin}`,
    sql`INSERT INTO draft_modules (course_id, key, position, title)
        SELECT ${copy}, key, position, title FROM draft_modules WHERE course_id = ${courseId} AND ${copy} IS NOT NULL AND ${admin}`,
    sql`INSERT INTO draft_lessons (course_id, module_id, key, position, kind, required, pass_percent, sources, title, body, questions)
        SELECT n.course_id, n.id, l.key, l.position, l.kind, l.required, l.pass_percent, l.sources, l.title, l.body, l.questions
        FROM draft_lessons l JOIN draft_modules o ON o.id = l.module_id
        JOIN draft_modules n ON n.key = o.key AND n.course_id = ${copy}
        WHERE l.course_id = ${courseId} AND ${admin}`,
    auditStatement(
      { userId: actor.me, action: 'duplicate', courseId: copy, detail: `copy of course ${courseId}`, now: actor.now },
      sql`${admin} AND ${copy} IS NOT NULL`,
    ),
  ];
}
