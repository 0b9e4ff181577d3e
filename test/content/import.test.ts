import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../src/i18n/en';
import { copyOfFixture, fixtureFiles } from '../fixtures/course';
import { count, EN, enrolledTrainer, fixtureText, importFixture, request, tableCounts } from '../helpers';

const PAGE = 'test-course/01-basics/01-first-page.md';
const SECOND = 'test-course/01-basics/02-second-page.md';
const EXTRA = 'test-course/01-basics/03-extra.md';
const QUIZ = 'test-course/02-practice/01-check.md';
const REFLECT = 'test-course/02-practice/02-reflect.md';

/** The fixture with files moved (renumbered or into another module) and texts edited. */
function rearranged(moves: Record<string, string>, edits: Record<string, (text: string) => string> = {}) {
  return fixtureFiles.map((file) => ({
    path: moves[file.path] ?? file.path,
    text: (edits[file.path] ?? ((t: string) => t))(file.text),
  }));
}

const lessonOrder = async () =>
  (
    await env.DB.prepare(
      "SELECT l.key FROM lessons l JOIN courses c ON c.id = l.course_id WHERE c.slug = 'test-course' AND l.archived_at IS NULL ORDER BY l.position",
    ).all<{ key: string }>()
  ).results.map((r) => r.key);

const lessonIds = async () => (await env.DB.prepare('SELECT key, id FROM lessons ORDER BY key').all<{ key: string; id: number }>()).results;

describe('importCourses', () => {
  beforeAll(async () => {
    await importFixture();
  });

  it('imports the fixture and reports what it wrote', async () => {
    expect(await importFixture()).toEqual({ courses: 1, modules: 2, lessons: 5, questions: 2 });
    const counts = await tableCounts();
    expect(counts).toMatchObject({
      courses: 1,
      course_texts: 2,
      modules: 2,
      module_texts: 4,
      lessons: 5,
      // second-page has Polish only.
      lesson_texts: 9,
      quiz_questions: 2,
      quiz_options: 5,
      // (prompt + options) × 2 languages: (1 + 2) × 2 + (1 + 3) × 2
      quiz_texts: 14,
    });
    expect(await lessonOrder()).toEqual(['first-page', 'second-page', 'extra', 'check', 'reflect']);
  });

  it('imports again to the same rows and ids', async () => {
    const before = { counts: await tableCounts(), ids: await lessonIds() };
    await importFixture();
    await importFixture();
    expect({ counts: await tableCounts(), ids: await lessonIds() }).toEqual(before);
  });

  it("keeps a trainer's progress, attempts and reflection through changed text and a new order", async () => {
    await importFixture();
    const { id, cookie } = await enrolledTrainer();
    await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie });
    await request('/courses/test-course/lessons/check/attempts', { form: { 'q.colour': '1', 'q.even': '1' }, cookie });
    await request('/courses/test-course/lessons/check/attempts', { form: { 'q.colour': '0', 'q.even': ['0', '2'] }, cookie });
    await request('/courses/test-course/lessons/reflect/reflection', { form: { body: 'Kept through imports' }, cookie });
    const mine = async () => ({
      progress: await count('SELECT count(*) AS n FROM lesson_progress WHERE user_id = ?', id),
      attempts: await count('SELECT count(*) AS n FROM quiz_attempts WHERE user_id = ?', id),
      reflections: await count("SELECT count(*) AS n FROM reflections WHERE user_id = ? AND body = 'Kept through imports'", id),
      enrolments: await count('SELECT count(*) AS n FROM enrolments WHERE user_id = ?', id),
    });
    expect(await mine()).toEqual({ progress: 3, attempts: 2, reflections: 1, enrolments: 1 });
    const idsBefore = await lessonIds();

    // first-page moves to the end of its module; the reflection moves before the quiz, and
    // extra moves to the practice module. Texts change in both languages.
    await importFixture(
      rearranged(
        {
          [PAGE]: 'test-course/01-basics/03-first-page.md',
          [EXTRA]: 'test-course/02-practice/03-extra.md',
          [REFLECT]: 'test-course/02-practice/01-reflect.md',
          [QUIZ]: 'test-course/02-practice/02-check.md',
        },
        {
          [PAGE]: (t) =>
            t.replace('Text of the **first** page.', 'Rewritten first page.').replace('en: First page', 'en: First page, revised'),
          [QUIZ]: (t) => t.replace('What colour is the sky?', 'What colour is a clear sky?'),
        },
      ),
    );
    expect(await lessonOrder()).toEqual(['second-page', 'first-page', 'reflect', 'check', 'extra']);
    expect(await lessonIds()).toEqual(idsBefore);
    expect(await mine()).toEqual({ progress: 3, attempts: 2, reflections: 1, enrolments: 1 });

    const page = await (await request('/courses/test-course/lessons/first-page', { cookie, headers: EN })).text();
    expect(page).toContain('First page, revised');
    expect(page).toContain('Rewritten first page.');
    expect(page).toContain('✓ Completed');
    const quiz = await (await request('/courses/test-course/lessons/check', { cookie, headers: EN })).text();
    expect(quiz).toContain('What colour is a clear sky?');
    expect(quiz).toContain('2 attempts so far');
    const reflection = await (await request('/courses/test-course/lessons/reflect', { cookie, headers: EN })).text();
    expect(reflection).toContain('>Kept through imports</textarea>');
  });

  it('archives a removed lesson with its progress, and brings both back when the lesson returns', async () => {
    await importFixture();
    const { cookie } = await enrolledTrainer();
    await request('/courses/test-course/lessons/second-page/complete', { form: {}, cookie });
    await request('/courses/test-course/lessons/first-page/complete', { form: {}, cookie });
    const secondId = (await lessonIds()).find((l) => l.key === 'second-page')!.id;

    await importFixture(fixtureFiles.filter((f) => f.path !== SECOND));
    expect(await lessonOrder()).toEqual(['first-page', 'extra', 'check', 'reflect']);
    // Kept, archived: the trainer's progress on it is still there, and no longer counts.
    expect(await count('SELECT count(*) AS n FROM lessons WHERE id = ? AND archived_at IS NOT NULL', secondId)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM lesson_progress WHERE lesson_id = ?', secondId)).toBe(1);
    expect((await request('/courses/test-course/lessons/second-page')).status).toBe(404);
    const course = await (await request('/courses/test-course', { cookie, headers: EN })).text();
    expect(course).toContain(en.course.progressText(1, 3));

    // Importing it again brings the same lesson back, done, as before.
    await importFixture();
    expect(await lessonOrder()).toEqual(['first-page', 'second-page', 'extra', 'check', 'reflect']);
    expect((await lessonIds()).find((l) => l.key === 'second-page')!.id).toBe(secondId);
    const again = await (await request('/courses/test-course', { cookie, headers: EN })).text();
    expect(again).toContain(en.course.progressText(2, 4));
  });

  it('archives a removed module with its lessons, and rewrites a quiz without a removed question', async () => {
    await importFixture();
    const withoutPractice = fixtureFiles.filter((f) => !f.path.startsWith('test-course/02-practice/'));
    await importFixture(withoutPractice);
    expect(await lessonOrder()).toEqual(['first-page', 'second-page', 'extra']);
    expect(await count('SELECT count(*) AS n FROM modules WHERE archived_at IS NULL')).toBe(1);

    const oneQuestion = fixtureFiles.map((f) =>
      f.path === QUIZ ? { ...f, text: f.text.replace(/ {2}- key: even[\s\S]*?(?=---\n<!--)/, '') } : f,
    );
    await importFixture(oneQuestion);
    expect(await tableCounts()).toMatchObject({ modules: 2, lessons: 5, quiz_questions: 1, quiz_options: 2, quiz_texts: 6 });
    const quiz = await (await request('/courses/test-course/lessons/check', { headers: EN })).text();
    expect(quiz).toContain('What colour is the sky?');
    expect(quiz).not.toContain('Which numbers are even?');
    expect(fixtureText(QUIZ)).toContain('- key: even');
  });
});

