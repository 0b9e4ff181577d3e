/// <reference types="vite/client" />
import { beforeAll, describe, expect, it } from 'vitest';
import { type BundleFile, type CourseBundle, parseBundles } from '../../src/content/bundle';
import { lintCourse } from '../../src/content/lint';
import { FAMILIES, LANGUAGES } from '../../src/data/schema';
import { EN, enrolledTrainer, importFixture, request, tableCounts } from '../helpers';

// Vite inlines every file of content/ into this test at build time: workerd has no filesystem.
const raw = import.meta.glob<string>('../../content/**/*.{md,yaml}', { query: '?raw', import: 'default', eager: true });
const PREFIX = '../../content/';
const files: BundleFile[] = Object.entries(raw).map(([path, text]) => ({ path: path.slice(PREFIX.length), text }));

function parseCurriculum(): CourseBundle[] {
  const result = parseBundles(files);
  if (!result.ok) throw new Error(result.errors.map((e) => `content/${e.file}:${e.line}: ${e.message}`).join('\n'));
  return result.courses;
}

describe('the shipped curriculum (content/)', () => {
  it('is found in full', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.path === 'trainer-programme/course.yaml')).toBe(true);
    expect(files.every((f) => f.text.length > 0)).toBe(true);
  });

  it('parses without an error and passes the lint', () => {
    const courses = parseCurriculum();
    for (const course of courses) expect(lintCourse(course), course.slug).toEqual([]);
  });

  it('has a course in each of the three families', () => {
    const families = new Set(parseCurriculum().map((c) => c.family));
    expect([...families].sort()).toEqual([...FAMILIES].sort());
  });

  it('gives each course 5–6 modules of 2–6 lessons, a quiz of 4+ questions per module, and a reflection', () => {
    for (const course of parseCurriculum()) {
      expect(course.modules.length, course.slug).toBeGreaterThanOrEqual(5);
      expect(course.modules.length, course.slug).toBeLessThanOrEqual(6);
      for (const module of course.modules) {
        const where = `${course.slug}/${module.key}`;
        expect(module.lessons.length, where).toBeGreaterThanOrEqual(2);
        expect(module.lessons.length, where).toBeLessThanOrEqual(6);
        const quizzes = module.lessons.filter((l) => l.kind === 'quiz');
        expect(quizzes.length, `${where} has a quiz`).toBeGreaterThanOrEqual(1);
        for (const quiz of quizzes) expect(quiz.questions.length, quiz.file).toBeGreaterThanOrEqual(4);
      }
      const lessons = course.modules.flatMap((m) => m.lessons);
      expect(
        lessons.some((l) => l.kind === 'reflection'),
        `${course.slug} has a reflection`,
      ).toBe(true);
    }
  });
});

describe('the shipped curriculum in D1', () => {
  let courses: CourseBundle[];

  beforeAll(async () => {
    courses = parseCurriculum();
    await importFixture(files);
  });

  it('imports every course, module and lesson', async () => {
    const lessons = courses.flatMap((c) => c.modules.flatMap((m) => m.lessons));
    expect(await tableCounts()).toMatchObject({
      courses: courses.length,
      modules: courses.reduce((n, c) => n + c.modules.length, 0),
      lessons: lessons.length,
      quiz_questions: lessons.reduce((n, l) => n + l.questions.length, 0),
    });
  });

  it('lists every course in the catalogue and renders every lesson in both languages', { timeout: 30_000 }, async () => {
    const catalogue = await (await request('/courses', { headers: EN })).text();
    for (const course of courses) {
      expect(catalogue).toContain(`href="/courses/${course.slug}"`);
      for (const lesson of course.modules.flatMap((m) => m.lessons)) {
        for (const lang of LANGUAGES) {
          const path = `/courses/${course.slug}/lessons/${lesson.key}`;
          const response = await request(path, { headers: { 'Accept-Language': lang } });
          expect(response.status, `${path} ${lang}`).toBe(200);
          const html = await response.text();
          expect(html, `${path} ${lang}`).toContain(`<html lang="${lang}">`);
          expect(html, `${path} ${lang}`).not.toContain('role="note"');
        }
      }
    }
  });

  it('lets a trainer take a shipped quiz', async () => {
    const course = courses[0]!;
    const quiz = course.modules.flatMap((m) => m.lessons).find((l) => l.kind === 'quiz')!;
    const { cookie } = await enrolledTrainer(course.slug);
    const answers = Object.fromEntries(
      quiz.questions.map((q) => [`q.${q.key}`, q.options.flatMap((o, i) => (o.correct ? [String(i)] : []))]),
    );
    const response = await request(`/courses/${course.slug}/lessons/${quiz.key}/attempts`, {
      form: answers,
      cookie,
      htmx: true,
      headers: EN,
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain(`You answered ${quiz.questions.length} of ${quiz.questions.length} questions correctly.`);
  });
});
