/**
 * Quiz answers and scoring: what a submitted form means, and which answers are right. Pure
 * functions, used by the attempt route (src/routes/lessons.tsx) and the quiz view (views/lesson.tsx),
 * so the score a trainer gets and the ✓/✗ they see cannot disagree.
 */
import { z } from 'zod';
import type { QuizQuestion } from './data/courses';
import type { ScoredAttempt } from './data/progress';

/** An option position as a form sends it: digits only, so an empty value is no answer, not option 0. */
const position = z.string().regex(/^\d{1,3}$/).transform(Number);

function fieldValues(form: Record<string, unknown>, question: QuizQuestion): unknown[] {
  return [form[`q.${question.key}`] ?? []].flat();
}

/**
 * Reads `q.<questionKey>` fields into option positions. Null when a question is unanswered, a
 * single-choice question has several answers, or a position does not exist.
 */
export function readAnswers(questions: QuizQuestion[], form: Record<string, unknown>): Record<string, number[]> | null {
  const answers: Record<string, number[]> = {};
  for (const question of questions) {
    const positions = z
      .array(position.pipe(z.number().max(question.options.length - 1)))
      .min(1)
      .max(question.multiple ? question.options.length : 1)
      .safeParse(fieldValues(form, question));
    if (!positions.success) return null;
    answers[question.key] = [...new Set(positions.data)].sort((a, b) => a - b);
  }
  return answers;
}

/** What the trainer ticked (existing options only), kept when the form is shown again with an error. */
export function typedAnswers(questions: QuizQuestion[], form: Record<string, unknown>): Record<string, number[]> {
  return Object.fromEntries(
    questions.map((q) => [
      q.key,
      fieldValues(form, q).flatMap((value) => {
        const parsed = position.safeParse(value);
        return parsed.success && parsed.data < q.options.length ? [parsed.data] : [];
      }),
    ]),
  );
}

/** A question is answered right when exactly its correct options are chosen. */
export function isAnsweredRight(question: QuizQuestion, chosen: number[]): boolean {
  return chosen.length > 0 && question.options.every((o) => o.correct === chosen.includes(o.position));
}

export function scoreAttempt(questions: QuizQuestion[], answers: Record<string, number[]>, passPercent: number): ScoredAttempt {
  const score = questions.filter((q) => isAnsweredRight(q, answers[q.key] ?? [])).length;
  const maxScore = questions.length;
  return { score, maxScore, passed: maxScore > 0 && score * 100 >= passPercent * maxScore, answers };
}
