/**
 * The starter curriculum's quality bar, stricter than what the importer needs: every text in
 * both languages, every lesson with real sources, every quiz option explained, and no return of
 * the classes of error a domain review found (issue 12). The importer accepts a course in one
 * language (trainers then see a fallback notice); the courses we ship must not. Each rule is a
 * small function so that its test can show it firing on one bad text.
 */
import { LANGUAGES } from '../data/schema';
import type { BundleError, CourseBundle, LessonBundle, Localized, QuestionBundle } from './bundle';

/** Code is quoted as written: quotes inside it are not typography. */
const withoutCode = (text: string) => text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/**
 * Polish quotes open with „ and close with ” (U+201D). A straight " or an English “ in Polish
 * prose is the error the review found most often; a „ left open is the other half of it.
 */
export function polishQuoteProblem(text: string): string | null {
  const prose = withoutCode(text);
  if (prose.includes('"')) return 'a straight " in Polish text: quote with „…”';
  if (prose.includes('“')) return 'an English “ in Polish text: close a Polish quote with ”';
  let open = false;
  for (const ch of prose) {
    if (ch === '„') {
      if (open) return 'a „ opened inside another quotation before the first was closed with ”';
      open = true;
    } else if (ch === '”') open = false;
  }
  return open ? 'a „ never closed with ”' : null;
}

/** Only source titles, which may be English, are read for unclosed „ alone. */
function sourceQuoteProblem(title: string): string | null {
  if (!title.includes('„')) return null;
  const problem = polishQuoteProblem(title.replaceAll('"', ''));
  return problem && problem !== 'a straight " in Polish text: quote with „…”' ? problem : null;
}

/**
 * Notes to authors that reached learners: "general knowledge; check before quoting" in a source
 * list, a TODO in a body. Advice to the trainer ("check with your tax office") does not match.
 */
const INTERNAL_NOTE =
  /general knowledge|check (?:the original literature|before (?:quoting|publishing|use)|local guidance)|wiedz[aąy] ogóln|sprawdzić przed publikacją|\b(?:TODO|TBD|FIXME|XXX)\b|\[\?\]/i;

export function internalNoteIn(text: string): string | null {
  return INTERNAL_NOTE.exec(text)?.[0] ?? null;
}

/**
 * A source is real when a learner can find it: it has an address, or its title names a
 * publication with its year ("Kolb, D. A. (1984). Experiential Learning"). A title that only
 * restates a fact ("Upcycling workshops — safety practice: …") names nothing to look up.
 */
export const isRealSource = (source: { title: string; url?: string | undefined }) =>
  Boolean(source.url) || /\b(?:1[5-9]\d\d|20\d\d)\b/.test(source.title);

/**
 * Claims the review found wrong, which must not come back in what a page states. Quiz options
 * and explanations are not read: a wrong option may quote a misconception on purpose.
 */
export const KNOWN_ERRORS: { pattern: RegExp; why: string }[] = [
  { pattern: /martw\w* strat/i, why: 'deadweight is „efekt jałowy”; „martwa strata” is deadweight loss in welfare economics' },
  {
    pattern: /28(?:\.09\.| września | wrzesnia | September )2021/i,
    why: 'no source gives 28 September 2021 for Hajnówka; the OWOP pages say 31 May 2021, hajnowka.pl 30 June 2021',
  },
  {
    pattern: /\b(?:seven|7) (?:SROI |social value )?principles|siedem zasad/i,
    why: 'SROI has eight principles since SVI added „be responsive”',
  },
  {
    pattern: /misj[\s\S]*\b(?:akcelerator|transformator)|\b(?:akcelerator|transformator)[\s\S]*misj/i,
    why: 'mission types in Polish: „misja przyspieszająca” / „misja transformacyjna”',
  },
];

/**
 * The right option copied into the question, and no wrong one: the stem answers itself. (A stem
 * that lists every option, "which of these three notes…", gives nothing away.)
 */
