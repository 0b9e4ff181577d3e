import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { QuizQuestion } from '../src/data/lessons';
import { isAnsweredRight, readAnswers } from '../src/quiz';
import { enrolledTrainer, importFixture, request } from './helpers';

function question(key: string, correct: boolean[], multiple = false): QuizQuestion {
  return {
    key,
    multiple,
    prompt: key,
    options: correct.map((c, position) => ({ position, correct: c, text: `${position}`, explanation: '' })),
  };
}

// The fixture course's quiz `check`: `colour` (single choice, option 0 right) and `even`
// (multiple choice, options 0 and 2 right).
const colour = question('colour', [true, false]);
const even = question('even', [true, false, true], true);

describe('readAnswers', () => {
  it('reads option positions per question, sorted and without repeats', () => {
    expect(readAnswers({ 'q.colour': '1', 'q.even': ['2', '0', '2'], other: 'x' })).toEqual({ colour: [1], even: [0, 2] });
  });

  it('reads an empty value as no answer, never as option 0', () => {
    expect(readAnswers({ 'q.colour': '', 'q.even': ['', '1'] })).toEqual({ even: [1] });
  });

  it('keeps a value that is not a position as -1, which no option has', () => {
    for (const value of ['-1', '0.5', 'blue', ' ', '1e3', '0x1']) {
      expect(readAnswers({ 'q.colour': value }), value).toEqual({ colour: [-1] });
    }
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

describe('scoring in SQL (quizAttemptWrites) and the rule of src/quiz.ts', () => {
  beforeAll(async () => {
    await importFixture();
  });

  const subsets = (n: number) => Array.from({ length: 2 ** n - 1 }, (_, mask) => [...Array(n).keys()].filter((i) => ((mask + 1) >> i) & 1));

  it('give the same score and pass for every possible answer', { timeout: 30_000 }, async () => {
    const { id, cookie } = await enrolledTrainer();
    const { pass } = (await env.DB.prepare("SELECT pass_percent AS pass FROM lessons WHERE key = 'check'").first<{ pass: number }>())!;
    for (const colourAnswer of [[0], [1]]) {
      for (const evenAnswer of subsets(3)) {
        const form = { 'q.colour': colourAnswer.map(String), 'q.even': evenAnswer.map(String) };
        const response = await request('/courses/test-course/lessons/check/attempts', { form, cookie });
        expect(response.status, JSON.stringify(form)).toBe(303);
        const stored = await env.DB.prepare(
          'SELECT score, max_score AS maxScore, passed FROM quiz_attempts WHERE user_id = ? ORDER BY id DESC LIMIT 1',
        )
          .bind(id)
          .first<{ score: number; maxScore: number; passed: number }>();
        const score = [isAnsweredRight(colour, colourAnswer), isAnsweredRight(even, evenAnswer)].filter(Boolean).length;
        expect(stored, JSON.stringify(form)).toEqual({ score, maxScore: 2, passed: score * 100 >= pass * 2 ? 1 : 0 });
      }
    }
  });

  it('keep no attempt with a question unanswered, two answers to a single choice, or an option that does not exist', async () => {
    const { id, cookie } = await enrolledTrainer();
    const forms: Record<string, string | string[]>[] = [
      {},
      { 'q.colour': '0' },
      { 'q.colour': ['0', '1'], 'q.even': '0' },
      { 'q.colour': '2', 'q.even': '0' },
      { 'q.colour': '0', 'q.even': ['0', '3'] },
      { 'q.colour': 'blue', 'q.even': '0' },
      { 'q.colour': '', 'q.even': '0' },
    ];
    for (const form of forms) {
      const response = await request('/courses/test-course/lessons/check/attempts', { form, cookie });
      expect(response.status, JSON.stringify(form)).toBe(422);
    }
    const kept = await env.DB.prepare('SELECT count(*) AS n FROM quiz_attempts WHERE user_id = ?').bind(id).first<{ n: number }>();
    expect(kept?.n).toBe(0);
  });
});
