/**
 * The importer's messages (English, for people who write bundle files) said in the Studio's
 * language: publishing's check runs the importer's own rules, and an admin reads the result in
 * the language of the page. A message without a translation here is shown as the importer says it.
 */
import type { Dictionary } from '../i18n';

type Check = Dictionary['studio']['check'];

const RULES: [RegExp, (t: Check, m: RegExpExecArray) => string][] = [
  [/missing the text in the course's main language \((\w+)\)/, (t, m) => t.mainLanguage(m[1] ?? '')],
  [/must not be empty/, (t) => t.empty],
  [/a quiz needs at least one question/, (t) => t.noQuestions],
  [/needs at least two options/, (t) => t.twoOptions],
  [/needs at least one correct option/, (t) => t.oneRight],
  [/a single-choice question has exactly one correct option/, (t) => t.singleChoice],
  [/a module needs at least one lesson/, (t) => t.emptyModule],
  [/a course needs at least one module/, (t) => t.noModules],
  [/needs a "<!-- lang: (\w+) -->" section with the lesson text/, (t, m) => t.noText(m[1] ?? '')],
  [/has a "(\w+)" title but no "<!-- lang: \w+ -->" body/, (t, m) => t.titleWithoutText(m[1] ?? '')],
  [/has a "(\w+)" body but no "\w+" title/, (t, m) => t.textWithoutTitle(m[1] ?? '')],
  [/title and summary need the same languages \((\w+)\)/, (t, m) => t.titleAndSummary(m[1] ?? '')],
  [/question key "[^"]+" is used twice/, (t) => t.questionTwice],
];

export function translateCheck(t: Check, message: string): string {
  for (const [pattern, say] of RULES) {
    const match = pattern.exec(message);
    if (match) return say(t, match);
  }
  return message;
}