export function givesAnswerAway(question: QuestionBundle, lang: (typeof LANGUAGES)[number]): boolean {
  const prompt = (question.prompt[lang] ?? '').toLowerCase();
  const quoted = (o: QuestionBundle['options'][number]) => {
    const text = (o.text[lang] ?? '').trim().toLowerCase();
    return text.length >= 12 && prompt.includes(text);
  };
  return question.options.some((o) => o.correct && quoted(o)) && !question.options.some((o) => !o.correct && quoted(o));
}

/**
 * Multi-select questions that nearly always have the same number of right options teach the
 * pattern, not the content: with four or more of them in a course, no one count may be more
 * than half of them.
 */
export function sameCorrectCount(course: CourseBundle): string | null {
  const counts = course.modules
    .flatMap((m) => m.lessons.flatMap((l) => l.questions))
    .filter((q) => q.multiple)
    .map((q) => q.options.filter((o) => o.correct).length);
  if (counts.length < 4) return null;
  const tally = new Map<number, number>();
  for (const n of counts) tally.set(n, (tally.get(n) ?? 0) + 1);
  const [count, times] = [...tally.entries()].reduce((most, entry) => (entry[1] > most[1] ? entry : most));
  return times * 2 > counts.length
    ? `${times} of ${counts.length} multi-select questions have ${count} right options: vary the number`
    : null;
}

export function lintCourse(course: CourseBundle): BundleError[] {
  const problems: BundleError[] = [];
  const add = (file: string, message: string) => problems.push({ file, line: 1, message });
  const courseFile = `${course.slug}/course.yaml`;

  /** Every text: in both languages, its Polish typographically right, no note to authors. */
  const need = (file: string, what: string, value: Localized<string>, { stated = true } = {}) => {
    for (const lang of LANGUAGES) {
      const text = value[lang];
      if (!text?.trim()) {
        add(file, `${what}: missing "${lang}" text`);
        continue;
      }
      const quote = lang === 'pl' ? polishQuoteProblem(text) : null;
      if (quote) add(file, `${what}: ${quote}`);
      const note = internalNoteIn(text);
      if (note) add(file, `${what}: an internal note reaches learners („${note}”)`);
      if (stated) {
        for (const known of KNOWN_ERRORS) if (known.pattern.test(text)) add(file, `${what}: ${known.why}`);
      }
    }
  };

  const lintSources = (lesson: LessonBundle) => {
    if (lesson.sources.length === 0) add(lesson.file, 'lists no sources');
    for (const source of lesson.sources) {
      const title = source.title.length > 60 ? `${source.title.slice(0, 60)}…` : source.title;
      if (!isRealSource(source)) add(lesson.file, `source „${title}” names no publication: give its url or its year`);
      const note = internalNoteIn(source.title);
      if (note) add(lesson.file, `source „${title}”: an internal note reaches learners („${note}”)`);
      const quote = sourceQuoteProblem(source.title);
      if (quote) add(lesson.file, `source „${title}”: ${quote}`);
    }
  };

  need(courseFile, 'title', course.title);
  need(courseFile, 'summary', course.summary);
  for (const module of course.modules) {
    need(courseFile, `module ${module.key} title`, module.title);
    for (const lesson of module.lessons) {
      need(lesson.file, 'title', lesson.title);
      if (lesson.kind !== 'quiz') need(lesson.file, 'body', lesson.body);
      lintSources(lesson);
      for (const question of lesson.questions) {
        need(lesson.file, `question ${question.key} prompt`, question.prompt);
        if (!question.options.some((o) => o.correct)) add(lesson.file, `question ${question.key} has no correct option`);
        for (const lang of LANGUAGES) {
          if (givesAnswerAway(question, lang)) add(lesson.file, `question ${question.key} (${lang}): the prompt contains its right option`);
        }
        question.options.forEach((option, i) => {
          need(lesson.file, `question ${question.key} option ${i + 1}`, option.text, { stated: false });
          need(lesson.file, `question ${question.key} option ${i + 1} explanation`, option.explanation, { stated: false });
        });
      }
    }
  }
  const sameCount = sameCorrectCount(course);
  if (sameCount) add(courseFile, sameCount);
  return problems;
}
