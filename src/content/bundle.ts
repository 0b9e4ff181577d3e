/**
 * Parses and validates course bundles (see content/README.md). Pure: it takes file texts, so the
 * same code runs in the Node import script and inside workerd tests. Every problem is reported
 * with its file and line; nothing is imported unless every file of every course is valid.
 */
import { type Document, isMap, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { FAMILIES, type Family, LANGUAGES, type Language, type LessonKind } from '../data/schema';

export type BundleFile = { path: string; text: string };
export type BundleError = { file: string; line: number; message: string };
export type Localized<T> = Partial<Record<Language, T>>;

export type QuestionBundle = {
  key: string;
  multiple: boolean;
  prompt: Localized<string>;
  options: { correct: boolean; text: Localized<string>; explanation: Localized<string> }[];
};

export type LessonBundle = {
  key: string;
  file: string;
  kind: LessonKind;
  required: boolean;
  passPercent: number | null;
  sources: { title: string; url?: string | undefined }[];
  title: Localized<string>;
  body: Localized<string>;
  questions: QuestionBundle[];
};

export type ModuleBundle = { key: string; title: Localized<string>; lessons: LessonBundle[] };

export type CourseBundle = {
  slug: string;
  family: Family;
  mainLanguage: Language;
  estimatedMinutes: number;
  published: boolean;
  title: Localized<string>;
  summary: Localized<string>;
  modules: ModuleBundle[];
};

export type ParseResult = { ok: true; courses: CourseBundle[] } | { ok: false; errors: BundleError[] };

const KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const keySchema = z.string().regex(KEY, 'use lowercase words joined by hyphens, e.g. "theory-of-change"');
const text = z.string().trim().min(1, 'must not be empty');
const localizedSchema = z.strictObject({ pl: text.optional(), en: text.optional() });

const courseSchema = z.strictObject({
  slug: keySchema,
  family: z.enum(FAMILIES),
  mainLanguage: z.enum(LANGUAGES),
  estimatedMinutes: z.number().int().positive().max(100_000),
  published: z.boolean().default(true),
  title: localizedSchema,
  summary: localizedSchema,
});

const moduleSchema = z.strictObject({ key: keySchema, title: localizedSchema });

const optionSchema = z.strictObject({
  correct: z.boolean(),
  text: localizedSchema,
  explanation: localizedSchema,
});

const questionSchema = z
  .strictObject({
    key: keySchema,
    multiple: z.boolean().default(false),
    prompt: localizedSchema,
    options: z.array(optionSchema).min(2, 'needs at least two options').max(10),
  })
  .superRefine((q, ctx) => {
    const correct = q.options.filter((o) => o.correct).length;
    if (correct === 0) ctx.addIssue({ code: 'custom', message: 'needs at least one correct option', path: ['options'] });
    if (!q.multiple && correct > 1)
      ctx.addIssue({
        code: 'custom',
        message: 'a single-choice question has exactly one correct option (or set multiple: true)',
        path: ['options'],
      });
  });

const lessonBase = {
  key: keySchema,
  required: z.boolean().default(true),
  title: localizedSchema,
  sources: z.array(z.strictObject({ title: text, url: z.url({ protocol: /^https?$/ }).optional() })).default([]),
};

const lessonSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...lessonBase, kind: z.literal('page') }),
  z.strictObject({ ...lessonBase, kind: z.literal('reflection') }),
  z.strictObject({
    ...lessonBase,
    kind: z.literal('quiz'),
    passPercent: z.number().int().min(1).max(100),
    questions: z.array(questionSchema).min(1, 'a quiz needs at least one question'),
  }),
]);

const COURSE_FILE = /^([^/]+)\/course\.yaml$/;
const MODULE_FILE = /^([^/]+)\/(\d{2})-([^/]+)\/module\.yaml$/;
const LESSON_FILE = /^([^/]+)\/(\d{2})-([^/]+)\/(\d{2})-([^/]+)\.md$/;
export const LANG_MARKER = /^<!--\s*lang:\s*([a-z]{2})\s*-->\s*$/;

/** Parses every course found in `files` (paths relative to the content folder). */
export function parseBundles(files: BundleFile[]): ParseResult {
  const errors: BundleError[] = [];
  const byCourse = new Map<string, BundleFile[]>();
  for (const file of files) {
    const slash = file.path.indexOf('/');
    if (slash < 0) continue; // content/README.md and other notes beside the courses
    const slug = file.path.slice(0, slash);
    byCourse.set(slug, [...(byCourse.get(slug) ?? []), file]);
  }
  const courses: CourseBundle[] = [];
  for (const [slug, courseFiles] of [...byCourse].sort(([a], [b]) => a.localeCompare(b))) {
    const course = parseCourse(slug, courseFiles, errors);
    if (course) courses.push(course);
  }
  return errors.length ? { ok: false, errors } : { ok: true, courses };
}

