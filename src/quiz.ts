/**
 * The quiz rules: what a submitted form means, and which answers are right. The attempt route
 * reads answers here, the view marks them with `isAnsweredRight`, and the write that scores an
 * attempt applies the same rule in SQL (src/data/lessons.ts quizAttemptWrites), so that scoring
 * needs no read before the write; test/quiz.test.ts holds the SQL and this rule to the same score.
 */
import type { QuizQuestion } from './data/lessons';

/**
 * Reads `q.<questionKey>` fields into option positions per question. An empty value is no
 * answer (it must not become option 0); a value that is not a position is kept as -1, which no
 * option has, so the attempt is refused as unanswered rather than scored.
 */
export function readAnswers(form: Record<string, unknown>): Record<string, number[]> {
  const answers: Record<string, number[]> = {};
  for (const [name, value] of Object.entries(form)) {
    if (!name.startsWith('q.')) continue;
    const positions = [value]
      .flat()
      .filter((v) => v !== '')
      .map((v) => (typeof v === 'string' && /^\d{1,3}$/.test(v) ? Number(v) : -1));
    if (positions.length > 0) answers[name.slice(2)] = [...new Set(positions)].sort((a, b) => a - b);
  }
  return answers;
}

/** A question is answered right when exactly its correct options are chosen. */
export function isAnsweredRight(question: QuizQuestion, chosen: number[]): boolean {
  return chosen.length > 0 && question.options.every((o) => o.correct === chosen.includes(o.position));
}
