import { describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../src/data/courses';
import { isAnsweredRight, readAnswers, scoreAttempt, typedAnswers } from '../src/quiz';

function question(key: string, correct: boolean[], multiple = false): QuizQuestion {
  return {
    key,
    multiple,
    prompt: key,
    options: correct.map((c, position) => ({ position, correct: c, text: `${position}`, explanation: '' })),
  };
}

const colour = question('colour', [true, false]);
const even = question('even', [true, false, true], true);
const QUESTIONS = [colour, even];

describe('readAnswers', () => {
  it('reads option positions per question, sorted and without repeats', () => {
    expect(readAnswers(QUESTIONS, { 'q.colour': '1', 'q.even': ['2', '0', '2'] })).toEqual({ colour: [1], even: [0, 2] });
  });

  it('is null when a question is unanswered, answered twice, or names no option', () => {
    const forms: Record<string, unknown>[] = [
      {},
      { 'q.colour': '0' },
      { 'q.colour': ['0', '1'], 'q.even': '0' },
      { 'q.colour': '2', 'q.even': '0' },
      { 'q.colour': '-1', 'q.even': '0' },
      { 'q.colour': '0.5', 'q.even': '0' },
      { 'q.colour': 'blue', 'q.even': '0' },
      { 'q.colour': '', 'q.even': '0' },
      { 'q.colour': ' ', 'q.even': '0' },
      { 'q.colour': '0', 'q.even': ['0', ''] },
    ];
    for (const form of forms) expect(readAnswers(QUESTIONS, form), JSON.stringify(form)).toBeNull();
  });
});

describe('typedAnswers', () => {
  it('keeps what was ticked, also when the form is incomplete', () => {
    expect(typedAnswers(QUESTIONS, { 'q.even': ['0', '2'] })).toEqual({ colour: [], even: [0, 2] });
  });

  it('shows no option ticked for an empty value or a position that does not exist', () => {
    expect(typedAnswers(QUESTIONS, { 'q.colour': '', 'q.even': ['', '7', '1'] })).toEqual({ colour: [], even: [1] });
  });
});

describe('isAnsweredRight', () => {
  it('is right for exactly the correct options', () => {
    expect(isAnsweredRight(colour, [0])).toBe(true);
    expect(isAnsweredRight(colour, [1])).toBe(false);
    expect(isAnsweredRight(even, [0, 2])).toBe(true);
    expect(isAnsweredRight(even, [0])).toBe(false);
    expect(isAnsweredRight(even, [0, 1, 2])).toBe(false);
  });

  it('is never right with nothing chosen', () => {
    expect(isAnsweredRight(question('none', [false, false], true), [])).toBe(false);
  });
});

describe('scoreAttempt', () => {
  it('counts the questions answered right and passes at the pass mark', () => {
    expect(scoreAttempt(QUESTIONS, { colour: [0], even: [0] }, 50)).toEqual({
      score: 1,
      maxScore: 2,
      passed: true,
      answers: { colour: [0], even: [0] },
    });
    expect(scoreAttempt(QUESTIONS, { colour: [0], even: [0] }, 51).passed).toBe(false);
    expect(scoreAttempt(QUESTIONS, { colour: [0], even: [0, 2] }, 100)).toMatchObject({ score: 2, passed: true });
  });

  it('never passes a quiz without questions', () => {
    expect(scoreAttempt([], {}, 1).passed).toBe(false);
  });
});
