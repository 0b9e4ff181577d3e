import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BundleError, parseBundles } from '../../src/content/bundle';
import { fixtureFiles } from '../fixtures/course';
import { fixtureText, fixtureWith, importFixture, tableCounts } from '../helpers';

const COURSE = 'test-course/course.yaml';
const MODULE = 'test-course/01-basics/module.yaml';
const PAGE = 'test-course/01-basics/01-first-page.md';
const QUIZ = 'test-course/02-practice/01-check.md';

function errorsOf(changes: Record<string, string | null>): BundleError[] {
  const result = parseBundles(fixtureWith(changes));
  if (result.ok) throw new Error('expected the bundle to be refused');
  return result.errors;
}

describe('parseBundles', () => {
  it('reads the fixture course: modules and lessons in order, kinds, languages, quiz', () => {
    const result = parseBundles(fixtureFiles);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.courses).toHaveLength(1);
    const [course] = result.courses;
    expect(course).toMatchObject({
      slug: 'test-course',
      family: 'programme',
      mainLanguage: 'pl',
      estimatedMinutes: 60,
      published: true,
      title: { pl: 'Kurs testowy', en: 'Test course' },
    });
    expect(course!.modules.map((m) => [m.key, m.lessons.map((l) => l.key)])).toEqual([
      ['basics', ['first-page', 'second-page', 'extra']],
      ['practice', ['check', 'reflect']],
    ]);
    const lessons = course!.modules.flatMap((m) => m.lessons);
    expect(lessons.map((l) => [l.kind, l.required])).toEqual([
      ['page', true],
      ['page', true],
      ['page', false],
      ['quiz', true],
      ['reflection', true],
    ]);
    expect(lessons[0]!.body).toEqual({ pl: 'Treść **pierwszej** strony.', en: 'Text of the **first** page.' });
    expect(lessons[1]!.body).toEqual({ pl: 'Tylko po polsku.' });
    const quiz = lessons[3]!;
    expect(quiz.passPercent).toBe(50);
    expect(quiz.questions.map((q) => [q.key, q.multiple, q.options.map((o) => o.correct)])).toEqual([
      ['colour', false, [true, false]],
      ['even', true, [true, false, true]],
    ]);
  });

  it('ignores notes beside the courses, and reads Windows line endings', () => {
    const files = fixtureFiles.map((f) => ({ ...f, text: f.text.replace(/\n/g, '\r\n') }));
    const result = parseBundles([...files, { path: 'README.md', text: '# Notes' }]);
    expect(result.ok).toBe(true);
  });

  // Line numbers count from 1 in the file as the author sees it, front matter's `---` included.
  it('reports a YAML syntax error with its file and line', () => {
    expect(errorsOf({ [PAGE]: fixtureText(PAGE).replace('kind: page', 'kind: page\n\tbad: tab') })).toEqual([
      { file: PAGE, line: 4, message: 'YAML: Tabs are not allowed as indentation' },
    ]);
    const module = errorsOf({ [MODULE]: 'key: basics\ntitle:\n  pl: Podstawy: tak\n  en: Basics\n' });
    expect(module[0]).toEqual({ file: MODULE, line: 3, message: expect.stringMatching(/^YAML: /) });
    // The module's lessons are refused with it, not imported into nowhere.
    expect(module.slice(1).map((e) => e.message)).toEqual(Array(3).fill('its folder has no valid module.yaml'));
  });

  it('reports a title missing in the main language at the title', () => {
    const lesson = errorsOf({ [PAGE]: fixtureText(PAGE).replace('  pl: Pierwsza strona\n', '') });
    expect(lesson).toContainEqual({ file: PAGE, line: 5, message: "title.pl: missing the text in the course's main language (pl)" });
    const course = errorsOf({ [COURSE]: fixtureText(COURSE).replace('  pl: Kurs testowy\n', '') });
    expect(course).toContainEqual({ file: COURSE, line: 7, message: "title.pl: missing the text in the course's main language (pl)" });
  });

  it('reports a lesson key used twice in a course', () => {
    const copy = 'test-course/02-practice/03-first-page.md';
    expect(errorsOf({ [copy]: fixtureText(PAGE) })).toEqual([
      { file: copy, line: 2, message: `lesson key "first-page" is also used by ${PAGE}` },
    ]);
  });

  it('reports a quiz question with no correct option, and a single-choice one with two', () => {
    const noCorrect = fixtureText(QUIZ).replace(
      '      - correct: true\n        text: { pl: Niebieski',
      '      - correct: false\n        text: { pl: Niebieski',
    );
    expect(errorsOf({ [QUIZ]: noCorrect })).toEqual([
      { file: QUIZ, line: 16, message: 'questions.0.options: needs at least one correct option' },
    ]);
    const twoCorrect = fixtureText(QUIZ).replace(
      '      - correct: false\n        text: { pl: Zielony',
      '      - correct: true\n        text: { pl: Zielony',
    );
    expect(errorsOf({ [QUIZ]: twoCorrect })).toEqual([
      { file: QUIZ, line: 16, message: expect.stringContaining('exactly one correct option') },
    ]);
  });

  it('reports an unknown lesson kind', () => {
    expect(errorsOf({ [PAGE]: fixtureText(PAGE).replace('kind: page', 'kind: video') })).toEqual([
      { file: PAGE, line: 3, message: expect.stringMatching(/^kind: .*'page' \| 'reflection' \| 'quiz'/) },
    ]);
  });

  it('reports a lesson whose key does not match its file name', () => {
    expect(errorsOf({ [PAGE]: fixtureText(PAGE).replace('key: first-page', 'key: other-page') })).toEqual([
      { file: PAGE, line: 2, message: 'key: must equal the file name after its number, "first-page"' },
    ]);
  });

  it('reports text outside a language section, a missing course.yaml and a stray file', () => {
    expect(errorsOf({ [PAGE]: fixtureText(PAGE).replace('<!-- lang: pl -->', 'stray text\n<!-- lang: pl -->') })).toEqual([
      { file: PAGE, line: 11, message: 'text before the first "<!-- lang: xx -->" marker' },
    ]);
    expect(errorsOf({ [COURSE]: null })).toEqual([{ file: COURSE, line: 1, message: 'missing: every course folder needs a course.yaml' }]);
    expect(errorsOf({ 'test-course/notes.txt': 'hello' })).toEqual([
      { file: 'test-course/notes.txt', line: 1, message: expect.stringMatching(/^unexpected file/) },
    ]);
  });
});

