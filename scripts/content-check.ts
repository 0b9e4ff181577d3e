// npm run content:check [content/<slug> …] — parses and validates bundles; writes nothing.
import { join, relative, resolve } from 'node:path';
import { parseBundles } from '../src/content/bundle';
import { lintCourse } from '../src/content/lint';
import { LANGUAGES } from '../src/data/schema';
import { readContentFiles } from './content-files';

const contentRoot = resolve('content');
/** The first folder of a path inside content/: the course's slug. */
const slugOf = (path: string) => path.split('/')[0] ?? '';
const only = process.argv.slice(2).map((arg) => slugOf(relative(contentRoot, resolve(arg))));
const files = readContentFiles(contentRoot).filter((f) => only.length === 0 || only.includes(slugOf(f.path)));
const result = parseBundles(files);
if (!result.ok) {
  for (const e of result.errors) console.error(`${join('content', e.file)}:${e.line}: ${e.message}`);
  process.exit(1);
}
const problems = result.courses.flatMap(lintCourse);
for (const p of problems) console.error(`${join('content', p.file)}:${p.line}: ${p.message}`);
const words = (text: string | undefined) => (text ?? '').split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
console.log('course | language | modules | lessons | pages | quizzes | questions | reflections | words');
for (const course of result.courses) {
  const lessons = course.modules.flatMap((m) => m.lessons);
  const kinds = (kind: string) => lessons.filter((l) => l.kind === kind).length;
  const questions = lessons.flatMap((l) => l.questions);
  for (const lang of LANGUAGES) {
    const total =
      lessons.reduce((n, l) => n + words(l.title[lang]) + words(l.body[lang]), 0) +
      questions.reduce(
        (n, q) => n + words(q.prompt[lang]) + q.options.reduce((m, o) => m + words(o.text[lang]) + words(o.explanation[lang]), 0),
        0,
      );
    console.log(
      [
        course.slug,
        lang,
        course.modules.length,
        lessons.length,
        kinds('page'),
        kinds('quiz'),
        questions.length,
        kinds('reflection'),
        total,
      ].join(' | '),
    );
  }
}
process.exit(problems.length ? 1 : 0);