function parseCourse(slug: string, files: BundleFile[], errors: BundleError[]): CourseBundle | null {
  const courseFile = files.find((f) => COURSE_FILE.test(f.path));
  if (!courseFile) {
    errors.push({ file: `${slug}/course.yaml`, line: 1, message: 'missing: every course folder needs a course.yaml' });
    return null;
  }
  const head = parseYaml(courseFile.path, courseFile.text, 0, courseSchema, errors);
  if (!head) return null;
  const main = head.value.mainLanguage;
  const at = (path: (string | number)[], message: string) => head.report(path, message);
  if (head.value.slug !== slug) at(['slug'], `must equal the folder name "${slug}"`);
  requireMain(head.value.title, main, ['title'], at);
  requireMain(head.value.summary, main, ['summary'], at);
  for (const lang of LANGUAGES) {
    if (!head.value.title[lang] !== !head.value.summary[lang]) at(['summary'], `title and summary need the same languages (${lang})`);
  }

  const modules = new Map<string, { order: string; key: string; title: Localized<string>; lessons: LessonBundle[] }>();
  const lessonFiles: { file: BundleFile; folder: string; order: string; key: string }[] = [];
  for (const file of files) {
    if (file === courseFile) continue;
    const moduleMatch = MODULE_FILE.exec(file.path);
    const lessonMatch = LESSON_FILE.exec(file.path);
    if (moduleMatch) {
      const [, , order = '', folderKey = ''] = moduleMatch;
      const parsed = parseYaml(file.path, file.text, 0, moduleSchema, errors);
      if (!parsed) continue;
      if (parsed.value.key !== folderKey) parsed.report(['key'], `must equal the folder name after its number, "${folderKey}"`);
      requireMain(parsed.value.title, main, ['title'], parsed.report);
      modules.set(`${order}-${folderKey}`, { order, key: parsed.value.key, title: parsed.value.title, lessons: [] });
    } else if (lessonMatch) {
      const [, , order = '', folderKey = '', lessonOrder = '', key = ''] = lessonMatch;
      lessonFiles.push({ file, folder: `${order}-${folderKey}`, order: lessonOrder, key });
    } else {
      errors.push({
        file: file.path,
        line: 1,
        message: 'unexpected file: a course holds course.yaml and NN-module/ folders with module.yaml and NN-lesson.md files',
      });
    }
  }

  const seenLessons = new Map<string, string>();
  const seenModules = new Map<string, string>();
  for (const [folder, module] of modules) {
    const earlier = seenModules.get(module.key);
    if (earlier)
      errors.push({ file: `${slug}/${folder}/module.yaml`, line: 1, message: `module key "${module.key}" is also used by ${earlier}` });
    seenModules.set(module.key, `${slug}/${folder}`);
  }
  for (const entry of lessonFiles.sort((a, b) => a.file.path.localeCompare(b.file.path))) {
    const module = modules.get(entry.folder);
    if (!module) {
      errors.push({ file: entry.file.path, line: 1, message: `its folder has no valid module.yaml` });
      continue;
    }
    const lesson = parseLesson(entry.file, entry.key, main, errors);
    if (!lesson) continue;
    const earlier = seenLessons.get(lesson.key);
    if (earlier) errors.push({ file: entry.file.path, line: 2, message: `lesson key "${lesson.key}" is also used by ${earlier}` });
    seenLessons.set(lesson.key, entry.file.path);
    module.lessons.push(lesson);
  }
  const ordered = [...modules.values()].sort((a, b) => a.order.localeCompare(b.order));
  for (const module of ordered) {
    if (module.lessons.length === 0)
      errors.push({ file: `${slug}/${module.order}-${module.key}/module.yaml`, line: 1, message: 'a module needs at least one lesson' });
  }
  if (ordered.length === 0) errors.push({ file: courseFile.path, line: 1, message: 'a course needs at least one module folder' });
  return {
    ...head.value,
    modules: ordered.map(({ key, title, lessons }) => ({ key, title, lessons })),
  };
}

