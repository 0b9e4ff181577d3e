/**
 * Writes a course back to bundle files (see content/README.md): the inverse of parseBundles for one
 * course, so the Studio can export a course in the same format authors write by hand. The output is
 * deterministic (same course → byte-identical files) and laid out like the hand-written files: keys
 * in the README's order, the main language first, multi-line texts as `|-` blocks (the parser trims
 * texts, so these read the same as the hand-written `|`), no line folding.
 */
import { stringify } from 'yaml';
import { LANGUAGES, type Language } from '../data/schema';
import { type BundleFile, type CourseBundle, LANG_MARKER, type LessonBundle, type Localized, type QuestionBundle } from './bundle';

// lineWidth 0: a long sentence stays on one line, as authors write it; folding it would make diffs
// between an exported course and the files in Git noisy.
const YAML_OPTIONS = { lineWidth: 0 } as const;

/** The files of one course, paths relative to the content folder (`<slug>/course.yaml`, …). */
export function serializeCourse(course: CourseBundle): BundleFile[] {
  const main = course.mainLanguage;
  const files: BundleFile[] = [
    {
      path: `${course.slug}/course.yaml`,
      text: stringify(
        {
          slug: course.slug,
          family: course.family,
          mainLanguage: main,
          estimatedMinutes: course.estimatedMinutes,
          published: course.published,
          title: localized(course.title, main),
          summary: localized(course.summary, main),
        },
        YAML_OPTIONS,
      ),
    },
  ];
  course.modules.forEach((module, i) => {
    const folder = `${course.slug}/${number(i)}-${module.key}`;
    files.push({ path: `${folder}/module.yaml`, text: stringify({ key: module.key, title: localized(module.title, main) }, YAML_OPTIONS) });
    module.lessons.forEach((lesson, j) => {
      files.push({ path: `${folder}/${number(j)}-${lesson.key}.md`, text: lessonText(lesson, main) });
    });
  });
  return files;
}

function lessonText(lesson: LessonBundle, main: Language): string {
  const frontMatter = stringify(
    {
      key: lesson.key,
      kind: lesson.kind,
      required: lesson.required,
      title: localized(lesson.title, main),
      ...(lesson.sources.length
        ? { sources: lesson.sources.map(({ title, url }) => (url === undefined ? { title } : { title, url })) }
        : {}),
      ...(lesson.kind === 'quiz' ? { passPercent: lesson.passPercent, questions: lesson.questions.map((q) => question(q, main)) } : {}),
    },
    YAML_OPTIONS,
  );
  const sections = languagesOf(lesson.body, main).map((lang) => `<!-- lang: ${lang} -->\n${bodyText(lesson.body[lang] ?? '')}\n`);
  // Every front-matter line is a top-level key or indented under one (multi-line texts included), so
  // no line of it can start with the `---` that ends the front matter.
  return `---\n${frontMatter}---\n${sections.join('\n')}`;
}

/**
 * A body as the parser will read it back: lines end in \n (the parser turns \r\n into \n), and a line
 * that reads as a language marker, which would start a new section, gets one leading space. Parsed
 * bodies never hold such a line; a body typed in the Studio might. Markdown renders it the same
 * (up to three leading spaces are ignored, and raw HTML shows as text either way).
 */
function bodyText(body: string): string {
  return body
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map((line) => (LANG_MARKER.test(line) ? ` ${line}` : line))
    .join('\n');
}

function question(q: QuestionBundle, main: Language) {
  return {
    key: q.key,
    multiple: q.multiple,
    prompt: localized(q.prompt, main),
    options: q.options.map((o) => ({ correct: o.correct, text: localized(o.text, main), explanation: localized(o.explanation, main) })),
  };
}

/** A text per language, main language first, then the others in LANGUAGES order; missing ones left out. */
function localized(value: Localized<string>, main: Language): Localized<string> {
  return Object.fromEntries(languagesOf(value, main).map((lang) => [lang, value[lang]]));
}

function languagesOf(value: Localized<string>, main: Language): Language[] {
  return [main, ...LANGUAGES.filter((lang) => lang !== main)].filter((lang) => value[lang] !== undefined);
}

/** The two-digit prefix that orders folders and files: 01, 02, … (the parser reads exactly two digits). */
function number(index: number): string {
  if (index >= 99) throw new RangeError('a bundle holds at most 99 modules per course and 99 lessons per module');
  return String(index + 1).padStart(2, '0');
}
