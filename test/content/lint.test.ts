import { describe, expect, it } from 'vitest';
import type { CourseBundle, LessonBundle, QuestionBundle } from '../../src/content/bundle';
import { isRealSource, lintCourse, polishQuoteProblem } from '../../src/content/lint';

const both = (pl: string, en = 'Text.') => ({ pl, en });
const option = (correct: boolean, pl: string, en = pl): QuestionBundle['options'][number] => ({
  correct,
  text: both(pl, en),
  explanation: both('Wyjaśnienie.', 'Explanation.'),
});
const question = (key: string, overrides: Partial<QuestionBundle> = {}): QuestionBundle => ({
  key,
  multiple: false,
  prompt: both('Które z nich?', 'Which of these?'),
  options: [option(true, 'Pierwsza odpowiedź'), option(false, 'Druga odpowiedź')],
  ...overrides,
});
const source = { title: 'Kolb, D. A. (1984). Experiential Learning. Prentice Hall.' };

/** A course of one page that passes the lint, with the page (or a quiz) changed by the test. */
function course(lesson: Partial<LessonBundle> = {}): CourseBundle {
  return {
    slug: 'c',
    family: 'programme',
    mainLanguage: 'pl',
    estimatedMinutes: 10,
    published: true,
    title: both('Kurs', 'Course'),
    summary: both('Kurs o „czymś”.', 'A course.'),
    modules: [
      {
        key: 'm',
        title: both('Moduł', 'Module'),
        lessons: [
          {
            key: 'l',
            file: 'c/01-m/01-l.md',
            kind: 'page',
            required: true,
            passPercent: null,
            sources: [source],
            title: both('Lekcja', 'Lesson'),
            body: both('Tekst „w cudzysłowie” i `kod "z cudzysłowem"`.', 'Text "quoted".'),
            questions: [],
            ...lesson,
          },
        ],
      },
    ],
  };
}
const messages = (c: CourseBundle) => lintCourse(c).map((p) => p.message);

describe('lintCourse', () => {
  it('passes a course written right', () => {
    expect(lintCourse(course())).toEqual([]);
  });

  it('finds straight, English and unclosed quotes in Polish text, not in code or English', () => {
    expect(polishQuoteProblem('Tekst „w cudzysłowie” i `"kod"`.')).toBeNull();
    expect(polishQuoteProblem('Tekst „zamknięty prosto".')).toMatch(/straight/);
    expect(polishQuoteProblem('Tekst „zamknięty po angielsku“.')).toMatch(/English/);
    expect(polishQuoteProblem('Tekst „otwarty i już.')).toMatch(/never closed/);
    expect(messages(course({ title: both('Lekcja „zła"', 'Lesson "fine"') }))).toEqual([expect.stringMatching(/^title: a straight "/)]);
  });

  it('refuses a source that names no publication, and notes to authors anywhere', () => {
    expect(isRealSource({ title: 'Upcycling workshops — safety practice: eye protection' })).toBe(false);
    expect(isRealSource({ title: 'Any page', url: 'https://example.org' })).toBe(true);
    expect(isRealSource(source)).toBe(true);
    expect(messages(course({ sources: [{ title: 'Good practice in first aid' }] }))).toEqual([
      expect.stringMatching(/names no publication/),
    ]);
    expect(
      messages(course({ sources: [{ title: "Kolb's cycle (general knowledge; check the original literature)", url: 'https://x.org' }] })),
    ).toEqual([expect.stringMatching(/internal note .*general knowledge/)]);
    expect(messages(course({ body: both('Tekst. TODO: dopisać przykład.') }))).toEqual([expect.stringMatching(/^body: an internal note/)]);
  });

  it('keeps the review’s corrected claims from coming back, in pages but not in wrong quiz options', () => {
    const wrong = [
      'Uwzględnij efekt martwej straty.',
      'Projekt trwał do 28 września 2021 r.',
      'SROI opiera się na siedmiu zasadach, a właściwie siedem zasad to…',
      'Misje dzielą się na akceleratory i transformatory.',
    ];
    for (const text of wrong) expect(messages(course({ body: both(text) })), text).toHaveLength(1);
    const quiz = course({
      kind: 'quiz',
      questions: [question('q', { options: [option(true, 'Efekt jałowy'), option(false, 'Efekt martwej straty')] })],
    });
    expect(messages(quiz)).toEqual([]);
  });

  it('finds a stem that contains its right option, unless it lists the wrong ones too', () => {
    const giveaway = question('g', {
      prompt: both('Czy zasada „bądź responsywny” jest ósmą zasadą?', 'Is be responsive the eighth principle?'),
      options: [option(true, 'Bądź responsywny', 'Be responsive'), option(false, 'Nie przypisuj sobie zbyt wiele', 'Do not over-claim')],
    });
    expect(messages(course({ kind: 'quiz', questions: [giveaway] }))).toEqual([
      'question g (pl): the prompt contains its right option',
      'question g (en): the prompt contains its right option',
    ]);
    const listed = question('l', {
      prompt: both('Karteczki: „zmiana klimatu”, „100 miast neutralnych”. Która to misja?'),
      options: [option(true, '100 miast neutralnych'), option(false, 'Zmiana klimatu')],
    });
    expect(messages(course({ kind: 'quiz', questions: [listed] }))).toEqual([]);
  });

  it('wants multi-select questions with varying numbers of right options', () => {
    const threeOfFour = (key: string) =>
      question(key, {
        multiple: true,
        options: [option(true, 'A'), option(true, 'B'), option(true, 'C'), option(false, 'D')],
      });
    const oneOfFour = question('one', {
      multiple: true,
      options: [option(true, 'A'), option(false, 'B'), option(false, 'C'), option(false, 'D')],
    });
    const same = course({ kind: 'quiz', questions: ['a', 'b', 'c', 'd'].map(threeOfFour) });
    expect(messages(same)).toEqual(['4 of 4 multi-select questions have 3 right options: vary the number']);
    const mostly = course({ kind: 'quiz', questions: [...['a', 'b', 'c'].map(threeOfFour), oneOfFour] });
    expect(messages(mostly)).toEqual(['3 of 4 multi-select questions have 3 right options: vary the number']);
    const varied = course({ kind: 'quiz', questions: [...['a', 'b'].map(threeOfFour), oneOfFour, { ...oneOfFour, key: 'two' }] });
    expect(messages(varied)).toEqual([]);
  });
});