function parseLesson(file: BundleFile, fileKey: string, main: Language, errors: BundleError[]): LessonBundle | null {
  const normalized = file.text.replace(/\r\n/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?/.exec(normalized);
  if (!match) {
    errors.push({ file: file.path, line: 1, message: 'must start with YAML front matter between two "---" lines' });
    return null;
  }
  const parsed = parseYaml(file.path, match[1] ?? '', 1, lessonSchema, errors);
  if (!parsed) return null;
  const lesson = parsed.value;
  const report = parsed.report;
  if (lesson.key !== fileKey) report(['key'], `must equal the file name after its number, "${fileKey}"`);
  requireMain(lesson.title, main, ['title'], report);
  const questions = lesson.kind === 'quiz' ? lesson.questions : [];
  const questionKeys = new Set<string>();
  questions.forEach((q, i) => {
    if (questionKeys.has(q.key)) report(['questions', i, 'key'], `question key "${q.key}" is used twice`);
    questionKeys.add(q.key);
    requireMain(q.prompt, main, ['questions', i, 'prompt'], report);
    q.options.forEach((o, j) => {
      requireMain(o.text, main, ['questions', i, 'options', j, 'text'], report);
      requireMain(o.explanation, main, ['questions', i, 'options', j, 'explanation'], report);
    });
  });

  const bodyStartLine = normalized.slice(0, match[0].length).split('\n').length;
  const body = splitLanguages(file.path, normalized.slice(match[0].length), bodyStartLine, errors);
  if (lesson.kind !== 'quiz' && !body[main]) {
    errors.push({ file: file.path, line: bodyStartLine, message: `needs a "<!-- lang: ${main} -->" section with the lesson text` });
  }
  for (const lang of LANGUAGES) {
    if (body[lang] && !lesson.title[lang]) report(['title'], `has a "${lang}" body but no "${lang}" title`);
    if (lesson.kind !== 'quiz' && lesson.title[lang] && !body[lang]) {
      errors.push({ file: file.path, line: bodyStartLine, message: `has a "${lang}" title but no "<!-- lang: ${lang} -->" body` });
    }
  }
  return {
    key: lesson.key,
    file: file.path,
    kind: lesson.kind,
    required: lesson.required,
    passPercent: lesson.kind === 'quiz' ? lesson.passPercent : null,
    sources: lesson.sources,
    title: lesson.title,
    body,
    questions,
  };
}

/** Splits a lesson body into its `<!-- lang: xx -->` sections. */
function splitLanguages(file: string, body: string, firstLine: number, errors: BundleError[]): Localized<string> {
  const sections: Localized<string> = {};
  let current: Language | null = null;
  let lines: string[] = [];
  const flush = () => {
    if (current) sections[current] = lines.join('\n').trim();
    lines = [];
  };
  body.split('\n').forEach((line, i) => {
    const marker = LANG_MARKER.exec(line);
    if (!marker) {
      if (!current && line.trim()) {
        errors.push({ file, line: firstLine + i, message: 'text before the first "<!-- lang: xx -->" marker' });
      }
      lines.push(line);
      return;
    }
    flush();
    const lang = marker[1];
    if (!LANGUAGES.includes(lang as Language)) {
      errors.push({ file, line: firstLine + i, message: `unknown language "${lang}" (use ${LANGUAGES.join(' or ')})` });
      current = null;
    } else if (sections[lang as Language] !== undefined) {
      errors.push({ file, line: firstLine + i, message: `the "${lang}" section appears twice` });
      current = null;
    } else {
      current = lang as Language;
    }
  });
  flush();
  return sections;
}

type Report = (path: (string | number)[], message: string) => void;

function requireMain(value: Localized<string>, main: Language, path: (string | number)[], report: Report) {
  if (!value[main]) report([...path, main], `missing the text in the course's main language (${main})`);
}

/**
 * Parses YAML and validates it with zod. Returns the value and a `report` that files an error at
 * the line of a path in the document; `lineOffset` is the number of lines before the YAML text.
 */
function parseYaml<T>(
  file: string,
  source: string,
  lineOffset: number,
  schema: z.ZodType<T>,
  errors: BundleError[],
): { value: T; report: Report } | null {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line + lineOffset;
  if (doc.errors.length) {
    for (const error of doc.errors) errors.push({ file, line: lineOf(error.pos[0]), message: `YAML: ${firstLine(error.message)}` });
    return null;
  }
  const report: Report = (path, message) =>
    errors.push({ file, line: lineOf(offsetOf(doc, path)), message: `${path.join('.') || 'file'}: ${message}` });
  if (!isMap(doc.contents)) {
    errors.push({ file, line: lineOffset + 1, message: 'expected a YAML mapping (key: value lines)' });
    return null;
  }
  const result = schema.safeParse(doc.toJS());
  if (!result.success) {
    for (const issue of result.error.issues)
      report(
        issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)),
        issue.message,
      );
    return null;
  }
  return { value: result.data, report };
}

/** The start of the deepest node of `path` that exists in the document. */
function offsetOf(doc: Document, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return node.range[0];
  }
  return 0;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
