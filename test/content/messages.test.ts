import { describe, expect, it } from 'vitest';
import type { CourseDoc, LessonDoc } from '../../src/content/bundle';
import { translateCheck } from '../../src/content/messages';
import { validateDoc } from '../../src/content/validate';
import { pl } from '../../src/i18n/pl';

const lesson = (over: Partial<LessonDoc>): LessonDoc => ({
  key: 'a-lesson',
  kind: 'page',
  required: true,
  passPercent: null,
  sources: [],
  title: { pl: 'Lekcja' },
  body: { pl: 'Tekst.' },
  questions: [],
  ...over,
});

const course = (lessons: LessonDoc[][]): CourseDoc => ({
  slug: 'a-course',
  family: 'workshop',
  mainLanguage: 'pl',
  estimatedMinutes: 30,
  title: { pl: 'Kurs' },
  summary: { pl: 'Opis.' },
  modules: lessons.map((l, i) => ({ key: `m${i + 1}`, title: { pl: `Moduł ${i + 1}` }, lessons: l })),
});

const option = (correct: boolean) => ({ correct, text: { pl: 'Tak' }, explanation: { pl: 'Bo tak.' } });

describe('translateCheck: the importer’s messages in the Studio’s language', () => {
  it('says every problem a Studio draft can have in Polish', () => {
    const drafts: CourseDoc[] = [
      course([]),
      course([[]]),
      course([[lesson({ body: {} })]]),
      course([[lesson({ title: { pl: 'T', en: 'T' } })]]),
      course([[lesson({ body: { pl: 'x', en: 'y' } })]]),
      course([[lesson({ kind: 'quiz', passPercent: 50, body: {}, questions: [] })]]),
      course([
        [
          lesson({
            kind: 'quiz',
            passPercent: 50,
            body: {},
            questions: [{ key: 'q', multiple: false, prompt: { pl: 'P?' }, options: [option(true)] }],
          }),
        ],
      ]),
      course([
        [
          lesson({
            kind: 'quiz',
            passPercent: 50,
            body: {},
            questions: [{ key: 'q', multiple: false, prompt: { pl: 'P?' }, options: [option(false), option(false)] }],
          }),
        ],
      ]),
      course([
        [
          lesson({
            kind: 'quiz',
            passPercent: 50,
            body: {},
            questions: [{ key: 'q', multiple: false, prompt: { pl: 'P?' }, options: [option(true), option(true)] }],
          }),
        ],
      ]),
      { ...course([[lesson({})]]), title: { pl: 'Kurs', en: 'Course' } },
    ];
    for (const draft of drafts) {
      const problems = validateDoc(draft);
      expect(problems.length, JSON.stringify(draft)).toBeGreaterThan(0);
      for (const p of problems) expect(translateCheck(pl.studio.check, p.message), p.message).not.toBe(p.message);
    }
  });
});