describe('importCourses: versions and the Studio draft', () => {
  const versions = () =>
    count("SELECT count(*) AS n FROM course_versions v JOIN courses c ON c.id = v.course_id WHERE c.slug = 'test-course'");

  it('makes version 1 on the first import, and a new version only when something changed', async () => {
    await importFixture();
    const first = await versions();
    expect(first).toBeGreaterThanOrEqual(1);
    await importFixture();
    expect(await versions()).toBe(first);
    await importFixture(rearranged({}, { [PAGE]: (t) => t.replace('First page', 'First page, renamed') }));
    expect(await versions()).toBe(first + 1);
    await importFixture();
    expect(await versions()).toBe(first + 2);
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE action = 'import'")).toBeGreaterThanOrEqual(3);
  });

  it('replaces a clean draft, and keeps an admin’s unpublished changes', async () => {
    await importFixture();
    const draftTitle = () =>
      env.DB.prepare(
        "SELECT d.title FROM draft_lessons d JOIN courses c ON c.id = d.course_id WHERE c.slug = 'test-course' AND d.key = 'first-page'",
      ).first<{ title: string }>();
    expect(JSON.parse((await draftTitle())!.title)).toMatchObject({ en: 'First page' });
    // An admin edits the draft (as the Studio does: the draft changes after the latest version).
    await env.DB.prepare(
      "UPDATE draft_lessons SET title = json_set(title, '$.en', 'Edited') WHERE key = 'first-page' AND course_id = (SELECT id FROM courses WHERE slug = 'test-course')",
    ).run();
    await env.DB.prepare("UPDATE draft_courses SET changed_at = ? WHERE course_id = (SELECT id FROM courses WHERE slug = 'test-course')")
      .bind(Date.now() + 1000)
      .run();
    await importFixture(rearranged({}, { [PAGE]: (t) => t.replace('First page', 'From the files') }));
    expect(JSON.parse((await draftTitle())!.title)).toMatchObject({ en: 'Edited' });
    const changedAfterVersion = await count(
      `SELECT count(*) AS n FROM draft_courses d JOIN courses c ON c.id = d.course_id
       WHERE c.slug = 'test-course' AND d.changed_at > (SELECT max(created_at) FROM course_versions WHERE course_id = c.id)`,
    );
    expect(changedAfterVersion).toBe(1);
  });
});

describe('importCourses: the Studio state of an imported course', () => {
  it('is "published" after importing the same files again, not "unpublished changes"', async () => {
    await importFixture(copyOfFixture('clean-course'));
    await importFixture(copyOfFixture('clean-course'));
    const state = await env.DB.prepare(
      `SELECT d.changed_at <= (SELECT max(created_at) FROM course_versions v WHERE v.course_id = c.id) AS clean
       FROM courses c JOIN draft_courses d ON d.course_id = c.id WHERE c.slug = 'clean-course'`,
    ).first<{ clean: number }>();
    expect(state?.clean).toBe(1);
  });
});