describe('a refused bundle is never imported', () => {
  const snapshot = async () => ({
    counts: await tableCounts(),
    lessons: (
      await env.DB.prepare(
        `SELECT l.key, l.position, l.kind, l.required, t.language, t.title, t.body_html FROM lessons l
         JOIN lesson_texts t ON t.lesson_id = l.id ORDER BY l.key, t.language`,
      ).all()
    ).results,
  });

  beforeAll(async () => {
    await importFixture();
  });

  it('leaves D1 as it was for every kind of error', async () => {
    const before = await snapshot();
    expect(before.counts.lessons).toBe(5);
    const bad: Record<string, string | null>[] = [
      // Valid changes to other files ride along: none of them may land either.
      { [PAGE]: fixtureText(PAGE).replace('kind: page', 'kind: page\n\tbad: tab'), [QUIZ]: null },
      { [PAGE]: fixtureText(PAGE).replace('  pl: Pierwsza strona\n', ''), [MODULE]: fixtureText(MODULE).replace('Podstawy', 'Zmienione') },
      { 'test-course/02-practice/03-first-page.md': fixtureText(PAGE) },
      {
        [QUIZ]: fixtureText(QUIZ).replace(
          '- correct: true\n        text: { pl: Niebieski',
          '- correct: false\n        text: { pl: Niebieski',
        ),
      },
      { [PAGE]: fixtureText(PAGE).replace('kind: page', 'kind: video') },
      { [PAGE]: fixtureText(PAGE).replace('key: first-page', 'key: other-page'), 'test-course/01-basics/02-second-page.md': null },
    ];
    for (const changes of bad) {
      await expect(importFixture(fixtureWith(changes))).rejects.toThrow(/"file":"test-course\//);
      expect(await snapshot()).toEqual(before);
    }
  });
});
